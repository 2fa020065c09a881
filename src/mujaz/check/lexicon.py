"""The checker's word lists, read once per process from ``mujaz/data/``.

Two package files hold them:

* ``data/check-lexicon.json``: number words, units, month and weekday names (Gregorian,
  Syriac-Levantine and Hijri), negation particles, polarity pairs, qualifiers, reporting
  verbs, place cues and a short gazetteer;
* ``data/check-vocabulary.txt``: stems of common Arabic vocabulary (words seen in many
  morphological forms in news text that is not part of any benchmark), which tells a
  content word from a name in a language that has no capital letters.

Every word is stored as the checker's *base* form (see :func:`mujaz.check.text.base_form`),
so lists and texts are compared the same way. Multi-word entries are written with ``_``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mujaz.check.text import base_form, root_key, stem_key
from mujaz.errors import DataError
from mujaz.normalize import normalize

__all__ = ["Lexicon", "lexicon", "is_common", "is_name_like", "LEXICON_PATH", "VOCABULARY_PATH", "STOPWORDS_PATH"]

LEXICON_PATH = "data/check-lexicon.json"
VOCABULARY_PATH = "data/check-vocabulary.txt"
STOPWORDS_PATH = "data/stopwords-ar.txt"
_FIELDS = (
    "number_units", "number_scales", "number_fractions", "percent_words", "units", "months",
    "weekdays", "negators", "polarity", "qualifiers", "reporting_verbs", "speaker_stops",
    "place_cues", "places", "extra_stopwords", "prefix_qualifiers",
)


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """The checker's word lists, as base forms (immutable; shared by threads)."""

    number_words: dict[str, float]
    """Base form of a one-word number -> its value (ثلاثة -> 3, مائة -> 100)."""
    number_phrases: dict[tuple[str, ...], float]
    """Multi-word numbers (أحد عشر -> 11), as tuples of base forms."""
    scales: dict[str, float]
    """Multipliers (ألف -> 1000, مليون -> 1e6); a dual form carries its own count (ألفان -> 2000)."""
    fractions: dict[str, float]
    percent_words: frozenset[str]
    units: frozenset[str]
    dates: dict[tuple[str, ...], str]
    """Month and weekday names (one or two words) -> a canonical key (``g1`` January in any
    calendar naming, ``h9`` Ramadan, ``d6`` Friday)."""
    negators: frozenset[str]
    polarity: dict[str, tuple[tuple[int, int], ...]]
    """A polar word (normalized, clitics kept) -> its (pair index, side 0 or 1) entries."""
    polarity_stems: dict[str, tuple[tuple[int, int], ...]]
    """The same by stem key (so ارتفاعاً finds ارتفاع)."""
    qualifiers: frozenset[str]
    prefix_qualifiers: frozenset[str]
    """Qualifiers written before their head (نائب الرئيس); the rest follow it (الرئيس السابق)."""
    reporting_verbs: frozenset[str]
    speaker_stops: frozenset[str]
    place_cues: frozenset[str]
    places: frozenset[tuple[str, ...]]
    numeric: frozenset[str]
    """Every base that can open a number (number words, scales, fractions)."""
    date_heads: frozenset[str]
    """The first base of every date name."""
    vocabulary: frozenset[str]
    """Stem keys of common vocabulary (not names)."""
    rare: frozenset[str]
    """Stems seen in the background text but not common: mostly names."""
    stopwords: frozenset[str]
    """mujaz's stop words (``data/stopwords-ar.txt``), as words and as base forms."""

    def is_place(self, bases: tuple[str, ...]) -> bool:
        return bases in self.places


def _words(field: str) -> list[tuple[str, ...]]:
    """Split a space-separated list; ``_`` joins the words of one entry."""
    return [tuple(base_form(normalize(w).lower()) for w in entry.split("_")) for entry in field.split()]


def _plain(field: str) -> frozenset[str]:
    """A space-separated list of single words, normalized but with their clitics kept
    (looked up with :func:`mujaz.check.text.lookup`, so فتحت stays فتحت and is not read as تحت)."""
    return frozenset(normalize(w).lower() for w in field.split() if "_" not in w)


def _read(path: str) -> str:
    try:
        return resources.files("mujaz").joinpath(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read the checker's word lists {path}: {exc}") from None


@cache
def lexicon() -> Lexicon:
    """The word lists, read and prepared on first use (once per process).

    Raises:
        DataError: a package file is missing or malformed (a broken installation).
    """
    try:
        data = json.loads(_read(LEXICON_PATH))
    except ValueError as exc:
        raise DataError(f"cannot read the checker's word lists {LEXICON_PATH}: {exc}") from None
    missing = [f for f in _FIELDS if f not in data]
    if missing:
        raise DataError(f"{LEXICON_PATH} lacks the fields {', '.join(missing)}")
    number_words: dict[str, float] = {}
    number_phrases: dict[tuple[str, ...], float] = {}
    for value, field in data["number_units"].items():
        for entry in _words(field):
            if len(entry) == 1:
                number_words[entry[0]] = float(value)
            else:
                number_phrases[entry] = float(value)
    scales = {e[0]: float(v) for v, f in data["number_scales"].items() for e in _words(f)}
    fractions = {e[0]: float(v) for v, f in data["number_fractions"].items() for e in _words(f)}
    dates: dict[tuple[str, ...], str] = {}
    for key, field in {**data["months"], **data["weekdays"]}.items():
        for entry in _words(field):
            dates[entry] = key
    polarity: dict[str, tuple[tuple[int, int], ...]] = {}
    for index, sides in enumerate(data["polarity"]):
        for side, field in enumerate(sides):
            for word in _plain(field):
                # A word may sit in several pairs (رفض opposes وافق، قبل and أقر).
                polarity[word] = polarity.get(word, ()) + ((index, side),)
    lines = [line.strip() for line in _read(VOCABULARY_PATH).splitlines() if line.strip() and not line.startswith("#")]
    vocabulary = frozenset(line for line in lines if not line.startswith("!"))
    rare = frozenset(line[1:] for line in lines if line.startswith("!"))

    stopwords: set[str] = set()
    for line in _read(STOPWORDS_PATH).splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            word = normalize(word).lower()
            stopwords.update((word, base_form(word)))
    for word in data["extra_stopwords"].split():
        word = normalize(word).lower()
        stopwords.update((word, base_form(word)))
    polarity_stems: dict[str, tuple[tuple[int, int], ...]] = {}
    for word, where in polarity.items():
        key = stem_key(base_form(word))
        polarity_stems[key] = tuple(dict.fromkeys(polarity_stems.get(key, ()) + where))

    def flat(field: str) -> frozenset[str]:
        return frozenset(e[0] for e in _words(data[field]) if len(e) == 1)

    return Lexicon(
        number_words=number_words,
        number_phrases=number_phrases,
        scales=scales,
        fractions=fractions,
        percent_words=frozenset("_".join(e) for e in _words(data["percent_words"])),
        units=flat("units"),
        dates=dates,
        negators=_plain(data["negators"]),
        polarity=polarity,
        polarity_stems=polarity_stems,
        qualifiers=_plain(data["qualifiers"]),
        prefix_qualifiers=_plain(data["prefix_qualifiers"]),
        reporting_verbs=_plain(data["reporting_verbs"]),
        speaker_stops=_plain(data["speaker_stops"]),
        place_cues=_plain(data["place_cues"]),
        places=frozenset(_words(data["places"])),
        numeric=frozenset(number_words) | frozenset(scales) | frozenset(fractions) | frozenset(p[0] for p in number_phrases),
        date_heads=frozenset(k[0] for k in dates),
        vocabulary=vocabulary,
        rare=rare,
        stopwords=frozenset(stopwords),
    )


# Verb morphology: an imperfect prefix (يفعل تفعل نفعل), a plural ending (فعلوا يفعلون) or a
# derived-stem prefix (استفعل افتعل انفعل). A never-seen word of that shape is a verb form.
# A possessive suffix (بلدها، فشلهم) marks a common noun too: names rarely take one.
_VERB_SHAPE = re.compile(r"^(?:ل?[يتن].{2,}|.{2,}(?:وا|ون)|ا[ستن].{3,}|لا.{4,}|.{3,}(?:ها|هم|هما|هن|نا|كم))$")


def is_name_like(stem: str, base: str, word: str | None = None) -> bool:
    """Whether a word the source lacks reads as a name rather than a paraphrase.

    Not common vocabulary, and either seen in the background text (names are: ترامب) or,
    never seen, not shaped like a verb form (توبخ، يحثون are verbs; كيدمان is a name). A
    seen word shaped like a verb whose rest is common (يبدو: بدو) is a verb all the same.
    """
    form = base if word is None else (word[1:] if len(word) > 3 and word[0] in "وف" else word)
    if is_common(stem, form):
        return False
    # Shapes are read on the word without its conjunction only: stripping ب ك ل as well
    # would turn كيدمان into يدمان, a verb's shape.
    if len(form) >= 5 and form.endswith(_POSSESSIVE_SUFFIXES):  # 3+ letters, then a pronoun suffix
        return False
    shaped = _shaped(form)
    if stem in lexicon().rare:
        if shaped and form[0] == "ي":
            return False  # an imperfect verb (يحل، يؤثر); names in ي- are few
        if shaped:
            rest = _VERB_PREFIX.sub("", base)
            if rest != base and len(rest) >= 3 and is_common(stem_key(rest), rest):
                return False
        return True
    return not shaped


def _shaped(word: str) -> bool:
    return _VERB_SHAPE.match(word) is not None or (len(word) >= 4 and word.endswith("ت"))


_POSSESSIVE_SUFFIXES = ("ها", "هم", "هما", "هن", "نا", "كم")
_VERB_PREFIX = re.compile("^(?:س?[يتن]|ا)")


def is_common(stem: str, form: str) -> bool:
    """Whether a word (its stem, and its form without a conjunction) is common vocabulary:
    when novel, a paraphrase, not a name. The list holds stems and light roots (``~``, see
    :func:`root_key`), so verb forms never seen in the background text (ينصحون) count
    through their root."""
    vocabulary = lexicon().vocabulary
    if stem in vocabulary:
        return True
    root = root_key(form)
    return root is not None and root in vocabulary
