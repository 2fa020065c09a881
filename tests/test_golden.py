"""Golden tests: the bundled articles' lead, headline and points are exactly as recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._golden import SOURCES, golden_outputs, golden_path


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_golden_outputs(source: Path) -> None:
    expected = json.loads(golden_path(source).read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(golden_outputs(source.read_text(encoding="utf-8")), ensure_ascii=False))
    for key in expected:
        assert actual[key] == expected[key], (
            f"{source.name}: {key} changed; if intended, run scripts/update_golden.py and commit the diff")
    assert actual.keys() == expected.keys()


def test_golden_files_have_sources() -> None:
    assert len(SOURCES) >= 5
    stems = {p.stem for p in SOURCES}
    assert {p.stem for p in golden_path(SOURCES[0]).parent.glob("*.json")} == stems
