"""Options: one frozen dataclass, validated when it is made.

Keyword arguments of :func:`mujaz.summarize` and :class:`mujaz.Summarizer` are sugar for
:class:`SummaryConfig`. Only one budget may be given; without one, the summary is a lead
paragraph of at most :data:`DEFAULT_MAX_WORDS` words.
"""

from __future__ import annotations

import math
import numbers
import operator
from dataclasses import dataclass, fields
from typing import Any

from mujaz.errors import ConfigError
from mujaz.registry import DEFAULT_METHOD, method_info
from mujaz.types import BudgetKind, Style

__all__ = [
    "SummaryConfig",
    "Budget",
    "STYLES",
    "DEFAULT_MAX_WORDS",
    "HEADLINE_MAX_WORDS",
    "POINT_MAX_WORDS",
    "MAX_POINTS",
    "OUTLINE_HEADING_WORDS",
    "MAX_TEXT_CHARS",
]

STYLES = tuple(style.value for style in Style)
"""The style names, in order (from :class:`~mujaz.types.Style`)."""
# A news lead paragraph runs 30 to 60 words; 60 leaves room for the story's main points.
DEFAULT_MAX_WORDS = 60
# Headlines run 8 to 15 words; a key point is one sentence.
HEADLINE_MAX_WORDS = 15
POINT_MAX_WORDS = 30
MAX_POINTS = 6
# An outline's subheadings are short: editors' subheadings run 4 to 8 words (the seed's: 6-7).
OUTLINE_HEADING_WORDS = 8
# Past this size the input is not an article; refusing it keeps memory bounded.
MAX_TEXT_CHARS = 20_000_000
_BUDGETS = ("max_words", "max_sentences", "ratio")


@dataclass(frozen=True, slots=True)
class Budget:
    """How long the summary may be: a :class:`~mujaz.types.BudgetKind` and its value."""

    kind: BudgetKind
    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", BudgetKind(self.kind))

    def words_for(self, total_words: int) -> int | None:
        """The word budget for an article of ``total_words`` words (None for sentences)."""
        if self.kind is BudgetKind.WORDS:
            return int(self.value)
        if self.kind is BudgetKind.RATIO:
            return max(1, math.ceil(self.value * total_words))
        return None


def _positive_int(name: str, value: Any) -> int:
    """``value`` as an ``int`` (any integer type, numpy's included), at least 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(f"{name} must be a positive integer, got {value!r}")
    number = operator.index(value)
    if number < 1:
        raise ConfigError(f"{name} must be at least 1, got {number}")
    return number


def _style(value: Any) -> Style:
    try:
        return Style(value)
    except ValueError:
        raise ConfigError(f"unknown style {value!r}; valid styles: {', '.join(STYLES)}") from None


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    """Validated summarization options.

    The budget applies to the requested ``style``:

    * ``lead``: ``max_words`` (default 60), ``max_sentences`` or ``ratio`` for the paragraph;
    * ``headline``: ``max_words`` (default 15) or ``ratio``; ``max_sentences`` is refused;
    * ``points``: ``max_words`` per point (default 30) and ``max_sentences`` as the number
      of points (default: one per section, at most 6); ``ratio`` is refused;
    * ``outline``: ``max_words`` (default 60) or ``ratio`` for its lead paragraph and
      ``max_sentences`` as the number of sections (default: every section, at most 6);
      each section's key point has 30 words at most and its subheading 8.

    Args:
        method: registered method name (see :func:`mujaz.available_methods`).
        style: a :class:`~mujaz.types.Style` or its name: ``"lead"`` (default),
            ``"headline"``, ``"points"`` or ``"outline"``.
        max_words: budget in whitespace-separated words (any integer type).
        max_sentences: budget in source sentences (whole sentences only).
        ratio: budget as a share of the article's words, in ``(0, 1]``.

    Raises:
        ConfigError: a value has the wrong type or range, or two budgets are given.
        UnknownMethodError: ``method`` is not registered.
    """

    method: str = DEFAULT_METHOD
    style: Style = Style.LEAD
    max_words: int | None = None
    max_sentences: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # frozen: normalized values are set once, here
        set_field(self, "method", method_info(self.method).name)
        set_field(self, "style", _style(self.style))
        given = [n for n in _BUDGETS if getattr(self, n) is not None]
        if len(given) > 1:
            raise ConfigError(f"give at most one budget; got {', '.join(given)}")
        if self.max_words is not None:
            set_field(self, "max_words", _positive_int("max_words", self.max_words))
        if self.max_sentences is not None:
            set_field(self, "max_sentences", _positive_int("max_sentences", self.max_sentences))
        if self.ratio is not None:
            if isinstance(self.ratio, bool) or not isinstance(self.ratio, numbers.Real):
                raise ConfigError(f"ratio must be a number in (0, 1], got {self.ratio!r}")
            ratio = float(self.ratio)
            if not (0 < ratio <= 1) or math.isnan(ratio):
                raise ConfigError(f"ratio must be in (0, 1], got {self.ratio}")
            set_field(self, "ratio", ratio)
        if self.style is Style.HEADLINE and self.max_sentences is not None:
            raise ConfigError("max_sentences does not apply to style='headline'; use max_words")
        if self.style is Style.POINTS and self.ratio is not None:
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
        """A copy with ``options`` changed; giving a budget drops the others.

        An option given as ``None`` is not changed (``replace(max_words=None)`` keeps this
        config's budget), so callers can pass optional overrides straight through.
        """
        merged = self.to_dict()
        changes = {k: v for k, v in options.items() if v is not None}
        if any(k in _BUDGETS for k in changes):
            for k in _BUDGETS:
                merged[k] = None
        merged.update(changes)
        return SummaryConfig.from_options(**merged)

    @property
    def budget(self) -> Budget:
        """The lead paragraph's budget (the default when none was given for this style)."""
        if self.style is Style.OUTLINE:
            if self.ratio is not None:
                return Budget(BudgetKind.RATIO, float(self.ratio))
            if self.max_words is not None:
                return Budget(BudgetKind.WORDS, self.max_words)
        if self.style is Style.LEAD:
            if self.max_sentences is not None:
                return Budget(BudgetKind.SENTENCES, self.max_sentences)
            if self.ratio is not None:
                return Budget(BudgetKind.RATIO, float(self.ratio))
            if self.max_words is not None:
                return Budget(BudgetKind.WORDS, self.max_words)
        return Budget(BudgetKind.WORDS, DEFAULT_MAX_WORDS)

    @property
    def headline_budget(self) -> Budget:
        """The headline's budget."""
        if self.style is Style.HEADLINE:
            if self.ratio is not None:
                return Budget(BudgetKind.RATIO, float(self.ratio))
            if self.max_words is not None:
                return Budget(BudgetKind.WORDS, self.max_words)
        return Budget(BudgetKind.WORDS, HEADLINE_MAX_WORDS)

    @property
    def point_words(self) -> int:
        """The word budget of each key point."""
        if self.style is Style.POINTS and self.max_words is not None:
            return self.max_words
        return POINT_MAX_WORDS

    @property
    def max_points(self) -> int:
        """The most key points to write."""
        if self.style in (Style.POINTS, Style.OUTLINE) and self.max_sentences is not None:
            return self.max_sentences
        return MAX_POINTS

    def effective_budget(self) -> Budget:
        """The budget of the requested style's text, as recorded in a summary's settings."""
        if self.style is Style.HEADLINE:
            return self.headline_budget
        if self.style is Style.POINTS:
            return Budget(BudgetKind.WORDS, self.point_words)
        return self.budget

    def to_dict(self) -> dict[str, Any]:
        """The options as a plain, JSON-ready dict (field name -> value; the style by name)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["style"] = self.style.value
        return values
