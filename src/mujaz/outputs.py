"""The three outputs of one summarizing run: lead, headline and points, each made when read.

:class:`Outputs` implements :class:`~mujaz.types.SummaryParts` for a
:class:`~mujaz.types.Summary`: it holds the run's draft, its options and its (immutable,
already loaded) method, so computing a part later needs no resource that could fail to
load. Its memo belongs to one summary and is never shared.
"""

from __future__ import annotations

import threading

from mujaz.assembly import Draft, join_units, headline_text, select_points, select_units
from mujaz.config import SummaryConfig
from mujaz.headline.cut import select_headline
from mujaz.methods import Method
from mujaz.types import Point, Style, SummaryUnit

__all__ = ["Outputs"]


class Outputs:
    """The lead, headline and points of one article, each selected when first read.

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

    def style_text(self, style: Style) -> tuple[str, tuple[SummaryUnit, ...]]:
        """The text and units of ``style``."""
        if style is Style.HEADLINE:
            return self.headline, self.headline_units
        if style is Style.POINTS:
            points = self.points
            return "\n".join(p.text for p in points), tuple(u for p in points for u in p.units)
        return self.lead, self.lead_units
