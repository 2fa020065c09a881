"""Scorers: one small contract (:class:`Scorer`: rate each sentence) and its implementations.

====================  =========================================================
scorer                what it rates
====================  =========================================================
:class:`LeadScorer`   position only: the first sentence highest (baseline)
:class:`TextRankScorer`  TextRank over shared-term similarity (baseline)
:class:`LexRankScorer`   LexRank over thresholded tf-idf cosine (baseline)
:class:`NewsScorer`   lead prior + centrality + title/heading overlap (the default method)
====================  =========================================================

Which scorer a method uses, with which assembly policy and headline cutter, is
:mod:`mujaz.methods`; the registered names are in :mod:`mujaz.registry`.
"""

from __future__ import annotations

from mujaz.scoring.base import MAX_GRAPH_SENTENCES, Scorer
from mujaz.scoring.graph import LexRankScorer, TextRankScorer
from mujaz.scoring.lead import LeadScorer
from mujaz.scoring.news import NewsScorer, NewsWeights

__all__ = [
    "Scorer",
    "LeadScorer",
    "TextRankScorer",
    "LexRankScorer",
    "NewsScorer",
    "NewsWeights",
    "MAX_GRAPH_SENTENCES",
]
