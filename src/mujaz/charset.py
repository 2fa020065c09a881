"""Arabic character classes: the one place mujaz says what a letter, a mark and a token are.

Every module that matches Arabic text builds its patterns from these (as camel_tools builds
its regexes from its ``charsets``), so two modules can never disagree on whether a
character is a letter.

* :data:`ARABIC_LETTERS`: letters proper (no marks, digits or punctuation), Persian/Urdu
  and Maghrebi letters and the presentation forms included;
* :data:`DIACRITICS`: tashkeel, Quranic annotation marks and the superscript alef;
* :data:`TATWEEL` and :data:`JOINERS` (ZWNJ/ZWJ): inside a word, never between words;
* :data:`WORD_CHAR`: a letter or digit of any script (``\\w`` without the underscore);
  after :func:`mujaz.normalize.normalize` removes the marks, a token is a run of these.
"""

from __future__ import annotations

import re

__all__ = [
    "ARABIC_LETTERS",
    "DIACRITICS",
    "TATWEEL",
    "JOINERS",
    "WORD_CHAR",
    "ARABIC_LETTER",
    "DIACRITIC",
    "TOKEN",
    "IN_WORD_MARKS",
]

ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
"""Character-class body (for ``[...]``) of the Arabic letters."""
DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff"
"""Character-class body of the marks written on letters (removed by normalization)."""
TATWEEL = "\u0640"
JOINERS = "\u200c\u200d"
WORD_CHAR = r"[^\W_]"
"""One letter or digit, any script (a regex)."""

ARABIC_LETTER = re.compile(f"[{ARABIC_LETTERS}]")
DIACRITIC = re.compile(f"[{DIACRITICS}]")
TOKEN = re.compile(WORD_CHAR + "+")
"""A token of normalized text: a run of letters and digits."""
IN_WORD_MARKS = f"[{DIACRITICS}{TATWEEL}{JOINERS}]*"
"""A regex for the marks that may sit between two letters of one word (raw text)."""
