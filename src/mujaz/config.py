"""Options: one frozen dataclass, validated when it is made.

Keyword arguments of :func:`mujaz.summarize` and :class:`mujaz.Summarizer` are sugar for
:class:`SummaryConfig`. Only one budget may be given; without one, the summary is a lead
paragraph of at most :data:`DEFAULT_MAX_WORDS` words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from mujaz.errors import ConfigError
from mujaz.scoring import DEFAULT_METHOD, REGISTRY
from mujaz.errors import UnknownMethodError

__all__ = [
    "SummaryConfig",
    "Budget",
    "STYLES",
    "DEFAULT_MAX_WORDS",
    "HEADLINE_MAX_WORDS",
    "POINT_MAX_WORDS",
    "MAX_POINTS",
    "MAX_TEXT_CHARS",
]

STYLES = ("lead", "headline", "points")
# A news lead paragraph runs 30 to 60 words; 60 leaves room for the story's main points.
DEFAULT_MAX_WORDS = 60
# Headlines run 8 to 15 words; a key point is one sentence.
HEADLINE_MAX_WORDS = 15
POINT_MAX_WORDS = 30
MAX_POINTS = 6
# Past this size the input is not an article; refusing it keeps memory bounded.
MAX_TEXT_CHARS = 20_000_000


@dataclass(frozen=True, slots=True)
class Budget:
    """How long the summary may be: ``kind`` is ``"words"``, ``"sentences"`` or ``"ratio"``."""

    kind: str
    value: float

    def words_for(self, total_words: int) -> int | None:
        """The word budget for an article of ``total_words`` words (None for sentences)."""
        if self.kind == "words":
            return int(self.value)
        if self.kind == "ratio":
            return max(1, math.ceil(self.value * total_words))
        return None


def _check_int(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    """Validated summarization options.

    The budget applies to the requested ``style``:

    * ``lead``: ``max_words`` (default 60), ``max_sentences`` or ``ratio`` for the paragraph;
    * ``headline``: ``max_words`` (default 15) or ``ratio``; ``max_sentences`` is refused;
    * ``points``: ``max_words`` per point (default 30) and ``max_sentences`` as the number
      of points (default: one per section, at most 6); ``ratio`` is refused.

    Args:
        method: registered scorer name (see :func:`mujaz.available_methods`).
        style: ``"lead"`` (default), ``"headline"`` or ``"points"``.
        max_words: budget in whitespace-separated words.
        max_sentences: budget in source sentences (whole sentences only).
        ratio: budget as a share of the article's words, in ``(0, 1]``.

    Raises:
        ConfigError: a value has the wrong type or range, or two budgets are given.
        UnknownMethodError: ``method`` is not registered.
    """

    method: str = DEFAULT_METHOD
    style: str = "lead"
    max_words: int | None = None
    max_sentences: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method not in REGISTRY:
            raise UnknownMethodError(str(self.method), sorted(REGISTRY))
        if not isinstance(self.style, str) or self.style not in STYLES:
            raise ConfigError(f"unknown style {self.style!r}; valid styles: {', '.join(STYLES)}")
        given = [n for n in ("max_words", "max_sentences", "ratio") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ConfigError(f"give at most one budget; got {', '.join(given)}")
        if self.max_words is not None:
            _check_int("max_words", self.max_words)
        if self.max_sentences is not None:
            _check_int("max_sentences", self.max_sentences)
        if self.ratio is not None:
            if isinstance(self.ratio, bool) or not isinstance(self.ratio, (int, float)):
                raise ConfigError(f"ratio must be a number in (0, 1], got {self.ratio!r}")
            if not (0 < self.ratio <= 1) or math.isnan(self.ratio):
                raise ConfigError(f"ratio must be in (0, 1], got {self.ratio}")
        if self.style == "headline" and self.max_sentences is not None:
            raise ConfigError("max_sentences does not apply to style='headline'; use max_words")
        if self.style == "points" and self.ratio is not None:
            raise ConfigError("ratio does not apply to style='points'; use max_words (per point)")

    @classmethod
    def from_options(cls, **options: Any) -> "SummaryConfig":
        """Build a config from keyword options, rejecting unknown names with the valid list."""
        valid = [f.name for f in fields(cls)]
        unknown = sorted(set(options) - set(valid))
        if unknown:
            raise ConfigError(f"unknown option(s) {', '.join(unknown)}; valid options: {', '.join(valid)}")
        return cls(**options)

    def replace(self, **options: Any) -> "SummaryConfig":
        """A copy with ``options`` changed; giving a budget drops the others."""
        merged = self.to_dict()
        if any(options.get(k) is not None for k in ("max_words", "max_sentences", "ratio")):
            for k in ("max_words", "max_sentences", "ratio"):
                merged[k] = None
        merged.update({k: v for k, v in options.items()})
        return SummaryConfig.from_options(**merged)

    @property
    def budget(self) -> Budget:
        """The lead paragraph's budget (the default when none was given for this style)."""
        if self.style == "lead":
            if self.max_sentences is not None:
                return Budget("sentences", self.max_sentences)
            if self.ratio is not None:
                return Budget("ratio", float(self.ratio))
            if self.max_words is not None:
                return Budget("words", self.max_words)
        return Budget("words", DEFAULT_MAX_WORDS)

    @property
    def headline_budget(self) -> Budget:
        """The headline's budget."""
        if self.style == "headline":
            if self.ratio is not None:
                return Budget("ratio", float(self.ratio))
            if self.max_words is not None:
                return Budget("words", self.max_words)
        return Budget("words", HEADLINE_MAX_WORDS)

    @property
    def point_words(self) -> int:
        """The word budget of each key point."""
        if self.style == "points" and self.max_words is not None:
            return self.max_words
        return POINT_MAX_WORDS

    @property
    def max_points(self) -> int:
        """The most key points to write."""
        if self.style == "points" and self.max_sentences is not None:
            return self.max_sentences
        return MAX_POINTS

    def effective_budget(self) -> Budget:
        """The budget of the requested style's text, as recorded in a summary's settings."""
        if self.style == "headline":
            return self.headline_budget
        if self.style == "points":
            return Budget("words", self.point_words)
        return self.budget

    def to_dict(self) -> dict[str, Any]:
        """The options as a plain dict (field name -> value)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
