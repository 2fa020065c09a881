"""The headline model: how likely each word of an article's opening is to be in its headline.

A headline has about a dozen words, so what decides its quality is which words it spends
them on, more than which sentence it comes from. Journalists' headlines (on MArSum and on
BBC Arabic titles) keep the story's names and numbers and the words the article repeats,
and leave out attribution (``علمت كود من مصدر مطلع أن``), dates and function words. So the
model scores words, not sentences: a logistic regression over a few features of each word
of the first sentences (:data:`FEATURES`), one of which is a small lexicon learned from
journalists' headlines: for a word, in how many training articles it occurred and in how
many of their headlines (smoothed towards the base rate, so a rare word says little).

:class:`mujaz.headline.cut.ModelHeadline` then picks the contiguous stretch of an opening
sentence, starting where a phrase can start, whose words maximize the expected ROUGE-1 F
against a headline of typical length (see :meth:`HeadlineModel.expected_fmeasure`).

The weights and lexicon are fitted by ``make train`` (:mod:`mujaz.training`, k-fold
cross-validated) and shipped in ``mujaz/data/headline-model.json``.
"""

from __future__ import annotations

import bisect
import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from mujaz._resources import read_package_json, resource
from mujaz.errors import DataError
from mujaz.features import shipped_stopwords, tokenize, word_tokens
from mujaz.types import Article

__all__ = ["HeadlineModel", "Lexicon", "smoothed_log_rate", "shipped_headline_model", "FEATURES", "MODEL_FILE",
           "MODEL_VERSION", "opening_tokens", "word_features", "COMPLEMENTIZERS", "SUBORDINATORS"]

MODEL_FILE = "data/headline-model.json"
MODEL_VERSION = "headline.v1"
"""The version of the model's features and file format; the shipped file must say the same."""

# One feature per name; word_features() computes them in this order.
FEATURES = (
    "bias",
    "log_count",             # log(1 + occurrences of the word in the article)
    "first_in_sentence_1",   # the word first occurs in the first body sentence
    "first_in_sentence_2",
    "first_in_sentence_3",
    "stop_word",
    "number",
    "short",                 # two letters or fewer (clitics, particles)
    "lexicon_prior",         # log smoothed P(in headline | in article) from training headlines
    "log_count_if_first",    # log_count for words of the first sentence
)

# Words are counted in at most this many sentences of the article: more than any dev
# article has (149), so it changes no news story, and a 5 MB dump costs no more than a story.
MAX_COUNTED_SENTENCES = 200

# Words after which a reported clause starts ("...أن الأغلبية قررت"): a headline may start
# there and leave the attribution out. Normalized spelling (mujaz.normalize): أ/إ -> ا.
# Not أنه/أنها: after them the subject is only a pronoun ("أنها | تشعر بالأسف").
COMPLEMENTIZERS = frozenset({"ان", "بان", "بللي", "باللي", "بلي"})
# Words that open a subordinate clause or an attribution (حيث، مما، مشيرا، وفقا، باعتبارها،
# لأن ...): a headline does not start with one. Normalized spelling (ة -> ه, أ/إ -> ا).
SUBORDINATORS = frozenset({
    "اذ", "باعتبار", "باعتباره", "باعتبارها", "بحسب", "بما", "بينما", "حسب", "حسبما", "حيث", "طبقا",
    "قائلا", "قائله", "كما", "لافتا", "لافته", "لان", "لانه", "لانها", "لكن", "مؤكدا", "مؤكده", "مؤكدين",
    "مشددا", "مشدده", "مشيرا", "مشيره", "مشيرين", "مضيفا", "مضيفه", "مضيفين", "معتبرا", "معتبره", "معربا",
    "معربه", "مما", "منوها", "منوهه", "موضحا", "موضحه", "موضحين", "وفقا",
})


def opening_tokens(article: Article, sentences: int) -> list[list[list[str]]]:
    """The tokens of each word of the first ``sentences`` body sentences (sentence, word, token)."""
    text = article.text
    return [word_tokens(s.span.slice(text)) for s in article.sentences[:sentences]]


def word_features(article: Article, opening: list[list[list[str]]], stopwords: frozenset[str],
                  priors: Callable[[list[str]], np.ndarray]) -> tuple[list[str], np.ndarray]:
    """The distinct words of the opening sentences and their features.

    Args:
        article: the segmented article.
        opening: :func:`opening_tokens` of the sentences a headline may come from.
        stopwords: normalized stop words.
        priors: the lexicon priors of a list of words (:meth:`HeadlineModel.priors`, or
            a leave-one-out version of it while training).

    Returns:
        The words (normalized tokens, in order of first occurrence) and a
        ``(len(words), len(FEATURES))`` float array.
    """
    first: dict[str, int] = {}
    for index, sentence in enumerate(opening):
        for tokens in sentence:
            for token in tokens:
                first.setdefault(token, index)
    words = list(first)
    if not words:
        return words, np.zeros((0, len(FEATURES)))
    text = article.text
    if len(article.sentences) > MAX_COUNTED_SENTENCES:  # a dump, not a story: count its start
        text = text[: article.sentences[MAX_COUNTED_SENTENCES - 1].span.end]
    counts = Counter(tokenize(text))
    rows = np.zeros((len(words), len(FEATURES)))
    rows[:, 0] = 1.0
    log_count = np.log1p(np.array([counts[w] for w in words], dtype=float))
    where = np.array([first[w] for w in words])
    rows[:, 1] = log_count
    rows[:, 2] = where == 0
    rows[:, 3] = where == 1
    rows[:, 4] = where == 2
    rows[:, 5] = [w in stopwords for w in words]
    rows[:, 6] = [w.isdigit() for w in words]
    rows[:, 7] = [len(w) <= 2 for w in words]
    rows[:, 8] = priors(words)
    rows[:, 9] = np.where(where == 0, log_count, 0.0)
    return words, rows


def smoothed_log_rate(seen: np.ndarray, kept: np.ndarray, strength: float, base_rate: float) -> np.ndarray:
    """log((kept + strength·base_rate) / (seen + strength)): a word's headline rate, pulled
    towards ``base_rate`` by ``strength`` pseudo-articles so that a rare word says little."""
    return np.log((kept + strength * base_rate) / (seen + strength))


class Lexicon(Mapping[str, tuple[int, int]]):
    """Read-only word -> (training articles containing it, of which the headline kept it).

    Kept as sorted words and two count arrays and looked up by binary search, so the
    shipped lexicon (tens of thousands of words) loads without building a dict: a
    one-shot :func:`mujaz.summarize` reads it each time.

    Raises:
        DataError: the columns differ in length, the words are not sorted and unique, or
            a count is negative or more headlines than articles.
    """

    __slots__ = ("_words", "_seen", "_kept")

    def __init__(self, words: list[str], seen: Any, kept: Any) -> None:
        seen_counts, kept_counts = np.asarray(seen), np.asarray(kept)
        if not len(words) == len(seen_counts) == len(kept_counts):
            raise DataError("headline lexicon: words, seen and kept differ in length")
        if len(words) and (seen_counts.dtype.kind not in "iu" or kept_counts.dtype.kind not in "iu"):
            raise DataError("headline lexicon: counts must be integers")
        if np.any(kept_counts < 0) or np.any(kept_counts > seen_counts):
            raise DataError("headline lexicon: counts must satisfy 0 <= kept <= seen")
        if not all(map(operator.lt, words, words[1:])):  # C-level loop: loading stays fast
            raise DataError("headline lexicon: words must be sorted and unique")
        self._words = words
        self._seen, self._kept = seen_counts.astype(np.int64), kept_counts.astype(np.int64)

    @classmethod
    def from_counts(cls, counts: Mapping[str, tuple[int, int]]) -> "Lexicon":
        """A lexicon from a word -> (seen, kept) mapping."""
        words = sorted(counts)
        return cls(words, np.array([counts[w][0] for w in words], dtype=np.int64),
                   np.array([counts[w][1] for w in words], dtype=np.int64))

    def _index(self, word: str) -> int:
        i = bisect.bisect_left(self._words, word)
        return i if i < len(self._words) and self._words[i] == word else -1

    def counts(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(seen, kept)`` arrays for ``words``; 0 for a word the lexicon does not hold."""
        index = np.array([self._index(w) for w in words], dtype=np.int64)
        found = np.flatnonzero(index >= 0)
        seen, kept = np.zeros(len(words), np.int64), np.zeros(len(words), np.int64)
        seen[found], kept[found] = self._seen[index[found]], self._kept[index[found]]
        return seen, kept

    def columns(self) -> tuple[list[str], list[int], list[int]]:
        """The sorted words and their seen and kept counts (how the file stores them)."""
        return list(self._words), self._seen.tolist(), self._kept.tolist()

    def __getitem__(self, word: str) -> tuple[int, int]:
        i = self._index(word)
        if i < 0:
            raise KeyError(word)
        return int(self._seen[i]), int(self._kept[i])

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} words)"


@dataclass(frozen=True)
class HeadlineModel:
    """Word-in-headline probabilities for the opening sentences of an article.

    Attributes:
        weights: one logistic-regression weight per name in :data:`FEATURES`.
        lexicon: word -> (training articles containing it, of which their headline has it);
            any mapping is turned into a :class:`Lexicon`.
        base_rate: share of article words that occur in the headline (all training words).
        prior_strength: pseudo-count that pulls a word's rate towards ``base_rate``.
        headline_words: the reference length in tokens of the expected F's denominator
            (editorial: shorter than the titles' mean, so headlines keep an editor's length;
            see :data:`mujaz.training.headline.HEADLINE_WORDS`).
        sentences: how many opening sentences a headline may come from.
        min_words: fewest words of a headline cut from inside a sentence.
        clean_end_bonus: factor on the value of a headline that ends at a clause boundary
            or at its sentence's end instead of mid-phrase (with an ellipsis). Editorial,
            not fitted: 1.1 cuts the share of headlines ending in an ellipsis from about
            72% to 44% for 0.24 ROUGE-1 out of fold on MArSum (benchmarks/README.md).
    """

    weights: tuple[float, ...]
    lexicon: Lexicon
    base_rate: float
    prior_strength: float = 5.0
    headline_words: float = 13.0
    sentences: int = 3
    min_words: int = 4
    clean_end_bonus: float = 1.1
    stopwords: frozenset[str] = field(default_factory=shipped_stopwords, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.lexicon, Lexicon):
            object.__setattr__(self, "lexicon", Lexicon.from_counts(self.lexicon))
        if len(self.weights) != len(FEATURES):
            raise DataError(f"headline model has {len(self.weights)} weights, expected {len(FEATURES)}")
        if (not 0.0 < self.base_rate < 1.0 or self.prior_strength <= 0 or self.headline_words <= 0
                or self.clean_end_bonus <= 0):
            raise DataError("headline model: base_rate must be in (0, 1), prior_strength, headline_words "
                            "and clean_end_bonus positive")

    def prior(self, word: str) -> float:
        """log of the smoothed share of training headlines that kept ``word``."""
        return float(self.priors([word])[0])

    def priors(self, words: list[str]) -> np.ndarray:
        """:meth:`prior` of each of ``words``, as an array."""
        seen, kept = self.lexicon.counts(words)
        return smoothed_log_rate(seen, kept, self.prior_strength, self.base_rate)

    def word_probabilities(self, article: Article, opening: list[list[list[str]]] | None = None) -> dict[str, float]:
        """Each distinct word of the opening sentences -> probability it is in the headline.

        ``opening`` is :func:`opening_tokens` of the article, when the caller has it.
        """
        if opening is None:
            opening = opening_tokens(article, self.sentences)
        words, rows = word_features(article, opening, self.stopwords, self.priors)
        if not words:
            return {}
        logits = rows @ np.asarray(self.weights)
        return dict(zip(words, (1.0 / (1.0 + np.exp(-logits))).tolist()))

    def expected_fmeasure(self, expected_overlap: float, n_tokens: int) -> float:
        """Expected ROUGE-1 F of a candidate of ``n_tokens`` tokens sharing ``expected_overlap``.

        F = 2·overlap / (candidate length + reference length), with the reference length
        taken as its typical value: more words help only while they are likely enough to
        be in the headline.
        """
        return 2.0 * expected_overlap / (n_tokens + self.headline_words)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data (the shipped file's ``model`` field)."""
        words, seen, kept = self.lexicon.columns()
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "base_rate": self.base_rate,
            "prior_strength": self.prior_strength,
            "headline_words": self.headline_words,
            "sentences": self.sentences,
            "min_words": self.min_words,
            "clean_end_bonus": self.clean_end_bonus,
            # Three parallel columns rather than one small list per word: the shipped file
            # then parses about three times faster (a one-shot summarize() reads it).
            "lexicon": {"words": "\n".join(words), "seen": seen, "kept": kept},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "HeadlineModel":
        """Rebuild a model written by :meth:`to_dict`.

        Raises:
            DataError: fields are missing, of the wrong type, or name other features.
        """
        try:
            if list(data["features"]) != list(FEATURES):
                raise DataError(f"headline model features {data['features']} differ from {list(FEATURES)}")
            columns = data["lexicon"]
            lexicon = Lexicon(columns["words"].split("\n") if columns["words"] else [],
                              columns["seen"], columns["kept"])
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                lexicon=lexicon,
                base_rate=float(data["base_rate"]),
                prior_strength=float(data["prior_strength"]),
                headline_words=float(data["headline_words"]),
                sentences=int(data["sentences"]),
                min_words=int(data["min_words"]),
                clean_end_bonus=float(data["clean_end_bonus"]),
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise DataError(f"malformed headline model: {exc!r}") from None

    @classmethod
    def shipped(cls) -> "HeadlineModel":
        """The model in ``mujaz/data/headline-model.json`` (fitted by ``make train``), read
        once per process (:func:`shipped_headline_model`).

        Raises:
            DataError: the file is missing, malformed or for another model version (a
                broken installation).
        """
        return shipped_headline_model()


@resource
def shipped_headline_model() -> HeadlineModel:
    """Read the shipped headline model (once per process; see :meth:`HeadlineModel.shipped`)."""
    return HeadlineModel.from_dict(read_package_json(MODEL_FILE, "headline model", "model", version=MODEL_VERSION))
