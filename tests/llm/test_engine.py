"""ask_llm, verify_parts, answer_parts and map_llm, end to end over HTTP to the test server."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from mujaz.errors import ConfigError, LLMFailure
from mujaz.llm import (
    Fallback,
    FallbackReason,
    LLMAnswer,
    LLMBudgets,
    LLMCache,
    LLMSettings,
    LLMStats,
    answer_parts,
    default_checker,
    ask_llm,
    map_llm,
    verify_parts,
)
from tests._support import seed_paragraphs
from tests.llm.checker import word_check
from tests.llm.server import INVENTED, FakeLLMServer, faithful_answer

Settings = Callable[..., LLMSettings]


def _articles(n: int) -> list[str]:
    """``n`` distinct articles made from the seed's paragraphs (each a rotation of them)."""
    paragraphs = seed_paragraphs()
    return [f"الخبر رقم {i} عن تطورات اليوم.\n" + "\n".join(paragraphs[i % len(paragraphs):] + paragraphs[: i % len(paragraphs)])
            for i in range(n)]


# scenario -> (whole-answer failure reason, parts replaced, HTTP requests made)
SCENARIOS = {
    "faithful": (None, {}, 1),
    "prose": (None, {}, 1),
    "fenced": (None, {}, 1),
    "flaky": (None, {}, 2),
    "rate-limited": (None, {}, 2),
    "no-schema": (None, {}, 2),
    "slow": (None, {}, 1),
    "invent-number": (None, {"lead": FallbackReason.INCONSISTENT}, 1),
    "malformed": (FallbackReason.MALFORMED, {}, 1),
    "garbage-200": (FallbackReason.MALFORMED, {}, 1),
    "always-500": (FallbackReason.HTTP_ERROR, {}, 3),
    "bad-request": (FallbackReason.HTTP_ERROR, {}, 1),
    "hang": (FallbackReason.TIMEOUT, {}, 1),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_engine_every_scenario_end_to_end(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                          scenario: str) -> None:
    reason, replaced, requests = SCENARIOS[scenario]
    timeout = 0.8 if scenario == "hang" else 10.0
    outcome = answer_parts(seed_text, settings=settings_for(scenario, timeout=timeout, backoff=0.0), checker=word_check)
    assert llm_server.count() == requests == outcome.attempts
    if reason is not None:
        assert outcome.answer is None and outcome.parts is None
        assert outcome.failure is not None and outcome.failure.reason is reason
        assert outcome.part("lead") is outcome.failure
        return
    assert outcome.failure is None and outcome.parts is not None
    assert {name: f.reason for name, f in outcome.parts.fallbacks().items()} == replaced
    expected = faithful_answer(seed_text)
    assert outcome.parts.headline == expected["headline"]
    if not replaced:
        assert outcome.part("lead") == expected["lead"]
        assert outcome.part("points") == tuple(expected["points"])


def test_engine_wrong_key_falls_back_with_auth(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    outcome = answer_parts(seed_text, settings=settings_for("faithful", api_key="sk-wrong"), checker=word_check)
    assert outcome.failure is not None and outcome.failure.reason is FallbackReason.AUTH
    assert outcome.failure.to_dict()["reason"] == "auth"
    assert llm_server.count() == 1


def test_engine_invented_number_is_caught_with_the_checkers_problems(settings_for: Settings, seed_text: str) -> None:
    outcome = answer_parts(seed_text, settings=settings_for("invent-number"), checker=word_check)
    lead = outcome.part("lead")
    assert isinstance(lead, Fallback) and lead.reason is FallbackReason.INCONSISTENT
    assert any(p["kind"] == "number" and "9731" in p["message"] for p in lead.problems)
    assert outcome.answer is not None and INVENTED in outcome.answer.lead
    assert isinstance(outcome.part("headline"), str)
    assert outcome.parts is not None and outcome.parts.to_dict()["lead"]["fallback"]["reason"] == "inconsistent"


def test_engine_ask_llm_returns_parts_and_tokens(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    answer = ask_llm(seed_text, title="ترامب وبوتين", settings=settings_for("faithful"))
    assert isinstance(answer, LLMAnswer) and not answer.cached
    assert answer.prompt_version == "llm-prompt.v1" and answer.model == "faithful"
    assert answer.usage.prompt_tokens > 0 and answer.usage.completion_tokens > 0
    assert len(answer.points) == 3


def test_engine_ask_llm_raises_typed_failure(settings_for: Settings, seed_text: str) -> None:
    with pytest.raises(LLMFailure) as caught:
        ask_llm(seed_text, settings=settings_for("malformed"))
    assert caught.value.reason is FallbackReason.MALFORMED and caught.value.attempts == 1


def test_engine_overlong_part_falls_back_alone(settings_for: Settings, seed_text: str) -> None:
    budgets = LLMBudgets(headline_words=5)
    outcome = answer_parts(seed_text, budgets=budgets, settings=settings_for("faithful"), checker=word_check)
    headline = outcome.part("headline")
    assert isinstance(headline, Fallback) and headline.reason is FallbackReason.MALFORMED
    assert headline.detail == "headline has 10 words; its budget is 5"
    assert isinstance(outcome.part("lead"), str)


def test_engine_cache_hit_makes_no_request(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                           tmp_path: Path) -> None:
    settings = settings_for("faithful", cache_dir=tmp_path)
    first = answer_parts(seed_text, settings=settings, checker=word_check)
    assert llm_server.count() == 1 and first.answer is not None and not first.answer.cached
    second = answer_parts(seed_text, settings=settings, checker=word_check)
    assert llm_server.count() == 1, "a cache hit sends nothing"
    assert second.answer is not None and second.answer.cached and second.attempts == 0
    assert second.parts == first.parts
    answer_parts(seed_text, settings=settings, budgets=LLMBudgets(lead_words=50), checker=word_check)
    assert llm_server.count() == 2, "other budgets are another key"
    answer_parts(seed_text, settings=settings_for("faithful"), checker=word_check)
    assert llm_server.count() == 3, "no cache_dir, no cache"


def test_engine_failed_answers_are_not_cached(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                              tmp_path: Path) -> None:
    settings = settings_for("malformed", cache_dir=tmp_path)
    for _ in range(2):
        assert answer_parts(seed_text, settings=settings, checker=word_check).failure is not None
    assert llm_server.count() == 2 and not list(tmp_path.rglob("*.json"))


def test_engine_unwritable_cache_costs_nothing_but_a_log(settings_for: Settings, seed_text: str, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    outcome = answer_parts(seed_text, settings=settings_for("faithful"), cache=LLMCache(blocker), checker=word_check)
    assert outcome.failure is None
    assert "cannot write the LLM cache" in caplog.text


@dataclass(frozen=True)
class _Result:
    consistent: bool
    problems: tuple[Any, ...]


def test_engine_verify_parts_checks_each_part_against_the_source() -> None:
    answer = LLMAnswer("عنوان", "فقرة", ("أولى", "ثانية"), LLMBudgets())
    seen: list[tuple[str, str]] = []

    def checker(summary: str, source: str) -> _Result:
        seen.append((summary, source))
        return _Result(summary != "ثانية", ("كلمة زائدة",) if summary == "ثانية" else ())

    parts = verify_parts(answer, "المصدر", checker)
    assert seen == [(p, "المصدر") for p in ("عنوان", "فقرة", "أولى", "ثانية")]
    assert parts.as_dict()["points[0]"] == "أولى"
    fallback = parts.fallbacks()["points[1]"]
    assert fallback.reason is FallbackReason.INCONSISTENT and "كلمة زائدة" in fallback.detail
    assert list(parts.as_dict()) == ["headline", "lead", "points[0]", "points[1]"]


def test_engine_title_kept_apart_is_part_of_the_source(settings_for: Settings, seed_text: str) -> None:
    sources: list[str] = []

    def checker(summary: str, source: str) -> Any:
        sources.append(source)
        return word_check(summary, source)

    answer_parts(seed_text, title="عنوان منفصل", settings=settings_for("faithful"), checker=checker)
    assert sources and all(s.startswith("عنوان منفصل\n") for s in sources)


def test_engine_default_checker_is_mujaz_check() -> None:
    from mujaz.check import check

    assert default_checker() is check


def test_engine_part_names_are_checked() -> None:
    outcome = answer_parts.__globals__["LLMOutcome"](None, None, Fallback("timeout", "late"))
    with pytest.raises(ConfigError, match="valid parts: headline, lead, points"):
        outcome.part("body")


# -- map_llm ------------------------------------------------------------------------------


def test_engine_map_keeps_order_under_varied_delays(settings_for: Settings, llm_server: FakeLLMServer) -> None:
    articles = _articles(24)
    stats = LLMStats()
    outcomes = list(map_llm(articles, settings=settings_for("slow-varied"), concurrency=6, checker=word_check, stats=stats))
    assert [o.parts.headline for o in outcomes] == [faithful_answer(a)["headline"] for a in articles]  # type: ignore[union-attr]
    assert stats.articles == stats.answered == stats.requests == 24 and not stats.failed and not stats.replaced
    assert stats.prompt_tokens == sum(o.answer.usage.prompt_tokens for o in outcomes)  # type: ignore[union-attr]
    assert stats.total_tokens > stats.prompt_tokens
    assert 2 <= llm_server.max_in_flight <= 6


@pytest.mark.parametrize("concurrency", [8, 16])
def test_engine_map_is_concurrent_and_bounded(settings_for: Settings, llm_server: FakeLLMServer, concurrency: int) -> None:
    llm_server.slow_seconds = 0.5  # long enough for every request of a round to overlap on a busy machine
    articles = _articles(2 * concurrency)
    started = time.monotonic()
    # settings.concurrency stays 8: the argument wins, the connection pool included.
    outcomes = list(map_llm(articles, settings=settings_for("slow"), concurrency=concurrency, checker=word_check))
    elapsed = time.monotonic() - started
    assert all(o.failure is None for o in outcomes)
    # bounded by the argument, and (on a loaded machine too) most of it in flight at once
    assert concurrency // 2 < llm_server.max_in_flight <= concurrency
    # One at a time takes 2 x concurrency x 0.5 s (8 s or 16 s); here two rounds of 0.5 s.
    assert elapsed < 0.25 * len(articles) * 0.5, elapsed


def test_engine_map_counts_fallbacks_and_cache(settings_for: Settings, llm_server: FakeLLMServer, tmp_path: Path) -> None:
    articles = [(a, None) for a in _articles(5)]
    settings = settings_for("invent-number", cache_dir=tmp_path)
    stats = LLMStats()
    list(map_llm(articles, settings=settings, checker=word_check, stats=stats))
    assert stats.replaced == {"inconsistent": 5} and stats.cached == 0 and stats.requests == 5
    again = LLMStats()
    list(map_llm(articles, settings=settings, checker=word_check, stats=again))
    assert again.cached == 5 and again.requests == 0 and again.total_tokens == 0 and llm_server.count() == 5
    assert again.replaced == {"inconsistent": 5}, "cached answers are checked again"
    line = again.summary_line()
    assert "5 answered (5 cached)" in line and "0 requests" in line and "5 inconsistent" in line
    assert again.to_dict()["replaced"] == {"inconsistent": 5}
    assert again.fallback_rate("lead") == 1.0 and again.fallback_rate("headline") == 0.0
    assert again.to_dict()["fallback_rate"] == {"headline": 0.0, "lead": 1.0, "points": 0.0}
    with pytest.raises(ConfigError, match="valid parts"):
        again.fallback_rate("body")


def test_engine_map_counts_whole_answer_failures(settings_for: Settings) -> None:
    stats = LLMStats()
    outcomes = list(map_llm(_articles(3), settings=settings_for("always-500"), checker=word_check, stats=stats))
    assert [o.failure.reason for o in outcomes] == [FallbackReason.HTTP_ERROR] * 3  # type: ignore[union-attr]
    assert stats.failed == {"http_error": 3} and stats.requests == 9 and stats.answered == 0
    assert [stats.fallback_rate(p) for p in ("headline", "lead", "points")] == [1.0, 1.0, 1.0]


def test_engine_map_stops_cleanly_when_the_consumer_does(settings_for: Settings, llm_server: FakeLLMServer) -> None:
    endless = itertools.cycle(_articles(3))
    run = map_llm(endless, settings=settings_for("slow"), concurrency=4, verify=False)
    first = list(itertools.islice(run, 5))
    run.close()  # type: ignore[attr-defined]
    assert len(first) == 5 and all(o.parts is None and o.answer is not None for o in first)
    assert not [t for t in threading.enumerate() if t.name.startswith("mujaz-llm")]
    assert llm_server.count() <= 5 + 2 * 4


@pytest.mark.parametrize("concurrency", [0, 257, 2.0, True])
def test_engine_map_rejects_bad_concurrency_at_once(settings_for: Settings, concurrency: Any) -> None:
    with pytest.raises(ConfigError, match="concurrency"):
        map_llm([], settings=settings_for("faithful"), concurrency=concurrency, checker=word_check)


def test_engine_map_rejects_bad_items(settings_for: Settings) -> None:
    with pytest.raises(ConfigError, match="text or a"):
        list(map_llm([b"bytes"], settings=settings_for("faithful"), checker=word_check))  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("summary", "consistent"),
    [("حققت تقدمًا كبيرًا", True), ("حققت تقدما كبيرا", True), ("وحققت الخطة", True), ("حققت التقدم", False), ("بلغ ٣٠ قتيلا", False),
     ("في ٢٠٢٥ قال الوزير", True), ("قال الوزير إن الخطة تبدأ في 2026", False)],
)
def test_engine_test_checker_is_arabic_aware(summary: str, consistent: bool) -> None:
    source = "قال الوزير إن الخطة حققت تقدمًا كبيرًا وتبدأ في 2025 وقتيلا."
    assert word_check(summary, source).consistent is consistent
