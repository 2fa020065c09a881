"""Normalization for matching.

mujaz never rewrites what it quotes: summaries are cut from the caller's original text.
Normalization only decides when two words *match* (for overlap, centrality, ROUGE). It is
a set of small ``str -> str`` steps and one :func:`normalize` that applies them all in a
single pass, plus :func:`normalize_with_offsets`, which also returns, for each character of
the normalized text, the offset of the original character it came from.

What it does (the character map lives in :mod:`mujaz._charmaps`, generated as data):

* removes tashkeel, Quranic marks, the superscript alef and tatweel;
* folds أ إ آ ٱ to ا, ى to ي and ة to ه (consistently, so either spelling matches);
* folds Persian/Urdu/Maghrebi letters (ک ی ہ ڭ ...) to their Arabic counterparts;
* maps Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII digits;
* folds Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) to plain letters;
* drops bidi controls, zero-width characters, the soft hyphen and the BOM;
* maps exotic spaces to a plain space and Unicode line separators to ``\\n``.

Every step is idempotent: ``normalize(normalize(s)) == normalize(s)``.
"""

from __future__ import annotations

import re

import numpy as np

from mujaz._charmaps import FOLD_MAP
from mujaz.charset import DIACRITIC, TATWEEL

__all__ = [
    "normalize",
    "normalize_keep_teh_marbuta",
    "normalize_with_offsets",
    "strip_diacritics",
    "strip_tatweel",
    "fold_alef",
    "fold_digits",
    "strip_invisible",
]

_DIACRITICS = DIACRITIC
_TATWEEL = re.compile(TATWEEL)
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# The characters that the full map changes; everything else is copied through untouched.
_CHANGED = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(FOLD_MAP)) + "]")
# Speed: str.translate with a dict of 900 entries looks up every character (about 330 us
# for a 2,500-character article). The handful of folds that make up almost all changes in
# real news text (hamza alefs, alef maqsura, ta marbuta) go through str.replace, and one
# regex finds the rare rest: the same output about 14 times faster.
_FREQUENT = ("أ", "إ", "ى", "آ")
_RARE = {chr(cp): rep for cp, rep in FOLD_MAP.items() if chr(cp) not in _FREQUENT + ("ة",)}
_RARE_CHARS = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_RARE)) + "]")


def _fold_rare(match: re.Match[str]) -> str:
    return _RARE[match.group()]


def _fold(text: str) -> str:
    """Every fold but ta marbuta's (see :func:`normalize_keep_teh_marbuta`)."""
    for ch in _FREQUENT:
        if ch in text:
            text = text.replace(ch, FOLD_MAP[ord(ch)])
    return _RARE_CHARS.sub(_fold_rare, text)


def strip_diacritics(text: str) -> str:
    """Remove tashkeel and Quranic annotation marks."""
    return _DIACRITICS.sub("", text)


def strip_tatweel(text: str) -> str:
    """Remove tatweel (kashida), the elongation character."""
    return _TATWEEL.sub("", text)


def fold_alef(text: str) -> str:
    """Fold hamza-carrying and wasla alef forms (أ إ آ ٱ) to bare alef (ا)."""
    return text.translate(_ALEF)


def fold_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


def strip_invisible(text: str) -> str:
    """Remove bidi controls, zero-width characters, the soft hyphen and the BOM."""
    return _INVISIBLE.sub("", text)


def normalize(text: str) -> str:
    """Apply every normalization step in one pass (see the module docstring).

    Args:
        text: any string.

    Returns:
        The normalized string; idempotent.
    """
    return _fold(text).replace("ة", "ه")


def normalize_keep_teh_marbuta(text: str) -> str:
    """:func:`normalize`, except that ta marbuta (ة) is kept.

    The Snowball Arabic stemmer recognizes feminine nouns by their ة (it strips the article
    from الحكومة but not from الحكومه), so text is stemmed in this form and ة is folded in
    the stems afterwards.
    """
    return _fold(text)


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """Normalize ``text`` and map each output character back to the original.

    Returns:
        ``(normalized, offsets)`` where ``offsets`` is an ``int64`` array of length
        ``len(normalized) + 1``: ``offsets[i]`` is the index in ``text`` of the character
        that produced ``normalized[i]``, and the last entry is ``len(text)``, so the
        normalized slice ``[i, j)`` covers the original slice ``[offsets[i], offsets[j])``.
    """
    n = len(text)
    lengths = np.ones(n, dtype=np.int64)
    pieces: list[str] = []
    last = 0
    for match in _CHANGED.finditer(text):
        pos = match.start()
        replacement = FOLD_MAP[ord(text[pos])]
        pieces.append(text[last:pos])
        pieces.append(replacement)
        lengths[pos] = len(replacement)
        last = pos + 1
    pieces.append(text[last:])
    normalized = "".join(pieces)
    offsets = np.empty(len(normalized) + 1, dtype=np.int64)
    offsets[:-1] = np.repeat(np.arange(n, dtype=np.int64), lengths)
    offsets[-1] = n
    return normalized, offsets
