"""Fixtures of the service tests: in-process clients, a slow summarizer, a live uvicorn."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Server:
    """A running ``mujaz serve``: its base URL and process id."""

    url: str
    pid: int

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.url.removeprefix("http://").split(":")
        return host, int(port)


@contextmanager
def serve(log: Path, *options: str) -> Iterator[Server]:
    """Run ``mujaz serve OPTIONS`` on a free loopback port until the block ends; its log must hold no traceback."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mujaz", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--no-access-log", "--log-level", "warning", *options],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when shutdown hangs
            proc.kill()
            proc.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``mujaz serve`` (uvicorn) on a free loopback port; yields its base URL."""
    with serve(tmp_path_factory.mktemp("server") / "server.log", "--timeout", "10") as server:
        yield server.url


@pytest.fixture(scope="session")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``mujaz serve`` with a 3 s time limit and two summarizer workers, for the hostile socket tests."""
    with serve(tmp_path_factory.mktemp("strict") / "server.log", "--timeout", "3", "--threads", "2") as server:
        yield server


@pytest.fixture(scope="session")
def quick_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``mujaz serve`` with a 0.5 s time limit and two workers: work past it is killed."""
    with serve(tmp_path_factory.mktemp("quick") / "server.log", "--timeout", "0.5", "--threads", "2") as server:
        yield server


@dataclass(frozen=True)
class RawReply:
    """What a server answered on a raw socket (``status`` 0 when nothing came back)."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> object:
        return json.loads(self.body)


def raw_request(address: tuple[str, int], raw: bytes, *, timeout: float = 30.0) -> RawReply:
    """Send ``raw`` bytes on a fresh connection and read the whole answer (the server closes after it).

    A reset while sending is not an answer: the reply then holds whatever was read, often nothing.
    """
    began = time.perf_counter()
    chunks: list[bytes] = []
    with socket.create_connection(address, timeout=timeout) as sock:
        try:
            # No half-close after: uvicorn drops a request whose client shut its side.
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines[0].startswith("HTTP/") else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return RawReply(status, headers, body, time.perf_counter() - began)


def post(path: str, body: bytes, *, extra: str = "") -> bytes:
    """A raw ``POST path`` with a JSON body, its Content-Length and ``Connection: close``."""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n").encode("latin-1") + body


def tree_rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` and all its descendants, in MB (Linux /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total / (1024 * 1024)


def child_pids(pid: int) -> set[int]:
    """The direct children of process ``pid`` (Linux /proc)."""
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            found |= {int(c) for c in children.read().split()}
    return found


class HealthWatch:
    """Polls ``/healthz`` in a thread while a block runs; ``worst`` is the slowest answer in seconds."""

    def __init__(self, url: str) -> None:
        self.url, self.worst, self.failures = url, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as http:
            while not self._stop.is_set():
                began = time.perf_counter()
                try:
                    if http.get("/healthz").status_code != 200:
                        self.failures += 1
                except httpx.HTTPError:
                    self.failures += 1
                self.worst = max(self.worst, time.perf_counter() - began)
                self._stop.wait(0.05)

    def __enter__(self) -> "HealthWatch":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
