"""Per-sentence features as numpy arrays.

Words are matched after :func:`mujaz.normalize.normalize`, stop-word removal and Arabic
Snowball stemming (PyStemmer, C speed). A document becomes a sparse term matrix in
coordinate form (``rows``, ``cols``, counts), from which every feature is computed with
vectorized numpy: no Python loop runs per term pair, so a 5 MB article stays linear.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import Stemmer

from mujaz._charmaps import FOLD_MAP
from mujaz.normalize import normalize
from mujaz.types import Article

__all__ = ["Analyzer", "TermMatrix", "Features", "tokenize", "load_stopwords", "compute_features"]

# Letters and digits after normalization (diacritics and tatweel are gone by then, so \w
# no longer splits words at a mark, the way ASCII-minded tokenizers do).
_TOKEN = re.compile(r"[^\W_]+")
# Snowball's Arabic stemmer strips the article only from words whose ending it knows, and it
# knows the feminine ending as ة: given the folded الحكومه it returns حكومه, but حكوم for حكومه.
# So the analyzer stems words with ة kept and folds ة to ه in the stems afterwards.
_FOLD_KEEP_TEH_MARBUTA = {cp: rep for cp, rep in FOLD_MAP.items() if cp != ord("ة")}


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalized, lower-cased word tokens (letters and digits)."""
    return _TOKEN.findall(normalize(text).lower())


def _fold_teh_marbuta(words: list[str]) -> list[str]:
    """Fold ة to ه in every word, in one pass over the joined words (words hold no newline)."""
    if not words:
        return words
    return "\n".join(words).replace("ة", "ه").split("\n")


def load_stopwords() -> frozenset[str]:
    """Read the Arabic stop-word list shipped in ``mujaz/data/stopwords-ar.txt``."""
    raw = resources.files("mujaz").joinpath("data/stopwords-ar.txt").read_text(encoding="utf-8")
    words = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(tokenize(line))
    return frozenset(words)


class Analyzer:
    """Turns text into matching terms: normalize, tokenize, drop stop words, stem.

    Create one and reuse it: it holds the stemmer and the stop-word list.

    Args:
        stopwords: the stop words (normalized); defaults to the shipped Arabic list.
    """

    def __init__(self, stopwords: frozenset[str] | None = None) -> None:
        self.stopwords = load_stopwords() if stopwords is None else frozenset(stopwords)
        # The stop words again, spelled with ة wherever they have ه, to filter unfolded words.
        self._stop_spellings = frozenset(
            "".join(chars)
            for word in self.stopwords
            for chars in itertools.product(*(("ه", "ة") if c == "ه" else (c,) for c in word))
        )
        self._stemmer = Stemmer.Stemmer("arabic")

    def _content_words(self, text: str) -> list[str]:
        """Normalized, lower-cased tokens of ``text`` with ة kept, stop words removed."""
        words = _TOKEN.findall(text.translate(_FOLD_KEEP_TEH_MARBUTA).lower())
        return [w for w in words if w not in self._stop_spellings]

    def _stem(self, words: list[str]) -> list[str]:
        return _fold_teh_marbuta(self._stemmer.stemWords(words))

    def terms(self, text: str) -> list[str]:
        """The stemmed content terms of ``text``, in order, stop words removed."""
        return self._stem(self._content_words(text))

    def term_matrix(self, texts: list[str], vocabulary: dict[str, int] | None = None) -> "TermMatrix":
        """Build the unit-by-term count matrix of ``texts`` (one row per text).

        Args:
            texts: the units (sentences, clauses, a title...).
            vocabulary: term -> column map to extend; a new one is made when omitted.
        """
        vocab: dict[str, int] = {} if vocabulary is None else vocabulary
        token_lists = [self._content_words(x) for x in texts]
        flat = [t for tokens in token_lists for t in tokens]
        stems = self._stem(flat)
        ids = np.fromiter((vocab.setdefault(s, len(vocab)) for s in stems), dtype=np.int64, count=len(stems))
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
        row_of_token = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        return TermMatrix.from_pairs(row_of_token, ids, n_rows=len(texts), n_cols=len(vocab), vocabulary=vocab)


@dataclass(frozen=True)
class TermMatrix:
    """A sparse count matrix in coordinate form: one entry per distinct (row, term)."""

    rows: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    n_rows: int
    n_cols: int
    vocabulary: dict[str, int]

    @classmethod
    def from_pairs(cls, rows: np.ndarray, cols: np.ndarray, *, n_rows: int, n_cols: int,
                   vocabulary: dict[str, int]) -> "TermMatrix":
        """Aggregate repeated (row, col) token pairs into counts."""
        width = max(n_cols, 1)
        keys, counts = np.unique(rows * width + cols, return_counts=True)
        return cls(keys // width, keys % width, counts.astype(np.float64), n_rows, n_cols, vocabulary)

    def row_lengths(self) -> np.ndarray:
        """Number of distinct terms per row."""
        return np.bincount(self.rows, minlength=self.n_rows)

    def document_frequency(self) -> np.ndarray:
        return np.bincount(self.cols, minlength=self.n_cols).astype(np.float64)

    def tfidf(self) -> np.ndarray:
        """Per-entry tf-idf weights, rows L2-normalized (idf from row frequencies)."""
        df = self.document_frequency()
        idf = np.log((1.0 + self.n_rows) / (1.0 + df)) + 1.0
        weights = self.counts * idf[self.cols]
        norms = np.sqrt(np.bincount(self.rows, weights=weights**2, minlength=self.n_rows))
        norms[norms == 0] = 1.0
        return weights / norms[self.rows]

    def dense(self, values: np.ndarray | None = None, max_rows: int | None = None) -> np.ndarray:
        """A dense array of ``values`` (default: counts) for the first ``max_rows`` rows.

        Only the columns those rows use are kept (renumbered), so the array's size depends
        on the rows asked for, not on the document's whole vocabulary.
        """
        n = self.n_rows if max_rows is None else min(self.n_rows, max_rows)
        vals = self.counts if values is None else values
        keep = self.rows < n
        used, cols = np.unique(self.cols[keep], return_inverse=True)
        out = np.zeros((n, used.size))
        out[self.rows[keep], cols] = vals[keep]
        return out

    def overlap_with(self, terms: np.ndarray) -> np.ndarray:
        """For each row, how many of the distinct term ids in ``terms`` it contains."""
        mask = np.zeros(self.n_cols + 1)
        mask[np.unique(terms[terms < self.n_cols])] = 1.0
        return np.bincount(self.rows, weights=mask[self.cols], minlength=self.n_rows)


@dataclass(frozen=True)
class Features:
    """Features of an article's body sentences; every array has one entry per sentence.

    Attributes:
        matrix: sentence-by-term counts.
        tfidf: tf-idf weight of each entry of ``matrix`` (rows L2-normalized).
        word_counts: whitespace-separated words per sentence (the budget's unit).
        position: 0-based sentence index in the article.
        paragraph_rank: 0-based index of the sentence inside its paragraph.
        paragraph_index: 0-based index of the paragraph among body paragraphs.
        centrality: cosine similarity of the sentence to the document centroid.
        title_overlap: share of the title's terms the sentence contains.
        heading_overlap: share of its section heading's terms the sentence contains.
    """

    matrix: TermMatrix
    tfidf: np.ndarray
    word_counts: np.ndarray
    position: np.ndarray
    paragraph_rank: np.ndarray
    paragraph_index: np.ndarray
    centrality: np.ndarray
    title_overlap: np.ndarray
    heading_overlap: np.ndarray

    @property
    def n(self) -> int:
        return self.matrix.n_rows


def _share(matrix: TermMatrix, terms: np.ndarray) -> np.ndarray:
    distinct = np.unique(terms)
    if distinct.size == 0:
        return np.zeros(matrix.n_rows)
    return matrix.overlap_with(distinct) / distinct.size


def compute_features(article: Article, analyzer: Analyzer, *, title: str | None = None) -> Features:
    """Compute the features of ``article``'s sentences.

    Args:
        article: the segmented article.
        analyzer: the term analyzer (reuse one across documents).
        title: a headline given apart from the text (e.g. a data set's title field); when
            omitted, the article's own title line is used, if it has one.
    """
    text = article.text
    sentences = article.sentences
    matrix = analyzer.term_matrix([s.span.slice(text) for s in sentences])
    tfidf = matrix.tfidf()
    n = matrix.n_rows
    word_counts = np.fromiter((len(s.span.slice(text).split()) for s in sentences), dtype=np.int64, count=n)
    position = np.arange(n, dtype=np.float64)
    blocks = np.fromiter((s.block for s in sentences), dtype=np.int64, count=n)
    new_paragraph = np.ones(n, dtype=bool)
    new_paragraph[1:] = blocks[1:] != blocks[:-1]
    paragraph_index = np.cumsum(new_paragraph) - 1
    starts = np.flatnonzero(new_paragraph)
    paragraph_rank = np.arange(n) - starts[paragraph_index] if n else np.zeros(0, dtype=np.int64)

    centroid = np.bincount(matrix.cols, weights=tfidf, minlength=matrix.n_cols)
    centroid_norm = np.linalg.norm(centroid) or 1.0
    centrality = np.bincount(matrix.rows, weights=tfidf * centroid[matrix.cols], minlength=n) / centroid_norm

    vocab = dict(matrix.vocabulary)  # lookups only: unseen title terms never match
    if title is None and article.title is not None:
        title = article.title.span.slice(text)
    title_ids = _known_ids(analyzer.terms(title), vocab) if title else np.zeros(0, dtype=np.int64)
    title_overlap = _share(matrix, title_ids)

    heading_overlap = _heading_overlap(article, analyzer, matrix, vocab)
    return Features(
        matrix=matrix,
        tfidf=tfidf,
        word_counts=word_counts,
        position=position,
        paragraph_rank=paragraph_rank.astype(np.int64),
        paragraph_index=paragraph_index.astype(np.int64),
        centrality=centrality,
        title_overlap=title_overlap,
        heading_overlap=heading_overlap,
    )


def _known_ids(terms: list[str], vocab: dict[str, int]) -> np.ndarray:
    return np.fromiter((vocab[t] for t in terms if t in vocab), dtype=np.int64)


def _heading_overlap(article: Article, analyzer: Analyzer, matrix: TermMatrix,
                     vocab: dict[str, int]) -> np.ndarray:
    """Share of its own section heading's terms that each sentence contains (vectorized)."""
    n = matrix.n_rows
    headings = article.headings
    if not headings or n == 0:
        return np.zeros(n)
    width = max(matrix.n_cols, 1)
    n_sections = max(h.section for h in headings) + 1
    sizes = np.zeros(n_sections)
    keys = []
    for heading in headings:
        ids = np.unique(_known_ids(analyzer.terms(heading.span.slice(article.text)), vocab))
        sizes[heading.section] = ids.size
        keys.append(heading.section * width + ids)
    sections = np.fromiter((s.section for s in article.sentences), dtype=np.int64, count=n)
    entry_sections = sections[matrix.rows]
    hits = np.isin(entry_sections * width + matrix.cols, np.concatenate(keys))
    counts = np.bincount(matrix.rows, weights=hits.astype(np.float64), minlength=n)
    denominators = sizes[np.minimum(sections, n_sections - 1)]
    return np.divide(counts, denominators, out=np.zeros(n), where=denominators > 0)
