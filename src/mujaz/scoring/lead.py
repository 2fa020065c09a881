"""The lead baseline: the article's first sentences, in order."""

from __future__ import annotations

import numpy as np

from mujaz.features import Features
from mujaz.types import Article

__all__ = ["LeadScorer"]


class LeadScorer:
    """Scores sentences by position only: the first sentence scores highest."""

    name = "lead"

    def score(self, article: Article, features: Features) -> np.ndarray:
        return 1.0 / (1.0 + features.position)
