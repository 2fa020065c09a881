"""Tests for mujaz.io.html: charset handling, HTML sniffing and article extraction."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mujaz
from mujaz import ConfigError, InputError, MissingDependencyError
from mujaz.io.html import ExtractedArticle, decode_html, extract_article, html_charset, looks_like_html
from mujaz.segment import segment
from mujaz.types import BlockKind
from tests._batch_support import HTML_FIXTURES, SAMPLES
from tests._support import assert_summary_valid

pytest.importorskip("trafilatura", reason="HTML extraction needs the 'html' extra")

# What each fixture page must give, and what it must not: navigation, ads, captions,
# "related stories", sidebars, footers.
EXPECTED = {
    "news-utf8-rtl.html": {
        "title": "افتتاح أول خط للقطار الكهربائي بين الواحة والساحل",
        "date": "2025-03-12",
        "url": "https://news.example.org/ar/economy/2025/03/12/electric-train",
        "headings": ("تذاكر بأسعار مدعومة", "مخاوف بشأن الصيانة"),
        "paragraphs": 6,
        "has": ["بطول 185 كيلومترا", "ليلى منصور", "الشركة المشغلة"],
        "lacks": ["الرئيسية", "إعلان", "مسافرون يصعدون", "مواضيع ذات صلة", "ميناء الساحل", "اقرأ أيضا",
                  "الأكثر قراءة", "جميع الحقوق", "التعليقات", "عاجل", "gtag", "فيسبوك", "قطارات"],
    },
    "news-cp1256-meta.html": {
        "title": "أمطار غزيرة تغلق طرقا في المناطق الشمالية",
        "date": "2019-11-05",
        "url": None,
        "headings": ("تعليق الدراسة يومين",),
        "paragraphs": 5,
        "has": ["140 أسرة", "1200 متر"],
        "lacks": ["الأرشيف", "استطلاع", "أخبار ذات صلة", "مخزون السدود", "نشر بتاريخ", "جميع الحقوق", "pageId"],
    },
    "news-no-charset.html": {
        "title": "مكتبة رقمية تتيح مئة ألف مخطوطة للقراء مجانا",
        "date": "2024-06-18",
        "url": None,
        "headings": ("بحث بالنص الكامل", "إقبال من الباحثين"),
        "paragraphs": 5,
        "has": ["92 في المئة", "يوسف القاسمي"],
        "lacks": ["فيديو: جولة", "متحف المخطوطات", "الأكثر مشاهدة", "شارك:", "النشرة البريدية", "__STATE__",
                  "المدينة - خاص", "معرض الكتاب"],
    },
    "news-cp1256-no-charset.html": {
        "title": "ارتفاع صادرات التمور بنسبة 18 في المئة",
        "date": None,
        "url": None,
        "headings": (),
        "paragraphs": 3,
        "has": ["96 ألف طن", "وحدات التبريد"],
        "lacks": ["الرئيسية", "حقوق النشر"],
    },
    "news-table-layout.html": {
        "title": "افتتاح سوق أسبوعية للمنتجات الحرفية",
        "date": "2021-09-14",
        "url": None,
        "headings": (),
        "paragraphs": 3,
        "has": ["120 حرفيا", "المدينة القديمة"],
        "lacks": ["اتصل بنا", "وكالة الجنوب", "2021/09/14", "جميع الحقوق"],
    },
}


def _fixture(name: str) -> bytes:
    return (HTML_FIXTURES / name).read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_extract_fixture_keeps_the_story(name: str) -> None:
    expected = EXPECTED[name]
    article = extract_article(_fixture(name))
    assert isinstance(article, ExtractedArticle)
    assert article.input_format == "html"
    assert article.title == expected["title"]
    assert article.date == expected["date"]
    assert article.url == expected["url"]
    assert article.headings == expected["headings"]
    for phrase in expected["has"]:
        assert phrase in article.text
    for phrase in expected["lacks"]:
        assert phrase not in article.text, phrase


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_extract_text_is_mujaz_input_format(name: str) -> None:
    """Title line first, subheadings as their own short lines, which the segmenter reads as such."""
    expected = EXPECTED[name]
    article = extract_article(_fixture(name))
    lines = article.text.split("\n")
    assert lines[0] == expected["title"]
    assert all(line == line.strip() and line for line in lines)
    parsed = segment(article.text)
    assert parsed.title is not None and parsed.title.span.slice(article.text) == expected["title"]
    assert tuple(b.span.slice(article.text) for b in parsed.headings) == expected["headings"]
    assert len(parsed.paragraphs) == expected["paragraphs"]
    assert [b.kind for b in parsed.blocks].count(BlockKind.TITLE) == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_extract_summary_offsets_index_the_extracted_text(name: str) -> None:
    article = extract_article(_fixture(name))
    summary = mujaz.summarize(article.text, max_words=40)
    assert_summary_valid(summary, article.text, max_words=40)


@pytest.mark.parametrize(
    ("name", "charset"),
    [
        ("news-utf8-rtl.html", "utf-8"),
        ("news-cp1256-meta.html", "cp1256"),
        ("news-no-charset.html", None),
        ("news-cp1256-no-charset.html", None),
        ("news-table-layout.html", "utf-8"),
    ],
)
def test_html_charset_reads_the_meta_tag(name: str, charset: str | None) -> None:
    assert html_charset(_fixture(name)) == charset


@pytest.mark.parametrize("name", ["news-cp1256-meta.html", "news-cp1256-no-charset.html", "news-no-charset.html"])
def test_html_decode_gives_arabic_without_replacement_characters(name: str) -> None:
    text = decode_html(_fixture(name))
    assert "\ufffd" not in text
    assert EXPECTED[name]["title"] in text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + '<meta charset="windows-1256"><p>نص</p>'.encode(), "<p>نص</p>"),
        ('<meta charset="ISO-8859-1"><p>نص عربي</p>'.encode(), "<p>نص عربي</p>"),  # a lying latin-1 label
        ('<meta charset="utf-8"><p>نص عربي</p>'.encode("cp1256"), "<p>نص عربي</p>"),  # a lying utf-8 label
        ('<meta charset="no-such-codec"><p>نص</p>'.encode(), "<p>نص</p>"),
        ('<?xml version="1.0" encoding="windows-1256"?><html><p>نص</p></html>'.encode("cp1256"), "<p>نص</p>"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=utf-16"><p>نص</p>'.encode(), "<p>نص</p>"),
    ],
)
def test_html_decode_handles_labels_and_lies(data: bytes, expected: str) -> None:
    assert expected in decode_html(data)


def test_html_decode_latin1_page_stays_latin1() -> None:
    data = '<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1")
    assert "café" in decode_html(data)


def test_html_decode_refuses_binary() -> None:
    with pytest.raises(InputError, match="PNG"):
        decode_html(b"\x89PNG\r\n\x1a\n" + bytes(200), source="x.png")


@pytest.mark.parametrize(
    "data",
    [
        "<!DOCTYPE html><html><body><p>نص</p></body></html>",
        "\ufeff  <html lang='ar'>",
        "<?xml version='1.0'?>\n<!-- saved --><html>",
        "<div class='story'><p>نص</p></div>",
        "\n\n<meta charset=utf-8><title>عنوان</title>",
        "رأس الصفحة\n<html><body>نص</body></html>",
        b"<!doctype html><p>\xd9\x86\xd8\xb5</p>",
        codecs.BOM_UTF16_LE + "<html><body>نص</body></html>".encode("utf-16-le"),
    ],
)
def test_html_looks_like_html_true(data: str | bytes) -> None:
    assert looks_like_html(data)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "عنوان الخبر\nفقرة أولى من الخبر.",
        "مقال عن الوسوم: نكتب <b> للخط العريض في الصفحات.",
        "a < b and c > d",
        "x" * 10_000 + "<html>",
        b"\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86",
    ],
)
def test_html_looks_like_html_false(data: str | bytes) -> None:
    assert not looks_like_html(data)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_html_samples_are_not_html(path: Path) -> None:
    assert not looks_like_html(path.read_bytes())


def _page(*body: str, head: str = "") -> str:
    return f"<html dir='rtl'><head><meta charset='utf-8'>{head}</head><body><article>{''.join(body)}</article></body></html>"


PROSE = ("<p>أعلنت وزارة الصحة يوم الاثنين عن حملة وطنية للتلقيح تستمر ثلاثة أسابيع وتشمل جميع المدارس "
         "الابتدائية في البلاد، بمشاركة أكثر من ألفي ممرض وممرضة.</p>"
         "<p>وقال المتحدث باسم الوزارة إن الحملة مجانية وإن الأهالي سيتلقون رسائل نصية بمواعيد التلقيح "
         "الخاصة بأبنائهم قبل أسبوع من بدايتها.</p>")


def test_html_extract_drops_read_also_but_keeps_prose_starting_with_the_same_words() -> None:
    page = _page(
        "<h1>حملة وطنية للتلقيح في المدارس</h1>", PROSE,
        "<p>اقرأ أيضا: وزارة الصحة تطلق تطبيقا جديدا</p>",
        "<p>نشر الجيش وحدات طبية في القرى النائية لدعم الحملة.</p>",
        "<p>تاريخ النشر: 2024-01-02</p>",
        head="<title>حملة وطنية للتلقيح في المدارس</title>",
    )
    article = extract_article(page)
    assert "اقرأ أيضا" not in article.text
    assert "تاريخ النشر" not in article.text
    assert "نشر الجيش وحدات طبية" in article.text


def test_html_extract_heading_loses_final_punctuation() -> None:
    page = _page("<h1>حملة وطنية للتلقيح</h1>", PROSE[: PROSE.index("</p>") + 4], "<h2>ما الذي تغير؟</h2>",
                 PROSE[PROSE.index("</p>") + 4 :], head="<title>حملة وطنية للتلقيح</title>")
    article = extract_article(page)
    assert article.headings == ("ما الذي تغير",)
    assert "\nما الذي تغير\n" in article.text


def test_html_extract_uses_the_given_url_when_the_page_names_none() -> None:
    article = extract_article(_fixture("news-no-charset.html"), url="https://example.org/a/1")
    assert article.url == "https://example.org/a/1"


def test_html_extract_accepts_str() -> None:
    text = _fixture("news-utf8-rtl.html").decode("utf-8")
    assert extract_article(text) == extract_article(_fixture("news-utf8-rtl.html"))


@pytest.mark.parametrize(
    "page",
    [
        _fixture("section-index.html"),
        b"",
        "   ",
        "<html><body><nav><a href='/'>\u0627\u0644\u0631\u0626\u064a\u0633\u064a\u0629</a></nav></body></html>",
    ],
    ids=["section-index", "empty-bytes", "blank", "menu-only"],
)
def test_html_extract_no_article_raises(page: str | bytes) -> None:
    with pytest.raises(InputError):
        extract_article(page)


def test_html_extract_rejects_other_types() -> None:
    with pytest.raises(InputError, match="str or bytes"):
        extract_article(123)  # type: ignore[arg-type]


def test_html_extract_without_trafilatura_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingDependencyError, match=r"mujaz\[html\]"):
        extract_article(_fixture("news-utf8-rtl.html"))


def test_html_extracted_article_to_dict() -> None:
    data = extract_article(_fixture("news-utf8-rtl.html")).to_dict()
    assert data["headings"] == list(EXPECTED["news-utf8-rtl.html"]["headings"])
    assert set(data) == {"text", "title", "date", "url", "headings", "input_format"}


# --- read_article ----------------------------------------------------------------------


def test_html_read_article_detects_html_file() -> None:
    article = mujaz.read_article(HTML_FIXTURES / "news-cp1256-meta.html")
    assert article.input_format == "html"
    assert article.title == EXPECTED["news-cp1256-meta.html"]["title"]


def test_html_read_article_text_file() -> None:
    article = mujaz.read_article(SAMPLES[2])
    assert article.input_format == "text"
    assert article.text == SAMPLES[2].read_text(encoding="utf-8")
    assert article.title == "تدشين محطة للطاقة الشمسية بقدرة 120 ميغاواط جنوب تونس"
    assert article.headings == ("قدرة إنتاجية تغطي حاجيات آلاف الأسر", "فرص عمل وتحديات التخزين")


def test_html_read_article_bytes_and_stream() -> None:
    data = _fixture("news-no-charset.html")
    from_bytes = mujaz.read_article(data)
    from_stream = mujaz.read_article("-", stream=io.BytesIO(data))
    assert from_bytes == from_stream
    assert from_bytes.title == EXPECTED["news-no-charset.html"]["title"]


def test_html_read_article_forced_text_keeps_markup() -> None:
    article = mujaz.read_article(HTML_FIXTURES / "news-utf8-rtl.html", input_format="text")
    assert article.input_format == "text"
    assert "<html" in article.text


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("/no/such/page.html", InputError),
        (HTML_FIXTURES, InputError),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), InputError),
    ],
)
def test_html_read_article_bad_sources(source: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        mujaz.read_article(source)  # type: ignore[arg-type]


def test_html_read_article_unknown_format() -> None:
    with pytest.raises(ConfigError, match="auto, text, html"):
        mujaz.read_article(SAMPLES[0], input_format="pdf")


# --- properties --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_html_decode_and_sniff_never_crash(data: bytes) -> None:
    assert isinstance(looks_like_html(data), bool)
    try:
        text = decode_html(data)
    except InputError:
        return
    assert isinstance(text, str) and "\x00" not in text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ،.؟\n<>/=\"'"), max_size=400))
def test_html_charset_of_any_utf8_text_is_a_codec_or_none(text: str) -> None:
    charset = html_charset(text.encode("utf-8"))
    assert charset is None or codecs.lookup(charset)


# --- hostile pages: sniffing in linear time, bounded size and work ------------------------

from mujaz.io import html as html_module  # noqa: E402


@pytest.mark.timeout(20, method="thread")  # the old pattern took hours here: fail loudly
@pytest.mark.parametrize(
    "prolog",
    ["<!--a-->" * 2000, "<!--" * 2000, "<!--a-->\n" * 500 + "<!--", "<!-- <!-- -->" * 1000,
     "<?xml version='1.0'?>" + "<!---->" * 3000],
    ids=["closed comments", "unclosed openers", "one unclosed at the end", "nested openers", "empty comments"],
)
def test_html_sniffing_is_linear_in_comments(prolog: str) -> None:
    import time

    began = time.perf_counter()
    for tail in ("<html><body>نص</body></html>", "\nعنوان الخبر\nفقرة من الخبر."):
        looks_like_html(prolog + tail)
        looks_like_html((prolog + tail).encode("utf-8"))
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    ("data", "expected"),
    [("<!--a-->" * 30 + "<p>نص</p>", True), ("<!--a-->" * 30 + "عنوان\nنص", False),
     ("\ufeff  <!-- x -->\n<!--y--><div>", True), ("<!-- never closed <p>", False)],
)
def test_html_sniffing_after_comments(data: str, expected: bool) -> None:
    assert looks_like_html(data) is expected


@pytest.mark.timeout(30, method="thread")
def test_html_heading_of_punctuation_runs_is_fast() -> None:
    import time

    body = "".join(f"<p>{line}</p>" for line in load_seed_lines())
    for run in ("، " * 50_000, "." * 100_000, " - " * 30_000, "؟!" * 50_000):
        page = f"<html><head><title>{run}عنوان</title></head><body><article><h2>{run}ب</h2>{body}</article></body></html>"
        began = time.perf_counter()
        article = extract_article(page)
        assert time.perf_counter() - began < 5
        assert article.text


def load_seed_lines() -> list[str]:
    from tests._support import load_seed

    return [line for line in load_seed().splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("عنوان، ، ، ", "عنوان"), ("عنوان . ! ؟ …", "عنوان"), ("، ، ،", ""), ("عنوان (1)", "عنوان (1)"),
     ("a –— b —", "a –— b")],
)
def test_html_strip_trailing_punctuation(text: str, expected: str) -> None:
    assert html_module._strip_trailing(text) == expected


def test_html_page_over_the_byte_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "MAX_HTML_BYTES", 10_000)
    page = "<html><body><p>" + "ب" * 10_001 + "</p></body></html>"
    with pytest.raises(InputError, match="limit for a web page is 10,000"):
        extract_article(page)
    with pytest.raises(InputError, match="bytes; the limit for a web page is 10,000"):
        extract_article(page.encode("utf-8"))


def test_html_page_with_too_many_elements_is_refused_quickly() -> None:
    import time

    article = "".join(f"<p>{line}</p>" for line in load_seed_lines())
    page = f"<html><body><article>{article}</article>" + "<div><a href='/x'>رابط</a></div>" * 20_000 + "</body></html>"
    began = time.perf_counter()
    with pytest.raises(InputError, match="over 20,000 elements"):
        extract_article(page)
    assert time.perf_counter() - began < 0.5
    # under the limit, the same page is read
    small = f"<html><body><article>{article}</article>" + "<div><a href='/x'>رابط</a></div>" * 100 + "</body></html>"
    assert extract_article(small).text


def test_html_script_heavy_page_under_the_limits_is_read() -> None:
    article = "".join(f"<p>{line}</p>" for line in load_seed_lines())
    script = "<script>var data = '" + "a<b " * 1_000_000 + "';</script>"  # 4 MB, "<" everywhere
    page = f"<html><head>{script}</head><body><article>{article}</article></body></html>"
    assert "ترامب" in extract_article(page).text


@pytest.mark.timeout(60, method="thread")
@pytest.mark.parametrize("tag", ["div", "b", "span"])
def test_html_deep_nesting_is_an_input_error_or_an_article(tag: str) -> None:
    article = "".join(f"<p>{line}</p>" for line in load_seed_lines())
    page = "<html><body>" + f"<{tag}>" * 15_000 + article + f"</{tag}>" * 15_000 + "</body></html>"
    # lxml stops nesting at its depth limit, and what is past it may be lost: the page gives
    # an article or an InputError, in bounded time, and never a RecursionError.
    try:
        extracted = extract_article(page)
    except InputError:
        return
    assert extracted.text


def test_html_a_broken_trafilatura_install_names_the_real_error(monkeypatch) -> None:
    """Issue 9: with lxml's html.clean gone, HTML input said "trafilatura is required"."""
    import builtins

    from mujaz.errors import MissingDependencyError
    from mujaz.io import html

    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "trafilatura":
            raise ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(MissingDependencyError) as info:
        html._import_trafilatura()
    assert "lxml_html_clean" in str(info.value) and "installed but cannot be imported" in str(info.value)
    assert isinstance(info.value.__cause__, ImportError), "the real ImportError is chained (--debug shows it)"
