"""Graph-based baselines: TextRank (Mihalcea & Tarau 2004) and LexRank (Erkan & Radev 2004).

Both build a sentence similarity matrix with numpy and rank sentences by the stationary
distribution of a random walk on it (power iteration).
"""

from __future__ import annotations

import numpy as np

from mujaz.features import Features
from mujaz.scoring.base import MAX_GRAPH_SENTENCES
from mujaz.types import Article

__all__ = ["TextRankScorer", "LexRankScorer", "stationary_distribution"]


def stationary_distribution(
    transition: np.ndarray, *, damping: float = 0.85, tolerance: float = 1e-6, max_iter: int = 100
) -> np.ndarray:
    """PageRank by power iteration over a row-stochastic ``transition`` matrix.

    Rows that sum to 0 (isolated sentences) jump uniformly, so the walk stays stochastic.
    """
    n = transition.shape[0]
    if n == 0:
        return np.zeros(0)
    sums = transition.sum(axis=1, keepdims=True)
    dangling = sums[:, 0] == 0
    probs = np.divide(transition, sums, out=np.zeros_like(transition), where=sums > 0)
    probs[dangling] = 1.0 / n
    rank = np.full(n, 1.0 / n)
    teleport = (1.0 - damping) / n
    for _ in range(max_iter):
        new = teleport + damping * (rank @ probs)
        if np.abs(new - rank).sum() < tolerance:
            return new
        rank = new
    return rank


def _pad(scores: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    out[: scores.size] = scores
    return out


class TextRankScorer:
    """TextRank: similarity = shared terms / (log |S_i| + log |S_j|), damping 0.85."""

    name = "textrank"

    def score(self, article: Article, features: Features) -> np.ndarray:
        binary = features.matrix.dense(np.ones_like(features.matrix.counts), MAX_GRAPH_SENTENCES)
        shared = binary @ binary.T
        lengths = binary.sum(axis=1)
        logs = np.log(np.maximum(lengths, 1.0))
        denominator = logs[:, None] + logs[None, :]
        similarity = np.divide(shared, denominator, out=np.zeros_like(shared), where=denominator > 0)
        np.fill_diagonal(similarity, 0.0)
        return _pad(stationary_distribution(similarity), features.n)


class LexRankScorer:
    """LexRank with a cosine threshold of 0.1 on tf-idf vectors (idf over sentences)."""

    name = "lexrank"
    threshold = 0.1

    def score(self, article: Article, features: Features) -> np.ndarray:
        vectors = features.matrix.dense(features.tfidf, MAX_GRAPH_SENTENCES)
        cosine = vectors @ vectors.T
        adjacency = (cosine > self.threshold).astype(np.float64)
        np.fill_diagonal(adjacency, 0.0)
        return _pad(stationary_distribution(adjacency), features.n)
