"""Tests for mujaz.outputs: the outline part and its text."""

from __future__ import annotations

import mujaz
from mujaz.outputs import outline_text
from tests._support import load_seed, words


def test_outputs_outline_of_the_seed_uses_its_subheadings() -> None:
    text = load_seed()
    summary = mujaz.summarize(text, style="outline")
    outline = summary.outline
    headings = [b.span.slice(text) for b in segment_headings(text)]
    assert [s.heading for s in outline if s.own_heading] == headings
    assert not outline[0].own_heading and outline[0].heading_units, "section 0 gets a cut heading"
    assert words(outline[0].heading) <= 8
    assert summary.text == outline_text(summary.headline, summary.lead, outline)


def segment_headings(text: str):
    from mujaz.segment import segment
    return segment(text).headings


def test_outputs_outline_is_computed_only_when_asked() -> None:
    summary = mujaz.summarize(load_seed())
    assert "outline" not in summary.parts._memo
    assert "outline" not in summary.to_dict()
    assert summary.outline and "outline" in summary.parts._memo


def test_outputs_outline_max_sentences_limits_sections() -> None:
    summary = mujaz.summarize(load_seed(), style="outline", max_sentences=2)
    assert len(summary.outline) == 2 and summary.outline[0].point.section == 0


def test_outputs_outline_text_layout() -> None:
    assert outline_text("عنوان", "فقرة", ()) == "عنوان\n\nفقرة"
