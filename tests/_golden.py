"""Golden outputs: what mujaz writes for the bundled articles, kept in tests/golden/*.json.

A change to segmentation, scoring, the headline model or assembly that changes any output
shows up as a failing golden test with the difference. When the change is intended,
rewrite the files with ``.venv/bin/python scripts/update_golden.py`` and commit them with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mujaz import Summarizer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden"
SOURCES = sorted((ROOT / "samples").glob("*.txt")) + [ROOT / "tests" / "data" / "seed-000_b246514b7acb9300.txt"]


def _units(units: Any) -> list[dict[str, Any]]:
    return [{"start": u.span.start, "end": u.span.end, "sentence": u.sentence, "kind": u.kind} for u in units]


def golden_outputs(text: str) -> dict[str, Any]:
    """The lead, headline and points of ``text`` with the default options, and their source spans."""
    summary = Summarizer().summarize(text)
    return {
        "lead": summary.lead,
        "lead_units": _units(summary.units),
        "headline": summary.headline,
        "headline_units": _units(summary.headline_units),
        "points": [{"text": p.text, "section": p.section, "heading": p.heading, "units": _units(p.units)}
                   for p in summary.points],
        "settings": summary.settings,
    }


def golden_path(source: Path) -> Path:
    return GOLDEN_DIR / f"{source.stem}.json"
