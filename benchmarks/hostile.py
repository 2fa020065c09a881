#!/usr/bin/env python
"""Hostile-input run against a live ``mujaz serve``: malformed, oversized and slow requests.

Run from the repository root::

    .venv/bin/python benchmarks/hostile.py                 # starts its own server (about 1 minute)
    .venv/bin/python benchmarks/hostile.py --url http://127.0.0.1:8000
    .venv/bin/python benchmarks/hostile.py --json benchmarks/out/hostile.json

Every request is written by hand on a raw socket, so nothing is "fixed" by a client
library on the way: wrong Content-Length, bodies cut short, bytes that are not UTF-8,
JSON nested 100,000 deep, 100 MB announced, bodies dribbled one byte at a time,
connections opened and left idle. Each case records the status line the server answered
(or that it closed the connection). The run passes when

* no answer is a 5xx (503/504 included: these inputs are bad, not heavy),
* ``/healthz`` and a real summary keep answering quickly *while* the slow clients hang
  on, and afterwards,
* the server process is still alive and its log holds no traceback.

``--cli`` runs the command-line and batch probes instead (no server): /dev/zero, FIFOs,
symlink loops, endless standard input, gzip bombs, deep JSON, broken CSV quotes, two runs
on one output, pages of 85,000 elements, Arabic code pages, a full disk, and every compiled
pattern on 1 MB hostile strings. Each runs as a child process under a watchdog (10 s, 600 MB
of resident memory for its process tree, measured with psutil); ``--src`` points it at
another checkout's ``src/`` for a baseline::

    .venv/bin/python benchmarks/hostile.py --cli --json benchmarks/out/hostile-cli.json
    .venv/bin/python benchmarks/hostile.py --cli --src ../old/src --only FIFO

The server it starts runs with ``--timeout 5`` so that the slow-client cases end sooner;
everything else is the default configuration (2 MiB bodies, 32 documents per batch).

``--rows`` runs instead the service rows of issue 10 (and the oversized body of issue 9),
one at a time, measuring for each the answer (status, JSON or not), its time, the worst
``/healthz`` latency while it was in flight, and the server's memory (its own process
and its summarizer workers) after normal load and after the hostile rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Awaitable, Callable

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (
    "افتتاح مكتبة عامة جديدة في وسط المدينة\n"
    "افتتحت البلدية اليوم مكتبة عامة جديدة في وسط المدينة، بحضور عدد من المسؤولين والكتاب.\n"
    "وتضم المكتبة أكثر من عشرين ألف كتاب في مختلف المجالات، إضافة إلى قاعة للأطفال.\n"
    "وقال رئيس البلدية إن المكتبة ستفتح أبوابها كل يوم من التاسعة صباحا حتى المساء.\n"
)
MiB = 1024 * 1024


class Target:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    async def exchange(self, raw: bytes | list[bytes | float], *, read_timeout: float = 30.0,
                       close_early: bool = False) -> str:
        """Send ``raw`` (bytes, or a list of chunks and pauses) and return the status code or an outcome word."""
        try:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        except OSError as exc:
            return f"connect-failed:{type(exc).__name__}"
        try:
            parts = raw if isinstance(raw, list) else [raw]
            try:
                for part in parts:
                    if isinstance(part, float):
                        await asyncio.sleep(part)
                    else:
                        writer.write(part)
                        await writer.drain()
            except (ConnectionError, BrokenPipeError):
                # The server answered and closed while we were still sending: read its answer.
                try:
                    line = await asyncio.wait_for(reader.readline(), 2)
                except (ConnectionError, asyncio.TimeoutError):
                    line = b""
                return "reset after " + line.split(b" ")[1].decode("ascii", "replace") if line.count(b" ") else "reset"
            if close_early:
                return "sent-and-closed"
            line = await asyncio.wait_for(reader.readline(), read_timeout)
            if not line:
                return "closed"
            status = line.split(b" ")[1].decode("ascii", "replace") if b" " in line else "garbled"
            # Read the rest so the server sees a well-behaved reader (up to the timeout).
            try:
                await asyncio.wait_for(reader.read(4 * MiB), 5)
            except asyncio.TimeoutError:
                pass
            return status
        except (ConnectionError, BrokenPipeError):
            return "reset"
        except asyncio.TimeoutError:
            return "no-answer"
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except (ConnectionError, BrokenPipeError):
                pass


def request(body: bytes, *, path: str = "/v1/summarize", method: str = "POST",
            content_type: str | None = "application/json", length: int | None | str = "auto",
            extra: str = "", close: bool = True) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    if length == "auto":
        head += f"Content-Length: {len(body)}\r\n"
    elif length is not None:
        head += f"Content-Length: {length}\r\n"
    if close:
        head += "Connection: close\r\n"
    return (head + extra + "\r\n").encode("utf-8") + body  # raw UTF-8 in a path is hostile too


def chunked(chunks: list[bytes]) -> bytes:
    out = b""
    for c in chunks:
        out += f"{len(c):x}\r\n".encode() + c + b"\r\n"
    return out + b"0\r\n\r\n"


def json_body(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def cases() -> dict[str, list[Callable[[Target], Awaitable[str]]]]:
    """Case name -> list of one-shot coroutines, each returning an outcome."""
    rng = random.Random(20240601)
    valid = json_body({"text": ARTICLE, "style": "points"})
    out: dict[str, list[Callable[[Target], Awaitable[str]]]] = {}

    def add(name: str, raw: Any, **kwargs: Any) -> None:
        out.setdefault(name, []).append(lambda t, raw=raw, kw=kwargs: t.exchange(raw, **kw))

    # Oversized.
    add("oversized: Content-Length 100 MB, little sent", request(b"", length=100 * MiB) + b'{"text": "')
    add("oversized: 2 MiB + 1 sent in full", request(b'{"text": "' + b"a" * (2 * MiB - 11) + b'"}'))
    add("oversized: 3 MiB chunked, no Content-Length",
        request(chunked([b'{"text": "'] + [b"a" * 65536] * 48 + [b'"}']), length=None,
                extra="Transfer-Encoding: chunked\r\n"))
    add("oversized: Content-Length says 10, 3 MiB follow", request(b"a" * (3 * MiB), length=10))
    add("oversized: 1000 documents in a batch",
        request(json_body({"documents": [{"text": ARTICLE}] * 1000}), path="/v1/summarize/batch"))
    big_ok = ("خبر عاجل عن افتتاح مكتبة عامة جديدة في المدينة. " * 40000)[: 2 * MiB // 2 - 100]
    add("near limit: ~1 M Arabic characters, valid", request(json_body({"text": big_ok})))
    # Truncated.
    for cut in (1, 10, len(valid) // 2, len(valid) - 1):
        add("truncated: JSON cut, Content-Length matches", request(valid[:cut]))
    add("truncated: Content-Length 1000, 20 bytes then close", request(valid[:20], length=1000), close_early=True)
    add("truncated: Content-Length 1000, 20 bytes then wait", request(valid[:20], length=1000), read_timeout=20)
    # Wrong types and shapes.
    for obj in ({"text": 5}, {"text": None}, {"text": ["a"]}, {"text": {"a": 1}}, {"text": True},
                {"text": ARTICLE, "max_words": "10"}, {"text": ARTICLE, "max_words": -1}, {"text": ARTICLE, "max_words": 1e300},
                {"text": ARTICLE, "ratio": "half"}, {"text": ARTICLE, "style": 1}, {"text": ARTICLE, "method": None},
                {"text": ARTICLE, "unknown": 1}, {"text": ARTICLE, "html": "<p>x</p>"}, {"documents": {"text": ARTICLE}},
                {"documents": [5]}, [], "string", 12, None, {"text": ARTICLE, "max_words": 2**200}):
        add("wrong-typed JSON", request(json_body(obj)))
        add("wrong-typed JSON", request(json_body(obj), path="/v1/summarize/batch"))
    # Deeply nested.
    for depth in (1_000, 100_000, 500_000):
        add("deeply nested JSON", request(b"[" * depth + b"]" * depth))
        add("deeply nested JSON", request(b'{"text":' * depth + b"1" + b"}" * depth))
    # Invalid UTF-8 and odd Unicode.
    for bad in (b"\xff\xfe\xfd", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x00" * 50):
        add("invalid UTF-8", request(b'{"text": "\xd9\x85' + bad + b'"}'))
    for escape in (b"\\ud800", b"\\udfff\\ud800", b"\\u0000" * 100):
        add("invalid UTF-8", request(b'{"text": "\xd9\x85' + escape + b'"}'))
    add("invalid UTF-8", request("{\"text\": \"مرحبا\"}".encode("utf-16")))
    add("invalid UTF-8", request(bytes(rng.randrange(256) for _ in range(5000))))
    # Wrong content types, methods, paths, headers.
    for ctype in (None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
                  "application/json; charset=utf-16", "application/xml", "*/*", "application/json\x01"):
        add("wrong content type", request(valid, content_type=ctype))
    for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        add("wrong method", request(valid, method=method))
    for path in ("/v1/summarize/", "/v1/../v1/summarize", "/static/../../etc/passwd", "/%00", "/v1/summarize?x=" + "a" * 5000,
                 "/static/" + "%2e%2e/" * 10 + "pyproject.toml", "/ملخص"):
        add("odd path", request(valid, path=path))
    add("bad headers", b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
    add("bad headers", b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef")
    add("bad headers", b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
    add("bad headers", b"GARBAGE\r\n\r\n")
    add("bad headers", b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n")
    add("bad headers", request(valid, extra="Authorization: Bearer " + "k" * 8000 + "\r\n"))
    # Random mutations of a valid request body.
    for _ in range(300):
        data = bytearray(valid)
        for _ in range(rng.randint(1, 8)):
            op = rng.random()
            pos = rng.randrange(len(data) + 1)
            if op < 0.4 and data:
                data[min(pos, len(data) - 1)] = rng.randrange(256)
            elif op < 0.7:
                data[pos:pos] = bytes([rng.choice(b'{}[]",:\\0123456789aeflnrstu \x00\xff')])
            else:
                del data[pos: pos + rng.randint(1, 20)]
        add("mutated valid body (300 seeded)", request(bytes(data)))
    return out


def slow_cases() -> dict[str, list[Callable[[Target], Awaitable[str]]]]:
    """Slow clients, run together while health is probed."""
    out: dict[str, list[Callable[[Target], Awaitable[str]]]] = {}
    valid = json_body({"text": ARTICLE})
    head = request(valid)[: -len(valid)]
    for _ in range(20):  # body one byte every 0.5 s, then silence: answered at the time limit
        dribble: list[bytes | float] = [head]
        for b in valid[:8]:
            dribble += [bytes([b]), 0.5]
        out.setdefault("slow body (8 bytes at 1 per 0.5 s, then silence)", []).append(
            lambda t, d=dribble: t.exchange(d, read_timeout=40))
    for _ in range(10):  # a client that keeps dribbling past the limit is cut off
        dribble = [head]
        for b in valid[:30]:
            dribble += [bytes([b]), 0.5]
        out.setdefault("slow body (1 byte per 0.5 s for 15 s)", []).append(
            lambda t, d=dribble: t.exchange(d, read_timeout=40))
    for _ in range(20):  # headers one line every 2 s, never finished
        lines = [b"POST /v1/summarize HTTP/1.1\r\n"] + [x for n in range(8) for x in (2.0, f"X-H{n}: v\r\n".encode())]
        out.setdefault("slow headers (slowloris, never finished)", []).append(
            lambda t, d=lines: t.exchange(d, read_timeout=20))
    for _ in range(100):  # connections opened and left idle
        out.setdefault("idle connections", []).append(lambda t: t.exchange([3.0], read_timeout=20))
    return out


async def probe(url: str, stop: asyncio.Event, samples: list[tuple[float, int]]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                health = await http.get("/healthz")
                summary = await http.post("/v1/summarize", json={"text": ARTICLE})
                ok = health.status_code == 200 and summary.status_code == 200
                samples.append((time.perf_counter() - began, 200 if ok else max(health.status_code, summary.status_code)))
            except httpx.HTTPError:
                samples.append((time.perf_counter() - began, 0))
            await asyncio.sleep(0.2)


async def run(url: str, concurrency: int) -> dict[str, Any]:
    host, port = url.removeprefix("http://").split(":")
    target = Target(host, int(port))
    results: dict[str, Counter] = {}
    semaphore = asyncio.Semaphore(concurrency)

    async def one(name: str, case: Callable[[Target], Awaitable[str]], bounded: bool = True) -> None:
        if bounded:
            async with semaphore:
                outcome = await case(target)
        else:  # slow clients are meant to be there all at once
            outcome = await case(target)
        results.setdefault(name, Counter())[outcome] += 1

    started = time.perf_counter()
    await asyncio.gather(*(one(n, c) for n, group in cases().items() for c in group))
    fast_s = time.perf_counter() - started

    stop = asyncio.Event()
    samples: list[tuple[float, int]] = []
    prober = asyncio.create_task(probe(url, stop, samples))
    started = time.perf_counter()
    await asyncio.gather(*(one(n, c, False) for n, group in slow_cases().items() for c in group))
    slow_s = time.perf_counter() - started
    stop.set()
    await prober
    return {"results": {k: dict(v) for k, v in results.items()}, "fast_cases_s": round(fast_s, 1),
            "slow_cases_s": round(slow_s, 1), "probe": samples}



async def raw_exchange(host: str, port: int, raw: bytes, *, read_timeout: float = 60.0) -> dict[str, Any]:
    """Send ``raw`` on a fresh connection; the status, whether the body is JSON, its size, the time taken."""
    began = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    outcome: dict[str, Any] = {}
    try:
        try:
            writer.write(raw)
            await writer.drain()
        except (ConnectionError, BrokenPipeError):
            outcome["send"] = "reset while sending"
        try:
            data = await asyncio.wait_for(reader.read(), read_timeout)
        except (ConnectionError, BrokenPipeError):
            data = b""
            outcome["read"] = "reset"
        except asyncio.TimeoutError:
            data = b""
            outcome["read"] = "no answer"
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, BrokenPipeError):
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = lines[0].split(b" ")[1].decode("ascii", "replace") if lines and lines[0].count(b" ") else "none"
    ctype = next((l.split(b":", 1)[1].strip().decode("latin-1") for l in lines[1:] if l.lower().startswith(b"content-type:")),
                 "")
    outcome.update(status=status, json=ctype.startswith("application/json"), body_bytes=len(body),
                   seconds=round(time.perf_counter() - began, 2))
    return outcome


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory in MB of process ``pid`` and of it plus all its descendants (Linux /proc)."""
    def rss(p: int) -> int:
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def children(p: int) -> list[int]:
        out: list[int] = []
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    out += [int(c) for c in f.read().split()]
        except OSError:
            pass
        return out

    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += rss(p)
        todo += children(p)
    return round(rss(pid) / MiB, 1), round(total / MiB, 1)


async def _health_worst(url: str, stop: asyncio.Event) -> float:
    import httpx

    worst = 0.0
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                await http.get("/healthz")
            except httpx.HTTPError:
                pass
            worst = max(worst, time.perf_counter() - began)
            await asyncio.sleep(0.1)
    return round(worst, 2)


async def issue_rows(url: str, pid: int | None) -> list[dict[str, Any]]:
    """Issue 10's service rows (and issue 9's 3 MB body), each measured on its own."""
    import httpx

    host, port = url.removeprefix("http://").split(":")
    port_n = int(port)
    normal = json_body({"text": ARTICLE, "style": "points"})
    rows: list[dict[str, Any]] = []

    async def measure(name: str, raws: list[bytes], *, then_normal: bool = False) -> None:
        stop = asyncio.Event()
        health = asyncio.create_task(_health_worst(url, stop))
        await asyncio.sleep(0.2)
        outcomes = await asyncio.gather(*(raw_exchange(host, port_n, r) for r in raws))
        row: dict[str, Any] = {"row": name, "answers": sorted({f"{o['status']}{' json' if o['json'] else ''}"
                                                              f"{' (' + o['send'] + ')' if 'send' in o else ''}"
                                                              for o in outcomes}),
                               "max_s": max(o["seconds"] for o in outcomes),
                               "max_body_bytes": max(o["body_bytes"] for o in outcomes)}
        if then_normal:
            after = await raw_exchange(host, port_n, request(normal))
            row["next_normal"] = f"{after['status']} in {after['seconds']} s"
        stop.set()
        row["healthz_worst_s"] = await health
        if pid is not None:
            row["rss_mb_server_total"] = tree_rss_mb(pid)
        rows.append(row)

    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        for _ in range(40):
            await http.post("/v1/summarize", content=normal, headers={"content-type": "application/json"})
            await http.post("/v1/summarize/batch", json={"documents": [{"text": ARTICLE}] * 8})
    if pid is not None:
        rows.append({"row": "after normal load (80 requests)", "rss_mb_server_total": tree_rss_mb(pid)})
    await measure("issue 9: 3 MB JSON body", [request(b'{"text": "' + b"a" * (3 * MiB) + b'"}')])
    await measure("row 4: 6 x {documents: [{}] * 500000}",
                  [request(json_body({"documents": [{}] * 500_000}), path="/v1/summarize/batch")] * 6,
                  then_normal=True)
    await measure("row 5: 2 x {html: '<p>ب</p>' * 200000}",
                  [request(json_body({"html": "<p>ب</p>" * 200_000}))] * 2, then_normal=True)
    await measure("row 13: Content-Length: abc",
                  [b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}"])
    await measure("row 13: NUL in a header",
                  [b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n"])
    await measure("row 15: /static/ + 10,000 characters", [request(b"", method="GET", path="/static/" + "a" * 10_000)])
    await asyncio.sleep(3)
    if pid is not None:
        rows.append({"row": "after the hostile rows (+3 s)", "rss_mb_server_total": tree_rss_mb(pid)})
    return rows


# --- command-line and batch probes (--cli) ------------------------------------------------
#
# Each probe builds hostile files in a scratch folder, runs ``python -m mujaz ...`` as a
# child process (with the chosen source tree on PYTHONPATH) and checks the exit status,
# standard error and output. A watchdog samples the process tree's memory every 20 ms and
# kills it past CLI_TIME_LIMIT_S or CLI_MEMORY_LIMIT; a probe passes when it ended by itself
# within both, with the expected exit status, no traceback, and (batch) no row lost.

CLI_TIME_LIMIT_S = 10.0
CLI_MEMORY_LIMIT = 600 * MiB


class CliRun:
    """How one command ended: exit status, seconds, peak memory of its process tree, output."""

    def __init__(self, rc: int | None, seconds: float, peak: int, stdout: bytes, stderr: bytes, killed: str | None):
        self.rc, self.seconds, self.peak, self.killed = rc, seconds, peak, killed
        self.stdout, self.stderr = stdout, stderr.decode("utf-8", "replace")


def _tree_rss(proc: Any) -> int:
    import psutil

    total = 0
    try:
        family = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_cli(args: list[str] | str, *, src: Path, cwd: Path, stdin: Path | None = None,
            time_limit: float = CLI_TIME_LIMIT_S, memory_limit: int = CLI_MEMORY_LIMIT) -> CliRun:
    """Run ``python -m mujaz ARGS`` (or a shell pipeline using ``$MUJAZ``) under the watchdog."""
    import signal

    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    env["PYTHONPATH"] = str(src)
    env["MUJAZ"] = f"{sys.executable} -m mujaz"
    command = ["bash", "-c", args] if isinstance(args, str) else [sys.executable, "-m", "mujaz", *args]
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        stdin_handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL
        began = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin_handle, stdout=out, stderr=err,
                                start_new_session=True)
        peak, killed = 0, None
        try:
            import psutil

            watched = psutil.Process(proc.pid)
        except (ImportError, Exception):  # noqa: BLE001 - psutil missing or the process already gone
            watched = None
        while proc.poll() is None:
            if watched is not None:
                peak = max(peak, _tree_rss(watched))
            elapsed = time.perf_counter() - began
            if elapsed > time_limit or peak > memory_limit:
                killed = f"killed after {elapsed:.1f} s" if elapsed > time_limit else f"killed at {peak / MiB:.0f} MB"
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - began
        if stdin_handle is not subprocess.DEVNULL:
            stdin_handle.close()
    if watched is None:  # no psutil: the largest child's peak, as the kernel counted it
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return CliRun(proc.returncode, seconds, peak, out_path.read_bytes(), err_path.read_bytes(), killed)


def _article() -> str:
    return (REPO / "tests" / "data" / "seed-000_b246514b7acb9300.txt").read_text(encoding="utf-8")


def _jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _output_rows(path: Path | bytes) -> list[dict[str, Any]] | str:
    """The rows of a JSONL output, or why it is damaged."""
    data = path if isinstance(path, bytes) else (path.read_bytes() if path.exists() else b"")
    rows = []
    for number, line in enumerate(data.splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except ValueError:
            return f"line {number} is torn"
    ids = [r.get("id") for r in rows]
    if len(set(ids)) != len(ids):
        return f"{len(ids) - len(set(ids))} duplicate ids"
    if [r.get("row") for r in rows] != list(range(len(rows))):
        return "rows out of order or missing"
    return rows


def _one_line_error(run: CliRun) -> str | None:
    """Why stderr is not a one-line error message (None when it is)."""
    if "Traceback" in run.stderr:
        return "traceback"
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    if len(lines) != 1 or not lines[0].startswith("mujaz"):
        return f"stderr is {len(lines)} lines: {run.stderr[:120]!r}"
    return None


CliProbe = Callable[[Path, Path], tuple[CliRun, str | None]]


def cli_probes() -> dict[str, tuple[str, CliProbe]]:
    """Probe name -> (issue row, probe). A probe returns its run and a failure (None: passed)."""
    article = _article()
    probes: dict[str, tuple[str, CliProbe]] = {}

    def probe(name: str, row: str) -> Callable[[CliProbe], CliProbe]:
        def register(fn: CliProbe) -> CliProbe:
            probes[name] = (row, fn)
            return fn
        return register

    def expect_error(run: CliRun, rc: int = 1) -> str | None:
        if run.killed:
            return run.killed
        if run.rc != rc:
            return f"exit {run.rc}, expected {rc}: {run.stderr[-200:]!r}"
        return _one_line_error(run)

    def expect_summary_or_error(run: CliRun) -> str | None:
        if run.killed:
            return run.killed
        if run.rc == 0:
            return None if run.stdout.strip() and "\ufffd" not in run.stdout.decode("utf-8", "replace") \
                else "exit 0 without a clean summary"
        return expect_error(run)

    def expect_rows(run: CliRun, output: Path | bytes, count: int, errors: int) -> str | None:
        if run.killed:
            return run.killed
        if run.rc != 0:
            return f"exit {run.rc}: {run.stderr[-200:]!r}"
        rows = _output_rows(output)
        if isinstance(rows, str):
            return rows
        bad = sum(1 for r in rows if r["status"] == "error")
        if len(rows) != count or bad != errors:
            return f"{len(rows)} rows ({bad} errors), expected {count} ({errors} errors)"
        return None

    good = [{"id": f"ok-{i}", "text": article} for i in range(3)]

    @probe("text file opening with 30 HTML comments", "1")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "c.txt").write_text("<!--a-->" * 30 + "\n" + article, encoding="utf-8")
        run = run_cli(["summarize", "c.txt"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("JSONL row opening with 40 unclosed comment openers", "1")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        _jsonl(tmp / "in.jsonl", [good[0], {"id": "x", "text": "<!--" * 40 + "<!--a-->" * 40 + article}, good[1]])
        run = run_cli(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 3, 0) if run.rc == 0 else expect_rows(run, tmp / "out.jsonl", 3, 1)

    @probe("100 KB HTML heading of Arabic commas", "2")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        body = "".join(f"<p>{line}</p>" for line in article.splitlines() if line.strip())
        (tmp / "p.html").write_text(f"<html><body><article><h2>{'، ' * 50000}ب</h2>{body}</article></body></html>",
                                    encoding="utf-8")
        run = run_cli(["summarize", "p.html"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("mujaz summarize /dev/zero", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        run = run_cli(["summarize", "/dev/zero"], src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("head -c 3G /dev/zero | mujaz summarize -", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        run = run_cli("head -c 3G /dev/zero | $MUJAZ summarize -", src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("head -c 3G /dev/zero | mujaz batch - -o -", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        run = run_cli("head -c 3G /dev/zero | $MUJAZ batch - -o - --workers 1", src=src, cwd=tmp)
        return run, expect_rows(run, run.stdout, 1, 1)

    @probe("JSONL with a 100 MB line between good rows", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        with open(tmp / "in.jsonl", "w", encoding="utf-8") as handle:
            handle.write(json.dumps(good[0], ensure_ascii=False) + "\n")
            handle.write('{"id": "big", "text": "' + "ب" * (50 * 1000 * 1000) + '"}\n')
            handle.write(json.dumps(good[1], ensure_ascii=False) + "\n")
        run = run_cli(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 3, 1)

    @probe("folder holding a symlink to /dev/zero", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "in").mkdir()
        (tmp / "in" / "a.txt").write_text(article, encoding="utf-8")
        (tmp / "in" / "z.txt").symlink_to("/dev/zero")
        run = run_cli(["batch", "in", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 2, 1)

    @probe("JSONL line nested 1,000 deep, then --resume", "6")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        deep = '{"id": "deep", "text": ' + '{"a":' * 1000 + "1" + "}" * 1000 + "}"
        _jsonl(tmp / "in.jsonl", [good[0], deep, '[' * 100000 + ']' * 100000, good[1]])
        run = run_cli(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1", "--limit", "2"], src=src, cwd=tmp)
        failure = expect_rows(run, tmp / "out.jsonl", 2, 1)
        if failure is None:
            run = run_cli(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1", "--resume"], src=src, cwd=tmp)
            failure = expect_rows(run, tmp / "out.jsonl", 4, 2)
        return run, failure

    @probe("two batch runs on one output at once", "7")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        _jsonl(tmp / "in.jsonl", [{"id": f"r{i}", "text": article} for i in range(600)])
        run = run_cli("($MUJAZ batch in.jsonl -o out.jsonl --workers 1 --resume 2>first.err; echo $? > first.rc) & "
                      "sleep 1.5; $MUJAZ batch in.jsonl -o out.jsonl --workers 1 --resume --max-words 20; "
                      "echo $? > second.rc; wait", src=src, cwd=tmp, time_limit=60)
        second = int((tmp / "second.rc").read_text() or 0) if (tmp / "second.rc").exists() else None
        first = int((tmp / "first.rc").read_text() or -1) if (tmp / "first.rc").exists() else None
        if run.killed:
            return run, run.killed
        if second == 0:
            return run, "both runs exited 0"
        if first != 0:
            return run, f"the first run exited {first}"
        rows = _output_rows(tmp / "out.jsonl")
        if isinstance(rows, str) or len(rows) != 600:
            return run, rows if isinstance(rows, str) else f"{len(rows)} rows, expected 600"
        return run, _one_line_error(run)

    @probe("Windows-1256 text file", "9")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "a.txt").write_bytes(article.encode("cp1256", errors="replace"))
        run = run_cli(["summarize", "a.txt"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("FIFO named a.txt in an input folder", "10")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "in").mkdir()
        (tmp / "in" / "b.txt").write_text(article, encoding="utf-8")
        os.mkfifo(tmp / "in" / "a.txt")
        run = run_cli(["batch", "in", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 2, 1)

    @probe("mujaz summarize FIFO", "10")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        os.mkfifo(tmp / "f.txt")
        run = run_cli(["summarize", "f.txt"], src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("mujaz batch FIFO.jsonl", "10")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        os.mkfifo(tmp / "f.jsonl")
        run = run_cli(["batch", "f.jsonl", "-o", "out.jsonl"], src=src, cwd=tmp)
        return run, expect_error(run)

    for name, make, argv in (
        ("symlink loop", lambda t: (t / "loop.txt").symlink_to(t / "loop.txt"), ["summarize", "loop.txt"]),
        ("path through a regular file", lambda t: (t / "a.txt").write_text(article), ["summarize", "a.txt/x"]),
        ("300-character name", lambda t: None, ["summarize", "ب" * 300 + ".txt"]),
        ("a folder as the article", lambda t: (t / "d").mkdir(), ["summarize", "d"]),
        ("batch output in a missing folder", lambda t: _jsonl(t / "in.jsonl", good),
         ["batch", "in.jsonl", "-o", "no/such/out.jsonl", "--workers", "1"]),
        ("batch output through a regular file", lambda t: _jsonl(t / "in.jsonl", good),
         ["batch", "in.jsonl", "-o", "in.jsonl/out.jsonl", "--workers", "1"]),
        ("batch input symlink loop", lambda t: (t / "l.jsonl").symlink_to(t / "l.jsonl"),
         ["batch", "l.jsonl", "-o", "out.jsonl"]),
        ("batch 300-character input name", lambda t: None, ["batch", "ب" * 300 + ".jsonl", "-o", "out.jsonl"]),
    ):
        def _os_error(tmp: Path, src: Path, make: Any = make, argv: list[str] = argv) -> tuple[CliRun, str | None]:
            make(tmp)
            run = run_cli(argv, src=src, cwd=tmp)
            return run, expect_error(run)
        probes[f"OSError: {name}"] = ("11", _os_error)

    @probe("OSError: summarize > /dev/full", "11")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "a.txt").write_text(article, encoding="utf-8")
        run = run_cli("$MUJAZ summarize a.txt > /dev/full", src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("OSError: batch -o - > /dev/full", "11")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        _jsonl(tmp / "in.jsonl", good)
        run = run_cli("$MUJAZ batch in.jsonl -o - --workers 1 > /dev/full", src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("CSV with an unterminated quote", "12")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        line = article.splitlines()[0]
        (tmp / "in.csv").write_text(f'id,text\na,"{line}"\nb,"{line}\nc,"{line}"\nd,{line[:200]}\n', encoding="utf-8")
        run = run_cli(["batch", "in.csv", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        if run.killed or run.rc not in (0, 1):
            return run, run.killed or f"exit {run.rc}"
        rows = _output_rows(tmp / "out.jsonl")
        if isinstance(rows, str):
            return run, rows
        swallowed = [r["id"] for r in rows if r["status"] == "ok" and r["summary"] and "\nc," in (r["summary"] or "")]
        ok_ids = [r["id"] for r in rows if r["status"] == "ok"]
        if swallowed or "b" in ok_ids or run.rc == 0 and not any(r["status"] == "error" for r in rows):
            return run, f"ok rows {ok_ids}: a record swallowed the ones after it"
        return run, None

    @probe("30 MB HTML page of short elements", "15")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        body = "".join(f"<p>{line}</p>" for line in article.splitlines() if line.strip())
        unit = '<div class="c"><a href="/x">رابط</a></div>\n'
        pad = unit * (30 * 1000 * 1000 // len(unit.encode()))
        (tmp / "p.html").write_text(f"<html><body><article>{body}</article>{pad}</body></html>", encoding="utf-8")
        run = run_cli(["summarize", "p.html"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("2 MB HTML page of 85,000 short elements", "15")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        body = "".join(f"<p>{line}</p>" for line in article.splitlines() if line.strip())
        pad = '<div class="c"><a href="/x">رابط</a></div>\n' * 42000
        (tmp / "p.html").write_text(f"<html><body><article>{body}</article>{pad}</body></html>", encoding="utf-8")
        run = run_cli(["summarize", "p.html"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("text file of 200,000 unmatched “ and commas", "segmenter")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "a.txt").write_text(article + "\n" + "“ خبر، " * 100_000 + "\n" + "،" * 200_000, encoding="utf-8")
        run = run_cli(["summarize", "a.txt"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("15 MB Arabic article file (under the 16 MiB limit)", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        (tmp / "a.txt").write_text((article + "\n") * (15 * 1000 * 1000 // len(article.encode())), encoding="utf-8")
        run = run_cli(["summarize", "a.txt"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("JSONL.gz expanding to 1 GB of zeros, then good rows", "3")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        import gzip

        with gzip.open(tmp / "in.jsonl.gz", "wb", compresslevel=1) as handle:
            handle.write((json.dumps(good[0], ensure_ascii=False) + "\n").encode())
            block = b"\0" * (1 << 20)
            for _ in range(1024):
                handle.write(block)
            handle.write(b"\n" + (json.dumps(good[1], ensure_ascii=False) + "\n").encode())
        run = run_cli(["batch", "in.jsonl.gz", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 3, 1)

    @probe("CSV with a quote opened and never closed, 10 MB after it", "12")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        line = article.splitlines()[0]
        rows = "".join(f'r{i},"{"x " * 25_000}"\n' for i in range(200))  # 10 MB; refused fast (no Arabic)
        (tmp / "in.csv").write_text(f'id,text\nfirst,"{line}\n' + rows + f"last,{line}\n", encoding="utf-8")
        run = run_cli(["batch", "in.csv", "-o", "out.jsonl", "--workers", "1"], src=src, cwd=tmp)
        return run, expect_rows(run, tmp / "out.jsonl", 202, 201)

    @probe("HTML page nested 100,000 divs deep", "15")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        body = "".join(f"<p>{line}</p>" for line in article.splitlines() if line.strip())
        (tmp / "p.html").write_text("<html><body>" + "<div>" * 100_000 + body + "</div>" * 100_000 + "</body></html>",
                                    encoding="utf-8")
        run = run_cli(["summarize", "p.html"], src=src, cwd=tmp)
        return run, expect_summary_or_error(run)

    @probe("HTML page of 12 MB inline script", "15")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        body = "".join(f"<p>{line}</p>" for line in article.splitlines() if line.strip())
        script = "<script>var x = '" + "<b>" * 4_000_000 + "';</script>"
        (tmp / "p.html").write_text(f"<html><head>{script}</head><body><article>{body}</article></body></html>",
                                    encoding="utf-8")
        run = run_cli(["summarize", "p.html"], src=src, cwd=tmp)
        return run, expect_error(run)

    @probe("regex budget: every pattern on 1 MB hostile strings", "1, 2")
    def _(tmp: Path, src: Path) -> tuple[CliRun, str | None]:
        code = ("import sys; sys.path.insert(0, sys.argv[1]); from tests.property._regex_budget import run_budget; "
                "n, slow = run_budget(size=1_000_000, limit_s=10.0); print(n, 'cases'); "
                "[print(s) for s in slow]; sys.exit(1 if slow else 0)")
        run = run_cli(f"{sys.executable} -c \"{code}\" {REPO}", src=src, cwd=tmp, time_limit=600,
                      memory_limit=4 * CLI_MEMORY_LIMIT)
        return run, None if run.rc == 0 else (run.killed or run.stdout.decode()[-500:])

    return probes


def cli_main(src: Path, *, only: str | None = None, json_path: Path | None = None) -> int:
    """Run the command-line probes against the mujaz in ``src``; print a table; 0 when all pass."""
    results = []
    print(f"| row | probe | exit | seconds | peak MB | result |\n|---|---|---|---|---|---|")
    for name, (row, fn) in cli_probes().items():
        if only and only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="mujaz-hostile-") as folder:
            run, failure = fn(Path(folder), src.resolve())
        result = "ok" if failure is None else f"FAIL: {failure}"
        results.append({"row": row, "probe": name, "rc": run.rc, "seconds": round(run.seconds, 2),
                        "peak_mb": round(run.peak / MiB), "failure": failure, "stderr": run.stderr[-300:]})
        print(f"| {row} | {name} | {run.rc} | {run.seconds:.2f} | {run.peak / MiB:.0f} | {result} |", flush=True)
    failed = sum(1 for r in results if r["failure"] is not None)
    print(f"\n{len(results)} probes, {failed} failed")
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", action="store_true",
                        help="run the command-line and batch probes (no server) instead; see cli_main")
    parser.add_argument("--src", type=Path, default=REPO / "src",
                        help="with --cli: the mujaz source tree to probe (another checkout's src/ for a baseline)")
    parser.add_argument("--only", help="with --cli: run only the probes whose name contains this")
    parser.add_argument("--url", help="attack this running server instead of starting one")
    parser.add_argument("--concurrency", type=int, default=16, help="hostile requests in flight at once")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--rows", action="store_true", help="run issue 10's service rows instead, with timings and memory")
    args = parser.parse_args(argv)
    if args.cli:
        return cli_main(args.src, only=args.only, json_path=args.json)

    proc = None
    log_path = None
    url = args.url
    if url is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        log_path = Path(tempfile.mkdtemp()) / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "mujaz", "serve", "--port", str(port), "--timeout", "5",
                                     "--no-access-log", "--log-level", "warning"],
                                    cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    import httpx

    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)
    if args.rows:
        try:
            table = asyncio.run(issue_rows(url, proc.pid if proc is not None else None))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
        for row in table:
            print(json.dumps(row, ensure_ascii=False))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(table, indent=2, ensure_ascii=False), encoding="utf-8")
        return 0
    try:
        report = asyncio.run(run(url, args.concurrency))
        health = httpx.get(url + "/healthz", timeout=10)
        summary = httpx.post(url + "/v1/summarize", json={"text": ARTICLE}, timeout=10)
        report["healthy_after"] = health.status_code == 200 and summary.status_code == 200
        report["alive_after"] = proc is None or proc.poll() is None
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    log_text = log_path.read_text(encoding="utf-8", errors="replace") if log_path else ""
    report["tracebacks_in_log"] = log_text.count("Traceback")

    five_xx = {name: {k: v for k, v in outcomes.items() if k.startswith("5")}
               for name, outcomes in report["results"].items()}
    five_xx = {k: v for k, v in five_xx.items() if v}
    probe = report.pop("probe")
    latencies = sorted(s for s, _ in probe)
    probe_failures = sum(1 for _, status in probe if status != 200)
    report["probe_during_slow_clients"] = {
        "rounds": len(probe), "failures": probe_failures,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "median_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
    }
    report["five_xx"] = five_xx

    print("| case | requests | outcomes |")
    print("|---|---|---|")
    for name, outcomes in report["results"].items():
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))
        print(f"| {name} | {sum(outcomes.values())} | {shown} |")
    total = sum(sum(v.values()) for v in report["results"].values())
    print(f"\n{total} hostile requests; 5xx answers: {sum(sum(v.values()) for v in five_xx.values())}")
    print(f"health + summary probe while slow clients hung on: {report['probe_during_slow_clients']}")
    print(f"healthy after: {report['healthy_after']}; process alive: {report['alive_after']}; "
          f"tracebacks in server log: {report['tracebacks_in_log']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    ok = not five_xx and report["healthy_after"] and report["alive_after"] and not report["tracebacks_in_log"] \
        and probe_failures == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
