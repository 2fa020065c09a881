"""The worker pool that runs summarizing work off the event loop.

Parsing a body, extracting an article from HTML and summarizing it are CPU-bound and
run on untrusted input, so they never run on the event loop. :class:`Engine` admits at
most ``max_pending`` requests at once (one more gets 503) and hands each to a worker:

``engine="process"`` (the default)
    ``threads`` child processes, each with its own :class:`~mujaz.service.work.Worker`,
    and one spare, started and loaded. A request past its deadline is answered 504 at
    once and, if its work has started, the child doing it is killed and the spare takes
    its place (a new spare starts behind it): a thread cannot be stopped, a process can,
    so no abandoned work keeps a worker busy, and the next request does not wait for a
    process to start. A child whose memory has grown past twice
    what it held when it became ready (a hostile body's parse tree, say) is replaced
    after its answer, so memory does not ratchet up. Children start in the app's
    lifespan, each with the summarizer's resources loaded.

``engine="thread"``
    ``threads`` threads in this process, sharing its memory. Work that has not started
    is dropped at the deadline and a batch stops between documents, but a document that
    has started runs to its end. For embedding the app where child processes are not
    wanted, and for tests that patch the summarizer in-process.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from multiprocessing.connection import Connection
from typing import Any, Callable

from mujaz.service.config import ServiceConfig
from mujaz.service.errors import ApiError, timeout_error
from mujaz.service.limits import Clock
from mujaz.service.work import Job, Worker

__all__ = ["Engine", "WorkerCrashed"]

logger = logging.getLogger("mujaz.service")

_START_TIMEOUT_S = 120.0
# A child's result may arrive a moment after the request's deadline; the 504 is sent at
# the deadline either way, the child is killed only once this grace is over too.
_KILL_GRACE_S = 0.05
# A child's memory may grow to this multiple of what it held when ready, then it is replaced.
_RSS_GROWTH_LIMIT = 2.0
# Bodies at least this large leave big freed blocks behind: hand them back to the system.
_TRIM_AFTER_BYTES = 256 * 1024


class WorkerCrashed(RuntimeError):
    """A worker failed in a way mujaz did not foresee (a bug); answered as a 500."""


def rss_bytes() -> int:
    """This process's resident memory in bytes (Linux: current; elsewhere: peak)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def release_memory() -> None:
    """Collect garbage and give freed heap pages back to the system (glibc's ``malloc_trim``)."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def _child_main(conn: Connection) -> None:
    """A worker process: answer jobs from ``conn`` until it closes."""
    # Ctrl-C reaches the whole process group; the server stops its children itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker = Worker()
    worker.preload()
    release_memory()
    conn.send(("ready", rss_bytes()))
    while True:
        try:
            job: Job | None = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        if job is None:
            return
        large = len(job.body) >= _TRIM_AFTER_BYTES
        reply: tuple[str, Any]
        try:
            reply = ("ok", worker.run(job))
        except ApiError as exc:
            reply = ("error", exc)
        except Exception as exc:  # noqa: BLE001 - reported to the server, which logs and counts it
            logger.error("mujaz worker: unexpected error", exc_info=exc)
            reply = ("crash", f"{type(exc).__name__} in a summarizer worker")
        del job
        if large:
            release_memory()
        try:
            conn.send((*reply, rss_bytes()))
        except (OSError, ValueError):
            return
        del reply


class _Child:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any) -> None:
        self.conn, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_child_main, args=(child_end,), name="mujaz-worker", daemon=True)
        self.process.start()
        child_end.close()
        self.ready_rss = 0

    def wait_ready(self, timeout_s: float) -> None:
        if not self.conn.poll(timeout_s):
            self.stop()
            raise RuntimeError(f"a summarizer worker did not start within {timeout_s:g} s")
        try:
            _, self.ready_rss = self.conn.recv()
        except EOFError:
            self.stop()
            raise RuntimeError(f"a summarizer worker exited while starting (status {self.process.exitcode})") from None

    def stop(self, *, kill: bool = True) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():  # pragma: no cover - a child that ignores its end
            self.process.kill()
            self.process.join()
        self.conn.close()


_Task = tuple[Future, Callable[[], Job]]


class _ProcessPool:
    """``size`` worker processes fed from one queue, each by a thread of this process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._context = multiprocessing.get_context("spawn")
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._children: list[_Child | None] = [None] * size
        self._spare: _Child | None = None
        self._spare_lock = threading.Lock()
        self.restarts = 0

    def start(self) -> None:
        children = [_Child(self._context) for _ in range(self.size)]
        try:
            for child in children:
                child.wait_ready(_START_TIMEOUT_S)
        except RuntimeError:
            for child in children:
                child.stop()
            raise
        self._children = list(children)
        self._spare = self._new_child()
        for slot in range(self.size):
            thread = threading.Thread(target=self._serve, args=(slot,), name=f"mujaz-worker-{slot}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def child_pids(self) -> list[int]:
        """The worker processes' ids (for measuring their memory)."""
        return [c.process.pid for c in self._children if c is not None and c.process.pid is not None]

    def submit(self, make_job: Callable[[], Job]) -> Future:
        future: Future = Future()
        self._tasks.put((future, make_job))
        return future

    def shutdown(self) -> None:
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        with self._spare_lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.stop(kill=True)

    def _new_child(self) -> _Child | None:
        try:
            return _Child(self._context)  # starts the process; readiness is awaited when it is used
        except OSError as exc:
            logger.error("mujaz: could not start a summarizer worker: %s", exc)
            return None

    def _replace(self, slot: int, *, kill: bool) -> _Child | None:
        old = self._children[slot]
        if old is not None:
            old.stop(kill=kill)
        with self._spare_lock:
            self.restarts += 1
            child, self._spare = self._spare, self._new_child()
        if child is None:
            child = self._new_child()
        if child is not None:
            try:
                child.wait_ready(_START_TIMEOUT_S)
            except RuntimeError as exc:
                logger.error("mujaz: could not restart a summarizer worker: %s", exc)
                child = None
        self._children[slot] = child
        return child

    def _serve(self, slot: int) -> None:
        while True:
            task = self._tasks.get()
            if task is None:
                break
            self._handle(slot, *task)
            del task  # the job's body is freed now, not when the next task arrives
        child = self._children[slot]
        if child is not None:
            child.stop(kill=False)
            self._children[slot] = None

    def _handle(self, slot: int, future: Future, make_job: Callable[[], Job]) -> None:
        if not future.set_running_or_notify_cancel():
            return  # its request timed out while queued: it never starts
        job = make_job()
        if job.remaining_s <= 0:
            future.set_exception(timeout_error(job.timeout_s))
            return
        child = self._children[slot] or self._replace(slot, kill=True)
        if child is None:
            future.set_exception(ApiError(503, "unavailable", "no summarizer worker is running; retry shortly",
                                          headers={"Retry-After": "1"}))
            return
        timeout_s, remaining = job.timeout_s, job.remaining_s
        try:
            child.conn.send(job)
            del job
            answered = child.conn.poll(remaining + _KILL_GRACE_S)
            reply = child.conn.recv() if answered else None
        except (EOFError, OSError):
            self._replace(slot, kill=True)
            future.set_exception(WorkerCrashed("a summarizer worker exited during a request"))
            return
        if reply is None:
            # Nobody waits for this answer any more: stop the work now, not when it ends.
            self._replace(slot, kill=True)
            future.set_exception(timeout_error(timeout_s))
            return
        kind, value, rss = reply
        if kind == "ok":
            future.set_result(value)
        elif kind == "error":
            future.set_exception(value)
        else:
            future.set_exception(WorkerCrashed(value))
        if child.ready_rss and rss > _RSS_GROWTH_LIMIT * child.ready_rss:
            self._replace(slot, kill=False)


class _ThreadPool:
    """``size`` threads of this process, sharing one worker (a summarizer is thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._shared = Worker()
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="mujaz-summarize",
                                            initializer=self._start_thread)
        self.restarts = 0

    def _worker(self) -> Worker:
        return self._shared

    def _start_thread(self) -> None:
        self._shared.preload()

    def start(self) -> None:
        wait([self._executor.submit(lambda: None) for _ in range(self.size)], timeout=_START_TIMEOUT_S)

    def child_pids(self) -> list[int]:
        return []

    def submit(self, make_job: Callable[[], Job]) -> Future:
        return self._executor.submit(lambda: self._worker().run(make_job()))

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class Engine:
    """Admission (``max_pending``), deadlines and the worker pool of one server process."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self._pool = _ProcessPool(config.threads) if config.engine == "process" else _ThreadPool(config.threads)
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._started = self._closed = False
        self._pending = 0

    @property
    def pending(self) -> int:
        """Requests admitted and not yet done (queued, running, or being stopped)."""
        return self._pending

    @property
    def restarts(self) -> int:
        """Worker processes replaced so far (killed at a deadline, or grown too large)."""
        return self._pool.restarts

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (none with ``engine="thread"``)."""
        return self._pool.child_pids()

    def start(self) -> None:
        """Start the workers, each with its summarizer's resources loaded (blocks until ready).

        The app's lifespan calls it; a server that runs no lifespan gets it on the first request.
        """
        with self._start_lock:
            if self._closed:
                raise RuntimeError("the engine was shut down")
            if not self._started:
                self._pool.start()
                self._started = True

    def shutdown(self) -> None:
        """Stop the workers; queued work is dropped."""
        with self._start_lock:
            self._closed = True
            if self._started:
                self._pool.shutdown()

    def _done(self, _future: Future) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, route: str, body: bytes, clock: Clock) -> dict[str, Any]:
        """Run a request in a worker; its response body, or ApiError (503 when full, 504 past the deadline)."""
        config = self.config
        with self._lock:
            if self._pending >= config.max_pending:
                raise ApiError(503, "overloaded", "the server is busy; retry shortly",
                               details={"max_pending": config.max_pending}, headers={"Retry-After": "1"})
            self._pending += 1

        def make_job() -> Job:
            # Built when a worker takes the request, so that it knows how long it waited.
            return Job(route=route, body=body, max_documents=config.max_documents, timeout_s=clock.timeout_s,
                       remaining_s=clock.remaining(), queue_ms=clock.elapsed_ms(),
                       llm=tuple(config.llm_options().items()))

        try:
            if self._closed:
                raise ApiError(503, "shutting_down", "the server is shutting down", headers={"Retry-After": "1"})
            if not self._started:
                try:
                    await asyncio.to_thread(self.start)
                except RuntimeError as exc:
                    raise ApiError(503, "unavailable", f"the summarizer workers could not start: {exc}",
                                   headers={"Retry-After": "1"}) from None
            future = self._pool.submit(make_job)
        except (ApiError, RuntimeError) as exc:
            with self._lock:
                self._pending -= 1
            if isinstance(exc, ApiError):
                raise
            raise ApiError(503, "shutting_down", "the server is shutting down", headers={"Retry-After": "1"}) from None
        future.add_done_callback(self._done)
        try:
            # Cancelling the wrapper cancels the pool's future too, so queued work never starts.
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=max(clock.remaining(), 0.0))
        except TimeoutError:
            raise timeout_error(clock.timeout_s) from None
