"""Scorers: one small contract (:class:`Scorer`) and a registry of named implementations.

====================  =========================================================
name                  what it does
====================  =========================================================
``lead``              the first sentences, in order (baseline)
``textrank``          TextRank over shared-term similarity (baseline)
``lexrank``           LexRank over thresholded tf-idf cosine (baseline)
``news``              lead prior + centrality + title/heading overlap; its headline is
                      cut by a learned word model (:mod:`mujaz.scoring.headline`) (default)
====================  =========================================================
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Mapping

from mujaz.errors import UnknownMethodError
from mujaz.scoring.base import MAX_GRAPH_SENTENCES, Scorer
from mujaz.scoring.graph import LexRankScorer, TextRankScorer
from mujaz.scoring.lead import LeadScorer
from mujaz.scoring.news import NewsScorer, NewsWeights

__all__ = [
    "Scorer",
    "REGISTRY",
    "DEFAULT_METHOD",
    "available_methods",
    "get_scorer",
    "LeadScorer",
    "TextRankScorer",
    "LexRankScorer",
    "NewsScorer",
    "NewsWeights",
    "MAX_GRAPH_SENTENCES",
]

DEFAULT_METHOD = "news"

REGISTRY: Mapping[str, Callable[[], Scorer]] = MappingProxyType(
    {
        "lead": LeadScorer,
        "textrank": TextRankScorer,
        "lexrank": LexRankScorer,
        "news": NewsScorer,
    }
)

_DESCRIPTIONS = MappingProxyType(
    {
        "lead": "the first sentences, in order (baseline)",
        "textrank": "TextRank over shared-term similarity (baseline)",
        "lexrank": "LexRank over thresholded tf-idf cosine (baseline)",
        "news": "lead prior + centrality + title/heading overlap, clause-aware; headlines cut by a "
                "learned word model (default)",
    }
)


def available_methods() -> dict[str, str]:
    """Registered method names with a one-line description each."""
    return {name: _DESCRIPTIONS[name] for name in REGISTRY}


def get_scorer(name: str) -> Scorer:
    """Instantiate the scorer registered as ``name``.

    Raises:
        UnknownMethodError: ``name`` is not registered (the message lists the valid names).
    """
    try:
        factory = REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownMethodError(str(name), sorted(REGISTRY)) from None
    return factory()
