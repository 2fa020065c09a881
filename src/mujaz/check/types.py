"""What a check returns: :class:`Check`, its :class:`Problem` list and its :class:`Alignment`.

All spans are :class:`~mujaz.types.Span` offsets: a problem's ``span`` into the summary, its
``evidence`` into the source, so a caller (a web page, a batch row) can highlight both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from mujaz.types import Span

__all__ = ["ProblemKind", "Problem", "AlignedSentence", "Alignment", "Check"]


class ProblemKind(str, Enum):
    """The closed set of things the checker reports.

    * ``number``: a number or quantity of the summary that the source does not have
      (digits in any script, number words, percentages, ranges, with their scale);
    * ``date``: a month (Gregorian, Syriac-Levantine or Hijri name) or weekday the
      source does not have;
    * ``name``: a name of a person or organisation the source never has;
    * ``place``: a place name the source never has;
    * ``negation``: a negation (لا لم لن ليس غير عدم ...) added or removed;
    * ``polarity``: a reporting or outcome verb turned into its opposite (أكد/نفى ...);
    * ``qualifier``: a qualifier (السابق، نائب، المرتقب، المحتمل، المزعوم ...) dropped
      or added;
    * ``attribution``: a statement given to a speaker other than the source's;
    * ``unsupported``: a clause whose content the source does not support.
    """

    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    PLACE = "place"
    NEGATION = "negation"
    POLARITY = "polarity"
    QUALIFIER = "qualifier"
    ATTRIBUTION = "attribution"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing in the summary that the source does not support."""

    kind: ProblemKind
    message: str
    """One line for a reader, quoting the words in question."""
    span: Span
    """The words of the summary in question."""
    evidence: Span | None
    """The source text it was checked against (None when the source has nothing near)."""

    def to_dict(self, summary: str | None = None, source: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; with the texts, it also quotes the spans."""
        row: dict[str, Any] = {
            "kind": self.kind.value,
            "message": self.message,
            "span": self.span.to_list(),
            "evidence": self.evidence.to_list() if self.evidence is not None else None,
        }
        if summary is not None:
            row["text"] = self.span.slice(summary)
        if source is not None:
            row["evidence_text"] = self.evidence.slice(source) if self.evidence is not None else None
        return row


@dataclass(frozen=True, slots=True)
class AlignedSentence:
    """A summary sentence and the source sentences that support it best."""

    span: Span
    """The sentence in the summary."""
    sources: tuple[Span, ...]
    """The best-supporting source sentences, best first (empty when none shares a word)."""
    scores: tuple[float, ...]
    """For each of :attr:`sources`, the share of the sentence's content weight it covers."""
    support: float
    """Share of the sentence's content words found anywhere in the source, in [0, 1]."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_list(),
            "sources": [s.to_list() for s in self.sources],
            "scores": [round(x, 4) for x in self.scores],
            "support": round(self.support, 4),
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """Each summary sentence mapped to the source sentences that support it."""

    sentences: tuple[AlignedSentence, ...]

    def to_dict(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.sentences]


@dataclass(frozen=True, slots=True)
class Check:
    """The result of checking a summary against its source.

    Attributes:
        consistent: no problem found.
        score: 1.0 when every content word of the summary is supported and no fact
            problem was found; lower with each unsupported word and each problem; in [0, 1].
        problems: what the source does not support, in summary order.
        alignment: each summary sentence mapped to its supporting source sentences.
        summary: the summary checked (the spans of ``problems`` index into it).
        source: the source it was checked against (``evidence`` spans index into it).
    """

    consistent: bool
    score: float
    problems: tuple[Problem, ...]
    alignment: Alignment
    summary: str
    source: str

    def kinds(self) -> frozenset[ProblemKind]:
        """The kinds of problem found."""
        return frozenset(p.kind for p in self.problems)

    def to_dict(self, *, texts: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (a batch row's ``check`` column, a service response).

        Args:
            texts: quote each problem's summary words and source evidence beside the spans.
        """
        summary, source = (self.summary, self.source) if texts else (None, None)
        return {
            "consistent": self.consistent,
            "score": round(self.score, 4),
            "problems": [p.to_dict(summary, source) for p in self.problems],
            "alignment": self.alignment.to_dict(),
        }
