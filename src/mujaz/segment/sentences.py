"""Split a paragraph into sentences.

Split points: ``.`` ``!`` ``?`` ``؟`` ``…`` ``؛`` (and runs of them), never inside a
quotation, a number (``3.5``, ``11.64``) or after an abbreviation (``د.``, ``U.S.``). A
quotation that ends a sentence keeps its closing mark (``وأوكرانيا”.``). A sentence longer
than :data:`MAX_SENTENCE_WORDS` words (a run-on paragraph with no punctuation) is cut at
its clause boundaries or, failing those, every :data:`MAX_SENTENCE_WORDS` words, so that
no later stage ever sees an unbounded unit.
"""

from __future__ import annotations

import re

from mujaz.segment.clauses import clause_boundaries
from mujaz.segment.quotes import inside, quoted_ranges
from mujaz.types import Span

__all__ = ["split_sentences", "MAX_SENTENCE_WORDS", "ABBREVIATIONS", "TERMINATOR"]

MAX_SENTENCE_WORDS = 150

# Sentence-final punctuation (a run of it ends one sentence).
TERMINATOR = re.compile(r"[.!?؟…؛]+")
# What may follow a sentence's final punctuation and still belong to it: closing quotes and
# brackets, and invisible bidi/zero-width marks.
_CLOSING = frozenset('"»”’\')]›﴿' "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
# Words that end in a period without ending the sentence (normalized, without the dot).
ABBREVIATIONS = frozenset(
    {
        # Arabic: doctor, professor, engineer, sheikh/page, etc.
        "د", "ا", "م", "ص", "ج", "ه", "هـ", "ق", "ت", "ب", "ش", "ع", "س", "أ", "إ", "ح", "ط",
        "دكتور", "أ.د", "ا.د", "مج",
        # Latin
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs",
        "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "no", "fig", "p", "pp", "vol",
    }
)
_SPACE = re.compile(r"\s+")


def _is_abbreviation(text: str, dot: int, para_start: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation rather than a sentence."""
    window = text[max(para_start, dot - 30) : dot]
    if not window or window[-1].isspace():
        return False
    words = window.rsplit(None, 2)
    word = words[-1].lstrip("(«“\"'").lower()
    if word not in ABBREVIATIONS and not (len(word) == 1 and word.isalpha()):
        return False
    # "عام 2018 م." ends a sentence: an era letter after a number is not a title.
    return not (len(words) > 1 and words[-2].isdigit())


def _raw_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets (exclusive ends) at which sentences end inside ``text[start:end]``."""
    quotes = quoted_ranges(text, start, end)
    hint = 0
    cuts: list[int] = []
    for m in TERMINATOR.finditer(text, start, end):
        a, b = m.span()
        within = False
        if quotes:
            within, hint = inside(quotes, a, hint)
        if within:
            # A terminator just before the closing quote ends the sentence after the quote.
            close = quotes[hint][1]
            if text[b:close].strip() == "":
                b = close + 1
                while b < end and text[b] in ".!?؟…؛":
                    b += 1
                if b < end and not text[b].isspace():
                    continue
                cuts.append(b)
            continue
        if b - a == 1 and text[a] == "." and a > start and b < end:
            prev, nxt = text[a - 1], text[b]
            if prev.isdigit() and nxt.isdigit():
                continue  # 3.5, 11.64
            if not nxt.isspace() and nxt not in _CLOSING:
                continue  # www.bbc.com, U.S
            if _is_abbreviation(text, a, start):
                continue
        while b < end and text[b] in _CLOSING:
            b += 1
        if b < end and not text[b].isspace():
            continue  # glued to the next word: not a boundary
        cuts.append(b)
    return cuts


def _cap_length(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a run-on stretch into pieces of at most MAX_SENTENCE_WORDS words."""
    start, end = span
    # Cheap check first: k words need at least 2k - 1 characters. (Counting only " " would
    # miss words separated by other whitespace, such as the no-break space.)
    if end - start < 2 * MAX_SENTENCE_WORDS + 1 or len(text[start:end].split()) <= MAX_SENTENCE_WORDS:
        return [span]
    words = [m.end() for m in _SPACE.finditer(text, start, end)]
    clause_cuts = clause_boundaries(text, start, end)
    pieces: list[tuple[int, int]] = []
    piece_start = start
    count = 0
    cut_set = set(clause_cuts)
    last_clause_cut = None
    for ws_end in words:
        count += 1
        if ws_end in cut_set:
            last_clause_cut = (ws_end, count)
        if count >= MAX_SENTENCE_WORDS:
            if last_clause_cut is not None and last_clause_cut[1] >= MAX_SENTENCE_WORDS // 3:
                cut, used = last_clause_cut
            else:
                cut, used = ws_end, count
            pieces.append((piece_start, cut))
            piece_start = cut
            count -= used
            last_clause_cut = None
    pieces.append((piece_start, end))
    return pieces


def split_sentences(text: str, span: Span) -> list[Span]:
    """Split the paragraph ``text[span]`` into sentence spans (whitespace trimmed)."""
    start, end = span.start, span.end
    first = TERMINATOR.search(text, start, end)
    # Most news paragraphs are one sentence: no split point before the end.
    cuts = [] if first is None or first.end() == end else _raw_boundaries(text, start, end)
    pieces: list[tuple[int, int]] = []
    prev = start
    for cut in [*cuts, end]:
        a, b = prev, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            pieces.extend(_cap_length(text, (a, b)))
        prev = cut
    result: list[Span] = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            result.append(Span(a, b))
    return result
