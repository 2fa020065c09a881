"""Compression: datelines, filler openers and trailing attribution tails."""

from __future__ import annotations

import pytest

import mujaz
from mujaz.compress import core_span, dateline_end, drop_tails, is_filler
from mujaz.segment import segment
from mujaz.types import Span


@pytest.mark.parametrize(
    "clause",
    ["في سياق متصل،", "وفي سياق متصل،", "ومن جانب آخر،", "من جهة أخرى،", "في خطوة تاريخية،",
     "فِي سِيَاقٍ مُتَّصِلٍ،", "وفي هذا السياق،", "في غضون ذلك،", "ومن جانبه،"],
)
def test_compress_fillers_are_recognized(clause: str) -> None:
    assert is_filler(clause)


@pytest.mark.parametrize(
    "clause",
    ["أعلن الرئيس الأمريكي دونالد ترامب،", "في العاصمة الرباط،", "في خطوة تهدف إلى خفض الأسعار،", "وقال الوزير،"],
)
def test_compress_content_is_not_a_filler(clause: str) -> None:
    assert not is_filler(clause)


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("الرباط - أعلن المجلس الجماعي عن مشروع جديد للمياه.", "أعلن المجلس"),
        ("دبي - سكاي نيوز عربية - قالت الشرطة إن الحادث وقع صباحا.", "قالت الشرطة"),
        ("القاهرة (رويترز) - ارتفعت أسعار الذهب في السوق المحلية اليوم.", "ارتفعت أسعار"),
        ("عمّان – أحرز النادي لقب الكأس بعد مباراة مثيرة.", "أحرز النادي"),
    ],
)
def test_compress_datelines_are_dropped(line: str, rest: str) -> None:
    end = dateline_end(line, Span(0, len(line)))
    assert line[end:].startswith(rest)


@pytest.mark.parametrize(
    "line",
    [
        "أعلن الرئيس الأمريكي أن المفاوضات ستستمر - وفق مصادر - حتى الأسبوع المقبل.",
        "سجلت الأسعار ارتفاعا بنسبة 3 - 4 في المائة خلال الشهر الماضي.",
        "الرباط - قصير.",
    ],
)
def test_compress_no_dateline_where_there_is_none(line: str) -> None:
    assert dateline_end(line, Span(0, len(line))) == 0


def test_compress_core_drops_dateline_and_filler_only_at_paragraph_start() -> None:
    text = "الرباط - في سياق متصل، أعلن المجلس الجماعي عن مشروع جديد لتجديد شبكة المياه. وقال الرئيس - وهو مهندس - إن الأشغال ستبدأ قريبا."
    article = segment(text)
    first = core_span(article, 0)
    assert first.slice(text).startswith("أعلن المجلس الجماعي")
    second = core_span(article, 1)
    assert second == article.sentences[1].span


def test_compress_drop_tails_cuts_attribution_from_the_end() -> None:
    text = ("تمكن قراصنة من اختراق خطوط الدفاع في عدة محطات للطاقة وتحكموا في عملها، "
            "وفقا لتقرير نشرته صحيفة أمريكية يوم الاثنين الماضي في نسختها الإلكترونية.")
    article = segment(text)
    core = core_span(article, 0)
    cut = drop_tails(article.text, article.sentences[0].clauses, core, budget=15, min_words=5)
    assert cut is not None
    assert cut.slice(text).rstrip("، ").endswith("وتحكموا في عملها")
    assert drop_tails(article.text, article.sentences[0].clauses, core, budget=5, min_words=5) is None


def test_compress_never_cuts_inside_a_quotation() -> None:
    text = ('قال الوزير: "سنواصل العمل، مشيرا إلى أن الطريق طويل، وفقا للخطة" في كلمة أمام البرلمان، '
            "مشيرا إلى أهمية الإصلاحات الاقتصادية المقبلة في البلاد.")
    article = segment(text)
    core = core_span(article, 0)
    cut = drop_tails(article.text, article.sentences[0].clauses, core, budget=18, min_words=5)
    assert cut is not None
    kept = cut.slice(text)
    assert kept.count('"') == 2  # the quotation is kept whole
    assert "أهمية الإصلاحات" not in kept


def test_compress_summary_of_a_datelined_article_skips_the_dateline() -> None:
    text = ("الرباط - أعلن المجلس الجماعي لمدينة الرباط يوم الثلاثاء عن إطلاق مشروع واسع لتجديد شبكة مياه الشرب.\n"
            "وأوضح بلاغ للمجلس أن الأشغال ستمتد على طول 11.64 كيلومترا من القنوات الرئيسية.")
    summary = mujaz.summarize(text, max_words=25)
    assert summary.text.startswith("أعلن المجلس الجماعي")
    assert summary.units[0].kind == "compressed"
    assert text[summary.units[0].span.start : summary.units[0].span.end] == summary.units[0].text


@pytest.mark.parametrize(
    ("prefix", "opening"),
    [
        ("دبي، الإمارات العربية المتحدة (CNN)-- ", True),
        ("(CNN)-- ", True),
        ("باريس (أ ف ب) - ", True),
        ("(رويترز) - ", False),
        ("دبي - سكاي نيوز عربية - ", True),
    ],
)
def test_compress_core_span_drops_outlet_datelines(prefix: str, opening: bool) -> None:
    story = "شارك الداعية السعودي عائض القرني في الهاشتاغات التي انتشرت على موقع تويتر."
    first = "أعلنت الحكومة خطة جديدة للنقل في المدن الكبرى." + "\n"
    text = ("" if opening else first) + prefix + story
    article = segment(text, detect_title=False)
    index = 0 if opening else 1
    core = core_span(article, index)
    assert core.slice(text) == story


def test_compress_dash_dateline_only_in_the_opening_paragraph() -> None:
    text = "أعلنت الحكومة خطة جديدة للنقل في المدن الكبرى.\nوترك الرعاة - كما قال الشهود - قراهم بعد الهجوم الأخير."
    article = segment(text, detect_title=False)
    assert core_span(article, 1) == article.sentences[1].span


def test_compress_dateline_before_a_short_quoted_sentence() -> None:
    text = 'دبي، الإمارات العربية المتحدة (CNN)-- "مأساة إنسانية محتملة". بهذه الكلمات وصف المسؤول الوضع في المدينة.'
    article = segment(text, detect_title=False)
    assert core_span(article, 0).slice(text) == '"مأساة إنسانية محتملة".'
