"""Tests for mujaz.service.protocol: requests the HTTP parser refuses still get a JSON error."""

from __future__ import annotations

import pytest

from tests.service.conftest import raw_request

MALFORMED = [
    b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
    b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
    b"GARBAGE\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n",
    b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_protocol_malformed_http_gets_a_json_400(live_server, raw):
    """Issue 10 row 13: uvicorn answered text/plain "Invalid HTTP request received."."""
    host, port = live_server.removeprefix("http://").split(":")
    reply = raw_request((host, int(port)), raw, timeout=10)
    assert reply.status == 400, reply
    assert reply.headers["content-type"] == "application/json"
    assert reply.json() == {"error": {"type": "bad_request", "message": "the request is not valid HTTP/1.1"}}


def test_protocol_is_what_mujaz_serve_gives_uvicorn(monkeypatch):
    import io
    import os

    import uvicorn

    from mujaz.cli import serve
    from mujaz.cli.main import build_parser
    from mujaz.service.protocol import JsonErrorH11Protocol

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")})
    serve.run(build_parser().parse_args(["serve", "--engine", "thread"]), io.StringIO())
    (app,), options = calls[0]
    assert options["http"] is JsonErrorH11Protocol
    # One process: the app is built here, and the environment is left as it was.
    assert not isinstance(app, str) and options["factory"] is False
    assert "MUJAZ_ENGINE" not in os.environ
    serve.run(build_parser().parse_args(["serve", "--engine", "thread", "--workers", "2"]), io.StringIO())
    (app,), options = calls[1]
    # Several processes: uvicorn's workers build the app from the environment.
    assert app == "mujaz.service.app:create_app_from_env" and options["factory"] is True
    assert os.environ["MUJAZ_ENGINE"] == "thread"
