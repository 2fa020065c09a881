"""mujaz checks itself: every summary it writes is consistent with its source by mujaz.check.

Over real dev articles of every outlet (a fixed, seeded sample), for every style and at the
default and a tight budget: the lead, the headline (rewritten into headline syntax where
the sentence allows), each key point and the outline's subheadings are checked against the
article they came from. A rewrite that would drop a negation or a qualifier is refused by
construction (mujaz.compress.carries_meaning); this test is what shows the whole holds.
"""

from __future__ import annotations

import json
import random

import pytest

import mujaz
from mujaz.charset import ARABIC_LETTER
from tests._data import require_data

FILES = ("ant-bbc-dev.jsonl", "ant-multi-dev.jsonl", "marsum-dev.jsonl")
PER_FILE = 40


def _articles() -> list[tuple[str, str]]:
    chosen = []
    for name in FILES:
        with require_data(name).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        for row in random.Random(7).sample(rows, PER_FILE):
            chosen.append((f"{name}:{row['id']}", row["text"]))
    return chosen


@pytest.mark.slow
@pytest.mark.parametrize("max_words", [None, 25])
def test_self_every_output_is_consistent_with_its_source(max_words: int | None) -> None:
    problems = []
    for name, text in _articles():
        summary = mujaz.summarize(text, style="outline", max_words=max_words)
        parts = {"lead": summary.lead, "headline": summary.headline}
        parts.update({f"point {i}": p.text for i, p in enumerate(summary.points)})
        parts.update({f"heading {i}": s.heading for i, s in enumerate(summary.outline)})
        for part, written in parts.items():
            if ARABIC_LETTER.search(written) is None:  # a part in Latin letters or digits only
                continue
            result = mujaz.check(written, text)
            if not result.consistent:
                problems.append(f"{name} {part}: {written!r}: {[p.message for p in result.problems]}")
    assert not problems, f"{len(problems)} inconsistent outputs:\n" + "\n".join(problems[:10])
