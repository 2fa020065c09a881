"""Property tests: invariants of segmentation, normalization and summaries on generated text."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mujaz
from mujaz import InputError
from mujaz.normalize import normalize, normalize_with_offsets
from mujaz.segment import MAX_SENTENCE_WORDS, segment
from mujaz.segment.clauses import MIN_CLAUSE_WORDS
from mujaz.types import BlockKind
from tests._support import assert_summary_valid, words

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARABIC_WORDS = [
    "أعلن", "الرئيس", "الحكومة", "وزير", "الخارجية", "حيث", "كما", "مما", "موضحًا", "مشيرة",
    "ومن", "جانب", "آخر", "في", "من", "على", "إلى", "السلام", "الشرقِ", "الأوسطِ", "مُحَمَّد",
    "جـــديد", "مستشفى", "مدرسة", "د", "م", "عام", "ﻻ", "ﷲ", "کتاب", "ی", "بودابست", "قال",
]
PUNCTUATION = [".", "،", ",", "؟", "?", "!", "…", "...", "؛", ";", ":", "-", "(", ")"]
QUOTES = ["«", "»", "“", "”", '"', "„", "'"]
NUMBERS = ["2018", "3.5", "11.64", "25,45", "١٢٣", "۴۵", "٣٫٥", "100%", "2018 م."]
LATIN = ["bbc.com", "U.S.", "Dr.", "Apple", "iPhone", "e.g.", "www.example.org"]
EMOJI = ["😀", "🚀", "👍🏽", "❤️"]
INVISIBLE = ["\u200f", "\u200e", "\u202b", "\u202c", "\u200b", "\ufeff", "\u0640", "\x00", "\ufffd"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0"]
BREAKS = ["\n", "\n\n", "\r\n", "\u2028"]

token = st.one_of(
    st.sampled_from(ARABIC_WORDS),
    st.sampled_from(ARABIC_WORDS),
    st.sampled_from(ARABIC_WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(QUOTES),
    st.sampled_from(NUMBERS),
    st.sampled_from(LATIN),
    st.sampled_from(EMOJI),
    st.sampled_from(INVISIBLE),
)
separator = st.one_of(st.sampled_from(SPACES), st.sampled_from(SPACES), st.sampled_from(BREAKS), st.just(""))
article_text = st.lists(st.tuples(token, separator), max_size=120).map(
    lambda pairs: "".join(t + s for t, s in pairs)
)


def _nonspace(text: str) -> str:
    return "".join(text.split())


@SETTINGS
@given(text=article_text)
def test_invariants_segmentation_spans(text: str) -> None:
    article = segment(text)
    previous = 0
    for block in article.blocks:
        piece = block.span.slice(text)
        assert piece and piece == piece.strip()
        assert previous <= block.span.start < block.span.end <= len(text)
        previous = block.span.end
    # blocks cover every non-blank character of the text
    assert _nonspace(text) == "".join(_nonspace(b.span.slice(text)) for b in article.blocks)

    paragraphs = [b for b in article.blocks if b.kind is BlockKind.PARAGRAPH]
    assert [s.block for s in article.sentences] == sorted(s.block for s in article.sentences)
    for block in paragraphs:
        sentences = [s for s in article.sentences if s.block == block.index]
        # the sentences of a paragraph cover its non-blank characters, in order
        assert _nonspace(block.span.slice(text)) == "".join(_nonspace(s.span.slice(text)) for s in sentences)
        end = block.span.start
        for sentence in sentences:
            assert block.span.start <= sentence.span.start < sentence.span.end <= block.span.end
            assert sentence.span.start >= end
            end = sentence.span.end
            piece = sentence.span.slice(text)
            assert piece == piece.strip()
            assert words(piece) <= MAX_SENTENCE_WORDS
            clauses = sentence.clauses
            assert clauses[0].start == sentence.span.start and clauses[-1].end == sentence.span.end
            for a, b in zip(clauses, clauses[1:]):
                assert a.start < a.end <= b.start < b.end
                assert text[a.end : b.start].strip() == ""
            if len(clauses) > 1:
                assert all(words(c.slice(text)) >= MIN_CLAUSE_WORDS for c in clauses)
    assert [s.index for s in article.sentences] == list(range(len(article.sentences)))


@SETTINGS
@given(
    text=article_text,
    budget=st.one_of(
        st.fixed_dictionaries({"max_words": st.integers(1, 80)}),
        st.fixed_dictionaries({"max_sentences": st.integers(1, 6)}),
        st.fixed_dictionaries({"ratio": st.floats(0.01, 1.0)}),
        st.just({}),
    ),
    method=st.sampled_from(["news", "lead", "textrank", "lexrank"]),
)
def test_invariants_summary_from_source_in_order_within_budget(text: str, budget: dict, method: str) -> None:
    try:
        summary = mujaz.summarize(text, method=method, **budget)
    except InputError:
        assume(False)
        return
    max_words = budget.get("max_words", None if budget else 60)
    if "ratio" in budget:
        total = sum(words(s.span.slice(text)) for s in segment(text).sentences)
        max_words = max(1, -(-budget["ratio"] * total // 1))
    assert_summary_valid(summary, text, max_words=max_words, max_sentences=budget.get("max_sentences"))
    # deterministic
    assert mujaz.summarize(text, method=method, **budget).to_dict() == summary.to_dict()


@SETTINGS
@given(text=article_text, style=st.sampled_from(["lead", "headline", "points", "outline"]), max_words=st.integers(1, 40))
def test_invariants_styles(text: str, style: str, max_words: int) -> None:
    try:
        summary = mujaz.summarize(text, style=style, max_words=max_words)
    except InputError:
        assume(False)
        return
    assert_summary_valid(summary, text, max_words=max_words)


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(
        article_text,
        st.text(max_size=200),
        st.binary(max_size=200).map(lambda b: b.decode("utf-8", errors="replace")),
    )
)
def test_invariants_only_input_errors(text: str) -> None:
    try:
        summary = mujaz.summarize(text)
    except InputError:
        return
    assert_summary_valid(summary, text, max_words=60)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(article_text, st.text(max_size=200)))
def test_invariants_normalize_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    normalized, offsets = normalize_with_offsets(text)
    assert normalized == once
    assert offsets[-1] == len(text)
    assert all(a <= b for a, b in zip(offsets.tolist(), offsets[1:].tolist()))


@given(st.text(alphabet=st.sampled_from(list("اب ت\t\n\u00a0\u200f\u2003xy.،")), max_size=60))
@settings(max_examples=200, deadline=None)
def test_invariants_word_count_equals_split(text: str) -> None:
    from mujaz.features import word_count

    assert word_count(text) == len(text.split())


@SETTINGS
@given(text=st.one_of(article_text, st.text(max_size=200)))
def test_invariants_word_tokens_are_each_words_tokens(text: str) -> None:
    """word_tokens normalizes the text once, yet gives each word exactly its own tokens."""
    from mujaz.features import tokenize, word_tokens

    assert word_tokens(text) == [tokenize(word) for word in text.split()]


@SETTINGS
@given(text=article_text)
def test_invariants_default_lead_has_no_ellipsis_of_its_own(text: str) -> None:
    """At the default budget the news lead is never cut with an ellipsis it added: any
    unit cut at a word boundary is the last resort, when no sentence's main clause fits."""
    try:
        summary = mujaz.summarize(text)
    except InputError:
        assume(False)
        return
    truncated = [u for u in summary.units if u.kind == "truncated"]
    for unit in truncated:
        clauses = segment(text).sentences[unit.sentence].clauses
        assert words(clauses[0].slice(text)) > 60 or len(clauses) == 1


@SETTINGS
@given(text=article_text, max_words=st.integers(1, 150))
def test_invariants_outline_parts_from_source(text: str, max_words: int) -> None:
    try:
        summary = mujaz.summarize(text, style="outline", max_words=max_words)
    except InputError:
        assume(False)
        return
    assert summary.style == "outline"
    assert words(summary.lead) <= max_words
    starts = [u.span.start for u in summary.units]
    assert starts == sorted(starts), "the outline's units are in document order"
    assert [s.point for s in summary.outline] == list(summary.points)
    for section in summary.outline:
        assert section.heading.strip()
        assert 0 <= section.heading_span.start <= section.heading_span.end <= len(text)
        for unit in (*section.heading_units, *section.point.units):
            assert unit.text == unit.span.slice(text)
    assert summary.text.startswith(summary.headline)
