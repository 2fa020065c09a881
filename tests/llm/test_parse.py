"""The lenient parser: JSON in prose, fences, trailing and Arabic commas; budgets enforced."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujaz.errors import LLMFailure
from mujaz.llm import FallbackReason, LLMBudgets, budget_problems, parse_answer

B = LLMBudgets()
WANT = ("عنوان الخبر", "فقرة الخبر الأولى", ("النقطة الأولى", "النقطة الثانية"))
OBJ = '{"headline": "عنوان الخبر", "lead": "فقرة الخبر الأولى", "points": ["النقطة الأولى", "النقطة الثانية"]}'


@pytest.mark.parametrize(
    "content",
    [
        OBJ,
        f"إليك الملخص:\n{OBJ}\nشكرًا.",
        f"```json\n{OBJ}\n```",
        f"```\n{OBJ}\n```",
        "بالطبع ```JSON\n" + OBJ + "``` انتهى",
        OBJ.replace('"]}', '",],}'),
        OBJ.replace('", "lead"', '"، "lead"'),
        '{"العنوان": "عنوان الخبر", "المقدمة": "فقرة الخبر الأولى", "النقاط": ["النقطة الأولى", "النقطة الثانية"]}',
        '{"headline": "عنوان الخبر", "lead": "فقرة الخبر\nالأولى", "points": "- النقطة الأولى\n٢. النقطة الثانية"}',
        "\ufeff\u200f" + OBJ.replace("عنوان", "عن\u200cوان\u2066", 1),
        '{"note": "مسودة"} ثم ' + OBJ,
        '<think>مسودة: {"headline": "مسودة", "lead": "مسودة", "points": ["مسودة"]}</think>\n' + OBJ,
        '{"headline": "عنوان   الخبر ", "lead": " فقرة الخبر الأولى", "points": ["النقطة الأولى", "  ", "النقطة الثانية"]}',
    ],
    ids=["bare", "prose", "fence-json", "fence", "fence-upper", "trailing-commas", "arabic-comma", "arabic-keys",
         "newlines-and-bullets", "invisible-marks", "first-object-unusable", "think-block", "blank-point-and-spaces"],
)
def test_parse_accepts_lenient_forms(content: str) -> None:
    assert parse_answer(content, B) == WANT


@pytest.mark.parametrize(
    "content",
    [
        "",
        "   ",
        "عذرًا، لا أستطيع المساعدة.",
        '{"headline": "ع", "lead": "ل"}',
        '{"headline": "ع", "lead": 5, "points": ["ن"]}',
        '{"headline": "ع", "lead": "ل", "points": [1, 2]}',
        '{"headline": "ع", "lead": "ل", "points": []}',
        '{"headline": "", "lead": "ل", "points": ["ن"]}',
        '{"headline": "ع", "lead": "ل", "points": ["ن"',
        '["ع", "ل"]',
        '<think>{"headline": "ع", "lead": "ل", "points": ["ن"]} ثم أكتب',
    ],
    ids=["empty", "blank", "prose-only", "missing-points", "lead-not-text", "points-not-text", "no-points",
         "empty-headline", "unclosed", "array", "only-unfinished-thinking"],
)
def test_parse_rejects_what_is_not_an_answer(content: str) -> None:
    with pytest.raises(LLMFailure) as caught:
        parse_answer(content, B)
    assert caught.value.reason is FallbackReason.MALFORMED


@pytest.mark.parametrize("point", ["2024: عام الانتخابات", "3.5 مليار دولار للخطة", "12) بند"])
def test_parse_keeps_numbers_that_open_a_point(point: str) -> None:
    content = json.dumps({"headline": "ع", "lead": "ل", "points": [point]}, ensure_ascii=False)
    expected = "بند" if point.startswith("12)") else point
    assert parse_answer(content, B)[2] == (expected,)


def test_parse_trims_points_to_the_budget() -> None:
    content = json.dumps({"headline": "ع", "lead": "ل", "points": [f"نقطة {i}" for i in range(9)]}, ensure_ascii=False)
    assert parse_answer(content, LLMBudgets(max_points=3))[2] == ("نقطة 0", "نقطة 1", "نقطة 2")


def test_parse_budget_problems_name_each_overlong_part() -> None:
    budgets = LLMBudgets(headline_words=3, lead_words=5, point_words=2)
    problems = budget_problems("واحد اثنان ثلاثة أربعة", "قصيرة", ("نقطة قصيرة", "نقطة طويلة جدا"), budgets)
    assert problems == {
        "headline": "headline has 4 words; its budget is 3",
        "points[1]": "points[1] has 3 words; its budget is 2",
    }


WORD = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةىًٌٍَُِّْ٠١٢٣0123\"\\{}[],،", min_size=1, max_size=8)
TEXT = st.lists(WORD, min_size=1, max_size=8).map(" ".join)


@given(headline=TEXT, lead=TEXT, points=st.lists(TEXT, min_size=1, max_size=6),
       wrap=st.sampled_from(["{}", "```json\n{}\n```", "هذا هو الجواب: {} انتهى", "```\n{}```"]),
       indent=st.sampled_from([None, 2]))
def test_parse_reads_back_any_answer_however_wrapped(headline: str, lead: str, points: list[str], wrap: str,
                                                     indent: int | None) -> None:
    blob = json.dumps({"headline": headline, "lead": lead, "points": points}, ensure_ascii=False, indent=indent)
    parsed = parse_answer(wrap.replace("{}", blob, 1), B)
    assert parsed == (" ".join(headline.split()), " ".join(lead.split()), tuple(" ".join(p.split()) for p in points))
