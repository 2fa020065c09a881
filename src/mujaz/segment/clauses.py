"""Split a sentence into clauses.

News writers chain a whole story into one sentence with commas and discourse connectives
(the seed document's lead is a single 118-word sentence). Clause boundaries are:

* after an Arabic comma ``،`` or a comma ``,`` (not between digits: ``25,45``);
* after a colon or semicolon that is not followed by a quotation;
* before a discourse connective that opens a new clause (حيث، كما، مما، مشيرا، موضحا،
  ومن جانب آخر، في حين ...), matched through diacritics, tatweel and alef variants.

Never inside a quotation. Clauses shorter than :data:`MIN_CLAUSE_WORDS` words are merged
into their neighbour, since they cannot stand alone.
"""

from __future__ import annotations

import re

from mujaz.charset import IN_WORD_MARKS
from mujaz.segment.quotes import inside, quoted_ranges
from mujaz.types import Article, Span

__all__ = ["SentenceClauses", "split_clauses", "clause_boundaries", "phrase_pattern", "CONNECTIVES", "MIN_CLAUSE_WORDS"]

MIN_CLAUSE_WORDS = 3

# Connectives that open a clause, written plainly; the regex below tolerates diacritics,
# tatweel and hamza/alef, ya/alef-maqsura and ta-marbuta/ha spelling variants.
CONNECTIVES = (
    "حيث", "وحيث", "كما", "وكما", "مما", "بما", "بينما", "في حين", "وفي حين",
    "مشيرا", "مشيرة", "مشيرين", "مشيرتا", "موضحا", "موضحة", "موضحين",
    "مؤكدا", "مؤكدة", "مؤكدين", "مضيفا", "مضيفة", "مضيفين", "لافتا", "لافتة",
    "معتبرا", "معتبرة", "منوها", "منوهة", "مشددا", "مشددة", "معربا", "معربة",
    "ومن جانب آخر", "ومن جانبه", "ومن جانبها", "من جانب آخر", "من جهة أخرى", "ومن جهة أخرى",
    "في سياق متصل", "وفي سياق متصل", "في غضون ذلك", "وفي غضون ذلك", "إلا أن", "غير أن",
    "ولكن", "لكن", "وذلك", "الأمر الذي", "وهو ما", "وهذا ما", "بالإضافة إلى", "إضافة إلى",
    "وفقا ل", "وفقا لما", "نقلا عن", "بحسب", "حسب ما", "بعد أن", "قبل أن",
)

_MARKS = IN_WORD_MARKS
_VARIANTS = {
    "ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "آ": "[اأإآٱ]",
    "ي": "[يىی]", "ى": "[يىی]", "ة": "[ةه]", "ه": "[ةهہ]", "ك": "[كک]",
}


def phrase_pattern(phrase: str) -> str:
    """A regex for ``phrase`` that tolerates diacritics, tatweel and spelling variants."""
    parts = []
    for ch in phrase:
        if ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(_VARIANTS.get(ch, re.escape(ch)) + _MARKS)
    return "".join(parts)


# "وفقا ل" is a prefix (وفقا لتقرير): it needs no word end after it.
_OPEN_ENDED = tuple(c for c in CONNECTIVES if c.endswith(" ل"))
_CONNECTIVE = re.compile(
    r"(?<=\s)(?:"
    + "|".join(
        phrase_pattern(c) + ("" if c in _OPEN_ENDED else r"(?=[\s،,.:؛;!؟?\"«»“”]|$)")
        for c in sorted(CONNECTIVES, key=len, reverse=True)
    )
    + ")"
)
_PUNCT_CUT = re.compile(r"[،,]|[:;؛](?!\s*[\"«“])")
_SPACE = re.compile(r"\s+")


def clause_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a new clause may begin (sorted, unique)."""
    quotes = quoted_ranges(text, start, end)
    cuts: set[int] = set()
    hint = 0
    for m in _PUNCT_CUT.finditer(text, start, end):
        pos = m.start()
        within, hint = inside(quotes, pos, hint)
        if within:
            continue
        if m.group() == "," and 0 < pos < len(text) - 1 and text[pos - 1].isdigit() and text[pos + 1].isdigit():
            continue  # 25,45 and 1,000
        cut = m.end()
        while cut < end and text[cut].isspace():
            cut += 1
        if start < cut < end:
            cuts.add(cut)
    hint = 0
    for m in _CONNECTIVE.finditer(text, start, end):
        pos = m.start()
        within, hint = inside(quotes, pos, hint)
        if not within and start < pos:
            cuts.add(pos)
    return sorted(cuts)


def _word_count(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def _joined(text: str, start: int, cut: int, end: int) -> int:
    """1 when text[start:cut] and text[cut:end] meet inside a word (no space at the cut): the
    word count of the whole is then one less than the sum of the parts'."""
    return int(start < cut < end and not text[cut - 1].isspace() and not text[cut].isspace())


def split_clauses(text: str, span: Span) -> tuple[Span, ...]:
    """Split the sentence ``text[span]`` into clause spans covering it in order.

    The first clause starts at ``span.start`` and the last ends at ``span.end``; clause
    spans are whitespace-trimmed and do not overlap.
    """
    start, end = span.start, span.end
    bounds = [start, *clause_boundaries(text, start, end), end]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    # [start, end, words]: the word count is kept up to date as pieces are glued on, not
    # recounted over the growing clause (quadratic on a run of commas with no words).
    merged: list[list[int]] = []
    for a, b in pieces:
        words = _word_count(text, a, b)
        if merged and merged[-1][2] < MIN_CLAUSE_WORDS:
            merged[-1][2] += words - _joined(text, merged[-1][0], a, b)
            merged[-1][1] = b
        else:
            merged.append([a, b, words])
    if len(merged) > 1 and merged[-1][2] < MIN_CLAUSE_WORDS:
        tail = merged.pop()
        merged[-1][1] = tail[1]
    result = []
    for a, b, _ in merged:
        while b > a and text[b - 1].isspace():
            b -= 1
        result.append(Span(a, b))
    return tuple(result)


class SentenceClauses:
    """The clause spans of an article's sentences, split the first time each is asked for.

    Segmentation for summarizing skips clause splitting (a third of its time); assembly
    needs the clauses of the few sentences it cuts, often the same ones for the lead, the
    headline and the points. One instance is the scratch space of one summary: it is never
    shared between summaries or threads, and the :class:`~mujaz.types.Article` itself stays
    a plain immutable value.
    """

    __slots__ = ("_article", "_memo")

    def __init__(self, article: Article) -> None:
        self._article = article
        self._memo: dict[int, tuple[Span, ...]] = {}

    def __call__(self, index: int) -> tuple[Span, ...]:
        """The clauses of sentence ``index``, in order (one clause when it has no split point)."""
        sentence = self._article.sentences[index]
        if sentence.clauses:
            return sentence.clauses
        clauses = self._memo.get(index)
        if clauses is None:
            clauses = self._memo[index] = split_clauses(self._article.text, sentence.span)
        return clauses
