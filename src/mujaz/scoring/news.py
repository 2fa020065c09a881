"""``news``: the default scorer, built for news stories.

News writers put the story's core in the first sentences (the inverted pyramid), repeat
its key terms in the title and subheadings, and pad later paragraphs with background and
quotes. The score of a sentence mixes:

* a lead prior that decays with position (the strongest single signal on real data);
* centrality: cosine similarity to the document's tf-idf centroid;
* overlap with the title and with the sentence's own section heading;
* a bonus for opening a paragraph;

and is damped for fragments (captions, "related stories" lines) that are too short to
be a summary sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from mujaz._resources import read_package_json, resource
from mujaz.errors import DataError
from mujaz.features import Features
from mujaz.types import Article

__all__ = ["NewsScorer", "NewsWeights", "WEIGHTS_FILE", "NEWS_VERSION", "shipped_news_weights"]

WEIGHTS_FILE = "data/news-weights.json"
NEWS_VERSION = "news.v3"
"""The ``news`` method's version: its score's terms, assembly and headline; the shipped
weights file must name the same version."""


@dataclass(frozen=True)
class NewsWeights:
    """Weights of the ``news`` score's terms.

    The defaults are hand-set; :meth:`shipped` returns the weights fitted by
    ``make train`` (:mod:`mujaz.training`, 5-fold cross-validated on journalists'
    summaries), which the ``news`` scorer uses.
    """

    lead: float = 1.0
    lead_decay: float = 1.0
    centrality: float = 0.3
    title: float = 0.3
    heading: float = 0.15
    paragraph_start: float = 0.05
    min_words: int = 6

    @classmethod
    def shipped(cls) -> "NewsWeights":
        """The fitted weights in ``mujaz/data/news-weights.json``, read once per process.

        Raises:
            DataError: the file is missing, malformed or for another version of ``news``
                (a broken installation).
        """
        return shipped_news_weights()


@resource
def shipped_news_weights() -> NewsWeights:
    """Read the shipped news weights (once per process; see :meth:`NewsWeights.shipped`)."""
    values = read_package_json(WEIGHTS_FILE, "news weights", "weights", version=NEWS_VERSION)
    defaults = NewsWeights()
    try:
        return NewsWeights(**{f.name: type(getattr(defaults, f.name))(values[f.name]) for f in fields(NewsWeights)})
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"cannot read the news weights {WEIGHTS_FILE}: {exc}") from None


class NewsScorer:
    """Lead prior + centrality + title/heading overlap, for news articles.

    Args:
        weights: the score's weights; the shipped, fitted ones by default.
    """

    name = "news"

    def __init__(self, weights: NewsWeights | None = None) -> None:
        self.weights = weights if weights is not None else NewsWeights.shipped()

    def score(self, article: Article, features: Features) -> np.ndarray:
        w = self.weights
        lead = 1.0 / (1.0 + features.position) ** w.lead_decay
        score = (
            w.lead * lead
            + w.centrality * features.centrality
            + w.title * features.title_overlap
            + w.heading * features.heading_overlap
            + w.paragraph_start * (features.paragraph_rank == 0)
        )
        too_short = np.clip(features.word_counts / max(w.min_words, 1), 0.0, 1.0)
        return score * too_short
