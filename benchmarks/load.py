#!/usr/bin/env python
"""Load benchmark of the HTTP service: concurrent clients posting dev articles on loopback.

Run from the repository root::

    .venv/bin/python benchmarks/load.py                        # 50 clients x 60 s, 1 then 2 workers
    .venv/bin/python benchmarks/load.py --workers 1 --duration 10
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000   # an already running server
    .venv/bin/python benchmarks/load.py --json benchmarks/out/load.json

For each ``--workers`` value it starts ``mujaz serve --workers N`` on a free loopback port
(no access log), waits for ``/healthz``, warms up, and then runs ``--clients`` clients for
``--duration`` seconds. Each client is its own ``httpx.AsyncClient`` with one keep-alive
connection and posts ``{"text": ..., "max_words": 60}`` to ``/v1/summarize`` in a closed
loop (next request as soon as the answer is in), cycling through the dev articles from a
different starting point. A request counts as an error unless it gets a 200 with a
non-empty summary; each error is reported by status or exception.

The bound is on both sides: the run stops after ``--duration`` seconds, every request
has a ``--request-timeout``, and the server listens on 127.0.0.1 only.

Note: clients and server share this machine's cores, so the figures are a floor for the
server alone; ``--client-processes`` spreads the clients over several processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ant-bbc-dev.jsonl"


def load_articles(path: Path, limit: int | None) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                title, text = record.get("title"), record["text"]
                texts.append(f"{title}\n{text}" if title else text)
                if limit and len(texts) >= limit:
                    break
    return texts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workers: int, port: int, extra: list[str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    command = [sys.executable, "-m", "mujaz", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--no-access-log", "--log-level", "warning", *extra]
    return subprocess.Popen(command, cwd=REPO, env=env)


def wait_healthy(url: str, proc: subprocess.Popen | None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} not healthy after {timeout:g} s")


async def _client(url: str, bodies: list[bytes], start: int, stop_at: float, timeout: float,
                  latencies: list[float], errors: Counter) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as http:
        i = start
        while time.perf_counter() < stop_at:
            body = bodies[i % len(bodies)]
            i += 1
            began = time.perf_counter()
            try:
                response = await http.post("/v1/summarize", content=body, headers=headers)
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] += 1
                continue
            elapsed = time.perf_counter() - began
            if response.status_code != 200:
                errors[f"HTTP {response.status_code}"] += 1
            elif not response.json().get("text"):
                errors["empty summary"] += 1
            else:
                latencies.append(elapsed)


async def _run_clients(url: str, bodies: list[bytes], clients: int, first: int, duration: float,
                       timeout: float) -> tuple[list[float], Counter, float]:
    latencies: list[float] = []
    errors: Counter = Counter()
    started = time.perf_counter()
    stop_at = started + duration
    step = max(1, len(bodies) // max(clients, 1))
    await asyncio.gather(*(_client(url, bodies, (first + c) * step, stop_at, timeout, latencies, errors)
                           for c in range(clients)))
    return latencies, errors, time.perf_counter() - started


def _client_process(args: tuple) -> tuple[list[float], dict, float]:
    url, bodies, clients, first, duration, timeout = args
    latencies, errors, wall = asyncio.run(_run_clients(url, bodies, clients, first, duration, timeout))
    return latencies, dict(errors), wall


def run_load(url: str, bodies: list[bytes], *, clients: int, duration: float, timeout: float,
             processes: int) -> dict[str, Any]:
    if processes <= 1:
        latencies, errors, wall = asyncio.run(_run_clients(url, bodies, clients, 0, duration, timeout))
    else:
        shares = [clients // processes + (1 if p < clients % processes else 0) for p in range(processes)]
        firsts = [sum(shares[:p]) for p in range(processes)]
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            parts = pool.map(_client_process, [(url, bodies, n, f, duration, timeout) for n, f in zip(shares, firsts, strict=True)])
        latencies = [x for part in parts for x in part[0]]
        errors = Counter()
        for part in parts:
            errors.update(part[1])
        wall = max(part[2] for part in parts)
    latencies.sort()

    def pct(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "clients": clients, "duration_s": round(wall, 2), "requests_ok": len(latencies),
        "errors": sum(errors.values()), "errors_by_kind": dict(errors),
        "requests_per_s": round(len(latencies) / wall, 1),
        "latency_ms": {"mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
                       "p50": round(pct(0.50), 1), "p95": round(pct(0.95), 1), "p99": round(pct(0.99), 1),
                       "max": round(latencies[-1] * 1000, 1) if latencies else None},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of articles (field text)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run (default: 60)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="uvicorn worker counts to run")
    parser.add_argument("--client-processes", type=int, default=1, help="processes the clients are spread over")
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--url", help="load this running server instead of starting one")
    parser.add_argument("--server-arg", action="append", default=[], help="extra argument for mujaz serve")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    texts = load_articles(args.data, args.limit)
    bodies = [json.dumps({"text": t, "max_words": 60}, ensure_ascii=False).encode("utf-8") for t in texts]
    chars = [len(t) for t in texts]
    print(f"{len(texts)} articles, {statistics.fmean(chars):.0f} characters on average; "
          f"{args.clients} clients for {args.duration:g} s per run", flush=True)
    runs = []
    for workers in ([None] if args.url else args.workers):
        proc = None
        url = args.url
        if url is None:
            url = f"http://127.0.0.1:{free_port()}"
            proc = start_server(workers, int(url.rsplit(":", 1)[1]), args.server_arg)
        try:
            wait_healthy(url, proc)
            if args.warmup > 0:
                run_load(url, bodies, clients=args.clients, duration=args.warmup, timeout=args.request_timeout,
                         processes=args.client_processes)
            result = run_load(url, bodies, clients=args.clients, duration=args.duration,
                              timeout=args.request_timeout, processes=args.client_processes)
            result["workers"] = workers
            healthy = httpx.get(url + "/healthz", timeout=5).status_code == 200
            result["healthy_after"] = healthy
            runs.append(result)
            print(json.dumps(result), flush=True)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)

    print()
    print("| workers | clients | duration | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        lat = r["latency_ms"]
        print(f"| {r['workers'] or '?'} | {r['clients']} | {r['duration_s']:.0f} s | {r['requests_per_s']} | "
              f"{lat['p50']} | {lat['p95']} | {lat['p99']} | {lat['max']} | {r['errors']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {"python": platform.python_version(), "cpus": os.cpu_count(), "articles": len(texts),
                "mean_chars": round(statistics.fmean(chars))}
        args.json.write_text(json.dumps({"meta": meta, "runs": runs}, indent=2), encoding="utf-8")
    return 1 if any(r["errors"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
