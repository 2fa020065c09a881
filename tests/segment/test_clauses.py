"""Tests for mujaz.segment.clauses: commas, colons and discourse connectives."""

from __future__ import annotations

import pytest

from mujaz.normalize import normalize
from mujaz.segment import segment
from mujaz.segment.clauses import MIN_CLAUSE_WORDS, clause_boundaries, split_clauses
from mujaz.types import Span


def _clauses(text: str) -> list[str]:
    return [c.slice(text) for c in split_clauses(text, Span(0, len(text)))]


def _check_tiling(text: str, sentence: Span, clauses: tuple[Span, ...]) -> None:
    """Clauses lie inside the sentence, in order, trimmed, and cover it end to end."""
    assert clauses
    assert clauses[0].start == sentence.start
    assert clauses[-1].end == sentence.end
    for a, b in zip(clauses, clauses[1:]):
        assert a.end <= b.start
        assert text[a.end : b.start].strip() == ""
    for c in clauses:
        piece = c.slice(text)
        assert piece and piece == piece.strip()
        if len(clauses) > 1:
            assert len(piece.split()) >= MIN_CLAUSE_WORDS


def _bare(word: str) -> str:
    return normalize(word).strip("،,.:")


def test_clauses_seed_lead_sentence(seed_text: str) -> None:
    article = segment(seed_text)
    lead = article.sentences[0]
    assert len(lead.span.slice(seed_text).split()) == 118
    assert len(lead.clauses) >= 8
    _check_tiling(seed_text, lead.span, lead.clauses)
    openers = [_bare(c.slice(seed_text).split()[0]) for c in lead.clauses]
    for connective in ("حيث", "كما", "مما"):
        assert connective in openers
    # every other clause starts right after a comma
    for clause in lead.clauses[1:]:
        opener = _bare(clause.slice(seed_text).split()[0])
        before = seed_text[: clause.start].rstrip()
        assert before.endswith("،") or opener in {"حيث", "كما", "مما"}


@pytest.mark.parametrize("opening", ["حيث", "كما", "مما", "موضحا", "ومن جانب اخر", "مشيره", "في سياق متصل"])
def test_clauses_seed_connectives_open_clauses(seed_text: str, opening: str) -> None:
    article = segment(seed_text)
    openings = [
        normalize(c.slice(seed_text)) for s in article.sentences for c in s.clauses
    ]
    assert any(o.startswith(opening) for o in openings), opening


def test_clauses_seed_all_sentences_tile(seed_text: str) -> None:
    for sentence in segment(seed_text).sentences:
        _check_tiling(seed_text, sentence.span, sentence.clauses)
        assert sentence.clauses == split_clauses(seed_text, sentence.span)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أعلن الوزير عن خطة جديدة، وقال إنها ستنفذ قريبا",
            ["أعلن الوزير عن خطة جديدة،", "وقال إنها ستنفذ قريبا"],
        ),
        (
            "أعلن الوزير عن خطة جديدة, وقال إنها ستنفذ قريبا",
            ["أعلن الوزير عن خطة جديدة,", "وقال إنها ستنفذ قريبا"],
        ),
        (
            "قال الوزير إن الاتفاق مهم جدا موضحًا أن التنفيذ سيبدأ قريبا",
            ["قال الوزير إن الاتفاق مهم جدا", "موضحًا أن التنفيذ سيبدأ قريبا"],
        ),
        # tatweel, alef and ta-marbuta variants of a connective still match
        (
            "قالت الوزيرة إن الاتفاق مهم جدا مـشيرة إلى أن التنفيذ قريب",
            ["قالت الوزيرة إن الاتفاق مهم جدا", "مـشيرة إلى أن التنفيذ قريب"],
        ),
        (
            "قالت الوزيرة إن الاتفاق مهم جدا مشيره إلى أن التنفيذ قريب",
            ["قالت الوزيرة إن الاتفاق مهم جدا", "مشيره إلى أن التنفيذ قريب"],
        ),
        (
            "وصل الوفد إلى العاصمة صباح اليوم الا ان المحادثات تأجلت",
            ["وصل الوفد إلى العاصمة صباح اليوم", "الا ان المحادثات تأجلت"],
        ),
        (
            "وصل الوفد إلى العاصمة صباح اليوم في حين غادر الوزير",
            ["وصل الوفد إلى العاصمة صباح اليوم", "في حين غادر الوزير"],
        ),
        # a colon not followed by a quotation
        (
            "وقال الرئيس في كلمته: سنواصل العمل معا حتى النهاية",
            ["وقال الرئيس في كلمته:", "سنواصل العمل معا حتى النهاية"],
        ),
        # a semicolon
        (
            "وصل الوفد إلى العاصمة؛ وبدأت المحادثات فورا",
            ["وصل الوفد إلى العاصمة؛", "وبدأت المحادثات فورا"],
        ),
    ],
)
def test_clauses_split_points(text: str, expected: list[str]) -> None:
    assert _clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a connective inside a word is not a connective
        "التقى الوزير السيد كمال الدين في القاهرة اليوم",
        "وصل حيثيات القرار إلى المحكمة العليا اليوم",
        # a comma between digits
        "بلغت النسبة 25,45 في المئة هذا العام",
        "بلغ عدد السكان 1,000,000 نسمة في المدينة",
        # commas inside a quotation
        "قال الوزير «نحن هنا، ولن نغادر، مهما حدث» ثم غادر القاعة بسرعة",
        "قال الوزير “نحن هنا، حيث نقف، ولن نغادر” ثم غادر القاعة بسرعة",
        # a colon that introduces a quotation
        'وقال الرئيس في كلمته: "سنواصل العمل معا"',
        "وقال الرئيس في كلمته: «سنواصل العمل معا»",
        # a connective at the very start does not make an empty clause
        "حيث وصل الوفد إلى العاصمة صباح اليوم",
    ],
)
def test_clauses_no_split(text: str) -> None:
    assert _clauses(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short leading piece merges forward
        ("نعم، قال الوزير إن الاتفاق مهم", ["نعم، قال الوزير إن الاتفاق مهم"]),
        # a short trailing piece merges back
        ("قال الوزير إن الاتفاق مهم، جدا", ["قال الوزير إن الاتفاق مهم، جدا"]),
        # a short middle piece merges with the one after it
        (
            "قال الوزير إن الاتفاق مهم، نعم، وسيبدأ التنفيذ غدا",
            ["قال الوزير إن الاتفاق مهم،", "نعم، وسيبدأ التنفيذ غدا"],
        ),
    ],
)
def test_clauses_short_pieces_merge(text: str, expected: list[str]) -> None:
    assert _clauses(text) == expected


def test_clauses_boundaries_are_word_starts_inside_the_span() -> None:
    text = "مقدمة. قال الوزير إن الاتفاق مهم، حيث سيبدأ التنفيذ غدا، كما أكد ذلك"
    start = text.index("قال")
    cuts = clause_boundaries(text, start, len(text))
    assert cuts == sorted(set(cuts))
    assert [text[c : c + 3] for c in cuts] == ["حيث", "كما"]
    for c in cuts:
        assert start < c < len(text)
        assert text[c - 1].isspace() and not text[c].isspace()


def test_clauses_sentence_offsets_are_absolute() -> None:
    text = "تمهيد قصير. قال الوزير إن الاتفاق مهم جدا، حيث سيبدأ التنفيذ غدا"
    span = Span(text.index("قال"), len(text))
    clauses = split_clauses(text, span)
    assert [c.slice(text) for c in clauses] == ["قال الوزير إن الاتفاق مهم جدا،", "حيث سيبدأ التنفيذ غدا"]
    _check_tiling(text, span, clauses)
