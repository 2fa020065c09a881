"""Options, argument types and exit statuses shared by every ``mujaz`` subcommand.

Each argument type turns a command-line string into a value or raises
:class:`argparse.ArgumentTypeError` with a message naming what was expected, which
argparse turns into a usage error (exit status 2).
"""

from __future__ import annotations

import argparse
import math
from typing import Any, TextIO

from mujaz.config import DEFAULT_MAX_WORDS, HEADLINE_MAX_WORDS, POINT_MAX_WORDS, STYLES
from mujaz.registry import DEFAULT_METHOD, available_methods

__all__ = ["EXIT_OK", "EXIT_INPUT", "EXIT_USAGE", "EXIT_INTERRUPTED", "positive_int", "positive_seconds", "ratio",
           "add_budget", "add_method_and_style", "add_llm", "llm_options", "ProgressBar"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def positive_int(value: str) -> int:
    """argparse type: a positive integer."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def positive_seconds(value: str) -> float:
    """argparse type: a finite number of seconds above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not (number > 0 and math.isfinite(number)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return number


def ratio(value: str) -> float:
    """argparse type: a number in (0, 1]."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {value!r}") from None
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {value!r}")
    return number


def add_budget(parser: argparse.ArgumentParser) -> None:
    """The mutually exclusive budget options (--max-words, --sentences, --ratio)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--max-words", type=positive_int, metavar="N",
                       help=f"at most N words (default: {DEFAULT_MAX_WORDS} for a lead, {HEADLINE_MAX_WORDS} for "
                            f"a headline, {POINT_MAX_WORDS} per key point)")
    group.add_argument("--sentences", type=positive_int, metavar="N", dest="max_sentences",
                       help="at most N whole source sentences")
    group.add_argument("--ratio", type=ratio, metavar="R", help="at most this share of the article's words, 0 < R <= 1")


def add_method_and_style(parser: argparse.ArgumentParser, *, style_help: str) -> None:
    """The --method and --style options, their choices from the registry and Style."""
    methods = sorted(available_methods())
    parser.add_argument("--method", default=DEFAULT_METHOD, choices=methods, metavar="NAME",
                        help=f"summarization method: {', '.join(methods)} (default: {DEFAULT_METHOD})")
    parser.add_argument("--style", default="lead", choices=STYLES, help=style_help)


def add_llm(parser: argparse.ArgumentParser) -> None:
    """The language-model server options of ``--method llm`` (the API key: environment only)."""
    group = parser.add_argument_group(
        "language model (--method llm)",
        "an OpenAI-compatible chat-completions server; each answer is checked against the article and "
        "mujaz's news summary replaces any part that fails. The key is read from MUJAZ_LLM_API_KEY only.")
    group.add_argument("--llm-url", metavar="URL", help="server base URL, e.g. http://127.0.0.1:8000/v1 "
                                                       "(default: $MUJAZ_LLM_BASE_URL)")
    group.add_argument("--llm-model", metavar="NAME", help="model name (default: $MUJAZ_LLM_MODEL)")
    group.add_argument("--llm-timeout", type=positive_seconds, metavar="SECONDS",
                       help="time limit per article, retries included (default: $MUJAZ_LLM_TIMEOUT, else 60)")


def llm_options(args: argparse.Namespace) -> dict[str, object]:
    """The ``--llm-*`` values as Summarizer options (``None`` where not given)."""
    return {"llm_url": getattr(args, "llm_url", None), "llm_model": getattr(args, "llm_model", None),
            "llm_timeout": getattr(args, "llm_timeout", None)}


class ProgressBar:
    """Progress on a terminal (tqdm): items done of the total when known, rate, ETA.

    ``mujaz batch`` counts rows (the input's row count is exact once it is read to the end
    and estimated from the bytes read until then, see :func:`mujaz.io.batch.run_batch`, so
    the bar never reads 100% while rows are still running); ``mujaz evaluate`` counts
    records.
    """

    def __init__(self, stream: TextIO, *, enabled: bool, unit: str = "rows", label: str | None = None) -> None:
        self.enabled = enabled
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(file=stream, desc=label, unit=f" {unit}", dynamic_ncols=True, smoothing=0.1,
                             mininterval=0.2)

    def __call__(self, rows: int, total: int | None = None) -> None:
        bar = self._bar
        if bar is None:
            return
        if total is not None and total != bar.total:
            bar.total = max(total, rows)
        bar.n = rows
        bar.refresh()

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
