"""Fixtures of the service tests: in-process clients, a slow summarizer, a live uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Callable, Iterator

import pytest

pytest.importorskip("fastapi", reason="the service tests need the 'service' extra (fastapi)")
httpx = pytest.importorskip("httpx", reason="the service tests need httpx")

from mujaz.api import Summarizer  # noqa: E402
from mujaz.service import ServiceConfig, create_app  # noqa: E402

with warnings.catch_warnings():
    # Starlette asks for httpx2 in a warning at import; httpx works, and pytest makes
    # warnings errors.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """``make_client(**ServiceConfig options)``: a TestClient over a fresh app, closed after the test.

    The engine is ``"thread"`` unless given: these tests are about routes, models and
    errors, which both engines share (mujaz.service.work), and patching the summarizer
    (see ``slow``) only reaches threads. The process engine is tested over real sockets.
    """
    clients: list[TestClient] = []

    def make(**options: object) -> TestClient:
        options.setdefault("engine", "thread")
        client = TestClient(create_app(ServiceConfig(**options)), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
        assert client.app.state.internal_errors == 0, "a request reached the last-resort 500 handler"


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


class SlowSummarizer:
    """Makes ``Summarizer.summarize`` sleep first, and counts the calls that started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.delay = 0.0
        self.started = 0
        self._lock = threading.Lock()
        original = Summarizer.summarize
        slow = self

        def summarize(summarizer, text, **kwargs):
            with slow._lock:
                slow.started += 1
            time.sleep(slow.delay)
            return original(summarizer, text, **kwargs)

        monkeypatch.setattr(Summarizer, "summarize", summarize)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> SlowSummarizer:
    return SlowSummarizer(monkeypatch)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not become healthy in {timeout:g} s")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``mujaz serve`` (uvicorn) on a free loopback port; yields its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mujaz", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--no-access-log", "--log-level", "warning", "--timeout", "10"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when shutdown hangs
            proc.kill()
            proc.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text
