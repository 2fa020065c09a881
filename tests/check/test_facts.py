"""Numbers and dates read from tokens (mujaz.check.facts)."""

from __future__ import annotations

import pytest

from mujaz.check.facts import dates, numbers, parse_digits
from mujaz.check.lexicon import lexicon
from mujaz.check.text import analyze
from mujaz.types import Span


def facts(text: str):
    analysis = analyze(text, [Span(0, len(text))])
    return numbers(analysis.tokens, lexicon()), dates(analysis.tokens, lexicon())


@pytest.mark.parametrize(("word", "value"), [
    ("1,500", 1500.0), ("2.5", 2.5), ("2,5", 2.5), ("1,000,000", 1e6), ("12", 12.0), ("2٫5", 2.5), ("1٬500", 1500.0),
])
def test_facts_parse_digits(word: str, value: float) -> None:
    assert parse_digits(word) == value


@pytest.mark.parametrize(("text", "value", "percent"), [
    ("قتل 25 شخصا", 25.0, False),
    ("قتل ٢٥ شخصا", 25.0, False),
    ("قتل خمسة وعشرون شخصا", 25.0, False),
    ("بلغت 3 ملايين دولار", 3e6, False),
    ("بلغت ثلاثة آلاف دولار", 3000.0, False),
    ("بلغت 2.5 مليار", 2.5e9, False),
    ("نسبة 40%", 40.0, True),
    ("نسبة ٤٠٪", 40.0, True),
    ("نسبة 40 في المئة", 40.0, True),
    ("نسبة 40 بالمئة", 40.0, True),
    ("زارها ألفا سائح", 1000.0, False),
    ("زارها ألفي سائح", 2000.0, False),
])
def test_facts_numbers_read_value_scale_and_percent(text: str, value: float, percent: bool) -> None:
    found, _ = facts(text)
    assert [(f.value, f.percent) for f in found] == [(value, percent)]


@pytest.mark.parametrize("text", ["قال أحد المسؤولين", "وصل آلاف المتظاهرين", "يوم الاثنين الماضي"])
def test_facts_numbers_skip_words_that_are_not_counts(text: str) -> None:
    found, _ = facts(text)
    assert [f.value for f in found if f.value != 1] == []


@pytest.mark.parametrize(("text", "key"), [
    ("في يناير الماضي", "g1"), ("في كانون الثاني الماضي", "g1"), ("في جانفي", "g1"),
    ("في تشرين الأول", "g10"), ("في أكتوبر", "g10"), ("في شهر رمضان", "h9"), ("في ذي الحجة", "h12"),
    ("يوم الأحد", "d1"), ("والجمعة", "d6"), ("في 3 مارس", "g3"),
])
def test_facts_dates_map_every_naming_to_one_key(text: str, key: str) -> None:
    _, found = facts(text)
    assert [d.key for d in found] == [key]


@pytest.mark.parametrize("text", ["مارس الضغط على الحكومة", "قال أحد الوزراء", "التقى طارق رمضان الصحفيين"])
def test_facts_dates_skip_ambiguous_words_out_of_context(text: str) -> None:
    _, found = facts(text)
    assert found == []
