"""Arabic-aware ROUGE-N and ROUGE-L.

The scores follow Google's ``rouge-score`` package (sentence-level ROUGE-L, the same
precision / recall / F-measure formulas), but the tokenizer does not assume ASCII:
``rouge-score`` replaces everything outside ``[a-z0-9]`` by spaces, so it deletes Arabic
and scores every Arabic pair 0. Here a token is a run of letters or digits after
:func:`mujaz.normalize.normalize` and lower-casing, so diacritics, tatweel and alef or
teh-marbuta spellings do not break matches. On pure ASCII input the tokens, and so the
scores, are the same as ``rouge_score.rouge_scorer.RougeScorer(..., use_stemmer=False)``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

import Stemmer

from mujaz.charset import TOKEN
from mujaz.errors import ConfigError, InputError
from mujaz.normalize import normalize

__all__ = [
    "Score",
    "Tokenizer",
    "ArabicTokenizer",
    "RougeScorer",
    "DEFAULT_METRICS",
    "tokenize",
    "ngram_counts",
    "lcs_length",
    "fmeasure",
    "score_ngrams",
    "score_lcs",
    "max_over_references",
]

DEFAULT_METRICS = ("rouge1", "rouge2", "rougeL")

# Letters and digits, not underscore: rouge-score splits "a_b" into "a" and "b", and so must
# we for ASCII input to tokenize the same way. \w is Unicode-aware, so Arabic letters count.
_TOKEN = TOKEN
_METRIC = re.compile(r"rouge([1-9])|rougeL")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F-measure of one ROUGE metric, each in ``[0, 1]``."""

    precision: float
    recall: float
    fmeasure: float


class Tokenizer(Protocol):
    """Anything with a ``tokenize`` method can replace the default tokenizer."""

    def tokenize(self, text: str) -> list[str]:
        """Split ``text`` into the tokens ROUGE compares."""
        ...


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-cased, normalized letter/digit tokens (no stemming).

    Args:
        text: any string, Arabic or not.

    Returns:
        The tokens in order; an empty list for text without letters or digits.
    """
    return _TOKEN.findall(normalize(text.lower()))


class ArabicTokenizer:
    """The default ROUGE tokenizer, optionally with Arabic Snowball stemming.

    Args:
        stem: stem tokens with PyStemmer's Arabic stemmer (it leaves non-Arabic tokens
            as they are). Off by default, as ``rouge-score``'s ``use_stemmer=False``.
    """

    def __init__(self, *, stem: bool = False) -> None:
        self.stem = stem
        self._stemmer = Stemmer.Stemmer("arabic") if stem else None

    def tokenize(self, text: str) -> list[str]:
        """Split ``text`` into tokens (see :func:`tokenize`), stemmed if asked."""
        tokens = tokenize(text)
        if self._stemmer is None:
            return tokens
        return self._stemmer.stemWords(tokens)


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Count the ``n``-grams of ``tokens``.

    Args:
        tokens: the token sequence.
        n: the n-gram order, at least 1.

    Returns:
        A counter of n-gram tuples; empty when there are fewer than ``n`` tokens.
    """
    return Counter(zip(*(tokens[i:] for i in range(n))))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences.

    Uses the bit-parallel algorithm of Crochemore et al. (2001): one Python integer holds a
    whole DP column as bits, so the work is ``len(b)`` big-integer operations instead of
    ``len(a) * len(b)`` Python steps, and it gives the same length as the textbook table.

    Args:
        a: first sequence.
        b: second sequence.

    Returns:
        The LCS length (0 if either sequence is empty).
    """
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, token in enumerate(a):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for token in b:
        u = v & masks.get(token, 0)
        # Masking keeps the carry of v + u from growing the integer past len(a) bits.
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def fmeasure(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def score_ngrams(reference: Sequence[str], candidate: Sequence[str], n: int) -> Score:
    """ROUGE-N between two token sequences (clipped n-gram overlap).

    Args:
        reference: the reference tokens.
        candidate: the candidate (system summary) tokens.
        n: the n-gram order.

    Returns:
        The :class:`Score`; all zeros when either side has no n-gram.
    """
    ref_counts = ngram_counts(reference, n)
    cand_counts = ngram_counts(candidate, n)
    overlap = sum(min(count, cand_counts[gram]) for gram, count in ref_counts.items())
    precision = overlap / max(sum(cand_counts.values()), 1)
    recall = overlap / max(sum(ref_counts.values()), 1)
    return Score(precision, recall, fmeasure(precision, recall))


def score_lcs(reference: Sequence[str], candidate: Sequence[str]) -> Score:
    """Sentence-level ROUGE-L between two token sequences.

    Args:
        reference: the reference tokens.
        candidate: the candidate tokens.

    Returns:
        The :class:`Score`; all zeros when either side is empty.
    """
    if not reference or not candidate:
        return Score(0.0, 0.0, 0.0)
    common = lcs_length(reference, candidate)
    precision = common / len(candidate)
    recall = common / len(reference)
    return Score(precision, recall, fmeasure(precision, recall))


def max_over_references(per_reference: Iterable[dict[str, Score]]) -> dict[str, Score]:
    """Keep, for each metric, the score of the reference with the highest F-measure.

    Args:
        per_reference: one ``metric -> Score`` dict per reference, all with the same keys.

    Returns:
        A ``metric -> Score`` dict.

    Raises:
        InputError: ``per_reference`` is empty.
    """
    best: dict[str, Score] = {}
    for scores in per_reference:
        for metric, score in scores.items():
            if metric not in best or score.fmeasure > best[metric].fmeasure:
                best[metric] = score
    if not best:
        raise InputError("no reference to score against")
    return best


class RougeScorer:
    """Scores candidate summaries against references with ROUGE.

    Args:
        metrics: metric names: ``"rouge1"`` ... ``"rouge9"`` and ``"rougeL"``.
        tokenizer: an object with ``tokenize(text) -> list[str]``; defaults to
            :class:`ArabicTokenizer`.
        stem: stem with the Arabic Snowball stemmer (only when ``tokenizer`` is omitted).

    Raises:
        ConfigError: an unknown or repeated metric, no metric, or ``stem`` together with
            a custom tokenizer.

    Example:
        >>> scorer = RougeScorer()
        >>> scorer.score("ذهب الولد إلى المدرسة", "ذهب الولد")["rouge1"].recall
        0.5
    """

    def __init__(
        self,
        metrics: Sequence[str] = DEFAULT_METRICS,
        *,
        tokenizer: Tokenizer | None = None,
        stem: bool = False,
    ) -> None:
        metrics = tuple(metrics)
        if not metrics:
            raise ConfigError("metrics is empty; choose from rouge1..rouge9 and rougeL")
        for metric in metrics:
            if not isinstance(metric, str) or _METRIC.fullmatch(metric) is None:
                raise ConfigError(f"unknown ROUGE metric {metric!r}; use rouge1..rouge9 or rougeL")
        if len(set(metrics)) != len(metrics):
            raise ConfigError(f"metrics has a repeated name: {', '.join(metrics)}")
        if tokenizer is not None and stem:
            raise ConfigError("stem=True only applies to the default tokenizer")
        self.metrics = metrics
        self.tokenizer: Tokenizer = ArabicTokenizer(stem=stem) if tokenizer is None else tokenizer

    def tokenize(self, text: str) -> list[str]:
        """Tokenize ``text`` with this scorer's tokenizer."""
        return self.tokenizer.tokenize(text)

    def score_tokens(self, reference: Sequence[str], candidate: Sequence[str]) -> dict[str, Score]:
        """Score already-tokenized texts (lets a caller tokenize a reference once).

        Args:
            reference: reference tokens.
            candidate: candidate tokens.

        Returns:
            ``metric -> Score`` for each of :attr:`metrics`.
        """
        out: dict[str, Score] = {}
        for metric in self.metrics:
            if metric == "rougeL":
                out[metric] = score_lcs(reference, candidate)
            else:
                out[metric] = score_ngrams(reference, candidate, int(metric[5:]))
        return out

    def score(self, reference: str, candidate: str) -> dict[str, Score]:
        """Score ``candidate`` against one ``reference``.

        Args:
            reference: the reference summary.
            candidate: the system summary.

        Returns:
            ``metric -> Score``; an empty side scores 0 on every metric.
        """
        return self.score_tokens(self.tokenize(reference), self.tokenize(candidate))

    def score_multi(self, references: Iterable[str], candidate: str) -> dict[str, Score]:
        """Score ``candidate`` against several references, keeping the best F per metric.

        Args:
            references: the reference summaries (at least one).
            candidate: the system summary.

        Returns:
            ``metric -> Score`` (see :func:`max_over_references`).

        Raises:
            InputError: ``references`` is empty.
        """
        cand = self.tokenize(candidate)
        return max_over_references(self.score_tokens(self.tokenize(ref), cand) for ref in references)
