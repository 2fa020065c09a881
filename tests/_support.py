"""Helpers shared by the core tests: the seed article and the checks every summary must pass."""

from __future__ import annotations

from pathlib import Path

from mujaz import Summary
from mujaz.assembly import join_units
from mujaz.config import HEADLINE_MAX_WORDS, POINT_MAX_WORDS
from mujaz.segment import segment
from mujaz.types import SummaryUnit

DATA = Path(__file__).parent / "data"
# A copy of shared/seed/000_b246514b7acb9300.txt, so the suite runs without the shared folder.
SEED_PATH = DATA / "seed-000_b246514b7acb9300.txt"


def load_seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def seed_paragraphs() -> list[str]:
    """The seed's non-blank lines (paragraphs and subheadings), in order."""
    return [line for line in load_seed().splitlines() if line.strip()]


def words(text: str) -> int:
    """The budget's unit: whitespace-separated words."""
    return len(text.split())


def joined(units: tuple[SummaryUnit, ...]) -> str:
    """The rendering of ``units``: their text, whitespace collapsed, with the cut marks."""
    return join_units(units)


def assert_units_valid(units: tuple[SummaryUnit, ...], text: str) -> None:
    """Units quote ``text`` exactly, lie inside their source sentence, in document order."""
    assert units, "never empty"
    sentences = segment(text).sentences
    previous_end = 0
    for unit in units:
        # Each unit quotes the source exactly; only the summary's text collapses whitespace.
        assert unit.text == text[unit.span.start : unit.span.end]
        assert unit.text.strip()
        assert unit.span.start >= previous_end, "units are in document order and do not overlap"
        previous_end = unit.span.end
        source = sentences[unit.sentence].span
        assert source.start <= unit.span.start < unit.span.end <= source.end
        assert unit.kind in {"sentence", "compressed", "clause", "phrase", "truncated"}
        for rewrite in unit.rewrites:  # documented changes lie inside the unit, in order
            assert unit.span.start <= rewrite.span.start <= rewrite.span.end <= unit.span.end
        dropped = any(r.kind == "dropped" for r in unit.rewrites)
        if unit.kind == "sentence":
            assert unit.span == source and not dropped
        else:
            assert unit.span != source or dropped
        if unit.kind in {"clause", "phrase", "truncated"}:
            assert unit.span.end < source.end


def assert_summary_valid(
    summary: Summary,
    text: str,
    *,
    max_words: int | None = None,
    max_sentences: int | None = None,
) -> None:
    """Check the contract of a summary of ``text``: drawn from the source, in order, in budget.

    ``max_words`` and ``max_sentences`` are the budget given for the summary's style; the
    parts of the other styles are checked against their defaults.
    """
    assert isinstance(summary, Summary)
    assert summary.source_length == len(text)
    assert summary.word_count == words(summary.text)
    assert summary.text.strip()

    # the lead paragraph
    assert summary.lead.strip()
    if summary.style == "lead":
        assert summary.text == summary.lead == joined(summary.units)
        assert_units_valid(summary.units, text)
        if max_words is not None:
            assert words(summary.text) <= max_words
        if max_sentences is not None:
            assert len(summary.units) <= max_sentences
            assert all(u.kind in {"sentence", "compressed"} for u in summary.units)

    # the headline: one unit, without its final punctuation
    assert len(summary.headline_units) == 1
    assert_units_valid(summary.headline_units, text)
    assert summary.headline and joined(summary.headline_units).startswith(summary.headline)
    headline_budget = max_words if summary.style == "headline" and max_words else HEADLINE_MAX_WORDS
    assert words(summary.headline) <= headline_budget
    if summary.style == "headline":
        assert summary.text == summary.headline
        assert summary.units == summary.headline_units

    # the key points: one unit each, in document order, each within the per-point budget
    assert summary.points
    point_budget = max_words if summary.style == "points" and max_words else POINT_MAX_WORDS
    point_units = tuple(u for p in summary.points for u in p.units)
    assert_units_valid(point_units, text)
    for point in summary.points:
        assert point.text == joined(point.units)
        assert words(point.text) <= point_budget
    if summary.style == "points":
        assert summary.text == "\n".join(p.text for p in summary.points)
        assert summary.units == point_units
        if max_sentences is not None:
            assert len(summary.points) <= max_sentences


def count_headline_model_loads(monkeypatch) -> list[int]:
    """Forget the process's loaded headline model (and the ``news`` method built on it) for
    the test, and make each later read of the model's file append to the returned list."""
    from mujaz import methods
    from mujaz.headline import model as model_module

    calls: list[int] = []
    from_dict = model_module.HeadlineModel.from_dict.__func__

    def counting(cls, data):
        calls.append(1)
        return from_dict(cls, data)

    monkeypatch.setattr(model_module.HeadlineModel, "from_dict", classmethod(counting))
    monkeypatch.setattr(model_module.shipped_headline_model, "_value", None)
    monkeypatch.setattr(methods.get_method.__globals__["_LOADED"]["news"], "_value", None)
    return calls
