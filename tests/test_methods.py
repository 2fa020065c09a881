"""Tests for mujaz.methods: scorer + assembly policy + headline cutter, built once per process."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from mujaz.assembly import AssemblyPolicy
from mujaz.errors import UnknownMethodError
from mujaz.features import Analyzer, compute_features
from mujaz.headline.cut import BestSentenceHeadline, ModelHeadline
from mujaz.methods import _BUILDERS, BASELINE_POLICY, NEWS_POLICY, Method, get_method
from mujaz.registry import METHODS
from mujaz.scoring import Scorer
from mujaz.segment import segment

NAMES = sorted(METHODS)


def test_methods_every_registered_name_has_a_builder() -> None:
    assert set(_BUILDERS) == set(METHODS)


@pytest.mark.parametrize("name", NAMES)
def test_methods_follow_the_contract(name: str) -> None:
    method = get_method(name)
    assert isinstance(method, Method)
    # the llm method's extractive parts (its safety net) are news's
    assert isinstance(method.scorer, Scorer) and method.scorer.name == ("news" if name == "llm" else name)
    assert isinstance(method.policy, AssemblyPolicy)
    assert method.version == METHODS[name].version
    assert get_method(name) is method, "built once per process"


@pytest.mark.parametrize("name", ["news", "llm"])
def test_methods_news_compresses_and_has_the_headline_model(name: str) -> None:
    news = get_method(name)
    assert news.policy == NEWS_POLICY and news.policy.compress and news.policy.clause_cuts
    assert news.policy.redundancy is not None
    assert isinstance(news.headline, ModelHeadline)


@pytest.mark.parametrize("name", ["lead", "textrank", "lexrank"])
def test_methods_baselines_take_sentences_as_they_are(name: str) -> None:
    method = get_method(name)
    assert method.policy == BASELINE_POLICY and not method.policy.compress
    assert isinstance(method.headline, BestSentenceHeadline)


def test_methods_unknown_name() -> None:
    with pytest.raises(UnknownMethodError):
        get_method("nope")


def test_methods_are_shared_by_threads() -> None:
    found: list[Method] = []
    threads = [threading.Thread(target=lambda: found.append(get_method("news"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(m) for m in found}) == 1


@pytest.mark.parametrize("name", NAMES)
def test_methods_scores_shape_and_values(name: str, seed_text: str) -> None:
    article = segment(seed_text)
    features = compute_features(article, Analyzer())
    scorer = get_method(name).scorer
    scores = scorer.score(article, features)
    assert isinstance(scores, np.ndarray)
    assert scores.shape == (len(article.sentences),)
    assert np.all(np.isfinite(scores)) and np.all(scores >= 0)
    np.testing.assert_array_equal(scores, scorer.score(article, features))  # a pure function


@pytest.mark.parametrize("redundancy", [0.0, 1.0, -0.5, 2.0])
def test_methods_policy_refuses_a_redundancy_outside_the_unit_interval(redundancy: float) -> None:
    with pytest.raises(ValueError):
        AssemblyPolicy(redundancy=redundancy)
