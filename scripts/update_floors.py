"""Re-measure the quality gate and rewrite its floors (tests/quality/floors*.json).

Floors only go up unless --allow-lower is given: lowering one is a deliberate decision
that shows in the commit. Usage:

    .venv/bin/python scripts/update_floors.py tests/quality/floors-ant-bbc.json
    .venv/bin/python scripts/update_floors.py FILE --allow-lower    # after a justified change
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mujaz.errors import MujazError
from mujaz.evaluation.gate import update_floors

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("floors", nargs="+", help="floors JSON files to update")
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--allow-lower", action="store_true", help="allow a floor to go down")
    parser.add_argument("--margin", type=float, help="floor = measured - margin (default: the file's)")
    args = parser.parse_args(argv)
    for floors in args.floors:
        try:
            spec = update_floors(floors, args.data_dir, allow_lower=args.allow_lower, margin=args.margin)
        except MujazError as exc:
            print(f"{floors}: {exc}", file=sys.stderr)
            return 1
        print(f"{floors}: {json.dumps(spec['floors'], ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
