"""The outputs of one summarizing run: lead, headline, points and outline, each made when read.

:class:`Outputs` implements :class:`~mujaz.types.SummaryParts` for a
:class:`~mujaz.types.Summary`: it holds the run's draft, its options and its (immutable,
already loaded) method, so computing a part later needs no resource that could fail to
load. Its memo belongs to one summary and is never shared.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np

from mujaz.assembly import Draft, compress_sentence, join_units, headline_text, select_points, select_units
from mujaz.config import OUTLINE_HEADING_WORDS, SummaryConfig
from mujaz.features import Features, TermMatrix
from mujaz.headline.cut import HeadlineCutter, select_headline
from mujaz.methods import Method
from mujaz.sections import Section
from mujaz.types import Article, OutlineSection, Point, Style, SummaryUnit, UnitKind

__all__ = ["Outputs", "select_outline", "section_heading", "outline_text"]


def section_heading(draft: Draft, section: Section, point: Point, cutter: HeadlineCutter,
                    words: int = OUTLINE_HEADING_WORDS) -> OutlineSection:
    """The outline entry of ``section``: its own subheading, or a short headline cut by
    ``cutter`` (the method's headline cutter, so headline syntax improvements apply) from
    its key point's sentence, given to the cutter as a one-sentence article; when that cut
    needs an ellipsis, a complete clause selection of the sentence that fits
    (:func:`~mujaz.assembly.compress_sentence`) is used instead."""
    article = draft.article
    if section.heading is not None:
        span = section.heading.span
        return OutlineSection(" ".join(span.slice(article.text).split()), span, (), point)
    first = point.units[0].sentence
    sub = Article(article.text, article.blocks, (replace(article.sentences[first], index=0, clauses=()),))
    sub_draft = Draft(sub, _row_features(draft.features, first), np.asarray(draft.scores[first : first + 1]))
    unit = cutter.cut(sub_draft, words)
    unit = replace(unit, sentence=unit.sentence + first)
    if unit.kind is UnitKind.TRUNCATED:
        # A subheading is a complete phrase: a clause selection of the sentence that fits
        # replaces a cut that needs an ellipsis.
        unit = compress_sentence(draft, first, words) or unit
    return OutlineSection(headline_text(join_units((unit,))), unit.span, (unit,), point)


def _row_features(features: Features, index: int) -> Features:
    """The features of sentence ``index`` alone, sliced from the document's (its terms keep
    the document's columns and tf-idf weights; no analysis is repeated)."""
    m = features.matrix
    lo, hi = np.searchsorted(m.rows, [index, index + 1])
    matrix = TermMatrix(m.rows[lo:hi] - index, m.cols[lo:hi], m.counts[lo:hi], 1, m.n_cols, m.term_ids, m.terms)
    one = slice(index, index + 1)
    return Features(matrix=matrix, tfidf=features.tfidf[lo:hi], word_counts=features.word_counts[one],
                    position=features.position[one] - index, paragraph_rank=features.paragraph_rank[one],
                    paragraph_index=features.paragraph_index[one], centrality=features.centrality[one],
                    title_overlap=features.title_overlap[one], heading_overlap=features.heading_overlap[one])


def select_outline(draft: Draft, points: tuple[Point, ...], cutter: HeadlineCutter,
                   words: int = OUTLINE_HEADING_WORDS) -> tuple[OutlineSection, ...]:
    """One outline entry per key point, in order (see :func:`section_heading`)."""
    sections = draft.sections
    starts = [s.start for s in sections]
    entries = []
    for point in points:
        sentence = point.units[0].sentence
        section = sections[int(np.searchsorted(starts, sentence, side="right")) - 1]
        entries.append(section_heading(draft, section, point, cutter, words))
    return tuple(entries)


def outline_text(headline: str, lead: str, sections: tuple[OutlineSection, ...]) -> str:
    """The outline as plain text: the headline, the lead, then each section's subheading
    over its key point, blocks separated by blank lines."""
    blocks = [headline, lead] + [f"{s.heading}\n{s.point.text}" for s in sections]
    return "\n\n".join(b for b in blocks if b)


class Outputs:
    """The lead, headline, points and outline of one article, each selected when first read.

    Reading parts from several threads is safe: each part is computed under the summary's
    own lock, once.
    """

    __slots__ = ("_draft", "_config", "_method", "_memo", "_lock")

    def __init__(self, draft: Draft, config: SummaryConfig, method: Method) -> None:
        self._draft, self._config, self._method = draft, config, method
        self._memo: dict[str, object] = {}
        self._lock = threading.Lock()

    def _part(self, name: str, make) -> object:  # type: ignore[no-untyped-def]
        value = self._memo.get(name)
        if value is None:
            with self._lock:
                value = self._memo.get(name)
                if value is None:
                    value = self._memo[name] = make()
        return value

    @property
    def lead_units(self) -> tuple[SummaryUnit, ...]:
        return self._part("lead", lambda: select_units(self._draft, self._config.budget, self._method.policy))  # type: ignore[return-value]

    @property
    def lead(self) -> str:
        return join_units(self.lead_units)

    @property
    def headline_units(self) -> tuple[SummaryUnit, ...]:
        return self._part("headline", lambda: select_headline(self._draft, self._config.headline_budget,  # type: ignore[return-value]
                                                              self._method.headline))

    @property
    def headline(self) -> str:
        return headline_text(join_units(self.headline_units))

    @property
    def points(self) -> tuple[Point, ...]:
        config = self._config
        return self._part("points", lambda: select_points(  # type: ignore[return-value]
            self._draft, words=config.point_words, max_points=config.max_points, policy=self._method.policy))

    @property
    def outline(self) -> tuple[OutlineSection, ...]:
        points = self.points  # read first: the memo's lock is not re-entrant
        return self._part("outline", lambda: select_outline(  # type: ignore[return-value]
            self._draft, points, self._method.headline))

    def style_text(self, style: Style) -> tuple[str, tuple[SummaryUnit, ...]]:
        """The text and units of ``style`` (an outline's: every unit behind it, in document
        order)."""
        if style is Style.OUTLINE:
            outline = self.outline
            units = {(u.span, u.kind, u.sentence): u for u in (*self.headline_units, *self.lead_units,
                                                                *(u for s in outline for u in (*s.heading_units,
                                                                                               *s.point.units)))}
            ordered = tuple(sorted(units.values(), key=lambda u: (u.span.start, u.span.end)))
            return outline_text(self.headline, self.lead, outline), ordered
        if style is Style.HEADLINE:
            return self.headline, self.headline_units
        if style is Style.POINTS:
            points = self.points
            return "\n".join(p.text for p in points), tuple(u for p in points for u in p.units)
        return self.lead, self.lead_units
