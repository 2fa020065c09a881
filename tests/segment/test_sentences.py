"""Tests for mujaz.segment.sentences: where sentences end, and where they do not."""

from __future__ import annotations

import time

import pytest

from mujaz.segment import segment
from mujaz.segment.sentences import MAX_SENTENCE_WORDS, split_sentences
from mujaz.types import Span


def _split(text: str) -> list[str]:
    return [s.slice(text) for s in split_sentences(text, Span(0, len(text)))]


def _check_spans(text: str, span: Span, sentences: list[Span]) -> None:
    """Spans lie inside the paragraph, in order, do not overlap, are trimmed and cover it."""
    previous = span.start
    for s in sentences:
        assert span.start <= s.start < s.end <= span.end
        assert s.start >= previous
        piece = s.slice(text)
        assert piece == piece.strip()
        assert text[previous : s.start].strip() == "", "only whitespace between sentences"
        previous = s.end
    assert text[previous : span.end].strip() == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الوفد. بدأت المحادثات.", ["وصل الوفد.", "بدأت المحادثات."]),
        ("يا له من يوم! بدأت المحادثات.", ["يا له من يوم!", "بدأت المحادثات."]),
        ("Is it over? بدأت المحادثات.", ["Is it over?", "بدأت المحادثات."]),
        ("هل انتهت الحرب؟ لا أحد يعرف.", ["هل انتهت الحرب؟", "لا أحد يعرف."]),
        ("وانتظر الجميع… ثم جاء الخبر.", ["وانتظر الجميع…", "ثم جاء الخبر."]),
        ("وانتظر الجميع... ثم جاء الخبر.", ["وانتظر الجميع...", "ثم جاء الخبر."]),
        ("وصل الوفد؛ بدأت المحادثات.", ["وصل الوفد؛", "بدأت المحادثات."]),
        ("حقا؟! نعم.", ["حقا؟!", "نعم."]),
        ("جملة بلا نهاية", ["جملة بلا نهاية"]),
    ],
)
def test_sentences_split_at_terminators(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no split inside a quotation, whatever the quote marks
        ("قال «انتهى الأمر. سنغادر» ثم مضى. وبعدها عاد.", ["قال «انتهى الأمر. سنغادر» ثم مضى.", "وبعدها عاد."]),
        ("قال “انتهى الأمر. سنغادر” ثم مضى. وبعدها عاد.", ["قال “انتهى الأمر. سنغادر” ثم مضى.", "وبعدها عاد."]),
        ('قال "انتهى الأمر. سنغادر" ثم مضى. وبعدها عاد.', ['قال "انتهى الأمر. سنغادر" ثم مضى.', "وبعدها عاد."]),
        ("سأل «هل انتهى؟ ربما» ثم صمت. وبعدها عاد.", ["سأل «هل انتهى؟ ربما» ثم صمت.", "وبعدها عاد."]),
        # a quote closed before the full stop stays with its sentence
        (
            "حيث قال: “سنلتقي لنرى ما إذا كان بإمكاننا إنهاء الحرب بين روسيا وأوكرانيا”. وأضاف أمرا.",
            ["حيث قال: “سنلتقي لنرى ما إذا كان بإمكاننا إنهاء الحرب بين روسيا وأوكرانيا”.", "وأضاف أمرا."],
        ),
        # a sentence ending inside a quote splits after the closing quote
        ('قال: "انتهى الأمر." ثم غادر.', ['قال: "انتهى الأمر."', "ثم غادر."]),
        ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
        ("قال: “هل انتهى الأمر؟” ثم غادر.", ["قال: “هل انتهى الأمر؟”", "ثم غادر."]),
        ("سأل «هل انتهى؟ ربما!» ثم صمت.", ["سأل «هل انتهى؟ ربما!»", "ثم صمت."]),
    ],
)
def test_sentences_quotes(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # decimals and thousands separators
        ("ارتفع المؤشر بنسبة 3.5 في المئة. ثم هبط.", ["ارتفع المؤشر بنسبة 3.5 في المئة.", "ثم هبط."]),
        ("بلغ سعر البرميل 11.64 دولار. ثم هبط.", ["بلغ سعر البرميل 11.64 دولار.", "ثم هبط."]),
        ("سجل المؤشر 25,45 نقطة. ثم هبط.", ["سجل المؤشر 25,45 نقطة.", "ثم هبط."]),
        ("وصل العدد إلى 1.000.000 نسمة. ثم هبط.", ["وصل العدد إلى 1.000.000 نسمة.", "ثم هبط."]),
        # abbreviations
        ("التقى د. محمد بالوزير. ثم غادر.", ["التقى د. محمد بالوزير.", "ثم غادر."]),
        ("وصل أ.د. علي أمس. ثم غادر.", ["وصل أ.د. علي أمس.", "ثم غادر."]),
        ("التقى Dr. Smith الوزير. ثم غادر.", ["التقى Dr. Smith الوزير.", "ثم غادر."]),
        # an era letter after a year ends the sentence
        ("حدث ذلك عام 2018 م. وقال الوزير إنه راض.", ["حدث ذلك عام 2018 م.", "وقال الوزير إنه راض."]),
        ("حدث ذلك عام 1440 هـ. وقال الوزير إنه راض.", ["حدث ذلك عام 1440 هـ.", "وقال الوزير إنه راض."]),
        # a number ends a sentence when a space follows the period
        ("وبلغ عدد الضحايا 25. وقال الوزير إنه حزين.", ["وبلغ عدد الضحايا 25.", "وقال الوزير إنه حزين."]),
        # URLs and dotted names
        ("نشر موقع bbc.com الخبر. ثم حذفه.", ["نشر موقع bbc.com الخبر.", "ثم حذفه."]),
        ("زار www.example.org/news.html اليوم. ثم غادر.", ["زار www.example.org/news.html اليوم.", "ثم غادر."]),
        # a period glued to the next word is not a boundary
        ("قال الوزير.وأضاف كلاما", ["قال الوزير.وأضاف كلاما"]),
    ],
)
def test_sentences_no_false_splits(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_sentences_seed_paragraphs_are_single_sentences(seed_text: str) -> None:
    article = segment(seed_text)
    assert len(article.sentences) == 4
    assert [s.block for s in article.sentences] == [0, 2, 4, 6]
    assert [s.section for s in article.sentences] == [0, 1, 2, 3]
    assert [s.index for s in article.sentences] == [0, 1, 2, 3]
    first = article.sentence_text(0)
    assert len(first.split()) == 118
    assert first.endswith("بعد انتهاء الصراع.")
    # the quotation closed before the period stays with its sentence
    assert article.sentence_text(2).endswith("بين روسيا وأوكرانيا”.")


def test_sentences_offsets_are_absolute() -> None:
    text = "عنوان\nالجملة الأولى. الجملة الثانية."
    span = Span(text.index("ال"), len(text))
    sentences = split_sentences(text, span)
    assert [s.slice(text) for s in sentences] == ["الجملة الأولى.", "الجملة الثانية."]
    _check_spans(text, span, sentences)


@pytest.mark.parametrize("separator", [" ", "\t", "\u00a0", "\u2003", " \u200f "])
def test_sentences_long_run_on_is_capped(separator: str) -> None:
    words = [f"كلمة{i % 10}" for i in range(2_000)]
    text = separator.join(words)
    sentences = split_sentences(text, Span(0, len(text)))
    counts = [len(s.slice(text).split()) for s in sentences]
    assert max(counts) <= MAX_SENTENCE_WORDS
    assert sum(counts) == len(text.split())
    assert len(sentences) >= len(words) // MAX_SENTENCE_WORDS
    _check_spans(text, Span(0, len(text)), sentences)


def test_sentences_cap_prefers_clause_boundaries() -> None:
    # A comma every 60 words: the cap cuts after a comma rather than mid-clause.
    clause = " ".join(["كلمة"] * 59) + " نهاية،"
    text = " ".join([clause] * 8).rstrip("،") + "."
    sentences = split_sentences(text, Span(0, len(text)))
    assert len(sentences) > 1
    for s in sentences[:-1]:
        piece = s.slice(text)
        assert piece.endswith("،")
        assert len(piece.split()) <= MAX_SENTENCE_WORDS


def test_sentences_200k_words_without_punctuation() -> None:
    text = " ".join(f"كلمة{i % 97}" for i in range(200_000))
    started = time.perf_counter()
    sentences = split_sentences(text, Span(0, len(text)))
    elapsed = time.perf_counter() - started
    counts = [len(s.slice(text).split()) for s in sentences]
    assert max(counts) <= MAX_SENTENCE_WORDS
    assert sum(counts) == 200_000
    _check_spans(text, Span(0, len(text)), sentences)
    # Not a benchmark (it takes well under a second): a guard against quadratic behaviour.
    assert elapsed < 30


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        ". . .",
        "«»“”\"",
        "قال «لم ينته. ثم مضى. وعاد.",
        "  جملة أولى.   جملة ثانية!  ",
        "قال: “انتهى.”. ثم “عاد.” وبعد.",
    ],
)
def test_sentences_spans_well_formed(text: str) -> None:
    sentences = split_sentences(text, Span(0, len(text)))
    _check_spans(text, Span(0, len(text)), sentences)


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u202c", "\u2069", "\u200b"])
def test_sentences_split_after_a_full_stop_followed_by_an_invisible_mark(mark: str) -> None:
    text = f"قال الرئيس إن الاتفاق تاريخي.{mark} وأضاف أن المفاوضات استمرت طويلا."
    spans = split_sentences(text, Span(0, len(text)))
    assert len(spans) == 2
    assert spans[0].slice(text).endswith("." + mark)
