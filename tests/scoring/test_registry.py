"""Tests for mujaz.scoring: the registry and the Scorer contract."""

from __future__ import annotations

import numpy as np
import pytest

import mujaz
from mujaz.errors import ConfigError, UnknownMethodError
from mujaz.features import Analyzer, compute_features
from mujaz.scoring import DEFAULT_METHOD, REGISTRY, Scorer, available_methods, get_scorer
from mujaz.segment import segment

METHODS = ["lead", "lexrank", "news", "textrank"]


def test_scoring_registry_names() -> None:
    assert sorted(REGISTRY) == METHODS
    assert sorted(available_methods()) == METHODS
    assert mujaz.available_methods() == available_methods()
    assert DEFAULT_METHOD == "news"


@pytest.mark.parametrize("name", METHODS)
def test_scoring_descriptions(name: str) -> None:
    description = available_methods()[name]
    assert isinstance(description, str) and description.strip()


def test_scoring_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        REGISTRY["mine"] = object  # type: ignore[index]


@pytest.mark.parametrize("name", METHODS)
def test_scoring_get_scorer_follows_the_contract(name: str) -> None:
    scorer = get_scorer(name)
    assert isinstance(scorer, Scorer)
    assert scorer.name == name
    assert scorer.version.startswith(f"{name}.v")
    assert isinstance(scorer.clauses, bool)
    assert scorer.redundancy is None or 0 < scorer.redundancy < 1
    assert get_scorer(name) is not scorer, "a fresh instance each time"


@pytest.mark.parametrize("name", ["nope", "News", "", "textrank.v1", None, 3, ["lead"]])
def test_scoring_unknown_name_lists_the_valid_ones(name: object) -> None:
    with pytest.raises(UnknownMethodError) as info:
        get_scorer(name)  # type: ignore[arg-type]
    error = info.value
    assert isinstance(error, ConfigError)
    assert error.available == tuple(METHODS)
    for valid in METHODS:
        assert valid in str(error)
    assert repr(str(name)) in str(error)


@pytest.mark.parametrize("name", METHODS)
def test_scoring_scores_shape_and_values(name: str, seed_text: str) -> None:
    article = segment(seed_text)
    features = compute_features(article, Analyzer())
    scores = get_scorer(name).score(article, features)
    assert isinstance(scores, np.ndarray)
    assert scores.shape == (len(article.sentences),)
    assert np.all(np.isfinite(scores))
    assert np.all(scores >= 0)
    # scoring is a pure function of the article
    np.testing.assert_array_equal(scores, get_scorer(name).score(article, features))
