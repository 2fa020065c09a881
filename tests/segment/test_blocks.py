"""Tests for mujaz.segment.blocks: title, subheadings and paragraphs."""

from __future__ import annotations

import pytest

from mujaz.segment import segment
from mujaz.segment.blocks import MAX_HEADING_WORDS, MAX_TITLE_WORDS, looks_like_heading, split_blocks
from mujaz.types import BlockKind

P, H, T = BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TITLE

SEED_HEADINGS = [
    "ترامب وبوتين: جهود جديدة لتحقيق السلام في الشرق الأوسط",
    "تقدم ملحوظ في المحادثات بين ترامب وبوتين",
    "البيت الأبيض: المفاوضات هي الطريق لإنهاء الحرب",
]


def _kinds(text: str, **kwargs) -> list[BlockKind]:
    return [b.kind for b in split_blocks(text, **kwargs)]


def test_blocks_seed_structure(seed_text: str) -> None:
    blocks = split_blocks(seed_text)
    # The seed's first line is a full paragraph ending in a period: it is not a title.
    assert [b.kind for b in blocks] == [P, H, P, H, P, H, P]
    assert [b.section for b in blocks] == [0, 1, 1, 2, 2, 3, 3]
    assert [b.index for b in blocks] == list(range(7))
    assert [b.span.slice(seed_text) for b in blocks if b.kind is H] == SEED_HEADINGS
    assert blocks[0].span.slice(seed_text).startswith("في خطوة تاريخية،")


def test_blocks_seed_article_properties(seed_text: str) -> None:
    article = segment(seed_text)
    assert article.title is None
    assert [h.span.slice(seed_text) for h in article.headings] == SEED_HEADINGS
    assert len(article.paragraphs) == 4


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # title, paragraph
        ("عنوان الخبر الرئيسي\nنص الفقرة الأولى من الخبر.", [T, P]),
        # title, paragraph, heading, paragraph
        ("عنوان الخبر\nالفقرة الأولى هنا.\nعنوان فرعي\nالفقرة الثانية هنا.", [T, P, H, P]),
        # a single short line is the whole article, not a title
        ("خبر قصير بلا نقطة", [P]),
        # the last line is always a paragraph, even without final punctuation
        ("عنوان الخبر\nالفقرة الأولى.\nسطر قصير أخير", [T, P, P]),
        # a short line followed by another short line is not a heading
        ("عنوان\nسطر قصير\nسطر قصير آخر\nفقرة طويلة تنتهي بنقطة.", [T, P, H, P]),
        # a line ending with a colon introduces what follows: prose, not a heading
        ("عنوان الخبر\nوقال الوزير ما يلي:\nالفقرة التالية.", [T, P, P]),
        # a title with a colon inside (not at the end) is still a title
        ("البيت الأبيض: المفاوضات هي الطريق\nنص الخبر.", [T, P]),
        # blank lines and CRLF line ends are just separators
        ("\n\nعنوان الخبر\r\n\r\n  الفقرة الأولى.  \r\n\n", [T, P]),
        # Unicode line and paragraph separators
        ("عنوان الخبر\u2028الفقرة الأولى.\u2029عنوان فرعي\u2029الفقرة الثانية.", [T, P, H, P]),
    ],
)
def test_blocks_kinds(text: str, kinds: list[BlockKind]) -> None:
    assert _kinds(text) == kinds


def test_blocks_detect_title_off() -> None:
    text = "عنوان الخبر\nالفقرة الأولى هنا.\nعنوان فرعي\nالفقرة الثانية هنا."
    assert _kinds(text, detect_title=False) == [P, P, H, P]
    assert segment(text, detect_title=False).title is None


def test_blocks_sections_count_headings() -> None:
    text = "عنوان\nأولى.\nفرعي أول\nثانية.\nثالثة.\nفرعي ثان\nرابعة."
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == [T, P, H, P, P, H, P]
    assert [b.section for b in blocks] == [0, 0, 1, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("عنوان فرعي قصير", True),
        ("البيت الأبيض: المفاوضات هي الطريق", True),
        ("جملة تنتهي بنقطة.", False),
        ("هل هذا سؤال؟", False),
        ("قال الوزير:", False),
        ("جملة تنتهي بفاصلة،", False),
        ("قال «انتهى الأمر.»", False),
        ("2024", False),
        ("", False),
        (" ".join(["كلمة"] * MAX_HEADING_WORDS), True),
        (" ".join(["كلمة"] * (MAX_HEADING_WORDS + 1)), False),
    ],
)
def test_blocks_looks_like_heading(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_blocks_title_word_limit() -> None:
    long_title = " ".join(["كلمة"] * MAX_TITLE_WORDS)
    too_long = " ".join(["كلمة"] * (MAX_TITLE_WORDS + 1))
    assert _kinds(long_title + "\nنص الخبر.")[0] is T
    assert _kinds(too_long + "\nنص الخبر.")[0] is P


@pytest.mark.parametrize(
    "text",
    [
        "عنوان\n\n  فقرة أولى.  \n\t\nفرعي\nفقرة ثانية.\n",
        "\r\n\u2028 سطر \u2029\x85 آخر \n",
        "   ",
        "",
    ],
)
def test_blocks_spans_are_trimmed_ordered_and_cover_text(text: str) -> None:
    blocks = split_blocks(text)
    previous = 0
    for block in blocks:
        piece = block.span.slice(text)
        assert piece and piece == piece.strip()
        assert block.span.start >= previous
        assert not any(c in piece for c in "\r\n\u2028\u2029\x85")
        previous = block.span.end
    # Every non-blank character of the text lies in some block.
    assert "".join(text.split()) == "".join("".join(b.span.slice(text).split()) for b in blocks)


@pytest.mark.parametrize("mark", ["\u200f", "\u202c", "\u2069"])
def test_blocks_a_sentence_ending_in_an_invisible_mark_is_not_a_title(mark: str) -> None:
    text = f"\u200fقال الرئيس \u202aJoe Biden\u202c إن الاتفاق تاريخي.{mark}\nوأضاف أن المفاوضات استمرت طويلا."
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


_STORY = "قال الرئيس الفرنسي إن الحكومة ستقدم خطة جديدة للنقل في المدن الكبرى."


@pytest.mark.parametrize(
    "line",
    [
        "هذا المقال بقلم بشار جرار، والآراء الواردة أدناه تعبر عن رأي الكاتب، ولا تعكس بالضرورة وجهة نظر شبكة CNN.",
        "اقرأ أيضا: السعودية تنفي طرد السفير التركي",
        "فرانس24/ أ ف ب",
        "pic.twitter.com/AbCdEf123",
        "— Donald J. Trump (@realDonaldTrump) October 12, 2018",
    ],
)
def test_blocks_boilerplate_lines_yield_no_sentences(line: str) -> None:
    text = f"عنوان الخبر\n{_STORY}\n{line}\nوأضاف الرئيس أن الخطة ستبدأ العام المقبل في كل المدن."
    article = segment(text)
    kinds = [b.kind for b in article.blocks]
    assert kinds == [BlockKind.TITLE, BlockKind.PARAGRAPH, BlockKind.BOILERPLATE, BlockKind.PARAGRAPH]
    boilerplate = article.blocks[2]
    assert boilerplate.span.slice(text) == line  # spans stay exact
    assert all(s.block != boilerplate.index for s in article.sentences)
    assert len(article.sentences) == 2


def test_blocks_related_title_after_a_bare_read_also_is_boilerplate() -> None:
    text = f"{_STORY}\nاقرأ أيضاً:\nالسعودية تنفي طرد السفير التركي\n{_STORY}"
    kinds = [b.kind for b in split_blocks(text)]
    assert kinds == [BlockKind.PARAGRAPH, BlockKind.BOILERPLATE, BlockKind.BOILERPLATE, BlockKind.PARAGRAPH]


def test_blocks_a_heading_after_a_read_also_line_with_its_title_stays_a_heading() -> None:
    text = f"{_STORY}\nاقرأ أيضا: السعودية تنفي طرد السفير\nالخطة الجديدة\n{_STORY}"
    kinds = [b.kind for b in split_blocks(text)]
    assert kinds == [BlockKind.PARAGRAPH, BlockKind.BOILERPLATE, BlockKind.HEADING, BlockKind.PARAGRAPH]


def test_blocks_boilerplate_does_not_start_a_section() -> None:
    text = f"{_STORY}\nقد يعجبك\n{_STORY}"
    blocks = split_blocks(text)
    assert [b.section for b in blocks] == [0, 0, 0]


def test_blocks_a_text_of_only_boilerplate_is_kept_as_story() -> None:
    text = "اقرأ أيضا: السعودية تنفي طرد السفير التركي"
    article = segment(text)
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH] and len(article.sentences) == 1


def test_blocks_a_paragraph_with_an_embed_link_is_story() -> None:
    line = "شاركت الممثلة صورة جديدة على حسابها في أنستغرام وتفاعل معها المتابعون pic.twitter.com/AbCdEf"
    kinds = [b.kind for b in split_blocks(f"{line}\n{_STORY}", detect_title=False)]
    assert kinds == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
