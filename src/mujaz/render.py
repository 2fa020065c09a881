"""Render a :class:`~mujaz.types.Summary` as plain text, JSON or Markdown."""

from __future__ import annotations

import json
from typing import Literal

from mujaz.errors import ConfigError
from mujaz.types import Summary

__all__ = ["render", "FORMATS"]

FORMATS = ("text", "json", "markdown")
Format = Literal["text", "json", "markdown"]


def render(summary: Summary, fmt: Format = "text") -> str:
    """Render ``summary`` in ``fmt`` (``text``, ``json`` or ``markdown``), ending in a newline.

    Raises:
        ConfigError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "text":
        return summary.text + "\n"
    if fmt == "json":
        return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        lines = ['<div dir="rtl" lang="ar">', "", summary.text, "", "</div>", "", "| # | kept | sentence | offsets | score |",
                 "|---|---|---|---|---|"]
        for i, unit in enumerate(summary.units, 1):
            lines.append(f"| {i} | {unit.kind} | {unit.sentence} | {unit.span.start}–{unit.span.end} | {unit.score:.3f} |")
        lines += ["", f"*method: {summary.settings.get('scorer', summary.method)}, "
                  f"{summary.word_count} words*"]
        return "\n".join(lines) + "\n"
    raise ConfigError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
