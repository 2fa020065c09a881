"""Tests for mujaz.scoring.lead."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.features import Analyzer, compute_features
from mujaz.scoring import LeadScorer
from mujaz.segment import segment


@pytest.mark.parametrize(
    "text_name",
    ["seed", "short"],
)
def test_lead_scores_decrease_with_position(seed_text: str, text_name: str) -> None:
    text = seed_text if text_name == "seed" else "أولى. ثانية. ثالثة.\nرابعة. خامسة."
    article = segment(text)
    scores = LeadScorer().score(article, compute_features(article, Analyzer()))
    assert scores.shape == (len(article.sentences),)
    assert np.all(np.diff(scores) < 0)
    assert scores[0] == pytest.approx(1.0)


def test_lead_ignores_content() -> None:
    # The lead baseline looks at position only: an off-topic first sentence still wins.
    text = "غنت الفرقة في الحديقة. ارتفع النفط. ارتفع النفط مجددا. النفط يرتفع."
    article = segment(text)
    scores = LeadScorer().score(article, compute_features(article, Analyzer()))
    assert int(np.argmax(scores)) == 0
