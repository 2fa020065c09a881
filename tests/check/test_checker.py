"""mujaz.check: the API, input errors, the seed document and invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mujaz
from mujaz import Check, InputError, ProblemKind, check
from mujaz.check import DEFAULT_THRESHOLDS, Thresholds
from mujaz.errors import ConfigError
from mujaz.segment import segment
from tests._support import load_seed

SEED = load_seed()
LEAD, BODY = SEED.split("\n", 1)
BODY_SENTENCES = [s.span.slice(BODY) for s in segment(BODY).sentences]


def test_checker_seed_lead_flags_the_dropped_former() -> None:
    result = check(LEAD, BODY)
    dropped = [p for p in result.problems if p.kind is ProblemKind.QUALIFIER and "السابق" in p.message]
    assert dropped, result.problems
    problem = dropped[0]
    assert problem.span.slice(LEAD) == "الأمريكي دونالد"
    assert problem.evidence is not None and problem.evidence.slice(BODY) == "الأمريكي السابق دونالد"


def test_checker_seed_lead_flags_the_historic_step_as_unsupported() -> None:
    result = check(LEAD, BODY)
    opening = [p for p in result.problems if p.kind is ProblemKind.UNSUPPORTED and p.span.start == 0]
    assert opening and opening[0].span.slice(LEAD) == "في خطوة تاريخية"
    assert opening[0].evidence is not None and "في تصريحات مثيرة" in opening[0].evidence.slice(BODY)
    assert not result.consistent and 0.0 <= result.score < 0.5


def test_checker_seed_body_sentence_is_consistent_with_score_one() -> None:
    result = check(BODY_SENTENCES[0], BODY)
    assert result.consistent and result.score == 1.0 and result.problems == ()
    assert result.alignment.sentences[0].sources[0].slice(BODY) == BODY_SENTENCES[0]


@pytest.mark.parametrize(("summary", "source"), [
    (None, "نص عربي"), (b"\xd9\x86\xd8\xb5", "نص عربي"), (3, "نص عربي"),
    ("", "نص عربي"), ("   \n", "نص عربي"), ("only english", "نص عربي"),
    ("نص عربي", ""), ("نص عربي", "english only"), ("نص عربي", ["نص"]),
])
def test_checker_bad_input_raises_input_error(summary: object, source: object) -> None:
    with pytest.raises(InputError):
        check(summary, source)  # type: ignore[arg-type]


@pytest.mark.parametrize("title", ["", "english", 5])
def test_checker_bad_title_raises_input_error(title: object) -> None:
    with pytest.raises(InputError):
        check("نص عربي", "نص عربي", title=title)  # type: ignore[arg-type]


def test_checker_thresholds_must_be_thresholds() -> None:
    with pytest.raises(ConfigError):
        check("نص عربي", "نص عربي", thresholds={"unsupported_share": 0.5})  # type: ignore[arg-type]


def test_checker_title_words_count_as_support_without_evidence_span() -> None:
    source = "أعلنت الحكومة خطة جديدة للنقل العام في المدينة."
    summary = "ماكرون يعلن خطة جديدة للنقل العام"
    assert "name" in {p.kind.value for p in check(summary, source).problems}
    assert check(summary, source, title="ماكرون يعلن خطة للنقل").consistent


def test_checker_to_dict_is_json_ready_and_quotes_the_spans() -> None:
    result = check(LEAD, BODY)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["consistent"] is False and 0 <= data["score"] <= 1
    assert {p["kind"] for p in data["problems"]} <= {k.value for k in ProblemKind}
    first = data["problems"][0]
    assert first["text"] == LEAD[first["span"][0]:first["span"][1]]
    assert len(data["alignment"]) == len(result.alignment.sentences)
    assert "text" not in result.to_dict(texts=False)["problems"][0]


def test_checker_is_exported_from_mujaz() -> None:
    assert mujaz.check is check and mujaz.Check is Check


def test_checker_default_thresholds_are_the_fitted_ones() -> None:
    assert DEFAULT_THRESHOLDS == Thresholds() == Thresholds(unsupported_share=0.5, unsupported_min_words=2, short_clause_words=2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(range(len(BODY_SENTENCES))), min_size=1, max_size=4, unique=True))
def test_checker_verbatim_source_sentences_are_consistent(picks: list[int]) -> None:
    summary = " ".join(BODY_SENTENCES[i] for i in sorted(picks))
    result = check(summary, BODY)
    assert result.consistent, result.problems
    assert result.score == 1.0


_ARABIC_WORDS = ["الحكومة", "أعلنت", "لم", "السابق", "ترامب", "٣٠", "25%", "يناير", "الأحد", "وقال", "إن", "نفى", "،", "."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_ARABIC_WORDS), min_size=1, max_size=25),
       st.lists(st.sampled_from(_ARABIC_WORDS), min_size=1, max_size=40))
def test_checker_spans_stay_inside_and_the_result_is_deterministic(summary_words: list[str], source_words: list[str]) -> None:
    summary, source = " ".join(summary_words) + " الخبر", " ".join(source_words) + " الخبر"
    first, second = check(summary, source), check(summary, source)
    assert first == second
    assert 0.0 <= first.score <= 1.0
    assert first.consistent == (not first.problems)
    for problem in first.problems:
        assert 0 <= problem.span.start < problem.span.end <= len(summary)
        assert problem.evidence is None or 0 <= problem.evidence.start <= problem.evidence.end <= len(source)
        assert "\n" not in problem.message
    for aligned in first.alignment.sentences:
        assert 0 <= aligned.span.start < aligned.span.end <= len(summary)
        assert all(0 <= s.start < s.end <= len(source) for s in aligned.sources)
        assert 0.0 <= aligned.support <= 1.0


def test_checker_threads_get_the_same_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    expected = check(LEAD, BODY)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: check(LEAD, BODY), range(8)))
    assert all(r == expected for r in results)
