"""Tests for mujaz.normalize: each documented fold, idempotence and the offset map."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mujaz._charmaps import FOLD_MAP
from mujaz.normalize import (
    fold_alef,
    fold_digits,
    normalize,
    normalize_with_offsets,
    strip_diacritics,
    strip_invisible,
    strip_tatweel,
)

# Arabic letters, tashkeel, Quranic marks, tatweel, presentation forms, three digit systems,
# Persian letters, bidi/zero-width controls, exotic spaces and line separators, Latin.
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "ءأإآٱٲٳٵؤئىة"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0610\u06d6\u08f0"
    "\u0640"
    "\ufefb\ufef7\ufdf2\ufdfa\ufe8d\ufe8e\ufedf\ufee0\ufe93\ufb8e\ufc5e\ufe71"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    "کیہگۀے"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
    "\u00a0\u2003\u202f\u3000\u2028\u2029\u0085"
    "abcXYZ .,،؛؟!\n\t"
)
arabic_mix = st.text(alphabet=ALPHABET, max_size=80)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # tashkeel, shadda, sukun, tanween
        ("مُحَمَّدٌ", "محمد"),
        ("كَتَبَ الطَّالِبُ دَرْسًا", "كتب الطالب درسا"),
        # superscript alef and Quranic marks
        ("هٰذا", "هذا"),
        ("صلى الله عليه وسلم\u0610", "صلي الله عليه وسلم"),
        ("الرحيم\u06d6", "الرحيم"),
        # tatweel
        ("جمـــيل", "جميل"),
        ("ـ", ""),
        # alef forms
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        # alef maqsura and ta marbuta
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        # Arabic-Indic and Persian digits
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("عام ٢٠١٨", "عام 2018"),
        # presentation forms (A and B)
        ("\ufefb", "لا"),
        ("\ufef7", "لا"),
        ("\ufdf2", "الله"),
        ("\ufe8d\ufedf\ufeb4\ufefc\ufee1", "السلام"),
        ("\ufb8e", "ك"),
        # Persian / Urdu letters
        ("ک", "ك"),
        ("ی", "ي"),
        ("ہ", "ه"),
        ("کتاب", "كتاب"),
        ("گ", "ك"),
        # bidi controls and zero-width characters are dropped
        ("\u200fمرحبا\u200e", "مرحبا"),
        ("\u202bنص\u202c", "نص"),
        ("\u2066x\u2069", "x"),
        ("ab\u200bcd", "abcd"),
        ("ab\u200c\u200dcd", "abcd"),
        ("\ufeffبسم", "بسم"),
        ("\u061cعربي", "عربي"),
        ("co\u00adoperate", "cooperate"),
        # exotic spaces and line separators
        ("a\u00a0b", "a b"),
        ("a\u2003b\u3000c", "a b c"),
        ("a\u2028b\u2029c\u0085d", "a\nb\nc\nd"),
    ],
)
def test_normalize_folds(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World! 123",
        "ء ؤ ئ",
        "، ؛ ؟ « » “ ”",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        "line one\nline two\ttab",
        "😀🚀",
        "",
    ],
)
def test_normalize_leaves_plain_text_alone(text: str) -> None:
    assert normalize(text) == text


@pytest.mark.parametrize(
    ("step", "raw", "expected"),
    [
        (strip_diacritics, "مُحَمَّدٌ", "محمد"),
        (strip_diacritics, "هٰذا ـ", "هذا ـ"),
        (strip_tatweel, "جمـــيلٌ", "جميلٌ"),
        (fold_alef, "أإآٱ ى", "اااا ى"),
        (fold_digits, "٣.٥ و۴ و7", "3.5 و4 و7"),
        (strip_invisible, "\u200fنص\u200e\u202b\u202c\u2066\u2069\u200b\ufeff\u00ad\u061c", "نص"),
    ],
)
def test_normalize_single_steps(step, raw: str, expected: str) -> None:
    assert step(raw) == expected


@pytest.mark.parametrize("step", [strip_diacritics, strip_tatweel, fold_alef, fold_digits, strip_invisible])
@given(text=arabic_mix)
@settings(max_examples=100, deadline=None)
def test_normalize_single_steps_are_part_of_normalize(step, text: str) -> None:
    # Each small step only does part of what normalize() does, so it never changes the result.
    assert normalize(step(text)) == normalize(text)
    assert step(step(text)) == step(text)


def test_normalize_fold_map_is_a_fixed_point() -> None:
    # Idempotence over the whole table: no replacement contains a character the map changes.
    assert FOLD_MAP
    for cp, replacement in FOLD_MAP.items():
        assert replacement != chr(cp)
        assert normalize(replacement) == replacement, hex(cp)


@given(text=arabic_mix)
@settings(max_examples=200, deadline=None)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def _check_offsets(text: str) -> None:
    normalized, offsets = normalize_with_offsets(text)
    assert normalized == normalize(text)
    assert offsets.dtype == np.int64
    assert offsets.shape == (len(normalized) + 1,)
    assert offsets[-1] == len(text)
    assert np.all(np.diff(offsets) >= 0), "offsets are monotone"
    if normalized:
        assert 0 <= offsets[0] and offsets[-2] < len(text)
    # For every i, normalized[i] comes from text[offsets[i]]: grouping the output by source
    # character gives back exactly what normalize() makes of that character.
    for k, ch in enumerate(text):
        produced = "".join(normalized[i] for i in np.flatnonzero(offsets[:-1] == k))
        assert produced == normalize(ch), (k, ch)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "مُحَمَّد",
        "\ufefb\ufdf2",
        "\u200fقال\u200e: ٢٠١٨ ـــ ک",
        "أهلاً\u00a0وسهلاً\u2028بكم",
    ],
)
def test_normalize_with_offsets_examples(text: str) -> None:
    _check_offsets(text)


@pytest.mark.parametrize(
    ("text", "normalized", "offsets"),
    [
        ("مُحَمَّد", "محمد", [0, 2, 4, 7, 8]),
        ("\ufefb", "لا", [0, 0, 1]),
        ("a\u200fb", "ab", [0, 2, 3]),
        ("", "", [0]),
    ],
)
def test_normalize_with_offsets_exact(text: str, normalized: str, offsets: list[int]) -> None:
    out, got = normalize_with_offsets(text)
    assert out == normalized
    assert got.tolist() == offsets


@given(text=arabic_mix)
@settings(max_examples=200, deadline=None)
def test_normalize_with_offsets_maps_back(text: str) -> None:
    _check_offsets(text)
