"""Bad and odd input: each case either summarizes correctly or raises mujaz.InputError."""

from __future__ import annotations

import pytest

import mujaz
import mujaz.api
from mujaz import InputError
from mujaz.segment import MAX_SENTENCE_WORDS, segment
from tests._support import assert_summary_valid, load_seed, seed_paragraphs, words

REFUSED = {
    "empty": "",
    "spaces": "   ",
    "whitespace": " \n\t\r\n\u00a0\u2003\u2028 ",
    "english": "The quick brown fox jumps over the lazy dog. It was not amused.",
    "diacritics": "\u064e\u064f\u0650\u0651\u0652 \u064b\u064c\u064d \u0670",
    "tatweel": "ـــــ ـــ",
    "ascii digits": "2018 3.5 11.64 25,45",
    "arabic-indic digits": "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٣٫٥",
    "punctuation": "، ؛ ؟ … « » “ ” . ! ?",
    "emoji": "😀🎉🚀 👍🏽 ❤️",
    "bidi only": "\u200f\u200e\u202b\u202c\u2066\u2069\u200b\ufeff",
    "replacement chars": "\ufffd" * 50,
    "binary-looking": "\x00\x01\x02\x03\x04\x05\x06\x07 ب \x08\x0e\x0f\x10\x11",
    "latin and cyrillic": "Привет мир. Bonjour le monde. Grüße.",
}
NOT_STR = {
    "bytes": load_seed().encode("utf-8"),
    "bytearray": bytearray(load_seed().encode("utf-8")),
    "none": None,
    "int": 42,
    "list": [load_seed()],
}


def _summarize_or_refuse(text: object, **options) -> mujaz.Summary | None:
    """Summarize ``text``; an InputError is an allowed answer, any other exception is a bug."""
    try:
        summary = mujaz.summarize(text, **options)  # type: ignore[arg-type]
    except InputError:
        return None
    assert isinstance(text, str)
    assert_summary_valid(summary, text, max_words=options.get("max_words"))
    return summary


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_bad_input_refused(text: str) -> None:
    with pytest.raises(InputError):
        mujaz.summarize(text)


@pytest.mark.parametrize("value", list(NOT_STR.values()), ids=list(NOT_STR))
def test_bad_input_not_a_string(value: object) -> None:
    with pytest.raises(InputError) as info:
        mujaz.summarize(value)  # type: ignore[arg-type]
    assert type(value).__name__ in str(info.value)


def test_bad_input_bytes_message_says_decode() -> None:
    with pytest.raises(InputError, match="decode"):
        mujaz.summarize(load_seed().encode("utf-8"))  # type: ignore[arg-type]


def test_bad_input_nul_and_replacement_chars_inside_good_text(seed_text: str) -> None:
    text = seed_text.replace("،", "\x00،", 5).replace("ترامب", "ترا\ufffdمب", 3).replace("بوتين", "\ufffd\ufffd بوتين", 2)
    assert "\x00" in text and "\ufffd" in text
    summary = _summarize_or_refuse(text, max_words=40)
    assert summary is not None
    assert summary.text.startswith("أعلن الرئيس الأمريكي")  # filler opener dropped


def test_bad_input_mixed_arabic_latin_bidi() -> None:
    text = (
        "\u202bأعلنت شركة Apple عن هاتف \u200eiPhone 16\u200f الجديد في مؤتمر بمدينة Cupertino.\u202c\n"
        "وقالت الشركة إن الهاتف يدعم اللغة العربية بالكامل، \u2066AI\u2069 مشيرة إلى أن سعره يبلغ 999 دولارا.\n"
        "وتنافس Apple شركة Samsung الكورية في أسواق الشرق الأوسط منذ سنوات طويلة."
    )
    summary = _summarize_or_refuse(text, max_words=30)
    assert summary is not None
    assert "Apple" in summary.text


@pytest.mark.parametrize(
    "text",
    [
        "ب",
        "ء",
        "\ufdf2 \ufefb",  # presentation forms only
        "عنوان\nعنوان آخر",  # no punctuation anywhere
        "\ufeff" + "مرحبا بكم في موقعنا.",  # a BOM in front
        "قال «لم ينته بعد. ثم مضى",  # an unbalanced quote
        "«" * 500 + " نص " + "»" * 3,
        "١٢٣ خبر ٤٥٦",
        "\r\n".join(["سطر"] * 50),
        "مرحبا 😀🎉 بكم في موقعنا 🚀.",
        "a" * 10_000 + " ب",  # one enormous word
        "أعلن\n.",  # a title over a body of one full stop: the headline keeps the stop
        "عنوان الخبر\n😀",
    ],
)
def test_bad_input_odd_but_arabic(text: str) -> None:
    for style in ("lead", "headline", "points"):
        summary = _summarize_or_refuse(text, style=style)
        assert summary is not None, "text with Arabic letters is summarized"


def test_bad_input_control_character_ratio() -> None:
    # a few control characters in good text are fine; mostly control characters is binary
    good = load_seed()
    assert _summarize_or_refuse(good[:200] + "\x01\x02" + good[200:]) is not None
    with pytest.raises(InputError, match="binary"):
        mujaz.summarize("\x01" * 100 + "ب")


def test_bad_input_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mujaz.api, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(InputError, match="limit"):
        mujaz.summarize("ب " * 600)
    assert _summarize_or_refuse("ب " * 400) is not None


def _five_megabytes() -> str:
    """The seed's paragraphs over and over, each copy with its own numbers, >= 5 MB of UTF-8."""
    paragraphs = seed_paragraphs()
    out, size, i = [], 0, 0
    while size < 5_000_000:
        line = paragraphs[i % len(paragraphs)]
        if line.endswith("."):
            line = f"{line[:-1]} في العام {1990 + i % 35} بنسبة {i % 97}.{i % 13} في المئة، وفق التقرير رقم {i}."
        out.append(line)
        size += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(out)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["news", "lead", "textrank", "lexrank"])
def test_bad_input_five_megabyte_article(method: str) -> None:
    text = _five_megabytes()
    assert len(text.encode("utf-8")) >= 5_000_000
    summary = mujaz.summarize(text, method=method)
    assert words(summary.text) <= 60
    assert summary.source_length == len(text)
    for unit in summary.units:
        assert unit.text == text[unit.span.start : unit.span.end]


def test_bad_input_200k_words_without_punctuation() -> None:
    text = " ".join(f"كلمة{i % 89}" for i in range(200_000))
    article = segment(text)
    assert max(words(s.span.slice(text)) for s in article.sentences) <= MAX_SENTENCE_WORDS
    for max_words in (60, 25):
        summary = mujaz.summarize(text, max_words=max_words)
        assert 1 <= words(summary.text) <= max_words
        for unit in summary.units:
            assert unit.text == text[unit.span.start : unit.span.end]


@pytest.mark.parametrize("style", ["lead", "headline", "points", "outline"])
def test_bad_input_a_huge_run_without_spaces_gives_a_bounded_summary(style: str) -> None:
    """Issue 10 row 15: a 10 MB line with no spaces was a 10 MB "summary" (one "word")."""
    from mujaz.assembly import MAX_UNIT_CHARS

    text = "ب" * 2_000_000 + " نهاية الخبر هنا."
    summary = mujaz.summarize(text, style=style)
    for part in (summary.lead, summary.headline, *(p.text for p in summary.points)):
        assert len(part) <= MAX_UNIT_CHARS + 1
    assert len(summary.text) <= 8 * (MAX_UNIT_CHARS + 1)  # an outline joins a few bounded parts
    for unit in summary.units:
        assert unit.text == text[unit.span.start:unit.span.end]
