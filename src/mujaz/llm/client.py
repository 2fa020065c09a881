"""An OpenAI chat-completions client over ``httpx`` (the ``[llm]`` extra), non-streaming.

Policy, per article:

* one total deadline (``settings.timeout``) covers every attempt and every wait; each
  attempt gets what is left of it, and the body is read against it too, so a server that
  trickles bytes cannot hold an article past it;
* 5xx, 429 and connection errors are retried ``settings.max_retries`` times, waiting
  ``backoff * 2**n`` seconds, or what ``Retry-After`` asks (seconds or an HTTP date) when the
  server says; a wait that would pass the deadline is not started;
* 401 and 403 fail at once with reason ``auth``; other 4xx with ``http_error``;
* a 400 that names ``response_format`` (or ``json_schema``) is retried once without it, and
  the client remembers not to send it again.

``httpx`` is imported when a client is made, never at import time, and no request is sent
until :meth:`ChatClient.complete` is called.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from mujaz.errors import LLMFailure, MissingDependencyError
from mujaz.llm.settings import LLMSettings
from mujaz.llm.types import FallbackReason, LLMUsage

__all__ = ["ChatClient", "ChatResult", "MAX_RESPONSE_BYTES"]

# An answer of three parts runs to a few kilobytes; past this the server is not answering
# the question (or is hostile), and reading on would only cost memory.
MAX_RESPONSE_BYTES = 2_000_000
_DETAIL_CHARS = 200
_REJECTS_SCHEMA = ("response_format", "json_schema")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def import_httpx() -> Any:
    try:
        import httpx
    except ImportError as exc:
        raise MissingDependencyError("httpx", "llm") from exc
    return httpx


@dataclass(frozen=True, slots=True)
class ChatResult:
    """One completed chat request.

    Attributes:
        content: the assistant message's text.
        usage: tokens the server reported.
        model: the model the server says answered ("" if it did not say).
        attempts: HTTP requests sent (retries included).
        finish_reason: the server's ``finish_reason`` ("" if absent).
    """

    content: str
    usage: LLMUsage
    model: str
    attempts: int
    finish_reason: str = ""


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if seconds == seconds else None  # NaN -> None


def _snippet(text: str) -> str:
    return " ".join(text.split())[:_DETAIL_CHARS]


class _Retry(Exception):
    """An attempt failed in a way worth retrying."""

    def __init__(self, reason: FallbackReason, detail: str, wait: float | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.wait = wait


class _SchemaRejected(Exception):
    """The server answered 400 to the request's ``response_format``."""


class ChatClient:
    """Sends chat-completions requests to one server; safe to share between threads.

    Args:
        settings: where the server is and the retry/deadline policy.

    Raises:
        MissingDependencyError: ``httpx`` is not installed (``pip install 'mujaz[llm]'``).
    """

    def __init__(self, settings: LLMSettings) -> None:
        httpx = import_httpx()
        self.settings = settings
        self._httpx = httpx
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "mujaz-llm"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
        # Timeouts are set per request from the article's deadline. A server on this machine is
        # never reached through HTTP(S)_PROXY (a proxy meant for the web would not find it);
        # any other honours the environment (proxies, NO_PROXY, SSL_CERT_FILE) as httpx does.
        host = (urlsplit(settings.base_url).hostname or "").lower()
        self._http = httpx.Client(headers=headers, limits=limits, timeout=settings.timeout,
                                  trust_env=host not in _LOOPBACK)
        # Set (once, by any thread) when the server rejects response_format; a benign race:
        # at worst two threads each spend one extra request finding out.
        self._schema_rejected = threading.Event()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def sends_response_format(self) -> bool:
        """False once the server has rejected ``response_format``."""
        return not self._schema_rejected.is_set()

    def complete(self, body: dict[str, Any], *, deadline: float | None = None) -> ChatResult:
        """Send ``body`` (a chat-completions request) and return the answer.

        Args:
            body: the request, as :func:`mujaz.llm.prompts.build_request` makes it; its
                ``response_format`` is dropped if the server rejects it.
            deadline: a ``time.monotonic()`` instant by which to give up; default now +
                ``settings.timeout``.

        Raises:
            LLMFailure: reason ``timeout``, ``auth``, ``http_error``, ``connection`` or
                ``malformed`` (a 200 whose body is not a chat completion).
        """
        settings = self.settings
        if deadline is None:
            deadline = time.monotonic() + settings.timeout
        if "response_format" in body and self._schema_rejected.is_set():
            body = {k: v for k, v in body.items() if k != "response_format"}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        attempts = retries = 0
        schema_retry_used = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMFailure(FallbackReason.TIMEOUT, f"no answer within {settings.timeout:g} s", attempts=attempts)
            attempts += 1
            try:
                return self._attempt(payload, remaining, deadline, attempts)
            except _SchemaRejected as rejected:
                # Resend without response_format, once; the prompt states the same schema.
                if schema_retry_used or "response_format" not in body:
                    raise LLMFailure(FallbackReason.HTTP_ERROR, str(rejected), attempts=attempts) from None
                schema_retry_used = True
                self._schema_rejected.set()
                body = {k: v for k, v in body.items() if k != "response_format"}
                payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
                continue
            except _Retry as failure:
                if retries >= settings.max_retries:
                    raise LLMFailure(
                        failure.reason, f"{failure.detail} (after {attempts} attempts)", attempts=attempts
                    ) from None
                wait = settings.backoff * (2**retries) if failure.wait is None else failure.wait
                if time.monotonic() + wait >= deadline:
                    raise LLMFailure(
                        failure.reason,
                        f"{failure.detail}; the next attempt (in {wait:.2f} s) would pass the {settings.timeout:g} s deadline",
                        attempts=attempts,
                    ) from None
                retries += 1
                time.sleep(wait)

    def _attempt(self, payload: bytes, remaining: float, deadline: float, attempts: int) -> ChatResult:
        httpx = self._httpx
        url = self.settings.chat_url
        try:
            with self._http.stream("POST", url, content=payload, timeout=httpx.Timeout(remaining)) as response:
                raw = bytearray()
                for chunk in response.iter_bytes():
                    raw += chunk
                    if len(raw) > MAX_RESPONSE_BYTES:
                        raise LLMFailure(
                            FallbackReason.MALFORMED, f"the response passed {MAX_RESPONSE_BYTES:,} bytes", attempts=attempts
                        )
                    if time.monotonic() > deadline:
                        raise LLMFailure(
                            FallbackReason.TIMEOUT,
                            f"the answer was still arriving after {self.settings.timeout:g} s",
                            attempts=attempts,
                        )
                status = response.status_code
                retry_after = response.headers.get("Retry-After")
        except httpx.TimeoutException:
            raise LLMFailure(
                FallbackReason.TIMEOUT, f"no answer within {self.settings.timeout:g} s", attempts=attempts
            ) from None
        except httpx.DecodingError as exc:
            raise LLMFailure(FallbackReason.MALFORMED, f"the response cannot be decoded: {exc}", attempts=attempts) from None
        except httpx.TransportError as exc:
            # Refused, reset, DNS, a broken chunked body: the server may come back.
            raise _Retry(FallbackReason.CONNECTION, f"cannot reach {url}: {type(exc).__name__}: {exc}") from None
        text = raw.decode("utf-8", errors="replace")
        if status in (401, 403):
            raise LLMFailure(
                FallbackReason.AUTH,
                f"the server refused the credentials (HTTP {status}; check MUJAZ_LLM_API_KEY): {_snippet(text)}",
                attempts=attempts,
            )
        if status == 429 or status >= 500:
            raise _Retry(FallbackReason.HTTP_ERROR, f"HTTP {status}: {_snippet(text)}", retry_after_seconds(retry_after))
        if status == 400 and any(word in text.lower() for word in _REJECTS_SCHEMA):
            raise _SchemaRejected(f"HTTP 400: {_snippet(text)}")
        if status >= 300:
            raise LLMFailure(FallbackReason.HTTP_ERROR, f"HTTP {status}: {_snippet(text)}", attempts=attempts)
        return _read_completion(text, attempts)


def _read_completion(text: str, attempts: int) -> ChatResult:
    """The ChatResult of a 200 response body."""
    try:
        data = json.loads(text)
        choice = data["choices"][0]
        message = choice["message"]
        content = message.get("content")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise LLMFailure(
            FallbackReason.MALFORMED, f"the response is not a chat completion: {_snippet(text)}", attempts=attempts
        ) from None
    finish = choice.get("finish_reason") or ""
    if not isinstance(content, str) or not content.strip():
        refusal = message.get("refusal") if isinstance(message, dict) else None
        detail = f"the model refused: {_snippet(str(refusal))}" if refusal else "the answer has no text"
        raise LLMFailure(FallbackReason.MALFORMED, detail, attempts=attempts)
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}

    def tokens(key: str) -> int:
        value = usage.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0

    model = data.get("model") if isinstance(data.get("model"), str) else ""
    return ChatResult(
        content=content,
        usage=LLMUsage(tokens("prompt_tokens"), tokens("completion_tokens")),
        model=model,
        attempts=attempts,
        finish_reason=finish if isinstance(finish, str) else "",
    )
