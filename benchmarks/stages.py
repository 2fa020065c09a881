"""Where the time goes: each pipeline stage timed on its own, over the first dev articles.

For each article the stages run in order, exactly as :meth:`mujaz.Summarizer.summarize`
runs them: check the text, segment, features, score, lead assembly, headline, key points,
``to_dict()``. Reported per article (microseconds, mean), for a first pass (cold: the stem
memory empty) and a second pass (warm). Run: ``.venv/bin/python benchmarks/stages.py``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ant-bbc-dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    with args.data.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.limit), handle)]

    from mujaz.api import check_text
    from mujaz.assembly import Draft
    from mujaz.config import SummaryConfig
    from mujaz.features import compute_features
    from mujaz.methods import get_method
    from mujaz.outputs import Outputs
    from mujaz.segment import segment

    started = time.perf_counter()
    method = get_method("news")
    load_s = time.perf_counter() - started
    config = SummaryConfig(max_words=25)
    stages = ("check", "segment", "features", "score", "lead", "headline", "points")
    for label in ("cold", "warm"):
        spent = dict.fromkeys(stages, 0.0)
        for text in texts:
            t0 = time.perf_counter()
            check_text(text)
            t1 = time.perf_counter()
            article = segment(text, clauses=False)
            t2 = time.perf_counter()
            features = compute_features(article)
            t3 = time.perf_counter()
            scores = method.scorer.score(article, features)
            t4 = time.perf_counter()
            outputs = Outputs(Draft(article, features, scores), config, method)
            outputs.lead_units
            t5 = time.perf_counter()
            outputs.headline_units
            t6 = time.perf_counter()
            outputs.points
            t7 = time.perf_counter()
            for stage, (a, b) in zip(stages, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t6, t7))):
                spent[stage] += b - a
        total = sum(spent.values())
        print(f"{label}: {len(texts)} articles, {1e6 * total / len(texts):.0f} us each (lead + headline + points)")
        for stage in stages:
            print(f"  {stage:<9} {1e6 * spent[stage] / len(texts):8.0f} us  {spent[stage] / total:6.1%}")
    print(f"method resources loaded once: {1e3 * load_s:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
