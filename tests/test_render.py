"""Tests for mujaz.render: the outline style's renderings."""

from __future__ import annotations

import json

import pytest

import mujaz
from mujaz.errors import ConfigError
from mujaz.render import render
from tests._support import load_seed


@pytest.fixture(scope="module")
def outline():
    return mujaz.summarize(load_seed(), style="outline")


def test_render_outline_text(outline) -> None:
    out = render(outline, "text")
    assert out == outline.text + "\n"
    blocks = out.strip().split("\n\n")
    assert blocks[0] == outline.headline and blocks[1] == outline.lead
    assert [b.split("\n")[0] for b in blocks[2:]] == [s.heading for s in outline.outline]


def test_render_outline_json_has_spans_for_every_part(outline) -> None:
    data = json.loads(render(outline, "json"))
    text = load_seed()
    assert data["style"] == "outline" and len(data["outline"]) == len(outline.outline)
    for part in data["outline"]:
        assert text[part["heading_start"] : part["heading_end"]].strip()
        for unit in part["point"]["units"] + part["heading_units"]:
            assert text[unit["start"] : unit["end"]] == unit["text"]
    assert data["headline_units"] and data["units"]


def test_render_outline_markdown(outline) -> None:
    md = render(outline, "markdown")
    assert f"# {outline.headline}" in md
    for section in outline.outline:
        assert f"## {section.heading}" in md


def test_render_unknown_format(outline) -> None:
    with pytest.raises(ConfigError, match="valid formats"):
        render(outline, "html")  # type: ignore[arg-type]
