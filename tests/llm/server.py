"""A small OpenAI-compatible chat-completions server for tests, on real loopback sockets.

It answers ``POST /v1/chat/completions`` from the standard library's
``ThreadingHTTPServer`` in a background thread. The request's ``model`` picks the
scenario (an ``X-Scenario`` header overrides it):

=====================  ======================================================================
``faithful``           a JSON answer cut from the article's own sentences (words kept whole)
``invent-number``      faithful, but the lead adds a casualty figure the article never gives
``prose``              the faithful JSON object inside Arabic prose
``fenced``             the faithful JSON object in a ```json code fence, with a trailing comma
``malformed``          prose with no JSON object
``garbage-200``        a 200 whose body is HTML, not a chat completion
``flaky``              500 the first time an article is asked, then faithful
``rate-limited``       429 with ``Retry-After: 1`` the first time, then faithful
``rate-limited-date``  429 with ``Retry-After`` as an HTTP date 2 s ahead, then faithful
``always-500``         500 every time
``bad-request``        400 (not about response_format) every time
``hang``               no answer until the server stops (or 30 s)
``trickle``            a faithful answer sent a few bytes every 0.2 s (about 4 s in all)
``no-schema``          400 naming ``response_format`` when the request has one, else faithful
``slow``               faithful after ``slow_seconds`` (200 ms unless the server is told otherwise)
``slow-varied``        faithful after 20 to 220 ms, a delay set by the article's hash
=====================  ======================================================================

Any scenario answers 401 when the server has a key and the request's bearer token differs.
The server records every request (model, whether it carried ``response_format``, time) and
the most requests it had in flight at once.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SCENARIOS = (
    "faithful", "invent-number", "prose", "fenced", "malformed", "garbage-200", "flaky", "rate-limited",
    "rate-limited-date", "always-500", "bad-request", "hang", "trickle", "no-schema", "slow",
    "slow-varied",
)
INVENTED = "وأسفر ذلك عن سقوط 9731 قتيلا"
_ARTICLE = re.compile(r"<article>\n(.*)\n</article>", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")

# How long the faithful answer's parts are: inside mujaz's default budgets (15/60/30).
HEADLINE_WORDS, LEAD_WORDS, POINT_WORDS, POINTS = 10, 40, 20, 3


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    model: str
    scenario: str
    response_format: bool
    authorized: bool
    at: float


def article_of(body: dict[str, Any]) -> str:
    """The article text inside the user message (as mujaz's prompt frames it)."""
    for message in body.get("messages", []):
        if message.get("role") == "user":
            match = _ARTICLE.search(message.get("content", ""))
            if match:
                return match.group(1)
    return ""


def faithful_answer(article: str) -> dict[str, Any]:
    """A headline, lead and points made only of the article's own words, in order."""
    sentences = [s.strip() for s in _SENTENCE_END.split(article) if len(s.split()) >= 3]
    if not sentences:
        sentences = [article.strip() or "لا نص"]
    headline = " ".join(sentences[0].split()[:HEADLINE_WORDS])
    lead_words: list[str] = []
    for sentence in sentences:
        words = sentence.split()
        if lead_words and len(lead_words) + len(words) > LEAD_WORDS:
            break
        lead_words += words[: LEAD_WORDS - len(lead_words)]
    rest = sentences[1 : 1 + POINTS] or sentences[:1]
    points = [" ".join(s.split()[:POINT_WORDS]) for s in rest]
    return {"headline": headline, "lead": " ".join(lead_words), "points": points}


class FakeLLMServer:
    """The server; use as a context manager or call :meth:`start` and :meth:`stop`.

    Args:
        api_key: the bearer token to demand (None accepts any request).
        slow_seconds: how long the ``slow`` scenario takes to answer.
    """

    def __init__(self, *, api_key: str | None = "test-key", slow_seconds: float = 0.2) -> None:
        self.api_key = api_key
        self.slow_seconds = slow_seconds
        self.seen: list[Seen] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._asked: dict[tuple[str, str], int] = {}
        self.release = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeLLMServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        # Joined threads (not daemons), so that nothing outlives the test.
        httpd.daemon_threads = False
        httpd.block_on_close = True
        httpd.request_queue_size = 128
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._httpd = self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to configure (``http://127.0.0.1:PORT/v1``)."""
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # -- what was seen -------------------------------------------------------------------
    def count(self, scenario: str | None = None) -> int:
        """Requests received (for one scenario, or all)."""
        with self._lock:
            return sum(1 for s in self.seen if scenario is None or s.scenario == scenario)

    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self.seen)

    # -- used by the handler -------------------------------------------------------------
    def _enter(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _first_time(self, scenario: str, article: str) -> bool:
        key = (scenario, hashlib.sha256(article.encode("utf-8")).hexdigest())
        with self._lock:
            self._asked[key] = self._asked.get(key, 0) + 1
            return self._asked[key] == 1


def _completion(content: str, body: dict[str, Any]) -> dict[str, Any]:
    prompt_chars = sum(len(m.get("content", "")) for m in body.get("messages", []))
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", ""),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        # Deterministic counts (about four characters a token) so tests can sum them.
        "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4,
                  "total_tokens": prompt_chars // 4 + len(content) // 4},
    }


def _handler_for(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 5  # an idle keep-alive connection ends, so the server can join its thread
        # Headers and body leave in one buffered write with Nagle off: written separately, the
        # body waited for the client's delayed ACK, 40 ms a request on Linux loopback.
        wbufsize = 1 << 16
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def _send(self, status: int, payload: bytes, *, content_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), headers=headers)

        def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
            self._json(status, {"error": {"message": message, "type": "test", "code": status}}, headers)

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._error(404, f"no route {self.path}")
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self._error(400, "body is not JSON")
                return
            scenario = self.headers.get("X-Scenario") or str(body.get("model", "faithful"))
            authorized = server.api_key is None or self.headers.get("Authorization") == f"Bearer {server.api_key}"
            seen = Seen(str(body.get("model", "")), scenario, "response_format" in body, authorized, time.monotonic())
            server._enter(seen)
            try:
                self._answer(scenario, body, authorized)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer
            finally:
                server._leave()

        def _answer(self, scenario: str, body: dict[str, Any], authorized: bool) -> None:
            if not authorized:
                self._error(401, "Incorrect API key provided")
                return
            article = article_of(body)
            answer = faithful_answer(article)
            faithful = json.dumps(answer, ensure_ascii=False)
            if scenario in ("faithful", "slow", "slow-varied") or scenario not in SCENARIOS:
                if scenario == "slow":
                    time.sleep(server.slow_seconds)
                elif scenario == "slow-varied":
                    time.sleep((20 + hashlib.sha256(article.encode("utf-8")).digest()[0] * 200 // 255) / 1000)
                self._json(200, _completion(faithful, body))
            elif scenario == "invent-number":
                answer["lead"] = f"{answer['lead']} {INVENTED}."
                self._json(200, _completion(json.dumps(answer, ensure_ascii=False), body))
            elif scenario == "prose":
                self._json(200, _completion(f"بالتأكيد! إليك الملخص المطلوب:\n{faithful}\nأتمنى أن يكون مفيدًا.", body))
            elif scenario == "fenced":
                self._json(200, _completion(f"```json\n{faithful[:-1]},\n}}\n```", body))
            elif scenario == "malformed":
                self._json(200, _completion("عذرًا، لا أستطيع تلخيص هذا المقال الآن.", body))
            elif scenario == "garbage-200":
                self._send(200, b"<html><body>gateway</body></html>", content_type="text/html")
            elif scenario in ("flaky", "rate-limited", "rate-limited-date"):
                if not server._first_time(scenario, article):
                    self._json(200, _completion(faithful, body))
                elif scenario == "flaky":
                    self._error(500, "internal error")
                elif scenario == "rate-limited":
                    self._error(429, "rate limited", {"Retry-After": "1"})
                else:
                    when = email.utils.formatdate(time.time() + 2, usegmt=True)
                    self._error(429, "rate limited", {"Retry-After": when})
            elif scenario == "always-500":
                self._error(500, "internal error")
            elif scenario == "bad-request":
                self._error(400, "messages: too many tokens")
            elif scenario == "hang":
                server.release.wait(30)
            elif scenario == "trickle":
                payload = json.dumps(_completion(faithful, body), ensure_ascii=False).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                step = max(1, len(payload) // 20)
                for i in range(0, len(payload), step):
                    if server.release.wait(0.2):
                        return
                    self.wfile.write(payload[i : i + step])
                    self.wfile.flush()
            elif scenario == "no-schema":
                if "response_format" in body:
                    self._error(400, "Unrecognized request argument supplied: response_format")
                else:
                    self._json(200, _completion(faithful, body))

    return Handler
