"""What the outlet conventions remove, per outlet of the dev data, and why.

For each outlet (a record's ``source``) it counts the paragraphs whose dateline or byline
mujaz drops (by form: ``(TAG)`` with a place, ``(TAG)`` alone, ``PLACE - SOURCE``), the
boilerplate lines that yield no sentence (by kind: opinion disclaimer, "read also",
caption or credit line, social embed) and the hashtags written as words, with a few
examples of each. Everything is read from the dev files; nothing is fitted.

    .venv/bin/python benchmarks/conventions.py [--data-dir ../shared/data] [--examples 2]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mujaz.conventions import hashtag_spans, shipped_conventions
from mujaz.evaluation.data import read_records
from mujaz.segment import segment
from mujaz.types import BlockKind, Span

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FILES = ("ant-multi-dev.jsonl", "ant-bbc-dev.jsonl", "marsum-dev.jsonl")


def _dateline_form(prefix: str) -> str:
    if "(" in prefix:
        return "(SOURCE) after a place" if prefix.lstrip()[:1] != "(" else "(SOURCE) alone"
    return "PLACE - [SOURCE -]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--examples", type=int, default=2, help="examples per outlet and kind (default: 2)")
    args = parser.parse_args(argv)
    paths = [args.data_dir / name for name in FILES if (args.data_dir / name).is_file()]
    if not paths:
        print(f"no dev data in {args.data_dir}", file=sys.stderr)
        return 1
    conventions = shipped_conventions()
    articles: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in paths:
        for record in read_records(path):
            outlet = record.source or path.stem
            articles[outlet] += 1
            text = record.text
            article = segment(text, clauses=False)
            opening = next((b.index for b in article.blocks if b.kind is BlockKind.PARAGRAPH), -1)
            for block in article.blocks:
                line = block.span.slice(text)
                if block.kind is BlockKind.BOILERPLATE:
                    kind = conventions.boilerplate_kind(line) or "read_also (related title)"
                    counts[outlet][f"boilerplate: {kind}"] += 1
                    examples[(outlet, f"boilerplate: {kind}")].append(line[:90])
                elif block.kind is BlockKind.PARAGRAPH:
                    end = conventions.dateline_end(text, block.span, opening=block.index == opening)
                    if end != block.span.start:
                        form = f"dateline: {_dateline_form(text[block.span.start:end])}"
                        counts[outlet][form] += 1
                        examples[(outlet, form)].append(text[block.span.start:end].strip())
            for _, _, words in hashtag_spans(text, Span(0, len(text))):
                counts[outlet]["hashtag as words"] += 1
                examples[(outlet, "hashtag as words")].append(words)
    print("| outlet | articles | removed or rewritten | count | examples |")
    print("|---|---:|---|---:|---|")
    for outlet in sorted(articles):
        first = True
        for kind, n in sorted(counts[outlet].items(), key=lambda kv: (-kv[1], kv[0])) or [("(nothing)", 0)]:
            shown = list(dict.fromkeys(examples[(outlet, kind)]))[: args.examples]
            cell = " · ".join(f"`{e}`" for e in shown).replace("|", "\\|")
            print(f"| {outlet if first else ''} | {articles[outlet] if first else ''} | {kind} | {n} | {cell} |")
            first = False
    return 0


if __name__ == "__main__":
    sys.exit(main())
