"""Tests for the service's limits: body size, time, load, and the event loop staying free."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from mujaz.service import ServiceConfig, create_app

ARTICLE = (
    "هطلت أمطار غزيرة على العاصمة مساء الأحد وأغلقت عدة طرق رئيسية.\n"
    "ودعت السلطات السكان إلى تجنب السفر حتى صباح الغد.\n"
    "وتوقعت الأرصاد استمرار الأمطار يومين آخرين.\n"
)


async def _asgi(app, *, method: str = "POST", path: str = "/v1/summarize", headers: list[tuple[bytes, bytes]],
                chunks: list[Any]) -> tuple[int, dict[str, str], bytes]:
    """Call the ASGI app directly, feeding the body as given.

    ``chunks`` holds bytes (a body chunk), floats (seconds to wait before the next chunk)
    or ``"disconnect"``. Returns status, headers and body of the response.
    """
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": headers, "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000), "state": {},
    }
    queue = list(chunks)
    sent: list[dict] = []

    async def receive() -> dict:
        while queue and isinstance(queue[0], float):
            await asyncio.sleep(queue.pop(0))
        if not queue:
            await asyncio.sleep(3600)  # a client that never sends the rest
        item = queue.pop(0)
        if item == "disconnect":
            return {"type": "http.disconnect"}
        more = bool(queue)
        return {"type": "http.request", "body": item, "more_body": more}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


JSON = [(b"content-type", b"application/json")]


def _run(coro):
    return asyncio.run(coro)


def _big_body(size: int) -> bytes:
    prefix, suffix = b'{"text": "', b'"}'
    return prefix + "م".encode() * ((size - len(prefix) - len(suffix)) // 2 + 1) + suffix


def test_service_body_limit_by_content_length(make_client):
    client = make_client(max_body_bytes=10_000)
    response = client.post("/v1/summarize", content=_big_body(10_001), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "body_too_large"
    assert response.json()["error"]["details"] == {"max_body_bytes": 10_000}
    assert client.post("/v1/summarize", json={"text": ARTICLE}).status_code == 200


def test_service_body_limit_default_is_2_mib(client):
    response = client.post("/v1/summarize", content=_big_body(2 * 1024 * 1024 + 1),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("claimed", [None, 100])
def test_service_body_limit_counts_streamed_bytes(claimed):
    """A chunked body, or one longer than its Content-Length says, is still cut off at the limit."""
    app = create_app(ServiceConfig(max_body_bytes=1000))
    headers = list(JSON)
    if claimed is not None:
        headers.append((b"content-length", str(claimed).encode()))
    chunks = [b'{"text": "' + b"a" * 400, b"a" * 400, b"a" * 400, b'"}']
    status, response_headers, body = _run(_asgi(app, headers=headers, chunks=chunks))
    assert status == 413
    assert json.loads(body)["error"]["type"] == "body_too_large"
    assert response_headers["connection"] == "close"
    assert app.state.internal_errors == 0


def test_service_body_limit_applies_to_every_route():
    app = create_app(ServiceConfig(max_body_bytes=10))
    headers = JSON + [(b"content-length", b"11")]
    status, _, _ = _run(_asgi(app, path="/healthz", method="GET", headers=headers, chunks=[b"x" * 11]))
    assert status == 413


@pytest.mark.parametrize("value", [b"abc", b"-1", b"1e3", b""])
def test_service_bad_content_length_is_400(value):
    app = create_app()
    status, _, body = _run(_asgi(app, headers=JSON + [(b"content-length", value)], chunks=[b"{}"]))
    assert status == 400
    assert json.loads(body)["error"]["type"] == "bad_request"


def test_service_slow_body_gets_408():
    app = create_app(ServiceConfig(timeout_s=0.3))
    started = time.perf_counter()
    status, _, body = _run(_asgi(app, headers=JSON, chunks=[b'{"text": ', 5.0, b'"x"}']))
    assert status == 408
    assert json.loads(body)["error"]["type"] == "request_timeout"
    assert time.perf_counter() - started < 3


def test_service_client_gone_mid_body_is_not_an_internal_error():
    app = create_app()
    status, _, body = _run(_asgi(app, headers=JSON, chunks=[b'{"text": ', "disconnect"]))
    assert status == 400
    assert json.loads(body)["error"]["type"] == "client_disconnected"
    assert app.state.internal_errors == 0


def test_service_timeout_gives_504_without_waiting(make_client, slow):
    slow.delay = 2.0
    client = make_client(timeout_s=0.3)
    started = time.perf_counter()
    response = client.post("/v1/summarize", json={"text": ARTICLE})
    elapsed = time.perf_counter() - started
    assert response.status_code == 504
    assert response.json()["error"] == {"type": "timeout", "message": "the request took longer than the limit of 0.3 s",
                                        "details": {"timeout_s": 0.3}}
    assert elapsed < 1.5


async def _concurrently(app, requests: list[tuple[str, str, Any]]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return await asyncio.gather(*(http.request(m, p, json=j) for m, p, j in requests))


def test_service_summarizing_does_not_block_the_event_loop(slow):
    """While a summary runs in its thread, other requests (here /healthz) are answered."""
    slow.delay = 1.0
    app = create_app(ServiceConfig(threads=1, engine="thread"))

    async def scenario() -> tuple[float, float, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            started = time.perf_counter()
            summary = asyncio.create_task(http.post("/v1/summarize", json={"text": ARTICLE}))
            await asyncio.sleep(0.1)
            health = await http.get("/healthz")
            assert health.status_code == 200
            health_at = time.perf_counter() - started
            response = await summary
            return health_at, time.perf_counter() - started, response.status_code

    health_at, summary_at, status = _run(scenario())
    assert status == 200
    assert summary_at >= 1.0
    assert health_at < 0.6


def test_service_overload_gives_503_with_retry_after(slow):
    slow.delay = 0.5
    app = create_app(ServiceConfig(threads=1, max_pending=2, engine="thread"))
    responses = _run(_concurrently(app, [("POST", "/v1/summarize", {"text": ARTICLE})] * 5))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) == 2 and statuses.count(503) == 3, statuses
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.headers["retry-after"] == "1"
    assert busy.json()["error"]["type"] == "overloaded"
    assert app.state.internal_errors == 0


def test_service_queued_work_is_dropped_on_timeout(slow):
    """Requests that time out while queued never start: work cannot pile up."""
    slow.delay = 0.4
    app = create_app(ServiceConfig(threads=1, timeout_s=0.6, engine="thread"))
    responses = _run(_concurrently(app, [("POST", "/v1/summarize", {"text": ARTICLE})] * 6))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) == 1 and statuses.count(504) == 5, statuses
    time.sleep(0.6)
    assert slow.started <= 2  # the first, and at most one that had started when it timed out
    assert app.state.engine.pending == 0


def test_service_batch_stops_between_documents_after_timeout(make_client, slow):
    slow.delay = 0.2
    client = make_client(threads=1, timeout_s=0.5)
    response = client.post("/v1/summarize/batch", json={"documents": [{"text": ARTICLE}] * 20})
    assert response.status_code == 504
    time.sleep(0.5)
    assert slow.started <= 4


def test_service_config_validates():
    from mujaz.errors import ConfigError

    for bad in ({"max_body_bytes": 0}, {"max_documents": -1}, {"timeout_s": 0}, {"timeout_s": float("nan")},
                {"threads": 1.5}, {"max_pending": True}, {"api_key": ""}, {"api_key": "two words\n"},
                {"api_key": "ключ"}):
        with pytest.raises(ConfigError):
            ServiceConfig(**bad)


def test_service_config_from_env(tmp_path):
    from mujaz.errors import ConfigError

    key_file = tmp_path / "key"
    key_file.write_text("file-key\n", encoding="utf-8")
    config = ServiceConfig.from_env({"MUJAZ_MAX_BODY_BYTES": "5000", "MUJAZ_MAX_DOCUMENTS": "4", "MUJAZ_TIMEOUT": "1.5",
                                     "MUJAZ_THREADS": "3", "MUJAZ_MAX_PENDING": "9", "MUJAZ_API_KEY_FILE": str(key_file)})
    assert (config.max_body_bytes, config.max_documents, config.timeout_s, config.threads, config.max_pending) == (
        5000, 4, 1.5, 3, 9)
    assert config.api_key == "file-key"
    assert ServiceConfig.from_env({"MUJAZ_API_KEY": "env-key"}).api_key == "env-key"
    assert ServiceConfig.from_env({"MUJAZ_API_KEY": ""}).api_key is None
    assert ServiceConfig.from_env(config.to_env()) == ServiceConfig(
        max_body_bytes=5000, max_documents=4, timeout_s=1.5, threads=3, max_pending=9)
    for env in ({"MUJAZ_TIMEOUT": "soon"}, {"MUJAZ_THREADS": "many"}, {"MUJAZ_API_KEY": "a", "MUJAZ_API_KEY_FILE": "b"},
                {"MUJAZ_API_KEY_FILE": str(tmp_path / "missing")}):
        with pytest.raises(ConfigError):
            ServiceConfig.from_env(env)
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="empty"):
        ServiceConfig.from_env({"MUJAZ_API_KEY_FILE": str(tmp_path / "empty")})


# Over a real socket: a client that sends its whole body before reading must still get the 413.

def test_service_oversized_body_gets_413_json_over_a_socket(strict_server):
    """Issue 9: a 3 MB body used to get a connection reset; now the 413 JSON arrives."""
    from tests.service.conftest import post, raw_request

    body = b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    reply = raw_request(strict_server.address, post("/v1/summarize", body))
    assert reply.status == 413, reply
    assert reply.headers["content-type"] == "application/json"
    assert reply.json()["error"]["type"] == "body_too_large"


def test_service_oversized_chunked_body_gets_413_json_over_a_socket(strict_server):
    from tests.service.conftest import raw_request

    chunks = [b'{"text": "'] + [b"a" * 65536] * 48 + [b'"}']
    body = b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in chunks) + b"0\r\n\r\n"
    head = (b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    reply = raw_request(strict_server.address, head + body)
    assert reply.status == 413, reply
    assert reply.json()["error"]["type"] == "body_too_large"


def test_service_drain_bound_grows_with_the_limit():
    from mujaz.service.limits import drain_bound

    assert drain_bound(1000) == 16 * 1024 * 1024
    assert drain_bound(10 * 1024 * 1024) == 40 * 1024 * 1024


def test_service_engine_name_is_checked():
    from mujaz.errors import ConfigError

    with pytest.raises(ConfigError, match="valid engines: process, thread"):
        ServiceConfig(engine="fork")
    assert ServiceConfig.from_env({"MUJAZ_ENGINE": "thread"}).engine == "thread"
    assert ServiceConfig.from_env(ServiceConfig(engine="thread").to_env()).engine == "thread"
