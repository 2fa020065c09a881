"""Rewrite the golden outputs in tests/golden/ from the current code (see tests/_golden.py).

Run it only after a change that is meant to change mujaz's outputs, read the diff, and
commit the files with the change:

    .venv/bin/python scripts/update_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests._golden import GOLDEN_DIR, SOURCES, golden_outputs, golden_path  # noqa: E402


def main() -> int:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        outputs = golden_outputs(source.read_text(encoding="utf-8"))
        path = golden_path(source)
        path.write_text(json.dumps(outputs, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
