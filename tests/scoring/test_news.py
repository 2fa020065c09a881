"""Tests for mujaz.scoring.news, the default scorer."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.features import Analyzer, compute_features
from mujaz.scoring import NewsScorer, NewsWeights
from mujaz.segment import segment


def _scores(text: str, scorer: NewsScorer | None = None, **kwargs) -> np.ndarray:
    article = segment(text)
    return (scorer or NewsScorer()).score(article, compute_features(article, Analyzer(), **kwargs))


def test_news_prefers_the_lead(seed_text: str) -> None:
    scores = _scores(seed_text)
    assert int(np.argmax(scores)) == 0


def test_news_prefers_the_lead_over_a_central_later_sentence() -> None:
    text = (
        "أعلنت الحكومة اليوم خطة لتحلية مياه البحر في الجنوب.\n"
        "وقال الوزير إن الخطة ستوفر المياه لمليون نسمة.\n"
        "وأضاف أن خطة تحلية المياه تشمل محطات جديدة لتحلية مياه البحر."
    )
    assert int(np.argmax(_scores(text))) == 0


def test_news_damps_short_fragments() -> None:
    # A two-word caption at the top does not beat the real lead sentence after it.
    text = "صورة أرشيفية.\nأعلنت الحكومة اليوم خطة لتحلية مياه البحر في المدن الساحلية الجنوبية."
    scores = _scores(text)
    assert int(np.argmax(scores)) == 1
    assert scores[0] < scores[1]


def test_news_title_overlap_counts() -> None:
    text = (
        "غنت الفرقة في الحديقة العامة مساء أمس أمام جمهور كبير.\n"
        "وفي خبر آخر وقعت الحكومة اتفاق تحلية المياه مع شركة أجنبية."
    )
    title_only = NewsScorer(NewsWeights(lead=0.0, centrality=0.0, title=1.0, heading=0.0, paragraph_start=0.0))
    scores = _scores(text, title_only, title="الحكومة توقع اتفاق تحلية المياه")
    assert int(np.argmax(scores)) == 1
    assert scores[0] == 0.0


@pytest.mark.parametrize("weights", [NewsWeights(), NewsWeights(lead_decay=2.0, centrality=1.0)])
def test_news_scores_are_finite(seed_text: str, weights: NewsWeights) -> None:
    scores = _scores(seed_text, NewsScorer(weights))
    assert scores.shape == (4,)
    assert np.all(np.isfinite(scores)) and np.all(scores > 0)
