#!/usr/bin/env python
"""Batch benchmark: ``mujaz batch`` throughput with 1 and 2 workers, peak memory at 10k and
100k articles, and a Dask LocalCluster beside the local runner, all in one run.

Run from the repository root::

    .venv/bin/python benchmarks/batch.py                    # 4 to 8 minutes on 2 cores
    .venv/bin/python benchmarks/batch.py --quiet-load 0.8   # on a shared machine: wait for quiet
    .venv/bin/python benchmarks/batch.py --json batch.json
    .venv/bin/python benchmarks/batch.py --quick            # small sizes, a smoke test
    .venv/bin/python benchmarks/batch.py --help

Input
-----

A JSONL file of ``--big`` (default 100,000) articles built from the dev set
(``../shared/data/ant-bbc-dev.jsonl``, 2,615 BBC Arabic articles, ~4.4 KB of UTF-8 text each):
the dev set is repeated, each copy shuffled with a seeded RNG, and every record gets a new
id (``<id>~<copy>``) so ids stay unique. The ``--small`` (10k) and ``--speed-docs`` inputs are
the first lines of the same file. Records carry ``id``, ``title`` and ``text``; summaries use
the defaults (method news, a lead of at most 60 words).

What is measured
----------------

1. **Throughput**: ``mujaz batch IN -o OUT --workers W`` as a child process, for W = 1 and 2,
   on the first ``--speed-docs`` (default 20,000) articles. docs/s = articles / wall time of
   the whole command (start-up, reading, summarizing, writing). ``--repeat`` passes (default
   3), each running W = 1 then W = 2; the report gives every pass, the median of the per-pass
   ratios and each setting's best pass. CPU time of the whole process tree (runner and
   workers) comes from ``wait4``'s resource usage.
2. **Machine capacity**: the machine is shared, so before each pass the script times a
   pure-Python CPU loop in one process and two loops in two processes at once: 2 × (one
   loop) / (two loops) is the speed-up two workers could get at best at that moment (2.00
   on two idle cores). ``--quiet-load L`` waits before each pass until the 1-minute load
   average is below L.
3. **Memory**: ``--workers 2`` on the first 10,000 articles and on all ``--big``. Peak RSS is
   read from ``VmHWM`` in ``/proc/PID/status`` of the runner and of each worker process,
   polled every 50 ms while the command runs (``VmHWM`` is the process's own high-water
   mark, so polling does not miss peaks; ``ru_maxrss`` is not used because Linux carries a
   parent's high-water mark into children across fork+exec). Reported: the runner's peak,
   the largest worker's peak, and the sum over all processes (an upper bound of the whole
   run at any moment).
4. **Dask**: a ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
   host="127.0.0.1", dashboard_address=None)`` in this process, timed on the same
   ``--speed-docs`` input two ways: the ``mujaz batch --dask`` path (this process reads and
   writes, the cluster summarizes: :func:`mujaz.io.batch.run_batch` with the client's
   executor) and the ``dask.bag`` path (:func:`mujaz.distributed.summarize_bag` over
   ``dask.bag.read_text(...).map(json.loads)``, the workers read the file). The cluster's
   start-up is timed apart and not counted. CPU time: this process plus the workers'
   ``time.process_time()``.

numpy's BLAS is held to one thread (``OPENBLAS_NUM_THREADS=1`` and friends, set before numpy
loads, for this process and its children), as ``mujaz batch`` does for its own workers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "ant-bbc-dev.jsonl"


# --------------------------------------------------------------------------------------
# Data


def build_input(data: Path, count: int, path: Path, seed: int) -> Path:
    """``count`` articles: the dev set repeated, each copy shuffled, ids made unique."""
    records = []
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                r = json.loads(line)
                records.append({"id": r["id"], "title": r.get("title"), "text": r["text"]})
    rng = random.Random(seed)
    written = 0
    copy = 0
    with path.open("w", encoding="utf-8") as out:
        while written < count:
            order = list(range(len(records)))
            rng.shuffle(order)
            for i in order[: count - written]:
                record = dict(records[i], id=f"{records[i]['id']}~{copy}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += min(len(order), count - written)
            copy += 1
    return path


def head(path: Path, count: int, target: Path) -> Path:
    with path.open("rb") as src, target.open("wb") as dst:
        for i, line in enumerate(src):
            if i >= count:
                break
            dst.write(line)
    return target


# --------------------------------------------------------------------------------------
# Machine capacity


def _burn(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def capacity(n: int = 6_000_000) -> dict[str, float]:
    """How much faster two processes get through two loops than one process (2.0 = ideal)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    one = _burn(n)
    with ctx.Pool(2) as pool:
        pool.map(_burn, [1000, 1000])  # start-up out of the timing
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        two = time.perf_counter() - start
    return {"one_loop_s": one, "two_loops_in_parallel_s": two, "parallel_speedup": 2 * one / two}


def wait_for_quiet(load: float, timeout: float) -> None:
    """Wait until the 1-minute load average drops below ``load`` (or ``timeout`` passes)."""
    deadline = time.monotonic() + timeout
    while os.getloadavg()[0] >= load and time.monotonic() < deadline:
        time.sleep(5)


# --------------------------------------------------------------------------------------
# Runs


def _vmhwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            direct = [int(p) for p in handle.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []
    found = list(direct)
    for child in direct:
        found.extend(_children(child))
    return found


_RATE = re.compile(r"\(([\d,.]+) docs/s\)")


def run_cli(source: Path, output: Path, workers: int, extra: list[str] | None = None) -> dict[str, Any]:
    """Run ``mujaz batch`` as a child: wall time, CPU time of the process tree, peak RSS."""
    command = [sys.executable, "-m", "mujaz", "batch", str(source), "-o", str(output), "--workers", str(workers),
               "--progress", "never", "--overwrite", *(extra or [])]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    while True:
        # wait4 rather than poll: its rusage counts the child and the workers it reaped.
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        for member in [process.pid, *_children(process.pid)]:
            kb = _vmhwm_kb(member)
            if kb is not None:
                peaks[member] = max(peaks.get(member, 0), kb)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    stderr = process.stderr.read() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    match = _RATE.search(stderr)
    main_kb = peaks.pop(process.pid, 0)
    # The resource tracker is a child too; it is small, and counts in the sum like the rest.
    others = sorted(peaks.values(), reverse=True)
    docs = sum(1 for _ in output.open("rb"))
    return {
        "workers": workers, "docs": docs, "wall_s": wall, "docs_per_s": docs / wall,
        "cpu_s": cpu, "cpu_ms_per_doc": 1000 * cpu / docs,
        "runner_reported_docs_per_s": float(match.group(1).replace(",", "")) if match else None,
        "peak_rss_runner_mb": main_kb / 1024, "peak_rss_largest_worker_mb": (others[0] / 1024) if others else 0.0,
        "peak_rss_sum_mb": (main_kb + sum(others)) / 1024, "child_processes": len(others),
        "load_before": load_before, "report": stderr.strip().splitlines()[0] if stderr.strip() else "",
    }


def run_dask(source: Path, output: Path, docs: int) -> dict[str, Any]:
    """The same input on a 2-process LocalCluster, through run_batch and through dask.bag."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from mujaz.distributed import summarize_bag
    from mujaz.io.batch import run_batch

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster, set_as_default=False)
    try:
        client.run(lambda: __import__("mujaz").__version__)
        startup = time.perf_counter() - start
        results: dict[str, Any] = {"cluster_startup_s": startup}

        def cpu() -> float:
            # This process (the --dask path reads and writes here) plus every worker process.
            return time.process_time() + sum(client.run(time.process_time).values())

        load_before = os.getloadavg()[0]
        cpu_before, start = cpu(), time.perf_counter()
        report = run_batch(source, output, executor=client.get_executor(pure=False), executor_slots=2,
                           overwrite=True)
        wall = time.perf_counter() - start
        used = cpu() - cpu_before
        results["run_batch_executor"] = {"docs": report.written, "wall_s": wall, "docs_per_s": report.written / wall,
                                         "cpu_s": used, "cpu_ms_per_doc": 1000 * used / report.written,
                                         "failed": report.failed, "load_before": load_before}

        load_before = os.getloadavg()[0]
        cpu_before, start = cpu(), time.perf_counter()
        # ~4.4 KB per article: 4 MB blocks give partitions of ~900 articles.
        bag = db.read_text(str(source), blocksize="4MB").map(json.loads)
        statuses = client.compute(summarize_bag(bag).pluck("status").frequencies()).result()
        wall = time.perf_counter() - start
        used = cpu() - cpu_before
        counted = sum(n for _, n in statuses)
        results["dask_bag"] = {"docs": counted, "wall_s": wall, "docs_per_s": counted / wall,
                               "cpu_s": used, "cpu_ms_per_doc": 1000 * used / counted,
                               "statuses": dict(statuses), "partitions": bag.npartitions, "load_before": load_before}
        assert counted == docs, (counted, docs)
    finally:
        client.close()
        cluster.close()
    return results


# --------------------------------------------------------------------------------------
# Report


def markdown(result: dict[str, Any]) -> str:
    speed = result["throughput"]
    one, two = speed["1"], speed["2"]
    lines = [
        f"Throughput input: the first {result['speed_docs']:,} articles; memory runs: "
        f"{' and '.join(format(m['docs'], ',') for m in result['memory'])} articles.",
        "",
        "| run | docs | wall s | docs/s | CPU ms/doc | peak RSS runner MB | largest worker MB | sum MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("local, `--workers 1` (best pass)", one), ("local, `--workers 2` (best pass)", two)]
    rows += [(f"local, `--workers 2`, {m['docs']:,} articles", m) for m in result["memory"]]
    for name, r in rows:
        lines.append(f"| {name} | {r['docs']:,} | {r['wall_s']:.1f} | {r['docs_per_s']:,.1f} | {r['cpu_ms_per_doc']:.2f} | "
                     f"{r['peak_rss_runner_mb']:.0f} | {r['peak_rss_largest_worker_mb']:.0f} | {r['peak_rss_sum_mb']:.0f} |")
    dask = result.get("dask")
    if dask:
        for key, name in (("run_batch_executor", "Dask LocalCluster 2×1, `--dask` path"),
                          ("dask_bag", "Dask LocalCluster 2×1, `dask.bag` path")):
            r = dask[key]
            lines.append(f"| {name} | {r['docs']:,} | {r['wall_s']:.1f} | {r['docs_per_s']:,.1f} | "
                         f"{r['cpu_ms_per_doc']:.2f} | – | – | – |")
    lines += ["", "| pass | machine's parallel capacity | `--workers 1` docs/s | `--workers 2` docs/s | 2 / 1 |",
              "|---:|---:|---:|---:|---:|"]
    for i, p in enumerate(result["passes"], 1):
        r1, r2 = p["1"]["docs_per_s"], p["2"]["docs_per_s"]
        lines.append(f"| {i} | {p['capacity']['parallel_speedup']:.2f}× | {r1:,.1f} | {r2:,.1f} | {r2 / r1:.2f}× |")
    ratios = sorted(p["2"]["docs_per_s"] / p["1"]["docs_per_s"] for p in result["passes"])
    median = ratios[len(ratios) // 2] if len(ratios) % 2 else sum(ratios[len(ratios) // 2 - 1 : len(ratios) // 2 + 1]) / 2
    lines += [
        "",
        f"- speed-up, 2 workers / 1 worker: median of the passes **{median:.2f}×**, best pass / best pass "
        f"{two['docs_per_s'] / one['docs_per_s']:.2f}× (target ≥ 1.7×); parallel capacity: two CPU-bound loops at "
        f"once vs one, 2.00× on two idle cores",
        f"- CPU per article: {one['cpu_ms_per_doc']:.2f} ms with 1 worker, {two['cpu_ms_per_doc']:.2f} ms with 2 "
        f"(runner and workers together)",
    ]
    if dask:
        lines.append(f"- Dask cluster start-up (not counted): {dask['cluster_startup_s']:.1f} s")
    if not result["memory"]:
        return "\n".join(lines)
    small, big = result["memory"][0], result["memory"][-1]
    lines.append(f"- peak RSS, {big['docs']:,} vs {small['docs']:,} articles: runner {big['peak_rss_runner_mb']:.0f} vs "
                 f"{small['peak_rss_runner_mb']:.0f} MB, largest worker {big['peak_rss_largest_worker_mb']:.0f} vs "
                 f"{small['peak_rss_largest_worker_mb']:.0f} MB, sum {big['peak_rss_sum_mb']:.0f} vs "
                 f"{small['peak_rss_sum_mb']:.0f} MB (target < 500 MB, flat)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev JSONL (default: %(default)s)")
    parser.add_argument("--big", type=int, default=100_000, help="articles in the big input (default: 100000)")
    parser.add_argument("--small", type=int, default=10_000, help="articles in the small memory run (default: 10000)")
    parser.add_argument("--speed-docs", type=int, default=20_000, help="articles for throughput (default: 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="throughput passes per setting (default: 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-memory", action="store_true", help="no 10k/100k memory runs")
    parser.add_argument("--quiet-load", type=float, default=None, metavar="L",
                        help="before each throughput pass, wait (up to --quiet-wait s) until the 1-minute load "
                             "average is below L: the machine is shared")
    parser.add_argument("--quiet-wait", type=float, default=300)
    parser.add_argument("--skip-big", action="store_true", help="memory run on the small input only")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, not a measurement")
    parser.add_argument("--workdir", type=Path, help="where inputs and outputs go (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.big, args.small, args.speed_docs, args.repeat = 3000, 1000, 1500, 1
    if not args.data.exists():
        parser.error(f"{args.data} not found; give --data")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mujaz-batch-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"building inputs in {workdir} ...", file=sys.stderr)
        big = build_input(args.data, args.big, workdir / f"articles-{args.big}.jsonl", args.seed)
        small = head(big, args.small, workdir / f"articles-{args.small}.jsonl")
        speed_input = head(big, args.speed_docs, workdir / f"articles-{args.speed_docs}.jsonl")
        out = workdir / "out.jsonl"
        result: dict[str, Any] = {
            "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "speed_docs": args.speed_docs, "big_docs": args.big,
        }
        best: dict[str, dict[str, Any]] = {}
        passes = []
        for rep in range(args.repeat):
            if args.quiet_load is not None:
                wait_for_quiet(args.quiet_load, args.quiet_wait)
            cap = capacity()
            print(f"pass {rep + 1}: parallel capacity now {cap['parallel_speedup']:.2f}x", file=sys.stderr)
            pair = {"capacity": cap}
            for workers in (1, 2):
                r = run_cli(speed_input, out, workers)
                print(f"  --workers {workers}: {r['docs_per_s']:,.1f} docs/s, {r['cpu_ms_per_doc']:.2f} CPU ms/doc",
                      file=sys.stderr)
                pair[str(workers)] = r
                if str(workers) not in best or r["docs_per_s"] > best[str(workers)]["docs_per_s"]:
                    best[str(workers)] = r
            passes.append(pair)
        result["throughput"] = best
        result["passes"] = passes
        result["capacity"] = max((p["capacity"] for p in passes), key=lambda c: c["parallel_speedup"])
        result["memory"] = []
        for source in [] if args.skip_memory else ([small] if args.skip_big else [small, big]):
            print(f"memory: --workers 2 on {source.name} ...", file=sys.stderr)
            r = run_cli(source, out, 2)
            print(f"  {r['docs_per_s']:,.1f} docs/s, runner {r['peak_rss_runner_mb']:.0f} MB, "
                  f"worker {r['peak_rss_largest_worker_mb']:.0f} MB", file=sys.stderr)
            result["memory"].append(r)
        if not args.skip_dask:
            print("dask LocalCluster ...", file=sys.stderr)
            result["dask"] = run_dask(speed_input, workdir / "dask-out.jsonl", args.speed_docs)
        print(markdown(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
