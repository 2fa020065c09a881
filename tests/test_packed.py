"""The code-point fast path of Vocabulary.term_matrix builds exactly what the string path builds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujaz._packed import PACK_BASE, PACK_CHARS, PackedTokens
from mujaz.features import ROW_BREAK, SharedVocabulary, Vocabulary, load_stopwords
from mujaz.segment import segment
from tests._data import require_data

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))


def _pair() -> tuple[Vocabulary, Vocabulary]:
    """Two fresh vocabularies: one always on the string path, one on the fast path."""
    stopwords = load_stopwords()
    return Vocabulary(stopwords, fast=False), Vocabulary(stopwords, fast=True)


def _assert_same(a, b) -> None:
    assert (a.n_rows, a.n_cols) == (b.n_rows, b.n_cols)
    for name in ("rows", "cols", "counts", "term_ids"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.dtype == right.dtype, name
        np.testing.assert_array_equal(left, right, err_msg=name)
    assert a.vocabulary == b.vocabulary


def _units(text: str) -> list[str]:
    article = segment(text, clauses=False)
    return [s.span.slice(text) for s in article.sentences]


def test_packed_table_agrees_with_the_token_regex() -> None:
    packed = PackedTokens(ROW_BREAK)
    import re

    bmp = "".join(map(chr, range(0x10000)))
    expected = np.zeros(0x10000, dtype=bool)
    expected[[m.start() for m in re.finditer(r"[^\W_]", bmp)]] = True
    np.testing.assert_array_equal(packed._digit != 0, expected)
    assert PACK_BASE % 2 == 1 and PACK_BASE**PACK_CHARS < 2**64


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_packed_same_matrix_on_the_samples(path: Path) -> None:
    strings, fast = _pair()
    units = _units(path.read_text(encoding="utf-8"))
    for _ in range(2):  # a second pass goes through the sorted arrays and the pending dict
        _assert_same(strings.term_matrix(units), fast.term_matrix(units))


def test_packed_same_matrix_on_dev_articles() -> None:
    dev = require_data("ant-bbc-dev.jsonl")
    strings, fast = _pair()
    with dev.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i == 400:
                break
            units = _units(json.loads(line)["text"])
            _assert_same(strings.term_matrix(units), fast.term_matrix(units))
            title = "الحكومة تعلن خطة جديدة"
            np.testing.assert_array_equal(strings.term_ids(title), fast.term_ids(title))


@pytest.mark.parametrize(
    "units",
    [
        [],
        [""],
        ["", "   ", "..."],
        ["في من على"],
        ["كلمةطويلةجدامنالحروفالعربيةالمتصلة قصيرة", "abcdefghijklmnopqrstuvwxyz0123456789 x"],
        ["Café İstanbul ß straße ٣٤٥ ۱۲ 3.5 1,000 snake_case", "emoji 😀 بعد الرمز 😀"],
        ["نص فيه \ue000 علامة الصف", "ثاني"],
        ["الحُكومَة الـــمشروع أُعلن", "ﻻ ﷲ ک ی"],
    ],
)
def test_packed_same_matrix_on_edge_cases(units: list[str]) -> None:
    strings, fast = _pair()
    for _ in range(2):
        _assert_same(strings.term_matrix(units), fast.term_matrix(units))


_ALPHABET = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوي" "ةىأإآ" "ًٌٍَُِّْـ" " .،\n" "azAZ09_" "éİß😀\ue000"))


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=6), st.integers(min_value=1, max_value=3))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_packed_same_matrix_on_generated_text(units: list[str], passes: int) -> None:
    strings, fast = _pair()
    for _ in range(passes):
        _assert_same(strings.term_matrix(units), fast.term_matrix(units))


def test_packed_merges_pending_keys_and_survives_a_memory_reset(monkeypatch) -> None:
    import mujaz._packed as packed_module
    import mujaz.features as features_module

    monkeypatch.setattr(packed_module, "_MERGE_AT", 8)
    monkeypatch.setattr(features_module, "MAX_CACHED_TERMS", 50)
    stopwords = load_stopwords()
    strings, fast = SharedVocabulary(stopwords, fast=False), SharedVocabulary(stopwords)
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES]
    seen = set()
    for text in texts * 2:
        units = _units(text)
        left, right = strings.current(), fast.current()
        seen.add(id(right))
        _assert_same(left.term_matrix(units), right.term_matrix(units))
    assert len(seen) > 1, "the memory bound started a fresh vocabulary"
