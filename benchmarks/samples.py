"""Write benchmarks/samples.md: mujaz's headline, lead and outline beside the editor's title.

Twenty articles from each dev set (a fixed, seeded choice: ``random.Random(SEED)``), so a
reader can judge what mujaz writes. Run from the repository root (needs ../shared/data):

    .venv/bin/python benchmarks/samples.py            # writes benchmarks/samples.md
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import mujaz
from mujaz.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data beside the checkout, or /work/shared/data for a worktree one level deeper.
DATA = next((p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data") if p.is_dir()),
            ROOT.parent / "shared" / "data")
SETS = ("ant-bbc-dev.jsonl", "ant-multi-dev.jsonl", "marsum-dev.jsonl")
PER_SET = 20
SEED = 11


def _cell(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def section(name: str, records: list[dict]) -> list[str]:
    lines = [f"## {name}", ""]
    for record in records:
        try:
            summary = mujaz.summarize(record["text"], style="outline")
        except InputError as exc:
            lines += [f"### {record['id']}", "", f"(skipped: {exc})", ""]
            continue
        lines += [f"### {record['id']} ({record.get('source', '')})", "", '<div dir="rtl" lang="ar">', "",
                  "| | |", "|---|---|",
                  f"| editor's title | {_cell(record.get('title') or '—')} |",
                  f"| reference summary | {_cell(record.get('summary') or '—')} |",
                  f"| mujaz headline | {_cell(summary.headline)} |",
                  f"| mujaz lead | {_cell(summary.lead)} |", ""]
        lines.append("**mujaz outline**")
        lines.append("")
        for part in summary.outline:
            mark = "" if part.own_heading else " (cut)"
            lines += [f"- **{_cell(part.heading)}**{mark}: {_cell(part.point.text)}"]
        lines += ["", "</div>", ""]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "samples.md")
    args = parser.parse_args()
    lines = ["# mujaz samples: headline, lead and outline beside the editors'", "",
             f"Written by `benchmarks/samples.py`: {PER_SET} articles per dev set, chosen with "
             f"`random.Random({SEED})`; method `news`, default budgets (lead 60 words, headline 15, "
             "points 30 each). \"(cut)\" marks a subheading cut from the section's key sentence "
             "(the article had none there).", ""]
    for name in SETS:
        records = [json.loads(line) for line in (args.data / name).open(encoding="utf-8")]
        chosen = sorted(random.Random(SEED).sample(range(len(records)), PER_SET))
        lines += section(name, [records[i] for i in chosen])
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
