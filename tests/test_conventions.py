"""Tests for mujaz.conventions: datelines, boilerplate lines and hashtags as outlet conventions."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujaz.conventions import (BOILERPLATE_KINDS, CONVENTIONS_FILE, Conventions, boilerplate_kind, dateline_end,
                               hashtag_rewrites, shipped_conventions)
from mujaz.errors import DataError
from mujaz.types import Rewrite, RewriteKind, Span, SummaryUnit, UnitKind

STORY = "قال الرئيس الفرنسي إن الحكومة ستقدم خطة جديدة للنقل"


@pytest.mark.parametrize(
    "prefix",
    [
        "دبي، الإمارات العربية المتحدة (CNN)-- ",
        "دبي، الإمارات العربية المتحدة (CNN) -- ",
        "أتلانتا، الولايات المتحدة الأمريكية (CNN)—",
        "لندن، المملكة المتحدة (CNN) – ",
        "لندن، المملكة المتحدة، (CNN)-- ",
        "دبي، الإمارات العربية المتحدة --(CNN) ",
        "أتلانتا، الولايات المتحدة الأمريكية (CNN) ",
        "(CNN)-- ",
        "(CNN) -- ",
        "باريس (أ ف ب) - ",
        "باريس (أ.ف.ب) - ",
        "(رويترز) - ",
        "(رويترز) ",
        "القاهرة (د ب أ): ",
        "بيروت (أ ف ب/رويترز) - ",
        "الرباط - ",
        "القاهرة - رويترز - ",
        "دبي - سكاي نيوز عربية ",
        "دبي - سكاي نيوز عربية - ",
        "عمّان - بترا - ",
        # an outlet the data does not have, in a common form
        "نيروبي، كينيا (NTV)-- ",
    ],
)
def test_conventions_dateline_forms_are_dropped(prefix: str) -> None:
    text = prefix + STORY
    assert text[dateline_end(text, Span(0, len(text))) :] == STORY


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        "وجهت هيئة الإذاعة البريطانية (بي بي سي) انتقادات إلى الحكومة بسبب القانون الجديد",
        "وقالت وكالة الأنباء الرسمية (سانا) إن الجيش سيطر على المدينة بالكامل",
        "وقال نتنياهو - في كلمة متلفزة - إن الحكومة لن تتراجع عن قرارها",
        "عمالات كازا (1882 إصابة فالمجموع): سجلت المدينة أكبر عدد من الحالات",
        "قال الرئيس (وهو غاضب) إن الأمر انتهى تماما",
        "الرباط - المغرب",  # a dateline needs a story after it
        "نائب رئيس الجمهورية - وهو المنصب الثاني - قال إن الحكومة مستقيلة",
    ],
)
def test_conventions_prose_is_no_dateline(text: str) -> None:
    assert dateline_end(text, Span(0, len(text))) == 0


def test_conventions_dash_form_only_opens_a_story() -> None:
    text = "الرباط - " + STORY
    assert dateline_end(text, Span(0, len(text)), opening=False) == 0
    tagged = "(رويترز) - " + STORY
    assert tagged[dateline_end(tagged, Span(0, len(tagged)), opening=False) :] == STORY


def test_conventions_dateline_inside_a_span() -> None:
    text = "عنوان الخبر\nدبي، الإمارات العربية المتحدة (CNN)-- " + STORY
    span = Span(text.index("دبي"), len(text))
    assert text[dateline_end(text, span) :] == STORY


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("هذا المقال بقلم کاملیا انتخابی فرد، والآراء الواردة أدناه تعبر عن رأي الكاتبة، ولا تعكس بالضرورة وجهة نظر شبكة CNN.",
         "opinion_disclaimer"),
        ("هذه التدوينة كتبتها شامة مشتالي، وهي فنانة مغربية.", "opinion_disclaimer"),
        ("اقرأ أيضاً", "read_also"),
        ("إقرأ أيضا: تزامنا مع اختفاء خاشقجي.. السبهان: نتعرض لحملة", "read_also"),
        ("اقرأ المزيد - العراق: انتخابات وانقسامات", "read_also"),
        ("للمزيد: ما سر التغيرات العسكرية في السعودية؟", "read_also"),
        ("قد يعجبك", "read_also"),
        ("فرانس24/ أ ف ب", "caption"),
        ("فرانس 24/ أ ف ب/رويترز", "caption"),
        ("مصدر الصورة: Getty Images", "caption"),
        ("الصورة: أرشيفية", "caption"),
        ("pic.twitter.com/AbCdEf123", "social_embed"),
        ("A post shared by Saad Lamjarred (@saadlamjarred1) on", "social_embed"),
        ("— Donald J. Trump (@realDonaldTrump) October 12, 2018", "social_embed"),
        ("https://www.europasur.es/gibraltar/cuerpo-sin-vida.html", "social_embed"),
    ],
)
def test_conventions_boilerplate_kinds(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        STORY + ".",
        "الصورة المنشورة، مساء الثلاثاء، علق عليها مدير مكتب الاتصال الحكومي القطري.",
        "صورة جديدة نشرها الشيخ سيف بن أحمد آل ثاني يظهر فيها الأمير الوالد.",
        "— قال الصندوق المغربي للتقاعد في بيان له إن عملية صرف المعاشات ستبدأ.",
        "وقال الكاتب إن الآراء الواردة في الكتاب لا تمثل الحكومة " + "وأضاف أن الحكومة ستقدم خطة جديدة " * 8,
        "- تعهد الولايات المتحدة وكوريا الشمالية بإقامة علاقات جديدة بينهما.",
        "اقرأ الرسالة التي بعث بها الرئيس إلى البرلمان أمس.",
        "شاركت الممثلة صورة جديدة على حسابها وتفاعل معها المتابعون pic.twitter.com/AbCdEf",
    ],
)
def test_conventions_story_lines_are_no_boilerplate(line: str) -> None:
    assert boilerplate_kind(line) is None


def test_conventions_bare_read_also_label() -> None:
    conventions = shipped_conventions()
    assert conventions.is_bare_read_also("اقرأ أيضاً:")
    assert not conventions.is_bare_read_also("اقرأ أيضا: السعودية تنفي طرد السفير")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("أصدر #الرئيس_اليمني قرارا", ["الرئيس اليمني"]),
        ("حملة #MeToo ضد التحرش", ["MeToo"]),
        ("حركة #أنا-أيضا على مواقع التواصل", ["أنا أيضا"]),
        ("يا عشاق #فورمولا1 انظروا", ["فورمولا1"]),
        ("هاشتاغ \"#الوطن_غالي\" و#كلنا_معا", ["الوطن غالي", "كلنا معا"]),
        ("لا وسم هنا # ولا هنا", []),
    ],
)
def test_conventions_hashtags_are_written_as_words(text: str, words: list[str]) -> None:
    rewrites = hashtag_rewrites(text, Span(0, len(text)))
    assert [r.text for r in rewrites] == words
    assert all(r.kind is RewriteKind.HASHTAG and r.origin == r.span and text[r.span.start] == "#" for r in rewrites)


def test_conventions_hashtag_rewrites_only_inside_the_span() -> None:
    text = "#أول ثم #ثاني ثم #ثالث"
    inner = Span(text.index("ثم"), text.rindex("ثم"))
    assert [r.text for r in hashtag_rewrites(text, inner)] == ["ثاني"]


_ALPHABET = st.sampled_from(list("ابتثجحخدرزسشصضطظعغفقكلمنهويةى _-#،.") + ["\u064e", "\u0640", "a", "1"])


@given(st.text(_ALPHABET, max_size=60))
def test_conventions_hashtag_rewrites_render_without_hashes(text: str) -> None:
    span = Span(0, len(text))
    rewrites = hashtag_rewrites(text, span)
    unit = SummaryUnit(span, text, 0, UnitKind.SENTENCE, 0.0, rewrites)  # validates order and bounds
    for rewrite in rewrites:
        assert "#" not in rewrite.text and "_" not in rewrite.text
        assert rewrite.text.strip() and rewrite.span.start >= 0 and rewrite.span.end <= len(text)
    if rewrites:
        assert unit.rendered.count("#") == text.count("#") - len(rewrites)


@given(st.text(st.sampled_from(list("دبي، (CNN)-- أفب رويترز قال الرئيس")), max_size=80))
def test_conventions_dateline_end_stays_in_the_span(text: str) -> None:
    end = dateline_end(text, Span(0, len(text)))
    assert 0 <= end <= len(text)
    if end:
        assert len(text[end:].split()) >= 4


def test_conventions_shipped_file_has_every_kind_and_compiles() -> None:
    data = json.loads(resources.files("mujaz").joinpath(CONVENTIONS_FILE).read_text(encoding="utf-8"))
    assert data["version"] == "conventions.v1"
    assert set(data["conventions"]["boilerplate"]) == set(BOILERPLATE_KINDS)
    assert shipped_conventions() is shipped_conventions()  # compiled once per process


@pytest.mark.parametrize("broken", ["sources", "boilerplate", "max_place_words"])
def test_conventions_malformed_data_is_a_data_error(broken: str) -> None:
    data = json.loads(resources.files("mujaz").joinpath(CONVENTIONS_FILE).read_text(encoding="utf-8"))["conventions"]
    del data[broken]
    with pytest.raises(DataError, match="malformed conventions"):
        Conventions.from_dict(data)


def test_conventions_bad_pattern_is_a_data_error() -> None:
    data = json.loads(resources.files("mujaz").joinpath(CONVENTIONS_FILE).read_text(encoding="utf-8"))["conventions"]
    data["boilerplate"]["caption"] = ["(unclosed"]
    with pytest.raises(DataError):
        Conventions.from_dict(data)


def test_conventions_rewrite_is_a_documented_change() -> None:
    text = "#الرئيس_اليمني"
    (rewrite,) = hashtag_rewrites(text, Span(0, len(text)))
    assert rewrite == Rewrite(RewriteKind.HASHTAG, Span(0, len(text)), "الرئيس اليمني", Span(0, len(text)))
