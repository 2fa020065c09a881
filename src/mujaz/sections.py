"""Sections: the parts of a story, by its subheadings or, without them, by topic shift.

An editor's lead and key points take one main point from each part of the story. An
article with subheadings says where its parts are (each heading opens one; the sentences
before the first heading are section 0). An article without them is split where its
vocabulary shifts, as TextTiling does (Hearst 1997): at every gap between two sentences,
the tf-idf vectors of the :data:`WINDOW` sentences before and after it are compared
(cosine), and the story is cut at the gaps whose similarity dips deepest below the peaks
around them. Cuts fall only between paragraphs when the article has enough of them. One
section is made per :data:`WORDS_PER_SECTION` words of body, at least
:data:`MIN_TOPIC_SECTIONS` (while there are sentences for them), at most ``max_sections``.

Everything runs on the sparse term matrix of :mod:`mujaz.features` with vectorized numpy
(no loop per term or per sentence pair), so a long article stays linear.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mujaz.features import Features
from mujaz.types import Article, Block, BlockKind

__all__ = ["Section", "story_sections", "gap_similarity", "gap_depth", "WINDOW", "WORDS_PER_SECTION", "MIN_TOPIC_SECTIONS",
           "MAX_SECTIONS"]

# Sentences on each side of a gap whose vocabularies are compared (TextTiling's block size,
# in sentences: news paragraphs hold one to three).
WINDOW = 3
# One topic section per this many body words (BBC Arabic articles run 300-600 words, which
# gives the two to four parts a reader sees in them), and never fewer than
# MIN_TOPIC_SECTIONS while the article has that many sentences (a short story still has a
# beginning, a middle and an end: the key points it used to get, three).
WORDS_PER_SECTION = 150
MIN_TOPIC_SECTIONS = 3
# The most sections an article is split into (the points style's MAX_POINTS).
MAX_SECTIONS = 6


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the story: body sentences ``start`` to ``end`` (exclusive), in order.

    Attributes:
        index: position among the article's sections (0-based).
        start: index of its first sentence in :attr:`Article.sentences`.
        end: one past its last sentence.
        heading: the subheading that opens it, if the article has subheadings and this
            section has one (``None`` for the part before the first subheading and for
            sections found by topic shift).
    """

    index: int
    start: int
    end: int
    heading: Block | None = None

    def __len__(self) -> int:
        return self.end - self.start


def gap_similarity(features: Features, window: int = WINDOW) -> np.ndarray:
    """Cosine similarity across each gap between consecutive sentences.

    Entry ``g - 1`` compares sentences ``[g - window, g)`` with ``[g, g + window)`` (tf-idf
    sums, clipped at the article's ends), for ``g`` in ``1 .. n - 1``. Fully vectorized:
    every matrix entry is spread to the ``window`` gaps it lies on either side of, and the
    two sides' (gap, term) sums meet in one sorted join.
    """
    n = features.n
    if n < 2:
        return np.zeros(0)
    matrix = features.matrix
    rows, cols, vals = matrix.rows, matrix.cols, features.tfidf
    width = max(matrix.n_cols, 1)
    offsets = np.arange(window)
    # Left side: an entry of row r lies before gaps r+1 .. r+window; right side: after gaps r-window+1 .. r.
    left_gaps = (rows[:, None] + 1 + offsets[None, :]).ravel()
    right_gaps = (rows[:, None] - offsets[None, :]).ravel()
    rep_cols = np.repeat(cols, window)
    rep_vals = np.repeat(vals, window)

    def side(gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keep = (gaps >= 1) & (gaps <= n - 1)
        keys, inverse = np.unique(gaps[keep] * width + rep_cols[keep], return_inverse=True)
        return keys, np.bincount(inverse, weights=rep_vals[keep], minlength=keys.size)

    left_keys, left_vals = side(left_gaps)
    right_keys, right_vals = side(right_gaps)
    left_norm = np.sqrt(np.bincount(left_keys // width, weights=left_vals**2, minlength=n))
    right_norm = np.sqrt(np.bincount(right_keys // width, weights=right_vals**2, minlength=n))
    common, li, ri = np.intersect1d(left_keys, right_keys, assume_unique=True, return_indices=True)
    dots = np.bincount(common // width, weights=left_vals[li] * right_vals[ri], minlength=n)
    norms = left_norm * right_norm
    sims = np.divide(dots, norms, out=np.zeros(n), where=norms > 0)
    return sims[1:n]


def gap_depth(similarity: np.ndarray, reach: int = WINDOW) -> np.ndarray:
    """How far each gap's similarity dips below the highest similarity within ``reach`` gaps
    on its left plus that on its right (TextTiling's depth score; 0 on a plateau)."""
    m = similarity.size
    if m == 0:
        return similarity
    padded = np.concatenate([np.full(reach, -np.inf), similarity, np.full(reach, -np.inf)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, reach + 1)
    left_peak = np.maximum(windows[:m].max(axis=1), similarity)      # gaps g-reach .. g
    right_peak = np.maximum(windows[reach:reach + m].max(axis=1), similarity)  # gaps g .. g+reach
    return (left_peak - similarity) + (right_peak - similarity)


def _heading_sections(article: Article) -> tuple[Section, ...]:
    headings = {b.section: b for b in article.blocks if b.kind is BlockKind.HEADING}
    sections: list[Section] = []
    start = 0
    sentences = article.sentences
    for i in range(1, len(sentences) + 1):
        if i == len(sentences) or sentences[i].section != sentences[start].section:
            sections.append(Section(len(sections), start, i, headings.get(sentences[start].section)))
            start = i
    return tuple(sections)


def story_sections(article: Article, features: Features, *, max_sections: int = MAX_SECTIONS) -> tuple[Section, ...]:
    """The article's sections, in document order, covering every body sentence once.

    By its subheadings when it has them (the text before the first one is a section of its
    own; a heading with no sentence under it makes none); else by topic shift (see the
    module docstring), ``max_sections`` at most. An article without sentences has none.
    """
    n = features.n
    if n == 0:
        return ()
    if article.headings:
        return _heading_sections(article)
    total_words = int(features.word_counts.sum())
    k = min(max_sections, max(total_words // WORDS_PER_SECTION, MIN_TOPIC_SECTIONS), n)
    if k < 2:
        return (Section(0, 0, n),)
    depth = gap_depth(gap_similarity(features))
    blocks = np.fromiter((s.block for s in article.sentences), dtype=np.int64, count=n)
    paragraph_gap = blocks[1:] != blocks[:-1]
    # Cut between paragraphs when there are enough of them; a one-paragraph story at sentences.
    allowed = paragraph_gap if int(paragraph_gap.sum()) >= k - 1 else np.ones(n - 1, dtype=bool)
    candidates = np.flatnonzero(allowed)
    # Deepest first; ties go to the earlier gap (stable sort of the negated depths).
    ranked = candidates[np.argsort(-depth[candidates], kind="stable")]
    cuts = np.sort(ranked[: k - 1]) + 1  # gap g-1 lies before sentence g
    bounds = [0, *cuts.tolist(), n]
    return tuple(Section(i, a, b) for i, (a, b) in enumerate(zip(bounds, bounds[1:])))
