"""Per-sentence features as numpy arrays.

Words are matched after :func:`mujaz.normalize.normalize`, stop-word removal and Arabic
Snowball stemming (PyStemmer, C speed). A document becomes a sparse term matrix in
coordinate form (``rows``, ``cols``, counts), from which every feature is computed with
vectorized numpy: no Python loop runs per term pair, so a 5 MB article stays linear.
"""

from __future__ import annotations

import collections
import itertools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import Stemmer

from mujaz.normalize import normalize, normalize_keep_teh_marbuta
from mujaz.types import Article

__all__ = ["Analyzer", "TermMatrix", "Features", "tokenize", "load_stopwords", "compute_features"]

# Letters and digits after normalization (diacritics and tatweel are gone by then, so \w
# no longer splits words at a mark, the way ASCII-minded tokenizers do).
_TOKEN = re.compile(r"[^\W_]+")
# Snowball's Arabic stemmer strips the article only from words whose ending it knows, and it
# knows the feminine ending as ة: given the folded الحكومه it returns حكومه, but حكوم for حكومه.
# So the analyzer stems words with ة kept and folds ة to ه in the stems afterwards.
# Joins a document's units for one-pass analysis: a private-use character, which is no
# letter (so it never sticks to a token) and which normalization leaves alone.
_ROW_BREAK = "\ue000"
_TOKEN_OR_ROW = re.compile(r"[^\W_]+|\ue000")
# Most tokens an Analyzer remembers the term of before it starts afresh.
MAX_CACHED_TERMS = 200_000


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalized, lower-cased word tokens (letters and digits)."""
    return _TOKEN.findall(normalize(text).lower())


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
        # token -> term ("" for a stop word). Snowball costs about 2 us a word and news
        # vocabularies are Zipfian, so remembering stems makes analysis several times
        # faster over a batch. Bounded, and owned by this analyzer (not module state).
        self._terms: dict[str, str] = {}

    def _term(self, token: str) -> str:
        """The term of one normalized token (ة kept): "" for a stop word, else its stem."""
        term = self._terms.get(token)
        if term is None:
            term = "" if token in self._stop_spellings else self._stemmer.stemWord(token).replace("ة", "ه")
            if len(self._terms) >= MAX_CACHED_TERMS:
                self._terms.clear()
            self._terms[token] = term
        return term

    def terms(self, text: str) -> list[str]:
        """The stemmed content terms of ``text``, in order, stop words removed."""
        term = self._term
        return [t for t in map(term, _TOKEN.findall(normalize_keep_teh_marbuta(text).lower())) if t]

    def term_matrix(self, texts: list[str], vocabulary: dict[str, int] | None = None) -> "TermMatrix":
        """Build the unit-by-term count matrix of ``texts`` (one row per text).

        Args:
            texts: the units (sentences, clauses, a title...).
            vocabulary: term -> column map to extend; a new one is made when omitted.
        """
        vocab: dict[str, int] = {} if vocabulary is None else vocabulary
        n = len(texts)
        joined = _ROW_BREAK.join(texts)
        if joined.count(_ROW_BREAK) != max(n - 1, 0):
            # A text holds the private-use row marker itself: analyze text by text.
            token_lists = [_TOKEN.findall(normalize_keep_teh_marbuta(text).lower()) for text in texts]
        else:
            # One normalization pass for the whole document, then one findall per unit.
            parts = normalize_keep_teh_marbuta(joined).lower().split(_ROW_BREAK)
            token_lists = [_TOKEN.findall(part) for part in parts]
        # Everything below runs per token, so it stays in C: map() over dict lookups, numpy
        # for the row numbers, a defaultdict that numbers new terms as they come.
        tokens = list(itertools.chain.from_iterable(token_lists))
        stems = list(map(self._terms.get, tokens))
        miss = -1
        while True:
            try:
                miss = stems.index(None, miss + 1)
            except ValueError:
                break
            stems[miss] = self._term(tokens[miss])
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        content = np.fromiter(map(bool, stems), dtype=bool, count=len(stems))
        numbering = collections.defaultdict(itertools.count(len(vocab)).__next__, vocab)
        cols = np.fromiter(map(numbering.__getitem__, itertools.compress(stems, content)), dtype=np.int64)
        vocab.update(numbering)
        return TermMatrix.from_pairs(rows[content], cols, n_rows=n, n_cols=len(vocab), vocabulary=vocab)


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
    if terms.size == 0:
        return np.zeros(matrix.n_rows)
    distinct = np.unique(terms)
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
    units = [text[s.span.start : s.span.end] for s in sentences]
    matrix = analyzer.term_matrix(units)
    tfidf = matrix.tfidf()
    n = matrix.n_rows
    word_counts = np.fromiter(map(len, map(str.split, units)), dtype=np.int64, count=n)
    position = np.arange(n, dtype=np.float64)
    blocks = np.fromiter((s.block for s in sentences), dtype=np.int64, count=n)
    new_paragraph = np.ones(n, dtype=bool)
    new_paragraph[1:] = blocks[1:] != blocks[:-1]
    paragraph_index = np.cumsum(new_paragraph) - 1
    paragraph_rank = np.arange(n) - np.flatnonzero(new_paragraph)[paragraph_index]

    centroid = np.bincount(matrix.cols, weights=tfidf, minlength=matrix.n_cols)
    centroid_norm = float(np.sqrt(centroid @ centroid)) or 1.0
    centrality = np.bincount(matrix.rows, weights=tfidf * centroid[matrix.cols], minlength=n) / centroid_norm

    vocab = matrix.vocabulary  # lookups only: unseen title terms never match
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
        paragraph_rank=paragraph_rank,
        paragraph_index=paragraph_index,
        centrality=centrality,
        title_overlap=title_overlap,
        heading_overlap=heading_overlap,
    )


def _known_ids(terms: list[str], vocab: dict[str, int]) -> np.ndarray:
    ids = [vocab[t] for t in terms if t in vocab]
    return np.array(ids, dtype=np.int64)


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
