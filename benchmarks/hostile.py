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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="attack this running server instead of starting one")
    parser.add_argument("--concurrency", type=int, default=16, help="hostile requests in flight at once")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--rows", action="store_true", help="run issue 10's service rows instead, with timings and memory")
    args = parser.parse_args(argv)

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
