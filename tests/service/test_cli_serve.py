"""Tests for mujaz.cli.serve: the ``mujaz serve`` command, and a real uvicorn behind it."""

from __future__ import annotations

import io
import socket

import httpx
import pytest

from mujaz.cli import serve
from mujaz.cli.main import build_parser, main
from mujaz.errors import ConfigError


def _args(*argv: str):
    return build_parser().parse_args(["serve", *argv])


def test_cli_serve_is_a_registered_plugin():
    args = _args()
    assert args.command == serve.COMMAND == "serve"
    assert (args.host, args.port, args.workers, args.api_key_file, args.access_log) == ("127.0.0.1", 8000, 1, None, True)


@pytest.mark.parametrize("argv", [["--port", "0"], ["--port", "70000"], ["--workers", "0"], ["--timeout", "-1"],
                                  ["--timeout", "inf"], ["--max-body", "x"], ["--threads", "0"],
                                  ["--engine", "fork"]])
def test_cli_serve_rejects_bad_options(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _args(*argv)
    assert exit_info.value.code == 2


def test_cli_serve_config_from_args_overrides_env(tmp_path):
    key = tmp_path / "key.txt"
    key.write_text("from-file\n", encoding="utf-8")
    args = _args("--max-body", "5000", "--max-documents", "7", "--timeout", "2.5", "--threads", "2",
                 "--max-pending", "11", "--api-key-file", str(key))
    config = serve.config_from_args(args, {"MUJAZ_MAX_DOCUMENTS": "3", "MUJAZ_API_KEY": "from-env"})
    assert (config.max_body_bytes, config.max_documents, config.timeout_s, config.threads, config.max_pending) == (
        5000, 7, 2.5, 2, 11)
    assert config.api_key == "from-file"
    assert serve.config_from_args(_args(), {"MUJAZ_API_KEY": "from-env"}).api_key == "from-env"


def test_cli_serve_missing_key_file_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--api-key-file", str(tmp_path / "nope")])
    assert exit_info.value.code == 2
    assert "API key file" in capsys.readouterr().err


def test_cli_serve_runs_uvicorn_with_the_app_factory(monkeypatch, tmp_path, capsys):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    for name in ("MUJAZ_API_KEY", "MUJAZ_API_KEY_FILE", "MUJAZ_TIMEOUT", "MUJAZ_MAX_BODY_BYTES"):
        monkeypatch.delenv(name, raising=False)
    # run() hands the options to the workers through the environment; undo that after.
    import os

    monkeypatch.setattr(os, "environ", dict(os.environ))
    key = tmp_path / "key"
    key.write_text("k", encoding="utf-8")
    status = serve.run(_args("--port", "8123", "--workers", "2", "--timeout", "3", "--api-key-file", str(key)),
                       io.StringIO())
    assert status == 0
    (target,), options = calls[0]
    assert target == "mujaz.service.app:create_app_from_env"
    assert options["factory"] is True and options["workers"] == 2
    assert options["host"] == "127.0.0.1" and options["port"] == 8123
    assert os.environ["MUJAZ_TIMEOUT"] == "3.0"
    assert os.environ["MUJAZ_API_KEY_FILE"] == os.path.abspath(key)
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize(("host", "warned"), [("0.0.0.0", True), ("192.168.1.5", True), ("localhost", False),
                                              ("::1", False), ("127.0.0.2", False)])
def test_cli_serve_warns_when_exposed_without_key(monkeypatch, capsys, host, warned):
    import os

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")})
    serve.run(_args("--host", host), io.StringIO())
    assert ("without an API key" in capsys.readouterr().err) is warned


def test_cli_serve_live_server_answers(live_server, seed_text):
    """A real uvicorn: the API, the page, and its health after refusing a body up front."""
    assert httpx.get(live_server + "/healthz").json()["status"] == "ok"
    page = httpx.get(live_server + "/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    response = httpx.post(live_server + "/v1/summarize", json={"text": seed_text, "max_words": 30}, timeout=30)
    assert response.status_code == 200
    assert response.json()["word_count"] <= 30
    # A client announces 100 MB and sends a little: refused at once, connection closed.
    host, port = live_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000000\r\n\r\n{\"text\": \"")
        chunks = []
        while chunk := sock.recv(65536):  # the server closes the connection after its answer
            chunks.append(chunk)
        reply = b"".join(chunks).decode("utf-8", "replace")
    assert reply.startswith("HTTP/1.1 413")
    assert "body_too_large" in reply
    assert httpx.get(live_server + "/healthz").status_code == 200


def test_cli_serve_config_error_type():
    with pytest.raises(ConfigError):
        serve.config_from_args(_args(), {"MUJAZ_TIMEOUT": "later"})
