"""Speed as a user meets it: each system in a fresh process, the first articles, no warm-up.

``benchmarks/speed.py`` measures warmed-up throughput side by side in one process. This
script measures what a new user gets: every system runs in its own fresh Python process
(import, resource loading and the cold stem memory all count), over the first ``--limit``
articles of ant-bbc-dev, at 25 words. It reports the first pass (cold: what a one-shot
user pays) and a second pass in the same process (warm), best of ``--repeats`` processes.

Systems:

* ``summarize()``: ``mujaz.summarize(text, max_words=25)`` in a loop, the README's first
  example;
* ``Summarizer``: one ``Summarizer(max_words=25)`` reused;
* ``to_dict()``: the reused summarizer's ``summary.to_dict()`` (lead + headline + points,
  what batch, the service and ``--format json`` compute);
* ``sumy-lexrank``: sumy's LexRank as sumy ships for Arabic (1 sentence; see speed.py).

Run it from the repository: ``.venv/bin/python benchmarks/oneshot.py``; give
``--src DIR`` to time another checkout's ``src`` (the before/after table of a change).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ant-bbc-dev.jsonl"

_CHILD = r'''
import json, sys, time
started = time.perf_counter()
system, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, encoding="utf-8") as handle:
    texts = [json.loads(line)["text"] for _, line in zip(range(limit), handle)]
loaded = time.perf_counter()
if system == "sumy-lexrank":
    sys.path.insert(0, sys.argv[4])
    from speed import make_sumy
    run = make_sumy("builtin")
else:
    import mujaz
    if system == "summarize()":
        run = lambda text: mujaz.summarize(text, max_words=25).text
    else:
        summarizer = mujaz.Summarizer(max_words=25)
        if system == "Summarizer":
            run = lambda text: summarizer.summarize(text).text
        else:
            run = lambda text: summarizer.summarize(text).to_dict()
imported = time.perf_counter()
passes = []
for _ in range(2):
    begin = time.perf_counter()
    for text in texts:
        run(text)
    passes.append(time.perf_counter() - begin)
print(json.dumps({"import_s": imported - loaded, "cold_s": passes[0], "warm_s": passes[1], "n": len(texts)}))
'''

SYSTEMS = ("summarize()", "Summarizer", "to_dict()", "sumy-lexrank")


def run_system(system: str, data: Path, limit: int, src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", _CHILD, system, str(data), str(limit), str(ROOT / "benchmarks")],
                          capture_output=True, text=True, env=env, check=True, timeout=1800)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2, help="fresh processes per system (best is kept)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the src folder to time")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    for repeat in range(args.repeats):
        for system in SYSTEMS:  # interleaved, so that machine noise hits every system alike
            figures = run_system(system, args.data, args.limit, args.src)
            best = results.get(system)
            if best is None or figures["cold_s"] < best["cold_s"]:
                results[system] = {**figures, "warm_s": min(figures["warm_s"], (best or figures)["warm_s"])}
    sumy = results["sumy-lexrank"]
    reused = results["Summarizer"]
    print(f"{args.limit} articles from {args.data.name}, 25 words, each system in a fresh process, "
          f"best of {args.repeats} ({time.strftime('%Y-%m-%d %H:%M')})")
    print(f"{'system':<14} {'import s':>8} {'cold docs/s':>12} {'warm docs/s':>12} {'cold x sumy':>12} "
          f"{'warm x sumy':>12} {'cold x reused':>14}")
    for system in SYSTEMS:
        r = results[system]
        cold, warm = r["n"] / r["cold_s"], r["n"] / r["warm_s"]
        print(f"{system:<14} {r['import_s']:8.2f} {cold:12.1f} {warm:12.1f} {sumy['cold_s'] / r['cold_s']:12.1f} "
              f"{sumy['warm_s'] / r['warm_s']:12.1f} {reused['cold_s'] / r['cold_s']:14.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
