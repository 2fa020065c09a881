"""Compression: shorten a sentence without breaking its Arabic.

Three cuts, each of which leaves a grammatical sentence because it only removes a prefix
or a suffix that the rest of the sentence does not depend on:

* a dateline or byline that opens a paragraph (``دبي، الإمارات العربية المتحدة (CNN) --``،
  ``دبي - سكاي نيوز عربية - ...``، ``الرباط - ...``; the forms are the outlet conventions'
  of :mod:`mujaz.conventions`): always dropped from a summary;
* a filler opening clause (``في سياق متصل،``، ``ومن جانب آخر،``، ``في خطوة تاريخية،``):
  always dropped;
* trailing attribution tails and asides (``...، وفقا لتقرير نشرته ...``،
  ``...، مشيرا إلى ...``، ``...، وذلك بعد ...``): dropped, from the end, only when the
  sentence does not fit its budget.

Cuts fall only at clause boundaries (:mod:`mujaz.segment.clauses`), which never lie
inside a quotation, a number or a name. The kept text is still one contiguous span of
the source.
"""

from __future__ import annotations

import re

from mujaz._resources import resource
from mujaz.charset import TOKEN, WORD_CHAR
from mujaz.check.lexicon import lexicon
from mujaz.conventions import shipped_conventions
from mujaz.features import tokenize
from mujaz.normalize import normalize
from mujaz.segment.clauses import phrase_pattern
from mujaz.types import Article, Span

__all__ = ["core_span", "drop_tails", "is_filler", "dateline_end", "carries_meaning", "TAIL_OPENERS"]

# Filler openers, in normalized spelling (after mujaz.normalize: ة->ه, أ->ا, ى->ي).
_FILLER = re.compile(
    r"^(?:و|ف)?(?:في|من|على|وفي|ومن)?\s*(?:"
    r"سياق متصل|سياق اخر|جانب اخر|جهه اخري|جهه ثانيه|ناحيه اخري|غضون ذلك|هذا السياق|هذا الصدد"
    r"|هذا الاطار|هذا الشان|الاطار نفسه|السياق نفسه|خطوه \S+|تطور \S+|تصريحات \S+|جانبه|جانبها|جانبهم"
    r"|ناحيته|ناحيتها|جهته|جهتها|المقابل|الوقت نفسه|الاثناء|هذه الاثناء"
    r")$"
)
# Clauses that open a tail the sentence's core does not need: attribution and asides.
TAIL_OPENERS = (
    "وفقا", "طبقا", "بحسب", "حسب", "حسبما", "نقلا", "وفق", "كما أفاد", "كما أفادت", "قائلا", "قائلة",
    "مشيرا", "مشيرة", "مشيرين", "موضحا", "موضحة", "مضيفا", "مضيفة", "مؤكدا", "مؤكدة",
    "لافتا", "لافتة", "معتبرا", "معتبرة", "منوها", "منوهة", "مشددا", "مشددة", "وذلك",
    "في إشارة", "على حد قوله", "على حد تعبيره",
)
# Matched at a clause's start on the original text (through diacritics and tatweel), so no
# clause is normalized just to be tested.
_TAIL = re.compile(
    "(?:" + "|".join(phrase_pattern(w) for w in sorted(TAIL_OPENERS, key=len, reverse=True)) + ")(?!" + WORD_CHAR + ")"
)
_WORD = TOKEN
_OPENER_END = re.compile(r"[،,]")
_MAX_FILLER_CHARS = 60


def is_filler(clause: str) -> bool:
    """Whether ``clause`` is a filler opener such as ``في سياق متصل،``."""
    core = " ".join(_WORD.findall(normalize(clause)))
    return len(core.split()) <= 4 and _FILLER.match(core) is not None


def dateline_end(text: str, span: Span, *, opening: bool = True) -> int:
    """Where the text of ``span`` starts after a dateline/byline prefix (``span.start`` if none).

    The forms (``CITY، COUNTRY (CNN) --``، ``(أ ف ب) -``، ``CITY - AGENCY -``...) and the
    agency and outlet names are the outlet conventions' (:mod:`mujaz.conventions`);
    ``opening`` says whether ``span`` opens the story (only there may ``CITY -`` be one).
    """
    return shipped_conventions().dateline_end(text, span, opening=opening)


def core_span(article: Article, index: int) -> Span:
    """Sentence ``index`` without a paragraph-opening dateline or a filler opening clause."""
    text = article.text
    sentence = article.sentences[index]
    start = sentence.span.start
    previous = article.sentences[index - 1] if index else None
    if previous is None or previous.block != sentence.block:
        # A dateline prefixes the paragraph, so the story after it is counted to the
        # paragraph's end (its first sentence may be a short quotation).
        opening = sentence.block == article.sentences[0].block
        paragraph = Span(sentence.span.start, max(sentence.span.end, article.blocks[sentence.block].span.end))
        start = dateline_end(text, paragraph, opening=opening)
        if start >= sentence.span.end:
            start = sentence.span.start
    # A filler opener is a short clause closed by a comma: look no further than that.
    comma = _OPENER_END.search(text, start, min(sentence.span.end, start + _MAX_FILLER_CHARS))
    if (comma is not None and text.count(" ", start, comma.start()) < 5 and is_filler(text[start : comma.end()])
            and len(text[comma.end() : sentence.span.end].split()) >= 3):
        start = comma.end()
    while start < sentence.span.end and text[start].isspace():
        start += 1
    return Span(start, sentence.span.end)


def drop_tails(text: str, clauses: tuple[Span, ...], core: Span, budget: int, *, min_words: int) -> Span | None:
    """``core`` without trailing attribution/aside clauses, as long as possible within ``budget``.

    Args:
        text: the article's text.
        clauses: the clauses of the sentence that ``core`` lies in.
        core: the part of the sentence to shorten (see :func:`core_span`).
        budget: the most words the result may have.
        min_words: the fewest words worth keeping.

    Returns the longest cut (before a clause that opens such a tail) that fits in
    ``budget`` words and keeps at least ``min_words``, or ``None`` if there is none.
    """
    best: Span | None = None
    for clause in clauses:
        if clause.start <= core.start:
            continue
        if _TAIL.match(text, clause.start, clause.end) is not None:
            cut = Span(core.start, clause.start)
            words = len(cut.slice(text).split())
            if words > budget:
                break
            if words >= min_words:
                best = cut
    return best


@resource
def _meaning_words() -> frozenset[str]:
    """Negations and qualifiers (the checker's lists, normalized): words whose loss flips or
    changes a fact (لم، غير، السابق، نائب...)."""
    words = lexicon().negators | lexicon().qualifiers | lexicon().prefix_qualifiers
    return frozenset(t for word in words for t in tokenize(word))


def carries_meaning(text: str, span: Span) -> bool:
    """Whether ``text[span]`` holds a negation or a qualifier (also after و/ف/ب/ل/ك).

    Compression and rewriting never leave such a word out: dropping ``لم``، ``غير`` or
    ``السابق`` would make the summary say something the article does not, so a cut that
    would is refused by construction (and :func:`mujaz.check` would flag it).
    """
    words = _meaning_words()
    for token in tokenize(text[span.start : span.end]):
        if token in words or (len(token) > 2 and token[0] in "وفبلك" and token[1:] in words):
            return True
    return False
