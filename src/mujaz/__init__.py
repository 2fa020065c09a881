"""mujaz (موجز): an Arabic news summarizer.

>>> import mujaz
>>> summary = mujaz.summarize(article_text, max_words=40)   # doctest: +SKIP
>>> summary.text, [u.span for u in summary.units]           # doctest: +SKIP
"""

from mujaz.api import Summarizer, summarize
from mujaz.check import Check, Problem, ProblemKind, check
from mujaz.config import DEFAULT_MAX_WORDS, STYLES, SummaryConfig
from mujaz.errors import (
    ConfigError,
    DataError,
    InputError,
    MissingDependencyError,
    MujazError,
    UnknownMethodError,
)
from mujaz._version import __version__
from mujaz.io.readers import read_article
from mujaz.registry import available_methods
from mujaz.segment import segment
from mujaz.types import Article, Block, BlockKind, BudgetKind, Point, Sentence, Span, Style, Summary, SummaryUnit, UnitKind

__all__ = [
    "__version__",
    "summarize",
    "Summarizer",
    "read_article",
    "SummaryConfig",
    "DEFAULT_MAX_WORDS",
    "STYLES",
    "available_methods",
    "segment",
    "Article",
    "Block",
    "BlockKind",
    "Point",
    "Sentence",
    "Span",
    "Summary",
    "SummaryUnit",
    "Style",
    "UnitKind",
    "BudgetKind",
    "MujazError",
    "InputError",
    "ConfigError",
    "UnknownMethodError",
    "MissingDependencyError",
    "DataError",
    "check",
    "Check",
    "Problem",
    "ProblemKind",
]
