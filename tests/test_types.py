"""Tests for mujaz.types: spans, units, rewrites and the enums."""

from __future__ import annotations

import pytest

from mujaz.types import Rewrite, RewriteKind, Span, Style, SummaryUnit, UnitKind

SOURCE = "أعلن الرئيس اليمني قرارا بتعيين قائد جديد"


def _unit(*rewrites: Rewrite) -> SummaryUnit:
    return SummaryUnit(Span(0, len(SOURCE)), SOURCE, 0, "sentence", 1.0, rewrites)


def test_types_unit_without_rewrites_renders_its_quote() -> None:
    unit = _unit()
    assert unit.rendered == unit.text == SOURCE
    assert "rewrites" not in unit.to_dict()


def test_types_rewrites_render_in_place_and_keep_their_spans() -> None:
    verb = Span(0, 4)  # أعلن
    subject_end = SOURCE.index(" قرارا")
    unit = _unit(Rewrite(RewriteKind.REORDER, Span(0, 5), "", verb),
                 Rewrite("present_tense", Span(subject_end, subject_end), " يعلن", verb))
    assert unit.rendered == "الرئيس اليمني يعلن قرارا بتعيين قائد جديد"
    assert unit.text == SOURCE, "the quote itself never changes"
    data = unit.to_dict()
    assert data["rendered"] == unit.rendered
    assert [r["kind"] for r in data["rewrites"]] == ["reorder", "present_tense"]
    assert data["rewrites"][1]["origin"] == [0, 4]


@pytest.mark.parametrize("spans", [[(0, 6), (5, 7)], [(0, 100)], [(10, 12), (0, 2)]])
def test_types_rewrites_must_lie_inside_the_unit_in_order(spans: list[tuple[int, int]]) -> None:
    with pytest.raises(ValueError):
        _unit(*[Rewrite(RewriteKind.DROPPED, Span(a, b), "") for a, b in spans])


@pytest.mark.parametrize("enum", [Style, UnitKind, RewriteKind])
def test_types_enum_values_are_their_names_lowercase(enum) -> None:
    for member in enum:
        assert member.value == member.name.lower()
        assert enum(member.value) is member
