"""Facts read from tokens: numbers (with scale and percent) and dates (months, weekdays).

A number is a digit string in any script (folded to ASCII by :mod:`mujaz.normalize`), with
Arabic or Latin separators (``1,500``, ``٢٫٥``), or a run of number words (``خمسة وعشرين``),
optionally scaled by the next word (``3 ملايين``, ``ثلاثة آلاف``) and marked as a
percentage (``%``, ``٪``, ``في المئة``). Its *value* is what is compared, so ``ثلاثة`` in a
summary matches ``3`` in the source. A date is a month name in any of the three namings
(يناير = كانون الثاني; Hijri months) or a weekday, compared by a canonical key.
"""

from __future__ import annotations

from dataclasses import dataclass

from mujaz.check.lexicon import Lexicon
from mujaz.check.text import Token

__all__ = ["NumberFact", "DateFact", "numbers", "dates", "parse_digits", "same_number"]

# Month names that are also ordinary words or names (مارس "practised", آب/أب "father",
# رمضان/رجب/شعبان as family names, محرم "forbidden"): read as months only beside a number, after
# شهر, or before a word that marks a time (الماضي، المقبل ...).
_AMBIGUOUS_MONTHS = frozenset({"مارس", "اب", "نيسان", "رمضان", "رجب", "شعبان", "محرم", "ماي", "مايو"})
_MONTH_CONTEXT_BEFORE = frozenset({"شهر", "اشهر", "منتصف", "مطلع", "اواخر", "اوائل", "اواسط", "نهايه", "نهاية", "بدايه", "بداية", "خلال", "منذ", "حتى"})
_MONTH_CONTEXT_AFTER = frozenset({"ماضي", "مقبل", "جاري", "حالي", "فضيل", "كريم", "مبارك"})
# Plural scales are vague alone (آلاف "thousands"): a number only after a count.
_VAGUE_SCALES = frozenset({"الاف", "ملايين", "مليارات", "تريليونات"})
# Construct-state duals whose base would read as another word (ألفي -> في): matched whole.
_DUAL_WORDS = {"الفي": 2000.0, "مليوني": 2e6, "ملياري": 2e9}


def _dual(word: str) -> float | None:
    return _DUAL_WORDS.get(word[1:] if word[:1] in "وف" and len(word) > 4 else word)


@dataclass(frozen=True, slots=True)
class NumberFact:
    """A number of a text: its value, the token range it spans, and its parts."""

    value: float
    first: int
    last: int
    """Token indices ``[first, last)``."""
    percent: bool
    mantissa: float | None
    """The count before a scale word (3 in ``3 ملايين``), or None when unscaled."""


@dataclass(frozen=True, slots=True)
class DateFact:
    """A month or weekday name: its canonical key and token range."""

    key: str
    first: int
    last: int


def parse_digits(word: str) -> float | None:
    """The value of a digit token: ``1,500`` -> 1500, ``2.5`` and ``2,5`` -> 2.5."""
    text = word.replace("٬", ",").replace("٫", ".")
    if "," in text:
        groups = text.split(",")
        if all(len(g) == 3 for g in groups[1:]) and "." not in text:
            text = "".join(groups)  # thousands separators
        elif len(groups) == 2 and "." not in text:
            text = ".".join(groups)  # a decimal comma: ٢,٥
        else:
            text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _word_value(token: Token, lex: Lexicon) -> float | None:
    return lex.number_words.get(token.base)


def _weekday(token: Token, lex: Lexicon) -> bool:
    key = lex.dates.get((token.base,))
    return key is not None and key.startswith("d") and "ال" in token.word[:4]


def numbers(tokens: tuple[Token, ...], lex: Lexicon) -> list[NumberFact]:
    """The numbers of a token sequence, in order."""
    facts: list[NumberFact] = []
    numeric = lex.numeric
    n = len(tokens)
    # Only the few tokens that can open a number are visited (texts have thousands of words).
    starts = [k for k, t in enumerate(tokens) if t.word[0].isdigit() or t.base in numeric or _dual(t.word)]
    i = 0
    for k in starts:
        if k < i:
            continue
        i = k
        token = tokens[i]
        start = i
        value: float | None = None
        if token.is_number:
            value = parse_digits(token.word)
            i += 1
        elif _dual(token.word) is not None:
            value, i = _dual(token.word), i + 1
        else:
            phrase = tuple(t.base for t in tokens[i : i + 2])
            if len(phrase) == 2 and phrase in lex.number_phrases:
                value, i = lex.number_phrases[phrase], i + 2
            elif _word_value(token, lex) is not None and not _weekday(token, lex):
                # A run of number words joined by و: خمسة وعشرين، ثلاثمائة وخمسون
                value = 0.0
                while i < n and _word_value(tokens[i], lex) is not None and tokens[i].sentence == token.sentence:
                    value += _word_value(tokens[i], lex)  # type: ignore[operator]
                    i += 1
            elif token.base in lex.scales and token.word not in _VAGUE_SCALES and token.base not in _VAGUE_SCALES:
                value, i = lex.scales[token.base], i + 1
                facts.append(NumberFact(value, start, i, False, None))
                continue
            elif token.base in lex.fractions:
                value, i = lex.fractions[token.base], i + 1
                facts.append(NumberFact(value, start, i, False, None))
                continue
            else:
                i += 1
                continue
        if value is None:
            continue
        mantissa = None
        if i < n and tokens[i].base in lex.scales and tokens[i].sentence == token.sentence:
            mantissa = value
            scale = lex.scales[tokens[i].base]
            # A dual scale (ألفين) already counts two; after a count it is a plain scale.
            if str(int(scale))[0] == "2":
                scale /= 2
            value *= scale
            i += 1
        percent = False
        if i < n and tokens[i].sentence == token.sentence:
            nxt = tokens[i].base
            if nxt in lex.percent_words:
                percent, i = True, i + 1
            elif i + 1 < n and f"{tokens[i].word}_{tokens[i + 1].base}" in lex.percent_words:
                percent, i = True, i + 2
        facts.append(NumberFact(value, start, i, percent, mantissa))
    return facts


def dates(tokens: tuple[Token, ...], lex: Lexicon) -> list[DateFact]:
    """The month and weekday names of a token sequence, in order."""
    facts: list[DateFact] = []
    n = len(tokens)
    heads = lex.date_heads
    i = 0
    for k in [k for k, t in enumerate(tokens) if t.base in heads]:
        if k < i:
            continue
        i = k
        token = tokens[i]
        pair = (token.base, tokens[i + 1].base) if i + 1 < n else None
        if pair is not None and pair in lex.dates:
            facts.append(DateFact(lex.dates[pair], i, i + 2))
            i += 2
            continue
        key = lex.dates.get((token.base,))
        if key is not None and key.startswith("d") and "ال" not in token.word[:4]:
            key = None  # a weekday is always definite (الأحد); أحد alone is "one"
        if key is not None and token.base in _AMBIGUOUS_MONTHS and not _month_context(tokens, i):
            key = None
        if key is not None:
            facts.append(DateFact(key, i, i + 1))
        i += 1
    return facts


def _month_context(tokens: tuple[Token, ...], i: int) -> bool:
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if before is not None and (before.is_number or before.base in _MONTH_CONTEXT_BEFORE):
        return True
    return after is not None and (after.is_number or after.base in _MONTH_CONTEXT_AFTER)
