"""Per-sentence features as numpy arrays.

Words are matched after :func:`mujaz.normalize.normalize`, stop-word removal and Arabic
Snowball stemming (PyStemmer, C speed). A document becomes a sparse term matrix in
coordinate form (``rows``, ``cols``, counts), from which every feature is computed with
vectorized numpy: no Python loop runs per term pair, so a 5 MB article stays linear.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field

import numpy as np
import Stemmer

from mujaz._packed import PackedTokens
from mujaz._resources import read_package_text, resource
from mujaz.charset import TOKEN
from mujaz.normalize import normalize, normalize_keep_teh_marbuta
from mujaz.types import Article

__all__ = ["Analyzer", "Vocabulary", "SharedVocabulary", "shared_vocabulary", "shipped_stopwords", "TermMatrix", "Features",
           "tokenize", "word_tokens", "word_count", "load_stopwords", "compute_features", "ROW_BREAK", "MAX_CACHED_TERMS"]

# Letters and digits after normalization (diacritics and tatweel are gone by then, so a
# word is no longer split at a mark, the way ASCII-minded tokenizers split it).
_TOKEN = TOKEN
# Snowball's Arabic stemmer strips the article only from words whose ending it knows, and it
# knows the feminine ending as ة: given the folded الحكومه it returns حكومه, but حكوم for حكومه.
# So the analyzer stems words with ة kept and folds ة to ه in the stems afterwards.
# Joins a document's units for one-pass analysis: a private-use character, which is no
# letter (so it never sticks to a token) and which normalization leaves alone.
ROW_BREAK = "\ue000"
# Most tokens a vocabulary remembers the term of before a fresh one replaces it.
MAX_CACHED_TERMS = 200_000
STOPWORDS_FILE = "data/stopwords-ar.txt"


def word_count(text: str) -> int:
    """Whitespace-separated words in ``text`` (the budget's unit), without building the list.

    Text whose only separators are single ASCII spaces (nearly all news text) is counted
    by its spaces; anything else falls back to ``len(text.split())``.
    """
    stripped = text.strip(" ")
    if stripped.isprintable() and "  " not in stripped:
        return stripped.count(" ") + 1 if stripped else 0
    return len(text.split())


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalized, lower-cased word tokens (letters and digits)."""
    return _TOKEN.findall(normalize(text).lower())


def word_tokens(text: str) -> list[list[str]]:
    """The :func:`tokenize` tokens of each whitespace-separated word of ``text``, in order.

    Normalizes ``text`` once; only when normalization changed the number of words (a
    word made only of marks, say) is each word normalized on its own.
    """
    words = text.split()
    pieces = normalize(text).lower().split()
    if len(pieces) != len(words):
        return [tokenize(word) for word in words]
    return [_TOKEN.findall(piece) for piece in pieces]


def load_stopwords() -> frozenset[str]:
    """Read the Arabic stop-word list shipped in ``mujaz/data/stopwords-ar.txt``.

    Raises:
        DataError: the file is missing (a broken installation).
    """
    words = set()
    for line in read_package_text(STOPWORDS_FILE, "stop-word list").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(tokenize(line))
    return frozenset(words)


@resource
def shipped_stopwords() -> frozenset[str]:
    """The shipped stop words (:func:`load_stopwords`), read once per process."""
    return load_stopwords()


class Vocabulary:
    """What each token stems to, as term ids: a memory shared by every thread.

    Snowball costs about 2 us a word and news vocabularies are Zipfian, so remembering what
    each token stems to makes analysis several times faster over a batch. Lookups of known
    tokens take no lock (dictionary reads are atomic); a new token is stemmed and given the
    next id under the vocabulary's lock, so two threads never give one id to two terms.
    Term ids only grow; once :data:`MAX_CACHED_TERMS` tokens are known,
    :class:`SharedVocabulary` starts a fresh vocabulary for the next documents (each
    document keeps the one it started with, so its matrices share their ids).

    Args:
        stopwords: normalized stop words (their tokens get the id -1).
        fast: look tokens up by their code points (:mod:`mujaz._packed`) when possible;
            ``False`` keeps every lookup on the string path (for tests of the fast path).
    """

    def __init__(self, stopwords: frozenset[str], *, fast: bool = True) -> None:
        self.stopwords = stopwords
        # The stop words again, spelled with ة wherever they have ه, to filter unfolded words.
        self._stop_spellings = frozenset(
            "".join(chars)
            for word in stopwords
            for chars in itertools.product(*(("ه", "ة") if c == "ه" else (c,) for c in word))
        )
        self._stemmer = Stemmer.Stemmer("arabic")  # used under the lock only: not thread-safe
        self._lock = threading.Lock()
        # token -> term id (-1 for a stop word); term -> id; id -> term (append-only).
        self._token_ids: dict[str, int] = {}
        self._term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self._packed = PackedTokens(ROW_BREAK) if fast else None

    @property
    def size(self) -> int:
        """Number of distinct tokens remembered."""
        return len(self._token_ids)

    def token_id(self, token: str) -> int:
        """The term id of one normalized token (ة kept): -1 for a stop word."""
        known = self._token_ids.get(token)
        return known if known is not None else self.assign([token])[0]

    def assign(self, tokens: list[str]) -> list[int]:
        """The term ids of ``tokens`` not seen before, in order, under one lock.

        New tokens are stemmed together (PyStemmer's ``stemWords``: one call into C for
        the lot), which is what a document's first pass costs on a cold memory.
        """
        with self._lock:
            token_ids, term_ids, terms = self._token_ids, self._term_ids, self.terms
            new = [t for t in dict.fromkeys(tokens) if t not in token_ids and t not in self._stop_spellings]
            for token, stem in zip(new, self._stemmer.stemWords(new)):
                term = stem.replace("ة", "ه")
                term_id = term_ids.get(term)
                if term_id is None:
                    term_id = len(terms)
                    terms.append(term)  # before the id is published: readers index it
                    term_ids[term] = term_id
                token_ids[token] = term_id
            for token in tokens:
                if token not in token_ids:  # a stop word
                    token_ids[token] = -1
            return [token_ids[t] for t in tokens]

    def term_ids(self, text: str) -> np.ndarray:
        """The ids of ``text``'s stemmed content terms, in order (see :meth:`term_of`)."""
        ids = [self.token_id(t) for t in _TOKEN.findall(normalize_keep_teh_marbuta(text).lower())]
        return np.array([i for i in ids if i >= 0], dtype=np.int64)

    def _rows_and_ids(self, token_lists: list[list[str]], n: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and term id of every token, from the token strings (the string path)."""
        # Per token, everything stays in C: map() over one dict, then numpy.
        tokens = list(itertools.chain.from_iterable(token_lists))
        ids = list(map(self._token_ids.get, tokens))
        missing = [i for i, known in enumerate(ids) if known is None]
        if missing:
            for i, term_id in zip(missing, self.assign([tokens[i] for i in missing])):
                ids[i] = term_id
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        return np.repeat(np.arange(n, dtype=np.int64), lengths), np.array(ids, dtype=np.int64)

    def term_matrix(self, texts: list[str]) -> "TermMatrix":
        """Build the unit-by-term count matrix of ``texts`` (one row per text).

        Columns are the terms the texts use, ordered by term id; the same term has the
        same :attr:`TermMatrix.term_ids` entry in every matrix of this vocabulary.
        """
        n = len(texts)
        joined = ROW_BREAK.join(texts)
        found = None
        if joined.count(ROW_BREAK) != max(n - 1, 0):
            # A text holds the private-use row marker itself: analyze text by text.
            token_lists = [_TOKEN.findall(normalize_keep_teh_marbuta(text).lower()) for text in texts]
        else:
            normalized = normalize_keep_teh_marbuta(joined).lower()
            if self._packed is not None and n:
                found = self._packed.rows_and_ids(normalized, self.assign)
            token_lists = None if found is not None else [_TOKEN.findall(p) for p in normalized.split(ROW_BREAK)]
        if found is not None:
            all_rows, term_ids = found
        else:
            all_rows, term_ids = self._rows_and_ids(token_lists, n)  # type: ignore[arg-type]
        content = term_ids >= 0
        rows = all_rows[content]
        # One sort gives both the (row, term) counts and, from them, the columns in use.
        # Every id this document holds is below len(terms) now (ids are published after
        # their term is appended), whatever other threads add meanwhile.
        width = len(self.terms) + 1
        keys, counts = np.unique(rows * width + term_ids[content], return_counts=True)
        entry_rows, entry_terms = np.divmod(keys, width)
        used = np.unique(entry_terms)
        return TermMatrix(entry_rows, np.searchsorted(used, entry_terms), counts.astype(np.float64), n,
                          int(used.size), used, self.terms)


class SharedVocabulary:
    """The current :class:`Vocabulary` for a stop-word list, replaced when it grows too big.

    Thread-safe: :meth:`current` swaps in a fresh vocabulary under a lock once the current
    one knows :data:`MAX_CACHED_TERMS` tokens; documents already being analyzed keep theirs.
    """

    def __init__(self, stopwords: frozenset[str], *, fast: bool = True) -> None:
        self.stopwords = stopwords
        self._fast = fast
        self._lock = threading.Lock()
        self._current = Vocabulary(stopwords, fast=fast)

    def current(self) -> Vocabulary:
        """The vocabulary a new document should use (all its matrices with this one)."""
        vocabulary = self._current
        if vocabulary.size >= MAX_CACHED_TERMS:
            with self._lock:
                if self._current is vocabulary:
                    self._current = Vocabulary(self.stopwords, fast=self._fast)
                vocabulary = self._current
        return vocabulary


@resource
def shared_vocabulary() -> SharedVocabulary:
    """The process-wide vocabulary over the shipped stop words (built on first need)."""
    return SharedVocabulary(shipped_stopwords())


class Analyzer:
    """Turns text into matching terms: normalize, tokenize, drop stop words, stem.

    Creating one costs microseconds and it is safe to share between threads: the stop
    words, the stemmer and the memory of stems are process-wide resources
    (:func:`shared_vocabulary`), loaded on first need and shared by every analyzer.

    Args:
        stopwords: the stop words (normalized); defaults to the shipped Arabic list. A
            custom list gets a vocabulary of its own.
    """

    def __init__(self, stopwords: frozenset[str] | None = None) -> None:
        self._shared = shared_vocabulary() if stopwords is None else SharedVocabulary(frozenset(stopwords))

    @property
    def stopwords(self) -> frozenset[str]:
        return self._shared.stopwords

    def vocabulary(self) -> Vocabulary:
        """The vocabulary for the next document: use it for all of that document's matrices."""
        return self._shared.current()

    def term_ids(self, text: str) -> np.ndarray:
        """The ids of ``text``'s stemmed content terms, in order (see :meth:`term_of`)."""
        return self.vocabulary().term_ids(text)

    def term_of(self, term_id: int) -> str:
        """The term (a stem, ة folded to ه) behind a term id of the current vocabulary."""
        return self.vocabulary().terms[term_id]

    def terms(self, text: str) -> list[str]:
        """The stemmed content terms of ``text``, in order, stop words removed."""
        vocabulary = self.vocabulary()
        return [vocabulary.terms[i] for i in vocabulary.term_ids(text).tolist()]

    def term_matrix(self, texts: list[str]) -> "TermMatrix":
        """Build the unit-by-term count matrix of ``texts`` (see :meth:`Vocabulary.term_matrix`)."""
        return self.vocabulary().term_matrix(texts)


@dataclass(frozen=True)
class TermMatrix:
    """A sparse count matrix in coordinate form: one entry per distinct (row, term)."""

    rows: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    n_rows: int
    n_cols: int
    term_ids: np.ndarray
    """The analyzer's id of each column's term (sorted)."""
    terms: list[str] = field(repr=False, compare=False)
    """The analyzer's id -> term list (shared, append-only)."""

    @property
    def vocabulary(self) -> dict[str, int]:
        """Term -> column (built on demand; for inspection and tests)."""
        return {self.terms[t]: col for col, t in enumerate(self.term_ids.tolist())}

    def column_index(self, term_ids: np.ndarray) -> np.ndarray:
        """The column of each of ``term_ids``, or -1 where this matrix lacks the term."""
        if term_ids.size == 0 or self.n_cols == 0:
            return np.full(term_ids.size, -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.term_ids, term_ids), self.n_cols - 1)
        return np.where(self.term_ids[at] == term_ids, at, -1)

    def columns_of(self, term_ids: np.ndarray) -> np.ndarray:
        """The columns of those of ``term_ids`` this matrix has (others are left out)."""
        cols = self.column_index(term_ids)
        return cols[cols >= 0]

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

    def overlap_with(self, columns: np.ndarray) -> np.ndarray:
        """For each row, how many of the distinct ``columns`` it contains (others ignored)."""
        mask = np.zeros(self.n_cols + 1)
        mask[columns[(columns >= 0) & (columns < self.n_cols)]] = 1.0
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


def _share(matrix: TermMatrix, columns: np.ndarray) -> np.ndarray:
    """For each row, the share of the distinct ``columns`` it contains."""
    distinct = np.unique(columns)
    if distinct.size == 0:
        return np.zeros(matrix.n_rows)
    return matrix.overlap_with(distinct) / distinct.size


def compute_features(article: Article, analyzer: Analyzer | None = None, *, title: str | None = None) -> Features:
    """Compute the features of ``article``'s sentences.

    Args:
        article: the segmented article.
        analyzer: the term analyzer (default: one over the shipped stop words).
        title: a headline given apart from the text (e.g. a data set's title field); when
            omitted, the article's own title line is used, if it has one.
    """
    vocabulary = (analyzer or Analyzer()).vocabulary()  # one per document: its matrices share term ids
    text = article.text
    sentences = article.sentences
    units = [text[s.span.start : s.span.end] for s in sentences]
    matrix = vocabulary.term_matrix(units)
    tfidf = matrix.tfidf()
    n = matrix.n_rows
    word_counts = np.fromiter(map(word_count, units), dtype=np.int64, count=n)
    position = np.arange(n, dtype=np.float64)
    paragraph_index, paragraph_rank = _paragraph_positions([s.block for s in sentences])

    centroid = np.bincount(matrix.cols, weights=tfidf, minlength=matrix.n_cols)
    centroid_norm = float(np.sqrt(centroid @ centroid)) or 1.0
    centrality = np.bincount(matrix.rows, weights=tfidf * centroid[matrix.cols], minlength=n) / centroid_norm

    if title is None and article.title is not None:
        title = article.title.span.slice(text)
    title_cols = matrix.columns_of(vocabulary.term_ids(title)) if title else np.zeros(0, dtype=np.int64)
    title_overlap = _share(matrix, title_cols)

    heading_overlap = _heading_overlap(article, vocabulary, matrix)
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


def _paragraph_positions(blocks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's paragraph number and rank inside its paragraph, from its block index."""
    index, rank = [], []
    paragraph, position, last = -1, 0, None
    for block in blocks:  # a plain loop: news articles have tens of sentences
        if block != last:
            paragraph, position, last = paragraph + 1, 0, block
        else:
            position += 1
        index.append(paragraph)
        rank.append(position)
    return np.array(index, dtype=np.int64), np.array(rank, dtype=np.int64)


def _heading_overlap(article: Article, vocabulary: Vocabulary, matrix: TermMatrix) -> np.ndarray:
    """Share of its own section heading's terms that each sentence contains (vectorized)."""
    n = matrix.n_rows
    headings = article.headings
    if not headings or n == 0 or matrix.n_cols == 0:
        return np.zeros(n)
    width = matrix.n_cols
    n_sections = headings[-1].section + 1
    heading_terms = vocabulary.term_matrix([h.span.slice(article.text) for h in headings])
    cols = matrix.column_index(heading_terms.term_ids[heading_terms.cols])
    known = cols >= 0
    heading_sections = np.array([h.section for h in headings], dtype=np.int64)
    # (section, column) keys of every heading term the body also uses, each counted once
    keys = np.unique(heading_sections[heading_terms.rows[known]] * width + cols[known])
    sizes = np.bincount(keys // width, minlength=n_sections).astype(np.float64)
    sections = np.fromiter((s.section for s in article.sentences), dtype=np.int64, count=n)
    entry_keys = sections[matrix.rows] * width + matrix.cols
    if keys.size:
        found = np.minimum(np.searchsorted(keys, entry_keys), keys.size - 1)
        hits = (keys[found] == entry_keys).astype(np.float64)
    else:
        hits = np.zeros(entry_keys.size)
    counts = np.bincount(matrix.rows, weights=hits, minlength=n)
    denominators = sizes[sections]
    return np.divide(counts, denominators, out=np.zeros(n), where=denominators > 0)
