"""Errors raised by mujaz.

Every error mujaz raises on purpose is a :class:`MujazError`, so a caller can catch the
whole family with one ``except``. The tree::

    MujazError
    ├── InputError               the text cannot be summarized (empty, no Arabic, binary, ...)
    ├── ConfigError              an option has an unknown name, a wrong type or a bad value
    │   └── UnknownMethodError   ``method=`` names no registered summarizer
    ├── MissingDependencyError   an optional extra is needed (the message names it)
    ├── DataError                an evaluation/data file is malformed
    └── LLMFailure               a language-model answer could not be used (``reason`` says why)

``ConfigError`` also subclasses :class:`ValueError` and ``InputError`` subclasses
:class:`ValueError` too, so code written against the standard library keeps working.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "MujazError",
    "InputError",
    "ConfigError",
    "UnknownMethodError",
    "MissingDependencyError",
    "DataError",
    "LLMFailure",
]


class MujazError(Exception):
    """Base class of every error mujaz raises on purpose."""


class InputError(MujazError, ValueError):
    """The input text cannot be summarized: empty, no Arabic letters, binary data, ..."""


class ConfigError(MujazError, ValueError):
    """An option is unknown, of the wrong type, or out of range."""


class UnknownMethodError(ConfigError):
    """``method=`` names no registered summarizer; the message lists the valid names."""

    def __init__(self, name: str, available: list[str] | tuple[str, ...]) -> None:
        self.name = name
        self.available = tuple(available)
        super().__init__(
            f"unknown method {name!r}; available methods: {', '.join(self.available)}"
        )


class MissingDependencyError(MujazError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, package: str, extra: str, *, cause: BaseException | None = None) -> None:
        self.package = package
        self.extra = extra
        missing = getattr(cause, "name", None)
        if cause is not None and missing not in (None, package):
            # The package is there but something it needs is not (lxml's html.clean moved to
            # lxml_html_clean, say): say that, not "install the package".
            message = (f"{package} is installed but cannot be imported ({cause}); reinstall the extra: "
                       f"pip install --upgrade 'mujaz[{extra}]'")
        else:
            message = f"{package} is required for this feature; install it with: pip install 'mujaz[{extra}]'"
        super().__init__(message)


class DataError(MujazError, ValueError):
    """A data file (for example an evaluation JSONL) is malformed."""


class LLMFailure(MujazError):
    """A language-model answer could not be used: no answer in time, an HTTP error, garbage.

    ``mujaz.llm`` raises it and turns it into a fallback to the extractive summary.

    Attributes:
        reason: a :class:`mujaz.llm.FallbackReason` (``timeout``, ``http_error``, ``auth``,
            ``connection``, ``malformed``).
        detail: what happened, in words (never the API key).
        attempts: HTTP requests made for this answer (0 when none was sent).
    """

    def __init__(self, reason: Any, detail: str, *, attempts: int = 0) -> None:
        self.reason = reason
        self.detail = detail
        self.attempts = attempts
        super().__init__(f"{getattr(reason, 'value', reason)}: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:
        # A batch worker process sends its errors back pickled; keep the keyword argument.
        return (_llm_failure, (self.reason, self.detail, self.attempts))


def _llm_failure(reason: Any, detail: str, attempts: int) -> LLMFailure:
    return LLMFailure(reason, detail, attempts=attempts)
