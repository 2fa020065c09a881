"""The result types (mujaz.check.types)."""

from __future__ import annotations

import json

import pytest

from mujaz.check import AlignedSentence, Alignment, Check, Problem, ProblemKind
from mujaz.types import Span


def _check() -> Check:
    problem = Problem(ProblemKind.NUMBER, "الرقم «30» غير موجود في المصدر", Span(4, 6), Span(4, 6))
    alignment = Alignment((AlignedSentence(Span(0, 8), (Span(0, 20),), (0.75,), 0.5),))
    return Check(False, 0.25, (problem,), alignment, "قتل 30 شخصا", "قتل 20 شخصا في الهجوم على القرية")


def test_types_check_to_dict_round_trips_through_json() -> None:
    data = json.loads(json.dumps(_check().to_dict(), ensure_ascii=False))
    assert data == {
        "consistent": False, "score": 0.25,
        "problems": [{"kind": "number", "message": "الرقم «30» غير موجود في المصدر", "span": [4, 6],
                      "evidence": [4, 6], "text": "30", "evidence_text": "20"}],
        "alignment": [{"span": [0, 8], "sources": [[0, 20]], "scores": [0.75], "support": 0.5}],
    }


def test_types_kinds_and_values() -> None:
    assert _check().kinds() == frozenset({ProblemKind.NUMBER})
    assert ProblemKind("place") is ProblemKind.PLACE
    with pytest.raises(ValueError):
        ProblemKind("opinion")


def test_types_problem_without_evidence() -> None:
    problem = Problem(ProblemKind.NAME, "m", Span(0, 1), None)
    assert problem.to_dict("ab", "cd")["evidence_text"] is None
