"""Render a :class:`~mujaz.types.Summary` as plain text, JSON or Markdown."""

from __future__ import annotations

import json
from typing import Literal

from mujaz.errors import ConfigError
from mujaz.types import Style, Summary

__all__ = ["render", "FORMATS"]

FORMATS = ("text", "json", "markdown")
Format = Literal["text", "json", "markdown"]


def render(summary: Summary, fmt: Format = "text") -> str:
    """Render ``summary`` in ``fmt`` (``text``, ``json`` or ``markdown``), ending in a newline.

    An ``outline`` summary renders as its text (headline, lead, then subheading and point
    per section, separated by blank lines), as JSON with an ``outline`` list whose parts
    carry their spans, or as Markdown with the headline as title and the subheadings as
    second-level headings.

    Raises:
        ConfigError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "text":
        return summary.text + "\n"
    if fmt == "json":
        return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        body = _outline_markdown(summary) if summary.style is Style.OUTLINE else [summary.text]
        lines = ['<div dir="rtl" lang="ar">', "", *body, "", "</div>", "", "| # | kept | sentence | offsets | score |",
                 "|---|---|---|---|---|"]
        for i, unit in enumerate(summary.units, 1):
            lines.append(f"| {i} | {unit.kind.value} | {unit.sentence} | {unit.span.start}–{unit.span.end} | {unit.score:.3f} |")
        lines += ["", f"*method: {summary.settings.get('scorer', summary.method)}, "
                  f"{summary.word_count} words*"]
        return "\n".join(lines) + "\n"
    raise ConfigError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")


def _outline_markdown(summary: Summary) -> list[str]:
    """An outline as Markdown: the headline as a title, the lead, each section's subheading
    as a second-level heading over its key point."""
    lines = [f"# {summary.headline}", "", summary.lead]
    for section in summary.outline:
        lines += ["", f"## {section.heading}", "", section.point.text]
    return lines
