"""Immutable value types that flow through the pipeline.

Every piece of text mujaz handles is a :class:`Span` (``start``, ``end`` character offsets)
over the caller's original string, so a summary can always be traced back to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

__all__ = ["Span", "BlockKind", "Block", "Sentence", "Article", "Style", "UnitKind", "BudgetKind", "RewriteKind", "Rewrite",
           "SummaryUnit", "Point", "OutlineSection", "Summary", "SummaryParts"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


class BlockKind(str, Enum):
    """What a line of the article is."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BOILERPLATE = "boilerplate"
    """The outlet's, not the story's: a disclaimer, "read also" line, caption or social
    embed (:mod:`mujaz.conventions`); it yields no sentences."""


class Style(str, Enum):
    """What an editor writes, and so what :attr:`Summary.text` holds."""

    LEAD = "lead"
    """A lead paragraph covering the story's main points in document order."""
    HEADLINE = "headline"
    """One short line."""
    POINTS = "points"
    """Key points, one line per section."""
    OUTLINE = "outline"
    """The layout of an edited article: a headline, a lead paragraph, then for each section
    a short subheading and its key point."""


class UnitKind(str, Enum):
    """How a :class:`SummaryUnit` was cut from its source sentence."""

    SENTENCE = "sentence"
    """The whole sentence."""
    COMPRESSED = "compressed"
    """The sentence without a dateline, filler opener or trailing attribution/aside (the
    removed parts are whole clauses; the span is contiguous, and clauses left out inside it
    are :attr:`RewriteKind.DROPPED` rewrites)."""
    CLAUSE = "clause"
    """The sentence's leading clauses, cut at a clause boundary."""
    PHRASE = "phrase"
    """Cut at a phrase boundary (before a preposition, relative or conjunction): a complete
    phrase, printed without an ellipsis (headlines)."""
    TRUNCATED = "truncated"
    """Cut at a word boundary to fit the budget (rendered with an ellipsis)."""


class BudgetKind(str, Enum):
    """The unit of a summary's length budget."""

    WORDS = "words"
    SENTENCES = "sentences"
    RATIO = "ratio"
    """A share of the article's words."""



@dataclass(frozen=True, slots=True)
class Block:
    """A line-level block of the article: its title, a subheading or a paragraph."""

    span: Span
    kind: BlockKind
    index: int
    """Position among all blocks of the article (0-based)."""
    section: int
    """Section number: 0 before the first heading, then one more after each heading."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph, with the clauses it splits into."""

    span: Span
    index: int
    """Position among all body sentences of the article (0-based)."""
    block: int
    """Index of the :class:`Block` (paragraph) that holds the sentence."""
    section: int
    clauses: tuple[Span, ...]
    """Clause spans inside ``span``, in order; a sentence with no split point has one clause.
    Empty when the article was segmented with ``clauses=False``."""


@dataclass(frozen=True, slots=True)
class Article:
    """A segmented article: its blocks and body sentences, all as spans over ``text``."""

    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]

    @property
    def title(self) -> Block | None:
        """The title block, if the article has one."""
        for block in self.blocks:
            if block.kind is BlockKind.TITLE:
                return block
        return None

    @property
    def headings(self) -> tuple[Block, ...]:
        """The subheading blocks, in order."""
        return tuple(b for b in self.blocks if b.kind is BlockKind.HEADING)

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The body paragraphs, in order."""
        return tuple(b for b in self.blocks if b.kind is BlockKind.PARAGRAPH)

    def sentence_text(self, index: int) -> str:
        return self.sentences[index].span.slice(self.text)


class RewriteKind(str, Enum):
    """The documented ways mujaz may change the words it quotes (never a fact)."""

    PRESENT_TENSE = "present_tense"
    """A verb put in the present tense for headline syntax (``أعلن`` -> ``يعلن``)."""
    REORDER = "reorder"
    """Words moved, unchanged, within the unit (subject first in a headline)."""
    CONNECTIVE = "connective"
    """A connective that joins units into one paragraph (``، كما``، ``، فيما``)."""
    SPEAKER_COLON = "speaker_colon"
    """A statement written as ``Speaker: claim`` (the reporting verb and ``أن`` replaced
    by a colon)."""
    DROPPED = "dropped"
    """Words left out inside a unit (an attribution frame, a time adjunct, an aside)."""
    HASHTAG = "hashtag"
    """A hashtag written as words (``#الرئيس_اليمني`` -> ``الرئيس اليمني``)."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One documented change to a unit's quoted text.

    The characters ``span`` covers in the source (empty for an insertion) are written as
    ``text`` instead; ``origin`` is the source span the new words come from (the verb a
    present-tense form was made from, the words a reorder moved), or ``None`` for a
    connective, which states no fact.
    """

    kind: RewriteKind
    span: Span
    text: str
    origin: Span | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", RewriteKind(self.kind))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "start": self.span.start, "end": self.span.end, "text": self.text,
                "origin": None if self.origin is None else self.origin.to_list()}


@dataclass(frozen=True, slots=True)
class SummaryUnit:
    """One piece of the source kept in a summary: a whole sentence or one of its clauses.

    ``text`` always quotes the source exactly (``text == source[span.start:span.end]``);
    what the summary prints is :attr:`rendered`: ``text`` with the unit's documented
    :class:`Rewrite` s applied (none for a plain extract).
    """

    span: Span
    text: str
    sentence: int
    """Index of the source sentence in :attr:`Article.sentences`."""
    kind: UnitKind
    """How the unit was cut from its sentence (:class:`UnitKind`; its name is accepted)."""
    score: float
    rewrites: tuple[Rewrite, ...] = ()
    """Documented changes, in source order, each inside ``span``; they do not overlap."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", UnitKind(self.kind))
        previous = self.span.start
        for rewrite in self.rewrites:
            if not (previous <= rewrite.span.start <= rewrite.span.end <= self.span.end):
                raise ValueError(f"rewrite {rewrite.span} is outside unit {self.span} or overlaps the one before")
            previous = rewrite.span.end

    @property
    def rendered(self) -> str:
        """The unit's text with its rewrites applied."""
        if not self.rewrites:
            return self.text
        start, pieces, at = self.span.start, [], 0
        for rewrite in self.rewrites:
            pieces.append(self.text[at : rewrite.span.start - start])
            pieces.append(rewrite.text)
            at = rewrite.span.end - start
        pieces.append(self.text[at:])
        return "".join(pieces)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "text": self.text,
            "start": self.span.start,
            "end": self.span.end,
            "sentence": self.sentence,
            "kind": UnitKind(self.kind).value,
            "score": round(float(self.score), 6),
        }
        if self.rewrites:
            data["rendered"] = self.rendered
            data["rewrites"] = [r.to_dict() for r in self.rewrites]
        return data


@dataclass(frozen=True, slots=True)
class Point:
    """A key point: one line of the ``points`` style, from one section of the article."""

    text: str
    units: tuple[SummaryUnit, ...]
    section: int
    """Section number (0 before the first subheading)."""
    heading: str | None
    """The section's subheading, if it has one."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "section": self.section,
            "heading": self.heading,
            "units": [u.to_dict() for u in self.units],
        }


@dataclass(frozen=True, slots=True)
class OutlineSection:
    """One section of the ``outline`` style: a short subheading over its key point.

    Attributes:
        heading: the subheading as printed: the section's own subheading when it has one,
            else a short headline cut from its key point's sentence.
        heading_span: where the heading is in the source: the subheading's block, or the
            span of the cut headline.
        heading_units: the source unit behind a cut heading (empty for an own subheading).
        point: the section's key point.
    """

    heading: str
    heading_span: Span
    heading_units: tuple[SummaryUnit, ...]
    point: Point

    @property
    def own_heading(self) -> bool:
        """Whether the heading is the article's own subheading."""
        return not self.heading_units

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "heading_start": self.heading_span.start,
            "heading_end": self.heading_span.end,
            "own_heading": self.own_heading,
            "heading_units": [u.to_dict() for u in self.heading_units],
            "point": self.point.to_dict(),
        }


class SummaryParts(Protocol):
    """The three outputs of one summarizing run, computed when first asked for."""

    @property
    def lead_units(self) -> tuple[SummaryUnit, ...]: ...

    @property
    def lead(self) -> str: ...

    @property
    def headline_units(self) -> tuple[SummaryUnit, ...]: ...

    @property
    def headline(self) -> str: ...

    @property
    def points(self) -> tuple[Point, ...]: ...

    @property
    def outline(self) -> tuple[OutlineSection, ...]: ...


@dataclass(frozen=True, slots=True)
class Summary:
    """The result of summarizing one article.

    One call writes all three things an editor writes; ``style`` says which of them is
    ``text``:

    * ``lead``: a paragraph covering the story's main points in document order;
    * ``headline``: one short line;
    * ``points``: key points, one line per section;
    * ``outline``: the headline, the lead, then each section's subheading and key point.

    The outputs that are not ``text`` are worked out the first time they are read
    (``summary.headline``, ``summary.points``, ``to_dict()``), so a caller who only wants
    one style does not pay for the others.

    Attributes:
        text: the summary in the requested style (points are joined by newlines).
        units: the source pieces behind ``text``, in document order, with offsets.
        method: the registered method that wrote ``text`` (``"news"`` when the ``llm``
            method fell back; see ``fallback``).
        style: the requested :class:`Style`.
        settings: the resolved options used (budget, method, style, ...).
        source_length: number of characters of the source text.
        lead: the lead paragraph (whatever the style).
        headline: the headline (whatever the style).
        headline_units: the source piece behind the headline.
        points: the key points (whatever the style).
        outline: the outline's sections (whatever the style; in :meth:`to_dict` only for
            the ``outline`` style).
    """

    text: str
    units: tuple[SummaryUnit, ...]
    method: str
    style: Style = Style.LEAD
    settings: dict[str, Any] = field(default_factory=dict)
    source_length: int = 0
    parts: SummaryParts | None = field(default=None, compare=False, repr=False)
    fallback: dict[str, Any] | None = None
    """Why mujaz's ``news`` summary stands in for a language model's (the ``llm`` method):
    ``{"reason", "detail", "problems"}``; ``None`` when nothing fell back."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "style", Style(self.style))

    @property
    def lead(self) -> str:
        return self.parts.lead if self.parts is not None else (self.text if self.style == "lead" else "")

    @property
    def headline(self) -> str:
        return self.parts.headline if self.parts is not None else (self.text if self.style == "headline" else "")

    @property
    def headline_units(self) -> tuple[SummaryUnit, ...]:
        return self.parts.headline_units if self.parts is not None else ()

    @property
    def points(self) -> tuple[Point, ...]:
        return self.parts.points if self.parts is not None else ()

    @property
    def outline(self) -> tuple[OutlineSection, ...]:
        return self.parts.outline if self.parts is not None else ()

    def __str__(self) -> str:
        """The summary text (so ``print(summary)`` shows the summary)."""
        return self.text

    @property
    def word_count(self) -> int:
        """Words in ``text`` (whitespace-separated)."""
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; its ``text`` field is the summary in the requested style
        (with an ``outline`` list of sections, with spans, for the ``outline`` style)."""
        data = {
            "text": self.text,
            "style": Style(self.style).value,
            "method": self.method,
            "fallback": self.fallback,
            "lead": self.lead,
            "headline": self.headline,
            "points": [p.to_dict() for p in self.points],
            "settings": dict(self.settings),
            "word_count": self.word_count,
            "source_length": self.source_length,
            "units": [u.to_dict() for u in self.units],
            "headline_units": [u.to_dict() for u in self.headline_units],
        }
        if self.style is Style.OUTLINE:
            data["outline"] = [section.to_dict() for section in self.outline]
        return data
