"""FallbackReason, Fallback, LLMBudgets, LLMAnswer and LLMFailure."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujaz.errors import ConfigError, LLMFailure, MujazError
from mujaz.llm import Fallback, FallbackReason, LLMAnswer, LLMBudgets, LLMUsage
from tests.llm.checker import Problem

ARABIC = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى ٠١٢٣ ،.", min_size=1, max_size=40)


def test_types_fallback_reasons_are_the_documented_closed_set() -> None:
    assert [r.value for r in FallbackReason] == ["inconsistent", "malformed", "timeout", "http_error", "auth", "connection"]
    for reason in FallbackReason:
        assert f"``{reason.value}``" in FallbackReason.__doc__


def test_types_unknown_reason_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match="valid reasons: inconsistent, malformed, timeout"):
        Fallback("late", "x")  # type: ignore[arg-type]


def test_types_fallback_to_dict_is_json_with_problems_as_dicts() -> None:
    problem = Problem("number", "number '9731' is not in the source", (4, 8), "")
    fallback = Fallback("inconsistent", "lead: 1 problem", (problem, {"kind": "word", "message": "m"}))  # type: ignore[arg-type]
    data = fallback.to_dict()
    assert data == {
        "reason": "inconsistent",
        "detail": "lead: 1 problem",
        "problems": [problem.to_dict(), {"kind": "word", "message": "m"}],
    }
    json.dumps(data)
    assert fallback.reason is FallbackReason.INCONSISTENT


def test_types_fallback_from_failure() -> None:
    failure = LLMFailure(FallbackReason.TIMEOUT, "no answer within 1 s", attempts=1)
    assert Fallback.from_failure(failure) == Fallback(FallbackReason.TIMEOUT, "no answer within 1 s")


def test_types_llm_failure_is_a_mujaz_error_and_pickles() -> None:
    failure = LLMFailure(FallbackReason.AUTH, "HTTP 401", attempts=1)
    assert isinstance(failure, MujazError)
    assert str(failure) == "auth: HTTP 401"
    again = pickle.loads(pickle.dumps(failure))
    assert (again.reason, again.detail, again.attempts) == (FallbackReason.AUTH, "HTTP 401", 1)


@pytest.mark.parametrize("field", ["headline_words", "lead_words", "point_words", "max_points"])
@pytest.mark.parametrize("value", [0, -3, 2.5, True, "10"])
def test_types_budgets_must_be_positive_integers(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        LLMBudgets(**{field: value})  # type: ignore[arg-type]


@given(
    headline=ARABIC, lead=ARABIC, points=st.lists(ARABIC, min_size=1, max_size=6),
    prompt=st.integers(0, 10**6), completion=st.integers(0, 10**6), cached=st.booleans(),
)
def test_types_answer_round_trips_through_json(headline: str, lead: str, points: list[str], prompt: int,
                                                completion: int, cached: bool) -> None:
    answer = LLMAnswer(headline, lead, tuple(points), LLMBudgets(headline_words=9), LLMUsage(prompt, completion),
                       "m", "llm-prompt.v1", 2, cached)
    assert LLMAnswer.from_dict(json.loads(json.dumps(answer.to_dict()))) == answer
    assert answer.usage.total_tokens == prompt + completion
