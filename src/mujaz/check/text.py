"""Tokens for the checker: normalized words with spans, clitic-free bases and match keys.

Arabic writes conjunctions, prepositions and the article onto the word (وبالحكومة), and the
Snowball stemmer strips them only sometimes (it leaves لترامب and والحكومة whole). So a word
is matched through three keys computed from its *base* (the word with و ف ب ل ك ال
stripped): the base itself, its Snowball stem, and the stem without an imperfect-verb
prefix (يعلن and أعلن share علن). Two words match when any of their keys are equal.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache

import numpy as np
import Stemmer

from mujaz.normalize import normalize_keep_teh_marbuta, normalize_with_offsets
from mujaz.types import Span

__all__ = ["Token", "word_info", "Analysis", "analyze", "base_form", "stem_key", "keys_of", "root_key", "lookup", "get", "has_arabic"]

# A number (digits with decimal or thousands separators) or a run of letters; digits are
# already ASCII after normalization, so a clitic on a number (ب20، و١٥) is its own token.
_TOKEN = re.compile(r"\d+(?:[.,٫٬]\d+)*|[^\W\d_]+|[%٪]")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# Bounded memo of keys per word form: news vocabulary repeats, so a batch of checks
# stems each form once (functools.lru_cache is thread-safe).
_MEMO_WORDS = 1 << 17


def has_arabic(text: str) -> bool:
    """Whether ``text`` has at least one Arabic letter."""
    return _ARABIC.search(text) is not None


# One stemmer per thread (PyStemmer objects keep C state and are not shared between
# threads elsewhere in mujaz either); stems are memoized across threads by stem_key.
_LOCAL = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("arabic")
    return stemmer


@lru_cache(maxsize=_MEMO_WORDS)
def base_form(word: str) -> str:
    """``word`` (normalized) without its leading clitics: و ف, then ب ل ك, then ال.

    Never strips below two letters, so short words (بل، لم، كل) stay whole.
    """
    w = word
    if len(w) >= 4 and w[0] in "وف":
        w = w[1:]
    if len(w) >= 4 and w.startswith("لل"):
        return w[2:]
    if len(w) >= 5 and w[0] in "بكل" and w[1:3] == "ال":
        return w[3:]
    if len(w) >= 4 and w.startswith("ال"):
        return w[2:]
    if len(w) >= 4 and w[0] in "بكل" and not word.startswith(("لا", "لم", "لن", "لي")):
        return w[1:]
    return w


@lru_cache(maxsize=_MEMO_WORDS)
def stem_key(base: str) -> str:
    """The Snowball stem of a base form, ta marbuta folded to ha."""
    if base.isdigit() or not base.isalpha():
        return base
    return _stemmer().stemWord(base).replace("ة", "ه")


@lru_cache(maxsize=_MEMO_WORDS)
def keys_of(word: str) -> frozenset[str]:
    """The match keys of a normalized word (see the module docstring)."""
    base = base_form(word)
    stem = stem_key(base)
    keys = {base.replace("ة", "ه"), stem}
    if len(base) >= 4 and base[0] in "يتنا":
        keys.add(stem_key(base[1:]))
    root = root_key(base)
    if root is not None:
        keys.add(root)
    return frozenset(keys)


def lookup(word: str, table) -> bool:
    """Whether ``word`` or, without a leading conjunction و/ف, its rest is in ``table``."""
    return word in table or (len(word) >= 3 and word[0] in "وف" and word[1:] in table)


def get(word: str, table: dict):
    """``table``'s value for ``word`` or for its rest without a leading و/ف (None if neither)."""
    found = table.get(word)
    if found is None and len(word) >= 3 and word[0] in "وف":
        found = table.get(word[1:])
    return found


_SUFFIX = re.compile("(?:ون|ين|ان|وا|ات|تم|نا|هما|هم|هن|ها|ه|ت|ي)$")


def root_key(base: str) -> str | None:
    """A light root: the base without a verb prefix (ي ت ن ا س) and one suffix (ون ها ...),
    prefixed with ``~`` so it matches only other root keys (ينصحون and نصح share ~نصح)."""
    w = base.replace("ة", "")
    if len(w) >= 5 and w[0] == "س" and w[1] in "يتن":
        w = w[2:]
    elif len(w) >= 4 and w[0] in "يتنا":
        w = w[1:]
    w = _SUFFIX.sub("", w) if len(w) >= 5 else w
    return "~" + w if len(w) >= 3 else None


class Token(NamedTuple):
    """One word of a text (a named tuple: texts have thousands, built in a hot loop)."""

    start: int
    end: int
    """Where the word is in the original text: ``[start, end)``."""
    word: str
    """The word normalized (:func:`mujaz.normalize.normalize`) and lower-cased."""
    base: str
    """:attr:`word` without its clitics (see :func:`base_form`)."""
    stem: str
    """The Snowball stem of the base (see :func:`stem_key`)."""
    keys: frozenset[str]
    sentence: int
    """Index of the sentence (in :attr:`Analysis.sentences`) that holds the word."""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def is_number(self) -> bool:
        return self.word[0].isdigit()

    @property
    def is_word(self) -> bool:
        return self.word[0].isalpha()


@lru_cache(maxsize=_MEMO_WORDS)
def word_info(word: str) -> tuple[str, str, str, frozenset[str]]:
    """(normalized word, base, stem, keys) of a word normalized with ta marbuta kept."""
    base = base_form(word)
    return word.replace("ة", "ه"), base.replace("ة", "ه"), stem_key(base), keys_of(word)


@dataclass(frozen=True, slots=True, eq=False)
class Analysis:
    """A text cut into sentences (and clauses) and tokens, with an index of its keys."""

    text: str
    sentences: tuple[Span, ...]
    clauses: tuple[tuple[Span, ...], ...]
    """Clause spans of each sentence (empty tuples for a source, which needs none)."""
    tokens: tuple[Token, ...]
    sentence_tokens: tuple[tuple[int, int], ...]
    """``[first, last)`` token indices of each sentence."""
    key_sentences: dict[str, set[int]]
    """Key -> indices of the sentences that have a word with that key."""

    def has_key(self, keys: frozenset[str]) -> bool:
        return any(k in self.key_sentences for k in keys)

    def tokens_of(self, sentence: int) -> tuple[Token, ...]:
        a, b = self.sentence_tokens[sentence]
        return self.tokens[a:b]


def analyze(text: str, sentences: list[Span], clauses: list[tuple[Span, ...]] | None = None) -> Analysis:
    """Tokenize ``text`` and index the keys of its words by sentence.

    Args:
        text: the original text.
        sentences: spans of its sentences (or any units the checker aligns), in order.
        clauses: the clause spans of each sentence, when the caller needs them.
    """
    normalized, offsets = normalize_with_offsets(text)
    # Same length as ``normalized`` (they differ only in ة/ه), so one offset map serves both.
    kept = normalize_keep_teh_marbuta(text).lower()
    if len(kept) != len(normalized):  # pragma: no cover - the two normalizations share a map
        kept = normalized.lower()
    tokens: list[Token] = []
    ranges: list[tuple[int, int]] = []
    index: dict[str, set[int]] = {}
    starts = offsets[:-1]
    los = np.searchsorted(starts, [s.start for s in sentences], side="left").tolist()
    his = np.searchsorted(starts, [s.end for s in sentences], side="left").tolist()
    where = offsets.tolist()
    append = tokens.append
    make = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
    for number in range(len(sentences)):
        first = len(tokens)
        here: set[str] = set()
        for match in _TOKEN.finditer(kept, los[number], his[number]):
            word = match.group()
            if len(word) == 1 and word in "وبلفك":
                continue  # a clitic cut off a number: و in و15
            folded, base, stem, keys = word_info(word)
            a, b = match.span()
            append(make(Token, (where[a], where[b], folded, base, stem, keys, number)))
            here |= keys
        for key in here:
            rows = index.get(key)
            if rows is None:
                index[key] = {number}
            else:
                rows.add(number)
        ranges.append((first, len(tokens)))
    return Analysis(text, tuple(sentences), tuple(clauses or ()), tuple(tokens), tuple(ranges), index)
