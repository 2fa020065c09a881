"""The committed character map is exactly what scripts/gen_charmaps.py renders."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

import mujaz._charmaps
from mujaz._charmaps import FOLD_MAP

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_charmaps.py"


@pytest.fixture(scope="module")
def gen_charmaps() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_charmaps", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_charmaps_committed_file_is_up_to_date(gen_charmaps: ModuleType) -> None:
    committed = Path(mujaz._charmaps.__file__).read_text(encoding="utf-8")
    assert committed == gen_charmaps.render(gen_charmaps.build_map()), (
        "src/mujaz/_charmaps.py is stale: run `make charmaps` (python scripts/gen_charmaps.py)"
    )


def test_charmaps_fold_map_equals_build_map(gen_charmaps: ModuleType) -> None:
    assert FOLD_MAP == gen_charmaps.build_map()


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\u064e", ""),  # fatha
        ("\u0640", ""),  # tatweel
        ("\u200f", ""),  # RLM
        ("أ", "ا"),
        ("ى", "ي"),
        ("ة", "ه"),
        ("٣", "3"),
        ("۳", "3"),
        ("\ufefb", "لا"),
        ("\ufdf2", "الله"),
        ("ک", "ك"),
        ("\u00a0", " "),
        ("\u2028", "\n"),
    ],
)
def test_charmaps_entries(char: str, expected: str) -> None:
    assert FOLD_MAP[ord(char)] == expected


def test_charmaps_covers_all_presentation_letters() -> None:
    # Every assigned Arabic presentation form that decomposes to something else is folded.
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "Cn":
            continue
        if unicodedata.normalize("NFKC", ch) != ch:
            assert cp in FOLD_MAP, hex(cp)


@pytest.mark.parametrize("cp", [ord("ا"), ord("ء"), ord("a"), ord(" "), ord("\n"), ord("،"), 0xFD3E, 0xFD3F])
def test_charmaps_leaves_plain_characters_out(cp: int) -> None:
    assert cp not in FOLD_MAP
