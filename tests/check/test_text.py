"""Tokens, clitic-free bases and match keys (mujaz.check.text)."""

from __future__ import annotations

import pytest

from mujaz.check.text import analyze, base_form, has_arabic, keys_of, root_key
from mujaz.normalize import normalize_keep_teh_marbuta
from mujaz.types import Span


def norm(word: str) -> str:
    return normalize_keep_teh_marbuta(word).lower()


@pytest.mark.parametrize(("word", "base"), [
    ("والحكومة", "حكومة"), ("بالحكومة", "حكومة"), ("للحكومة", "حكومة"), ("الحكومة", "حكومة"),
    ("وترامب", "ترامب"), ("بترامب", "ترامب"), ("لم", "لم"), ("بل", "بل"), ("كل", "كل"), ("ليس", "ليس"),
])
def test_text_base_form_strips_clitics_but_not_short_words(word: str, base: str) -> None:
    assert base_form(norm(word)) == base


@pytest.mark.parametrize(("a", "b"), [
    ("لترامب", "ترامب"), ("والحكومة", "الحكومة"), ("يعلن", "أعلن"), ("ينصحون", "نصح"), ("الأمريكيّ", "الامريكي"),
])
def test_text_keys_match_forms_of_one_word(a: str, b: str) -> None:
    assert keys_of(norm(a)) & keys_of(norm(b))


@pytest.mark.parametrize(("a", "b"), [("ترامب", "بوتين"), ("أكد", "نفى"), ("السابق", "الحالي")])
def test_text_keys_keep_different_words_apart(a: str, b: str) -> None:
    assert not keys_of(norm(a)) & keys_of(norm(b))


def test_text_root_key_needs_three_letters() -> None:
    assert root_key("مع") is None
    assert root_key("ينصحون") == "~نصح"


def test_text_analyze_spans_cover_the_original_words_through_diacritics_and_tatweel() -> None:
    text = "قالَ الوزيـــر إنّ ٣٠ شخصاً «وصلوا»"
    analysis = analyze(text, [Span(0, len(text))])
    words = [t.span.slice(text) for t in analysis.tokens]
    assert words == ["قالَ", "الوزيـــر", "إنّ", "٣٠", "شخصاً", "وصلوا"]
    assert analysis.tokens[3].word == "30" and analysis.tokens[3].is_number


def test_text_analyze_splits_a_clitic_off_a_number() -> None:
    text = "ارتفع العدد ب20 وو١٥"
    analysis = analyze(text, [Span(0, len(text))])
    assert [t.word for t in analysis.tokens if t.is_number] == ["20", "15"]


def test_text_analyze_indexes_keys_by_sentence() -> None:
    text = "أعلن الوزير الخطة. ورفض البرلمان الخطة."
    analysis = analyze(text, [Span(0, 18), Span(19, len(text))])
    assert analysis.key_sentences["خطه"] == {0, 1}
    assert analysis.key_sentences["برلمان"] == {1}


@pytest.mark.parametrize(("text", "expected"), [("نص عربي", True), ("English only 123", False), ("", False)])
def test_text_has_arabic(text: str, expected: bool) -> None:
    assert has_arabic(text) is expected
