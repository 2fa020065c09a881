"""Value types of the LLM layer: budgets, answers, fallbacks and their reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from mujaz.config import DEFAULT_MAX_WORDS, HEADLINE_MAX_WORDS, MAX_POINTS, POINT_MAX_WORDS
from mujaz.errors import ConfigError, LLMFailure

__all__ = ["FallbackReason", "Fallback", "LLMBudgets", "LLMUsage", "LLMAnswer", "PART_NAMES"]

# The parts of an answer, in the order they are checked and reported.
PART_NAMES = ("headline", "lead", "points")


class FallbackReason(str, Enum):
    """Why mujaz used its own extractive text instead of the model's (a closed set).

    * ``inconsistent``: the part states something the article does not (the checker's
      problems say what: a number, a name, a word that is not in the source);
    * ``malformed``: no usable JSON object in the answer, a missing or mistyped field, or a
      part longer than its word budget;
    * ``timeout``: no complete answer before the per-article deadline (``timeout``);
    * ``http_error``: the server answered 4xx (other than 401/403), or 5xx/429 still after
      the retries;
    * ``auth``: the server refused the credentials (401 or 403): a missing or wrong key;
    * ``connection``: the server could not be reached (refused, reset, DNS) after the retries.
    """

    INCONSISTENT = "inconsistent"
    MALFORMED = "malformed"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    AUTH = "auth"
    CONNECTION = "connection"

    @classmethod
    def parse(cls, value: str | FallbackReason) -> FallbackReason:
        """The member named ``value``; an unknown name raises listing the valid ones."""
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ConfigError(f"unknown fallback reason {value!r}; valid reasons: {valid}") from None


def _problem_dict(problem: Any) -> dict[str, Any]:
    """A checker problem as a JSON-ready dict (``mujaz.check`` problems have ``to_dict()``)."""
    if isinstance(problem, dict):
        return dict(problem)
    to_dict = getattr(problem, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    return {"message": str(problem)}


@dataclass(frozen=True, slots=True)
class Fallback:
    """A part (or a whole answer) replaced by the extractive summary, and why.

    Attributes:
        reason: one of :class:`FallbackReason`.
        detail: what happened, in words.
        problems: the checker's problems, as dicts (empty unless ``reason`` is
            ``inconsistent``).
    """

    reason: FallbackReason
    detail: str
    problems: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", FallbackReason.parse(self.reason))
        object.__setattr__(self, "problems", tuple(_problem_dict(p) for p in self.problems))

    @classmethod
    def from_failure(cls, failure: LLMFailure) -> Fallback:
        """The fallback for a failed request (:class:`~mujaz.errors.LLMFailure`)."""
        return cls(failure.reason, failure.detail)

    def to_dict(self) -> dict[str, Any]:
        """``{"reason": ..., "detail": ..., "problems": [...]}``, JSON-ready."""
        return {"reason": self.reason.value, "detail": self.detail, "problems": [dict(p) for p in self.problems]}


def _positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{name} must be a positive integer, got {value!r}")


@dataclass(frozen=True, slots=True)
class LLMBudgets:
    """Word budgets the model is asked to respect (whitespace-separated words, as mujaz counts).

    The defaults are mujaz's own: a 60-word lead, a 15-word headline, up to 6 points of
    30 words each.
    """

    headline_words: int = HEADLINE_MAX_WORDS
    lead_words: int = DEFAULT_MAX_WORDS
    point_words: int = POINT_MAX_WORDS
    max_points: int = MAX_POINTS

    def __post_init__(self) -> None:
        for name in ("headline_words", "lead_words", "point_words", "max_points"):
            _positive(name, getattr(self, name))

    def to_dict(self) -> dict[str, int]:
        return {
            "headline_words": self.headline_words,
            "lead_words": self.lead_words,
            "point_words": self.point_words,
            "max_points": self.max_points,
        }


@dataclass(frozen=True, slots=True)
class LLMUsage:
    """Tokens the server reported for one answer (zeros when it reported none)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass(frozen=True, slots=True)
class LLMAnswer:
    """A parsed answer of the model, not yet checked against the article.

    Attributes:
        headline, lead, points: the model's text for each part (``points`` trimmed to
            ``budgets.max_points``, blank points dropped).
        budgets: the budgets the model was asked for.
        usage: tokens of the request that produced it (as first reported, also on a cache hit).
        model: the model that answered (as the server names it, else as configured).
        prompt_version: the version of the prompts used (``llm-prompt.v1``).
        attempts: HTTP requests made for it (0 when it came from the cache).
        cached: whether it came from the cache.
    """

    headline: str
    lead: str
    points: tuple[str, ...]
    budgets: LLMBudgets = field(default_factory=LLMBudgets)
    usage: LLMUsage = field(default_factory=LLMUsage)
    model: str = ""
    prompt_version: str = ""
    attempts: int = 0
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the cache stores this)."""
        return {
            "headline": self.headline,
            "lead": self.lead,
            "points": list(self.points),
            "budgets": self.budgets.to_dict(),
            "usage": self.usage.to_dict(),
            "model": self.model,
            "prompt_version": self.prompt_version,
            "attempts": self.attempts,
            "cached": self.cached,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LLMAnswer:
        """The answer :meth:`to_dict` wrote; raises ``KeyError``/``TypeError``/``ValueError`` on a bad dict."""
        points = data["points"]
        if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
            raise TypeError("points must be a list of str")
        for key in ("headline", "lead", "model", "prompt_version"):
            if not isinstance(data[key], str):
                raise TypeError(f"{key} must be a str")
        usage = data["usage"]
        return cls(
            headline=data["headline"],
            lead=data["lead"],
            points=tuple(points),
            budgets=LLMBudgets(**data["budgets"]),
            usage=LLMUsage(int(usage["prompt_tokens"]), int(usage["completion_tokens"])),
            model=data["model"],
            prompt_version=data["prompt_version"],
            attempts=int(data["attempts"]),
            cached=bool(data["cached"]),
        )
