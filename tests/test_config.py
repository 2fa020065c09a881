"""Tests for mujaz.config: SummaryConfig validation and budgets."""

from __future__ import annotations

import dataclasses
import math

import pytest

from mujaz.config import (
    DEFAULT_MAX_WORDS,
    HEADLINE_MAX_WORDS,
    MAX_POINTS,
    POINT_MAX_WORDS,
    STYLES,
    Budget,
    SummaryConfig,
)
from mujaz.errors import ConfigError, UnknownMethodError

METHODS = ["lead", "lexrank", "llm", "news", "textrank"]


def test_config_defaults() -> None:
    config = SummaryConfig()
    assert config.method == "news"
    assert config.style == "lead"
    assert config.budget == Budget("words", DEFAULT_MAX_WORDS)
    assert (DEFAULT_MAX_WORDS, HEADLINE_MAX_WORDS, POINT_MAX_WORDS) == (60, 15, 30)
    assert config.to_dict() == {
        "method": "news", "style": "lead", "max_words": None, "max_sentences": None, "ratio": None
    }


@pytest.mark.parametrize(
    ("options", "budget"),
    [
        ({"max_words": 25}, Budget("words", 25)),
        ({"max_sentences": 3}, Budget("sentences", 3)),
        ({"ratio": 0.2}, Budget("ratio", 0.2)),
        ({"ratio": 1}, Budget("ratio", 1.0)),
    ],
)
def test_config_budget(options: dict, budget: Budget) -> None:
    assert SummaryConfig(**options).budget == budget


@pytest.mark.parametrize(
    "options",
    [
        {"max_words": 10, "max_sentences": 2},
        {"max_words": 10, "ratio": 0.5},
        {"max_sentences": 2, "ratio": 0.5},
        {"max_words": 10, "max_sentences": 2, "ratio": 0.5},
    ],
)
def test_config_two_budgets_rejected(options: dict) -> None:
    with pytest.raises(ConfigError) as info:
        SummaryConfig(**options)
    for name in options:
        assert name in str(info.value)


@pytest.mark.parametrize("name", ["max_words", "max_sentences"])
@pytest.mark.parametrize("value", [True, False, 0, -1, 2.0, 2.5, "10", None.__class__, [3]])
def test_config_integer_budgets_reject_bad_values(name: str, value: object) -> None:
    with pytest.raises(ConfigError):
        SummaryConfig(**{name: value})


@pytest.mark.parametrize("value", [True, False, 0, -0.1, 1.0001, 2, math.nan, math.inf, "0.5", [0.5]])
def test_config_ratio_rejects_bad_values(value: object) -> None:
    with pytest.raises(ConfigError):
        SummaryConfig(ratio=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1e-9, 0.25, 0.5, 1, 1.0])
def test_config_ratio_accepts_unit_interval(value: float) -> None:
    assert SummaryConfig(ratio=value).ratio == value


@pytest.mark.parametrize("method", METHODS)
def test_config_known_methods(method: str) -> None:
    assert SummaryConfig(method=method).method == method


@pytest.mark.parametrize("method", ["bogus", "NEWS", "", None, 1])
def test_config_unknown_method(method: object) -> None:
    with pytest.raises(UnknownMethodError) as info:
        SummaryConfig(method=method)  # type: ignore[arg-type]
    assert info.value.available == tuple(METHODS)
    assert all(m in str(info.value) for m in METHODS)


@pytest.mark.parametrize("style", ["tweet", "Lead", "", None, 0])
def test_config_unknown_style(style: object) -> None:
    with pytest.raises(ConfigError) as info:
        SummaryConfig(style=style)  # type: ignore[arg-type]
    assert all(s in str(info.value) for s in STYLES)


@pytest.mark.parametrize(
    "options",
    [
        {"style": "headline", "max_sentences": 2},
        {"style": "points", "ratio": 0.3},
    ],
)
def test_config_budget_must_suit_the_style(options: dict) -> None:
    with pytest.raises(ConfigError):
        SummaryConfig(**options)


@pytest.mark.parametrize(
    ("options", "lead", "headline", "point_words", "max_points", "effective"),
    [
        ({}, Budget("words", 60), Budget("words", 15), 30, MAX_POINTS, Budget("words", 60)),
        ({"max_words": 20}, Budget("words", 20), Budget("words", 15), 30, MAX_POINTS, Budget("words", 20)),
        ({"max_sentences": 2}, Budget("sentences", 2), Budget("words", 15), 30, MAX_POINTS, Budget("sentences", 2)),
        ({"style": "headline"}, Budget("words", 60), Budget("words", 15), 30, MAX_POINTS, Budget("words", 15)),
        ({"style": "headline", "max_words": 8}, Budget("words", 60), Budget("words", 8), 30, MAX_POINTS,
         Budget("words", 8)),
        ({"style": "headline", "ratio": 0.1}, Budget("words", 60), Budget("ratio", 0.1), 30, MAX_POINTS,
         Budget("ratio", 0.1)),
        ({"style": "points"}, Budget("words", 60), Budget("words", 15), 30, MAX_POINTS, Budget("words", 30)),
        ({"style": "points", "max_words": 12}, Budget("words", 60), Budget("words", 15), 12, MAX_POINTS,
         Budget("words", 12)),
        ({"style": "points", "max_sentences": 3}, Budget("words", 60), Budget("words", 15), 30, 3,
         Budget("words", 30)),
    ],
)
def test_config_budgets_per_style(options: dict, lead: Budget, headline: Budget, point_words: int,
                                  max_points: int, effective: Budget) -> None:
    config = SummaryConfig(**options)
    assert config.budget == lead
    assert config.headline_budget == headline
    assert config.point_words == point_words
    assert config.max_points == max_points
    assert config.effective_budget() == effective


def test_config_from_options_rejects_unknown_names() -> None:
    with pytest.raises(ConfigError) as info:
        SummaryConfig.from_options(max_word=10, colour="red")
    message = str(info.value)
    assert "max_word" in message and "colour" in message
    for valid in ("method", "style", "max_words", "max_sentences", "ratio"):
        assert valid in message


def test_config_from_options_builds_a_config() -> None:
    assert SummaryConfig.from_options(method="lead", max_sentences=2) == SummaryConfig(method="lead", max_sentences=2)


@pytest.mark.parametrize(
    ("start", "change", "expected"),
    [
        (SummaryConfig(max_words=10), {"max_sentences": 2}, SummaryConfig(max_sentences=2)),
        (SummaryConfig(ratio=0.5), {"max_words": 30}, SummaryConfig(max_words=30)),
        (SummaryConfig(max_words=10), {"method": "lead"}, SummaryConfig(method="lead", max_words=10)),
        (SummaryConfig(method="lead"), {"ratio": 0.3}, SummaryConfig(method="lead", ratio=0.3)),
    ],
)
def test_config_replace(start: SummaryConfig, change: dict, expected: SummaryConfig) -> None:
    assert start.replace(**change) == expected


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"max_words": 10, "ratio": 0.5}, ConfigError),
        ({"max_words": True}, ConfigError),
        ({"method": "nope"}, UnknownMethodError),
        ({"colour": "red"}, ConfigError),
    ],
)
def test_config_replace_validates(change: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        SummaryConfig().replace(**change)


def test_config_is_frozen() -> None:
    config = SummaryConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_words = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("budget", "total", "words"),
    [
        (Budget("words", 40), 1000, 40),
        (Budget("words", 40), 10, 40),
        (Budget("ratio", 0.1), 1000, 100),
        (Budget("ratio", 0.1), 1001, 101),
        (Budget("ratio", 0.01), 5, 1),
        (Budget("ratio", 1.0), 0, 1),
        (Budget("sentences", 3), 1000, None),
    ],
)
def test_config_budget_words_for(budget: Budget, total: int, words: int | None) -> None:
    assert budget.words_for(total) == words


def test_config_errors_are_value_errors() -> None:
    assert issubclass(ConfigError, ValueError)
    assert issubclass(UnknownMethodError, ConfigError)
