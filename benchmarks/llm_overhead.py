"""What mujaz's LLM layer costs per article, and what concurrency buys against a slow server.

1. Overhead per article, the server's time excluded: building the prompt and the request
   body (JSON-encoded as sent), parsing the answer, checking every part, and (with the
   cache on) the cache key. Measured in-process on real dev articles, with the answer a
   faithful server would give. Target: under 5 ms.
2. The same path end to end over loopback HTTP to the test server answering at once
   (``faithful``): the client, the sockets and the server's own Python handler included.
3. 100 articles against the test server answering each request after 200 ms, one at a
   time and with ``map_llm`` at concurrency 8 and 16. Target: well under 100 x 200 ms.

Run from the repository root (about 40 s here):

    .venv/bin/python benchmarks/llm_overhead.py
    .venv/bin/python benchmarks/llm_overhead.py --json llm.json --articles 200

The checker is the test suite's word-level checker (``tests/llm/checker.py``) unless
``mujaz.check`` is installed, which is then timed too.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from mujaz.llm import (  # noqa: E402
    LLMAnswer,
    LLMBudgets,
    LLMSettings,
    LLMStats,
    answer_parts,
    build_messages,
    build_request,
    cache_key,
    map_llm,
    parse_answer,
    verify_parts,
)
from mujaz.llm.client import ChatClient  # noqa: E402
from tests.llm.checker import _known as word_check_memo  # noqa: E402
from tests.llm.checker import word_check  # noqa: E402
from tests.llm.server import FakeLLMServer, faithful_answer  # noqa: E402

# ../shared beside the checkout, or ../../shared for a worktree one level further down.
_CANDIDATES = [ROOT.parent / "shared" / "data" / "ant-bbc-dev.jsonl", ROOT.parent.parent / "shared" / "data" / "ant-bbc-dev.jsonl"]
DEFAULT_DATA = next((p for p in _CANDIDATES if p.is_file()), _CANDIDATES[0])
SEED = ROOT / "tests" / "data" / "seed-000_b246514b7acb9300.txt"


def load_articles(path: Path, limit: int) -> tuple[list[tuple[str, str | None]], str]:
    if path.is_file():
        rows = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                rows.append((record["text"], record.get("title")))
                if len(rows) == limit:
                    break
        return rows, f"{path.name} (first {len(rows)})"
    seed = SEED.read_text(encoding="utf-8")
    return [(f"{i}\n{seed}", None) for i in range(limit)], "the seed article (dev data not found)"


def clear_source_memo() -> None:
    word_check_memo.cache_clear()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def overhead(articles: list[tuple[str, str | None]], checkers: dict[str, Callable[..., Any]], repeat: int) -> dict[str, Any]:
    """Per-article milliseconds of each step, best of ``repeat`` passes per article."""
    budgets = LLMBudgets()
    contents = [json.dumps(faithful_answer(text), ensure_ascii=False) for text, _ in articles]
    steps: dict[str, list[float]] = {"prompt+request": [], "cache key": [], "parse": []}
    steps.update({f"check ({name})": [] for name in checkers})
    for (text, title), content in zip(articles, contents):
        best: dict[str, float] = {}
        for _ in range(repeat):
            t0 = time.perf_counter()
            body = build_request(build_messages(text, title=title, budgets=budgets), model="m", budgets=budgets)
            json.dumps(body, ensure_ascii=False).encode("utf-8")
            t1 = time.perf_counter()
            cache_key(model="m", prompt_version="llm-prompt.v1", text=text, title=title, budgets=budgets)
            t2 = time.perf_counter()
            headline, lead, points = parse_answer(content, budgets)
            t3 = time.perf_counter()
            answer = LLMAnswer(headline, lead, points, budgets)
            timings = {"prompt+request": t1 - t0, "cache key": t2 - t1, "parse": t3 - t2}
            source = f"{title}\n{text}" if title else text
            for name, checker in checkers.items():
                clear_source_memo()  # each pass pays for reading the source, as a first check does
                c0 = time.perf_counter()
                verify_parts(answer, source, checker)
                timings[f"check ({name})"] = time.perf_counter() - c0
            for key, value in timings.items():
                best[key] = min(best.get(key, value), value)
        for key, value in best.items():
            steps[key].append(value * 1000)
    report = {k: {"mean_ms": statistics.fmean(v), "p95_ms": percentile(v, 0.95), "max_ms": max(v)} for k, v in steps.items()}
    for name in checkers:
        total = [sum(vals) for vals in zip(steps["prompt+request"], steps["cache key"], steps["parse"], steps[f"check ({name})"])]
        report[f"total with {name}"] = {"mean_ms": statistics.fmean(total), "p95_ms": percentile(total, 0.95), "max_ms": max(total)}
    return report


def loopback(articles: list[tuple[str, str | None]]) -> dict[str, float]:
    """Per-article milliseconds of answer_parts over HTTP to a server that answers at once."""
    with FakeLLMServer(api_key=None) as server:
        settings = LLMSettings(base_url=server.url, model="faithful")
        with ChatClient(settings) as client:
            for text, title in articles[:5]:  # warm the connection and the caches
                answer_parts(text, title=title, settings=settings, client=client, checker=word_check)
            times = []
            for text, title in articles:
                t0 = time.perf_counter()
                outcome = answer_parts(text, title=title, settings=settings, client=client, checker=word_check)
                times.append((time.perf_counter() - t0) * 1000)
                assert outcome.failure is None, outcome.failure
    return {"mean_ms": statistics.fmean(times), "p95_ms": percentile(times, 0.95)}


def concurrency(articles: list[tuple[str, str | None]], delay: float, levels: list[int]) -> dict[str, dict[str, float]]:
    """Wall seconds for the articles through map_llm at each concurrency level."""
    results = {}
    with FakeLLMServer(api_key=None, slow_seconds=delay) as server:
        settings = LLMSettings(base_url=server.url, model="slow", timeout=60)
        for level in levels:
            stats = LLMStats()
            t0 = time.perf_counter()
            outcomes = list(map_llm(articles, settings=settings, concurrency=level, checker=word_check, stats=stats))
            wall = time.perf_counter() - t0
            assert len(outcomes) == len(articles) and not stats.failed, stats.summary_line()
            results[f"concurrency {level}"] = {
                "wall_s": wall,
                "vs_sequential_ideal": wall / (len(articles) * delay),
                "requests": stats.requests,
                "tokens": stats.total_tokens,
            }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=300, help="articles for the overhead run (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per article; the best is kept (default 3)")
    parser.add_argument("--batch", type=int, default=100, help="articles for the concurrency run (default 100)")
    parser.add_argument("--delay", type=float, default=0.2, help="server answer time, seconds (default 0.2)")
    parser.add_argument("--levels", default="1,8,16", help="concurrency levels (default 1,8,16)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    articles, described = load_articles(args.data, max(args.articles, args.batch))
    checkers: dict[str, Callable[..., Any]] = {"word_check": word_check}
    if importlib.util.find_spec("mujaz.check") is not None:
        from mujaz.check import check  # type: ignore[import-not-found,unused-ignore]

        checkers["mujaz.check"] = check
    words = statistics.fmean(len(text.split()) for text, _ in articles[: args.articles])
    print(f"articles: {described}; {words:.0f} words on average")

    report: dict[str, Any] = {"data": described}
    report["overhead"] = overhead(articles[: args.articles], checkers, args.repeat)
    print("\noverhead per article, server time excluded (best of %d passes):" % args.repeat)
    for step, figures in report["overhead"].items():
        print(f"  {step:<24} mean {figures['mean_ms']:7.3f} ms   p95 {figures['p95_ms']:7.3f} ms   max {figures['max_ms']:7.3f} ms")

    report["loopback"] = loopback(articles[: min(args.articles, 100)])
    print(f"\nanswer_parts over loopback HTTP, server answering at once: mean {report['loopback']['mean_ms']:.2f} ms, "
          f"p95 {report['loopback']['p95_ms']:.2f} ms")

    levels = [int(x) for x in args.levels.split(",")]
    report["concurrency"] = concurrency(articles[: args.batch], args.delay, levels)
    ideal = args.batch * args.delay
    print(f"\n{args.batch} articles, server answering in {args.delay * 1000:.0f} ms ({ideal:.1f} s if one at a time):")
    for level, figures in report["concurrency"].items():
        print(f"  {level:<15} {figures['wall_s']:6.2f} s   ({figures['vs_sequential_ideal']:.3f} of {ideal:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
