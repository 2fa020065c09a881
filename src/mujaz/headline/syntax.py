"""Headline syntax: what an editor changes when a sentence becomes a headline.

A news sentence opens on a perfect verb (``أعلنت السلطات الأردنية الأربعاء أنها أبعدت…``،
``قال رئيس المفوضية إن تصريحات ترامب…``); its headline puts the subject first with the
verb in the present (``السلطات الأردنية تعلن أنها أبعدت…``) or writes a statement as
``Speaker: claim`` (``رئيس المفوضية: تصريحات ترامب…``), and leaves out time adjuncts
(``، الأربعاء،``) and the medium of an attribution (``في بيان``). Each change is a
documented :class:`~mujaz.types.Rewrite` inside the headline's unit, so the unit still
quotes the source exactly and the checker can trace every printed word:

* :attr:`~mujaz.types.RewriteKind.DROPPED`: a time adjunct (``الأربعاء``، ``، اليوم الأحد،``،
  ``مساء الخميس``) or an attribution medium before ``أن``;
* :attr:`~mujaz.types.RewriteKind.SPEAKER_COLON`: ``قال/أكد/أعلن… X أن Y`` -> ``X: Y``, only
  for verbs that assert (never ``نفى``، ``زعم``، ``توقع``, whose meaning the colon would lose)
  and only before ``أن``/``إن``/``بأن`` (not ``أنه``, whose subject is a pronoun);
* :attr:`~mujaz.types.RewriteKind.REORDER` + :attr:`~mujaz.types.RewriteKind.PRESENT_TENSE`:
  ``وقعت شركة X الاثنين اتفاقية`` -> ``شركة X توقع اتفاقية``, when a time adjunct marks
  where the subject ends, the subject is singular (no ``و`` coordination, no ``-ون`` plural,
  with which a subject-first verb must agree) and the headlines confirm the verb's present
  form (:class:`VerbTable`).

The verb pairs are learned from the dev corpora (:mod:`mujaz.training.verbs`) and shipped
in ``mujaz/data/verbs-ar.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from mujaz._resources import read_package_json, resource
from mujaz.charset import DIACRITICS, TATWEEL
from mujaz.compress import carries_meaning
from mujaz.conventions import hashtag_spans
from mujaz.errors import DataError
from mujaz.features import shipped_stopwords
from mujaz.normalize import normalize
from mujaz.types import Rewrite, RewriteKind, Span

__all__ = ["VerbTable", "shipped_verbs", "VERBS_FILE", "VERBS_VERSION", "Frame", "time_words", "sentence_frame",
           "headline_rewrites", "carries_pronoun", "opens_phrase", "EVENT_WORDS", "PHRASE_OPENERS", "REPORTING_VERBS", "WEEKDAYS",
           "MAX_SUBJECT_WORDS"]

VERBS_FILE = "data/verbs-ar.json"
VERBS_VERSION = "verbs.v1"
# Normalized spelling throughout (mujaz.normalize: أ/إ/آ -> ا, ة -> ه, ى -> ي).
WEEKDAYS = frozenset({"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"})
# Words that may stand before a weekday in a time adjunct (اليوم الأربعاء، مساء الخميس).
_TIME_HEADS = frozenset({"اليوم", "يوم", "مساء", "صباح", "ليله", "ليل", "فجر", "ظهر", "عصر", "نهار", "امس", "ظهيره"})
# What may follow a weekday in the adjunct (الخميس الماضي).
_TIME_MODIFIERS = frozenset({"الماضي", "المقبل", "القادم", "المنصرم", "الفائت"})
# Words that govern a following weekday (beyond the stop words): it is then no adjunct.
_GOVERNORS = frozenset({"الي", "حتي", "منذ", "يوم", "موعد", "بحلول", "اعتبارا", "مطلع", "غدا"})
# A time adjunct on its own: أمس، اليوم (only between commas, where it cannot be a noun phrase).
_TIME_ALONE = frozenset({"امس", "اليوم", "الليله"})
# Verbs that assert what follows أن: "X: Y" says the same (not نفى، زعم، توقع، رجح، حذر).
REPORTING_VERBS = frozenset({
    "قال", "قالت", "اكد", "اكدت", "اعلن", "اعلنت", "اوضح", "اوضحت", "ذكر", "ذكرت", "افاد", "افادت", "صرح", "صرحت",
    "اضاف", "اضافت", "شدد", "شددت", "كشف", "كشفت", "اعتبر", "اعتبرت", "اشار", "اشارت", "لفت", "لفتت", "اكدا",
})
_COMPLEMENTIZERS = frozenset({"ان", "بان"})
# Where a phrase starts (so a headline may end before it): prepositions, relatives,
# subordinators. A headline that stops there is a complete phrase.
PHRASE_OPENERS = frozenset({
    "في", "علي", "من", "الي", "عن", "مع", "بعد", "قبل", "خلال", "منذ", "حول", "ضد", "عبر", "لدي", "نحو", "بين",
    "امام", "وسط", "بسبب", "رغم", "عقب", "اثر", "حتي", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي",
    "اللاتي", "حيث", "عندما", "بينما", "لان", "كي", "لكي", "اذ", "مما", "بما", "وذلك", "جراء", "ازاء", "تجاه",
    "بحضور", "بمشاركه", "لدى", "ضمن", "اثناء", "فيما", "كما", "بعدما", "وفق", "وفقا", "بحسب", "حسب",
    # Darija (MArSum): relatives, prepositions, subordinators
    "اللي", "لي", "ديال", "باش", "فين", "ملي", "حيت", "بلا", "عند", "فوق", "تحت",
})
# A preposition written onto a definite noun (بالقطاع، للحصار، كالعادة) opens a phrase too.
_PREFIXED_PREPOSITIONS = ("بال", "لل", "كال", "فال", "وبال", "ولل")
_AND_OPENERS = frozenset({"قد", "لم", "لا", "ان", "كان", "كانت", "هو", "هي", "في", "من", "علي"})
# An attribution medium between the speaker and أن (في بيان، عبر تويتر، خلال مؤتمر صحفي).
_MEDIUM_OPENERS = frozenset({"في", "خلال", "عبر", "لوكاله", "لصحيفه", "لقناه", "لشبكه", "لموقع", "لتلفزيون"})
_PRONOUNS = frozenset({"هو", "هي", "هم", "هما", "هن", "انا", "نحن", "انت", "انتم", "انه", "انها", "انهم", "لانه",
                       "لانها", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "اولئك"})
# Object/possessive suffixes: a word carrying one refers back (هنأه: congratulated *him*).
_SUFFIXES = ("هما", "هم", "هن", "ها", "ه")
# Words that end in ه without it being a pronoun (raw spelling, marks removed).
_NOT_PRONOUN = frozenset({"وجه", "اتجاه", "تجاه", "مياه", "انتباه", "اشباه", "شبه", "توجيه", "ترفيه", "تنبيه",
                          "تشبيه", "تمويه", "نزيه", "فقيه", "وجيه", "الله", "كراهة", "نباهة", "رفاه", "فواكه"})
MAX_SUBJECT_WORDS = 8
# A time adjunct a headline drops lies within this many words of the opening verb.
EVENT_WORDS = 10
_MARKS = re.compile(f"[{DIACRITICS}{TATWEEL}]")
_PUNCT = "\"'«»“”()[]."
_CLAUSE_PUNCT = "،,؛;:"


@dataclass(frozen=True)
class VerbTable:
    """Perfect -> imperfect verb pairs (normalized perfect -> imperfect as written).

    Attributes:
        present: the pairs the headlines confirm, masculine and feminine
            (``اعلن`` -> ``يعلن``, ``اعلنت`` -> ``تعلن``); only these rewrite a verb.
        verbs: normalized forms of every learned verb, perfect and imperfect (a word that
            is one does not open a headline cut from mid-sentence).
        perfects: the perfects among them, and the reporting verbs.
    """

    present: Mapping[str, str]
    verbs: frozenset[str]
    perfects: frozenset[str] = frozenset()
    """Normalized perfects (masculine and feminine) of every learned verb."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], stopwords: frozenset[str]) -> "VerbTable":
        """The table from the ``verbs-ar.json`` data (its ``verbs`` and ``settings``).

        Raises:
            DataError: a field is missing or malformed.
        """
        try:
            settings = data["settings"]
            least, share = int(settings["min_title_evidence"]), float(settings["min_title_share"])
            present: dict[str, str] = {}
            verbs: set[str] = set()
            perfects: set[str] = set(REPORTING_VERBS)
            for pair in data["verbs"]:
                perfect, imperfect = str(pair["perfect"]), str(pair["imperfect"])
                openings, titles = int(pair["openings"]), int(pair["titles"])
                if not perfect or len(imperfect) < 2 or imperfect[0] != "ي":
                    raise ValueError(f"bad pair {perfect!r} -> {imperfect!r}")
                feminine = (perfect[:-1] if perfect[-1] in "اى" else perfect) + "ت"
                confirmed = titles >= least and titles >= share * openings
                if confirmed:
                    present[normalize(perfect)] = imperfect
                    present[normalize(feminine)] = "ت" + imperfect[1:]
                if confirmed or normalize(perfect) not in stopwords:  # not على، غير، قبل
                    verbs.update(normalize(w) for w in (perfect, feminine, imperfect, "ت" + imperfect[1:]))
                    perfects.update((normalize(perfect), normalize(feminine)))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"malformed verbs data: {exc!r}") from None
        return cls(present, frozenset(verbs), frozenset(perfects))


@resource
def shipped_verbs() -> VerbTable:
    """The verb pairs in ``mujaz/data/verbs-ar.json`` (``make train``), read once per process.

    Raises:
        DataError: the file is missing, malformed or for another version.
    """
    data = {"verbs": read_package_json(VERBS_FILE, "verb pairs", "verbs", version=VERBS_VERSION),
            "settings": read_package_json(VERBS_FILE, "verb pairs", "settings", version=VERBS_VERSION)}
    return VerbTable.from_dict(data, shipped_stopwords())


def _plain(word: str) -> str:
    return _MARKS.sub("", word).strip(_PUNCT + _CLAUSE_PUNCT)


def carries_pronoun(word: str) -> bool:
    """Whether ``word`` (as written) is a pronoun or carries an attached one, so it needs a
    referent before it: ``هو``، ``أنها``، ``هنأه``، ``رئيسها`` (not ``الحكومة``، ``وجه``،
    ``متهم``: a definite noun takes no suffix, and the stem must be three letters)."""
    plain = _plain(word)
    key = normalize(plain)
    if key in _PRONOUNS:
        return True
    if plain in _NOT_PRONOUN or plain.startswith(("ال", "وال", "بال", "لل", "فال")):
        return False
    return any(plain.endswith(suffix) and len(plain) - len(suffix) >= 3 for suffix in _SUFFIXES)


def time_words(words: Sequence[str], tokens: Sequence[Sequence[str]], stopwords: frozenset[str] = frozenset(),
               *, first: int = 0, perfects: frozenset[str] | None = None) -> list[bool]:
    """For each word of a sentence, whether it belongs to a time adjunct a headline drops:
    a weekday with its head and modifier (``الأربعاء``، ``اليوم الأحد``، ``مساء الخميس``،
    ``الخميس الماضي``), or ``أمس`` / ``اليوم`` between commas.

    Only the adjunct that dates the story's opening event: the sentence (from word
    ``first``) opens on a perfect verb (one of ``perfects``, normalized; any verb when
    ``None``) and the adjunct comes within :data:`EVENT_WORDS` words of it, before any
    ``أن`` (after it, a day belongs to the claim: ``أعلن أن الاجتماع سيعقد الخميس``).
    Never a weekday governed by a preposition or another word (``إلى الخميس المقبل``:
    the date something moves to is a fact), nor one a date follows (``الخميس 12 مايو``),
    nor the verb itself. ``stopwords`` are the normalized stop words (the prepositions
    among them).
    """
    n = len(words)
    out = [False] * n
    if first >= n or not tokens[first] or (perfects is not None and tokens[first][0] not in perfects):
        return out
    limit = min(n, first + 1 + EVENT_WORDS)
    for m in range(first + 1, limit):
        if tokens[m] and tokens[m][0] in _COMPLEMENTIZERS | {"انه", "انها", "بانه", "بانها"}:
            limit = m
            break

    def free(m: int) -> bool:
        # Word m may open an adjunct: what is before it is not a word that governs it.
        return m > 0 and (_ends_clause(words[m - 1]) or not tokens[m - 1]
                          or (tokens[m - 1][-1] not in stopwords and tokens[m - 1][-1] not in _GOVERNORS))

    for j in range(first + 1, limit):
        toks = tokens[j]
        if len(toks) != 1:
            continue
        token = toks[0]
        if token in WEEKDAYS:
            if j + 1 < n and tokens[j + 1] and tokens[j + 1][0].isdigit():
                continue  # a date: الخميس 12 مايو
            head = j - 1 if len(tokens[j - 1]) == 1 and tokens[j - 1][0] in _TIME_HEADS and j - 1 > first else j
            if not free(head):
                continue
            last = j + 1 if j + 1 < n and len(tokens[j + 1]) == 1 and tokens[j + 1][0] in _TIME_MODIFIERS else j
            for m in range(head, last + 1):
                out[m] = True
        elif token in _TIME_ALONE and _ends_clause(words[j - 1]) and _ends_clause(words[j]):
            out[j] = True
    return out


def _ends_clause(word: str) -> bool:
    return word.rstrip(_PUNCT)[-1:] in _CLAUSE_PUNCT


@dataclass(frozen=True, slots=True)
class Frame:
    """How a verb-first sentence becomes headline syntax (word indexes into the sentence).

    ``kind`` is ``"colon"`` (``X: Y``) or ``"reorder"`` (``X يفعل``); the verb is word
    ``verb``; the subject is words ``subject[0]`` to ``subject[1]`` (exclusive); for a
    colon, ``complementizer`` is the word ``أن`` and the claim starts after it. ``skip``
    holds the words the headline leaves out (the verb and ``أن`` of a colon, the medium
    of an attribution); ``present`` is the verb in the present tense (reorder only).
    """

    kind: str
    verb: int
    subject: tuple[int, int]
    complementizer: int
    skip: frozenset[int]
    present: str = ""


def sentence_frame(words: Sequence[str], tokens: Sequence[Sequence[str]], first: int, dropped: Sequence[bool],
                   table: VerbTable, stopwords: frozenset[str]) -> Frame | None:
    """The :class:`Frame` of a sentence whose story starts at word ``first``, or ``None``.

    ``dropped`` is :func:`time_words` of the sentence.
    """
    if first >= len(words) - 2 or len(tokens[first]) != 1:
        return None
    verb = tokens[first][0]
    start = first + 1
    if not tokens[start] or tokens[start][0] in stopwords or dropped[start]:
        return None
    if verb in REPORTING_VERBS:
        for c in range(start + 1, min(len(words) - 1, start + MAX_SUBJECT_WORDS + 4)):
            if tokens[c] == [] or any(ch in words[c] for ch in "\"«»“”"):
                break
            if len(tokens[c]) == 1 and tokens[c][0] in _COMPLEMENTIZERS and words[c].strip(_PUNCT) == words[c]:
                end = c
                # The speaker ends before a time adjunct or an attribution medium; what lies
                # between it and أن must be only those (else where it ends is not clear).
                for m in range(start + 1, c):
                    if dropped[m] or (tokens[m] and tokens[m][0] in _MEDIUM_OPENERS):
                        end = m
                        break
                in_medium = False
                for m in range(end, c):
                    in_medium = in_medium or bool(tokens[m]) and tokens[m][0] in _MEDIUM_OPENERS
                    if not (dropped[m] or in_medium):
                        return None
                    if dropped[m]:
                        in_medium = False
                if end - start > MAX_SUBJECT_WORDS or any(tokens[m] and tokens[m][0] in _PRONOUNS
                                                          for m in range(start, end)):
                    return None
                skip = frozenset({first, c, *range(end, c)})
                return Frame("colon", first, (start, end), c, skip)
    present = table.present.get(verb)
    if present is None:
        return None
    for end in range(start + 1, min(len(words), start + MAX_SUBJECT_WORDS + 1)):
        if dropped[end]:
            subject = range(start, end)
            if any(_ends_clause(words[j]) for j in range(start, end - 1)):
                return None  # an aside inside the subject: where it ends is not clear
            if any(tokens[j] and (j > start and tokens[j][0][:1] == "و" or tokens[j][0] in PHRASE_OPENERS)
                   for j in subject):
                return None  # maybe coordinated (plural: وبايرن), or a phrase that is no subject
            if tokens[start][0].endswith(("ون", "يون")):
                return None  # plural: a subject-first verb would have to agree
            if not _one_noun_phrase([tokens[m][0] if tokens[m] else "" for m in subject]):
                return None  # maybe the object too (أحرز نادي الشروق لقب الكأس، مساء الجمعة)
            if "\u064f" in words[first][:2]:
                return None  # دُشّنت: a passive, whose subject is what was done
            after = end
            while after < len(words) and dropped[after]:
                after += 1
            if after >= len(words) - 1:
                return None
            return Frame("reorder", first, (start, end), -1, frozenset(), present)
        if not tokens[end] or _ends_clause(words[end - 1]) and not dropped[end]:
            return None
    return None


def _nisba(token: str) -> bool:
    return token.startswith("ال") and token.endswith(("ي", "يه")) and not token.endswith(("يين", "يون"))


def _one_noun_phrase(tokens: Sequence[str]) -> bool:
    """Whether the words between a verb and its time adjunct are one noun phrase, the
    subject alone: one word (``ترامب``), a definite noun and relative adjectives
    (``السلطات الأردنية``), or a noun, its definite genitive and relative adjectives
    (``جهاز الموساد الإسرائيلي``). Anything else may hold the object (``نادي الشروق لقب
    الكأس``), which a subject-first headline must not move."""
    if len(tokens) == 1:
        return True
    head, rest = tokens[0], list(tokens[1:])
    if not head.startswith("ال"):
        if not rest[0].startswith("ال"):
            return False
        rest = rest[1:]
    return all(_nisba(t) for t in rest)


def opens_phrase(tokens: Sequence[str]) -> bool:
    """Whether a word (its tokens) opens a phrase, so a headline may end right before it: a
    preposition, relative or subordinator (:data:`PHRASE_OPENERS`), a bare ب/ل/ك, a
    preposition written onto a definite noun (``بالقطاع``، ``للحصار``), or و before one of
    them or a definite noun (``والحكومة``)."""
    if not tokens:
        return False
    t = tokens[0]
    if t in PHRASE_OPENERS or t in ("ب", "ل", "ك", "ف", "د") or t.startswith(_PREFIXED_PREPOSITIONS):
        return True
    return t[:1] == "و" and (t.startswith("وال") or t[1:] in _AND_OPENERS or t[1:] in PHRASE_OPENERS)


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over clause punctuation (a word's trailing comma), not past ``start``."""
    while end > start + 1 and text[end - 1] in _CLAUSE_PUNCT:
        end -= 1
    return end


def headline_rewrites(text: str, positions: Sequence[tuple[int, int]], k: int, j: int, dropped: Sequence[bool],
                      frame: Frame | None, *, conjunction: bool = False) -> tuple[Rewrite, ...]:
    """The rewrites of the headline made of words ``k`` to ``j`` (inclusive) of a sentence.

    Args:
        text: the article's text.
        positions: (start, end) of each word of the sentence in ``text``.
        k, j: the headline's first and last word.
        dropped: :func:`time_words` of the sentence.
        frame: the sentence's :func:`sentence_frame`, applied when the headline starts on
            its verb and runs past the subject (past ``أن`` for a colon).
        conjunction: word ``k`` is a verb written with the conjunction و/ف (``وأضاف``),
            which the headline drops.

    Every rewrite lies inside the headline's words, in source order, none overlapping.
    """
    rewrites: list[Rewrite] = []
    use = frame is not None and frame.verb == k and j > (frame.complementizer if frame.kind == "colon"
                                                          else frame.subject[1])
    at = k
    if conjunction and not use:
        rewrites.append(Rewrite(RewriteKind.DROPPED, Span(positions[k][0], positions[k][0] + 1), "",
                                Span(positions[k][0], positions[k][0] + 1)))
    if use and frame is not None:
        s0, s1 = frame.subject
        verb = Span(*positions[k])
        speaker_end = _trimmed_end(text, positions[s1 - 1][0], positions[s1 - 1][1])
        subject = Span(positions[s0][0], speaker_end)
        if frame.kind == "reorder":
            rewrites.append(Rewrite(RewriteKind.REORDER, Span(verb.start, verb.start), subject.slice(text) + " ", subject))
            rewrites.append(Rewrite(RewriteKind.PRESENT_TENSE, verb, frame.present, verb))
            rewrites.append(Rewrite(RewriteKind.REORDER, Span(verb.end, subject.end), "", subject))
            after = s1
            while after < j and dropped[after]:
                after += 1
            rewrites.append(Rewrite(RewriteKind.DROPPED, Span(subject.end, positions[after][0]), " ",
                                    Span(positions[s1][0], positions[after - 1][1])))
            at = after
        else:
            c = frame.complementizer
            rewrites.append(Rewrite(RewriteKind.SPEAKER_COLON, Span(verb.start, positions[s0][0]), "", verb))
            if s1 < c:
                rewrites.append(Rewrite(RewriteKind.SPEAKER_COLON, Span(speaker_end, positions[s1][0]), ": ",
                                        Span(*positions[c])))
                rewrites.append(Rewrite(RewriteKind.DROPPED, Span(positions[s1][0], positions[c][0]), "",
                                        Span(positions[s1][0], positions[c - 1][1])))
                rewrites.append(Rewrite(RewriteKind.SPEAKER_COLON, Span(positions[c][0], positions[c + 1][0]), "",
                                        Span(*positions[c])))
            else:
                rewrites.append(Rewrite(RewriteKind.SPEAKER_COLON, Span(speaker_end, positions[c + 1][0]), ": ",
                                        Span(*positions[c])))
            at = c + 1
    while at <= j:
        if not (dropped[at] and k < at < j):
            at += 1
            continue
        b = at
        while b < j and dropped[b]:
            b += 1
        adjunct = Span(positions[at][0], positions[b - 1][1])
        before = positions[at - 1]
        if text[before[1] - 1] in _CLAUSE_PUNCT:
            # "X، الأربعاء، Y" -> "X Y": the commas that set the adjunct off go with it.
            rewrites.append(Rewrite(RewriteKind.DROPPED, Span(_trimmed_end(text, before[0], before[1]),
                                                              positions[b][0]), " ", adjunct))
        else:  # "X الأربعاء Y" -> "X Y"
            rewrites.append(Rewrite(RewriteKind.DROPPED, Span(adjunct.start, positions[b][0]), "", adjunct))
        at = b
    # Never a rewrite that leaves out a negation or a qualifier (compress.carries_meaning):
    # the headline is then the plain quote.
    if any(carries_meaning(text, r.span) for r in rewrites if r.kind in _LEAVES_OUT and len(r.span)):
        rewrites = []
    return _with_hashtags(text, Span(positions[k][0], positions[j][1]), _ordered(rewrites))


# Rewrites whose source words do not all reappear in the output.
_LEAVES_OUT = frozenset({RewriteKind.DROPPED, RewriteKind.SPEAKER_COLON})


def _ordered(rewrites: list[Rewrite]) -> list[Rewrite]:
    """The rewrites in source order (an insertion before the replacement at its point)."""
    return sorted(rewrites, key=lambda r: (r.span.start, r.span.end))


def _with_hashtags(text: str, span: Span, rewrites: list[Rewrite]) -> tuple[Rewrite, ...]:
    out = list(rewrites)
    for a, b, words in hashtag_spans(text, span):
        if all(b <= r.span.start or a >= r.span.end for r in rewrites if len(r.span)):
            out.append(Rewrite(RewriteKind.HASHTAG, Span(a, b), words, Span(a, b)))
    return tuple(_ordered(out))
