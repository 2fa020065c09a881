"""Tests for mujaz.scoring.graph: TextRank, LexRank and the power iteration."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.features import Analyzer, compute_features
from mujaz.scoring import MAX_GRAPH_SENTENCES, LexRankScorer, TextRankScorer
from mujaz.scoring.graph import stationary_distribution
from mujaz.segment import segment

# Sentence 3 shares terms with every other sentence but the off-topic one (2); the others
# share terms with it and (barely) each other. The hub is neither first nor last.
HUB_ARTICLE = " ".join(
    [
        "ارتفعت أسعار النفط في الأسواق العالمية اليوم.",
        "تراجع الدولار أمام العملات الرئيسية صباحا.",
        "غنت الفرقة الموسيقية أغنية جديدة في الحديقة.",
        "قلق المستثمرين من أسعار النفط وضعف الدولار وصعود الذهب يهز البورصة.",
        "صعد الذهب إلى مستوى قياسي جديد.",
        "سادت حالة من القلق بين المستثمرين في البورصة.",
    ]
)
HUB = 3


@pytest.mark.parametrize("scorer_class", [TextRankScorer, LexRankScorer])
def test_graph_prefers_the_most_connected_sentence(scorer_class) -> None:
    article = segment(HUB_ARTICLE)
    assert len(article.sentences) == 6
    scores = scorer_class().score(article, compute_features(article, Analyzer()))
    assert int(np.argmax(scores)) == HUB
    assert scores.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("scorer_class", [TextRankScorer, LexRankScorer])
def test_graph_isolated_sentence_scores_lowest(scorer_class) -> None:
    text = "ارتفع النفط مع الذهب اليوم. ارتفع النفط أمس. ارتفع الذهب أمس. غنت الفرقة في الحديقة."
    article = segment(text)
    scores = scorer_class().score(article, compute_features(article, Analyzer()))
    assert int(np.argmin(scores)) == 3
    assert int(np.argmax(scores)) == 0


@pytest.mark.parametrize("scorer_class", [TextRankScorer, LexRankScorer])
def test_graph_only_first_sentences_take_part(scorer_class) -> None:
    n = MAX_GRAPH_SENTENCES + 20
    text = " ".join(f"ارتفع سعر النفط {i} مرة." for i in range(n))
    article = segment(text)
    assert len(article.sentences) == n
    scores = scorer_class().score(article, compute_features(article, Analyzer()))
    assert scores.shape == (n,)
    assert np.all(scores[MAX_GRAPH_SENTENCES:] == 0)
    assert np.all(scores[:MAX_GRAPH_SENTENCES] > 0)


def test_graph_stationary_distribution_uniform_on_a_complete_graph() -> None:
    rank = stationary_distribution(np.ones((4, 4)) - np.eye(4))
    np.testing.assert_allclose(rank, 0.25)


def test_graph_stationary_distribution_star() -> None:
    star = np.zeros((5, 5))
    star[0, 1:] = star[1:, 0] = 1.0
    rank = stationary_distribution(star)
    assert rank.sum() == pytest.approx(1.0)
    assert int(np.argmax(rank)) == 0
    np.testing.assert_allclose(rank[1:], rank[1])


@pytest.mark.parametrize("n", [0, 1, 3])
def test_graph_stationary_distribution_edge_cases(n: int) -> None:
    # no edges at all: every row dangles and the walk is uniform
    rank = stationary_distribution(np.zeros((n, n)))
    assert rank.shape == (n,)
    if n:
        np.testing.assert_allclose(rank, 1.0 / n)
