"""Argument types shared by the ``mujaz`` subcommands (argparse ``type=`` callables).

Each turns a command-line string into a value or raises
:class:`argparse.ArgumentTypeError` with a message naming what was expected, which
argparse turns into a usage error (exit status 2).
"""

from __future__ import annotations

import argparse
import math

__all__ = ["positive_int", "positive_seconds"]


def positive_int(value: str) -> int:
    """An integer of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def positive_seconds(value: str) -> float:
    """A finite number of seconds above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not (number > 0 and math.isfinite(number)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return number
