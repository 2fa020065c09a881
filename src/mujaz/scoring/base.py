"""The contract every summarizer's scorer follows."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from mujaz.features import Features
from mujaz.scoring.headline import HeadlineModel
from mujaz.types import Article

__all__ = ["Scorer", "MAX_GRAPH_SENTENCES"]

# Graph methods build a dense sentence-by-sentence matrix. Past this many sentences (a
# 5 MB dump, not a news story) only the first ones take part and the rest score 0, which
# keeps memory bounded (500 sentences by their distinct terms stays in tens of MB) and time linear in the input.
MAX_GRAPH_SENTENCES = 500


@runtime_checkable
class Scorer(Protocol):
    """Rates each body sentence of an article; higher is better.

    Attributes:
        name: registered name (``"news"``).
        version: versioned name recorded in summaries (``"news.v3"``).
        clauses: whether assembly may keep single clauses of a sentence that does not fit.
        redundancy: cosine similarity above which a candidate repeats a kept sentence and
            is skipped (``None`` turns redundancy removal off).
        headline_model: the word model that cuts the headline out of the opening sentences
            (:class:`~mujaz.scoring.headline.HeadlineModel`), or ``None`` for a headline
            that is the best sentence cut to its budget.
    """

    name: str
    version: str
    clauses: bool
    redundancy: float | None
    headline_model: HeadlineModel | None

    def score(self, article: Article, features: Features) -> np.ndarray:
        """Return one float per sentence of ``article``."""
        ...
