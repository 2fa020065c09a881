"""Tests for mujaz.headline.syntax: headline syntax as documented rewrites."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mujaz.assembly import headline_text, join_units
from mujaz.errors import DataError
from mujaz.features import shipped_stopwords, word_tokens
from mujaz.headline.cut import cut_headline
from mujaz.headline.model import HeadlineModel
from mujaz.headline.syntax import (REPORTING_VERBS, VerbTable, carries_pronoun, headline_rewrites, opens_phrase,
                                   sentence_frame, shipped_verbs, time_words)
from mujaz.normalize import normalize
from mujaz.segment import segment
from mujaz.types import RewriteKind, SummaryUnit, UnitKind
from tests._support import load_seed

STOP = shipped_stopwords()


def _analyse(sentence: str):
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    raw = [sentence[a:b] for a, b in words]
    tokens = word_tokens(sentence)
    return words, raw, tokens


def _render(sentence: str, table: VerbTable | None = None) -> str:
    """The whole sentence as a headline, with its frame and drops applied."""
    words, raw, tokens = _analyse(sentence)
    table = table or shipped_verbs()
    dropped = time_words(raw, tokens, STOP, perfects=table.perfects)
    frame = sentence_frame(raw, tokens, 0, dropped, table, STOP)
    rewrites = headline_rewrites(sentence, words, 0, len(words) - 1, dropped, frame)
    unit = SummaryUnit(Span_(0, len(sentence)), sentence, 0, UnitKind.SENTENCE, 0.0, rewrites)
    return " ".join(unit.rendered.split())


def Span_(a: int, b: int):  # noqa: N802 - a local alias keeps the calls short
    from mujaz.types import Span

    return Span(a, b)


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # Speaker: claim (the reporting verb and أن become a colon; the time adjunct goes)
        ("قال رئيس المفوضية موسى فكي، الجمعة، إن تصريحات ترامب مسيئة لإفريقيا",
         "رئيس المفوضية موسى فكي: تصريحات ترامب مسيئة لإفريقيا"),
        ("أكدت وزارة الخارجية في بيان أن الحوار هو الحل الوحيد للأزمة",
         "وزارة الخارجية: الحوار هو الحل الوحيد للأزمة"),
        ("أعلن الرئيس الأمريكي دونالد ترامب أن الرئيس الروسي هنأه على الاتفاق",
         "الرئيس الأمريكي دونالد ترامب: الرئيس الروسي هنأه على الاتفاق"),
        # subject first, verb in the present (a time adjunct marks the subject's end)
        ("أعلنت السلطات الأردنية الأربعاء أنها أبعدت خمسة آلاف عامل وافد",
         "السلطات الأردنية تعلن أنها أبعدت خمسة آلاف عامل وافد"),
        ("اتهم الحشد الشعبي العراقي، الاثنين، التحالف الدولي بشن غارة",
         "الحشد الشعبي العراقي يتهم التحالف الدولي بشن غارة"),
        ("رفض البرلمان مساء الخميس مشروع القانون الجديد بأغلبية كبيرة",
         "البرلمان يرفض مشروع القانون الجديد بأغلبية كبيرة"),
        # only a time adjunct dropped
        ("تأهل فريقا برشلونة وبايرن ميونيخ الأربعاء إلى ربع النهائي",
         "تأهل فريقا برشلونة وبايرن ميونيخ إلى ربع النهائي"),
        ("أعلن المجلس الجماعي لمدينة الرباط، يوم الثلاثاء، عن إطلاق مشروع واسع",
         "أعلن المجلس الجماعي لمدينة الرباط عن إطلاق مشروع واسع"),
        ("أكد الرئيس الأربعاء أن الاجتماع سيعقد الخميس في الرباط",
         "الرئيس: الاجتماع سيعقد الخميس في الرباط"),  # the day of the claim stays
    ],
)
def test_syntax_rewrites_into_headline_syntax(sentence: str, headline: str) -> None:
    assert _render(sentence) == headline


@pytest.mark.parametrize(
    "sentence",
    [
        # a denial is not a statement of its claim: no colon, and no tense without a time marker
        "نفى المتحدث باسم الحكومة أن يكون الوزير قد استقال من منصبه",
        "زعم المتحدث باسم الجماعة أن الهجوم أوقع عشرات القتلى",
        # the subject of أنه is a pronoun: "X: ه..." is no headline
        "قال الوزير إنه سيستقيل إذا لم يقر البرلمان الموازنة الجديدة",
        # a passive perfect (قُتل) is never made an active present
        "قتل عشرة أشخاص الأحد في انفجار سيارة مفخخة وسط المدينة",
        # a plural subject would need a plural present verb
        "طالب المتظاهرون الجمعة باستقالة الحكومة ومحاسبة الفاسدين",
        # a coordinated subject
        "أعلن الرئيس ورئيس الوزراء الخميس عن خطة جديدة للاقتصاد",
        # the object stands before the time adjunct: it must not move with the subject
        "أحرز نادي الشروق لقب كأس المشرق للأندية، مساء الجمعة، بعد فوزه على الاتحاد",
        "أحرز الفريق اللقب الأحد بعد فوزه على منافسه",
        # a passive (with its damma) has no agent to put first
        "دُشّنت محطة الطاقة الشمسية الأحد في ولاية قبلي جنوب تونس",
        # no verb the headlines confirm
        "استيقظ السكان على أصوات انفجارات قوية هزت المدينة",
    ],
)
def test_syntax_leaves_a_sentence_it_cannot_safely_rewrite(sentence: str) -> None:
    words, raw, tokens = _analyse(sentence)
    dropped = time_words(raw, tokens, STOP, perfects=shipped_verbs().perfects)
    frame = sentence_frame(raw, tokens, 0, dropped, shipped_verbs(), STOP)
    assert frame is None
    rendered = _render(sentence)
    # whatever is dropped is a time adjunct; every other word stays, in order
    kept = [w for w, d in zip(raw, dropped) if not d]
    assert rendered.replace("،", "").split() == [w.rstrip("،") for w in kept if w.rstrip("،")]


@pytest.mark.parametrize(
    ("sentence", "dropped"),
    [
        ("أعلنت الحكومة الأربعاء خطة جديدة", ["الأربعاء"]),
        ("أعلنت الحكومة، اليوم الأحد، خطة جديدة", ["اليوم", "الأحد،"]),
        ("أعلنت الحكومة مساء الخميس الماضي خطة جديدة", ["مساء", "الخميس", "الماضي"]),
        ("أعلنت الحكومة، أمس، خطة جديدة", ["أمس،"]),
        # a weekday that is a fact, not an adjunct
        ("أجلت الحكومة الاجتماع إلى الخميس المقبل بسبب السفر", []),
        ("يبدأ المهرجان يوم الجمعة في الرباط", []),  # an imperfect: the day is the news
        ("أعلنت الحكومة أن الاجتماع سيعقد الخميس", []),  # after أن, the day is the claim's
        ("وصل الوفد الخميس 12 مايو إلى الرباط", []),
        ("الجمعة يوم عطلة رسمية في البلاد", []),
        ("منذ الأحد والمدينة بلا كهرباء", []),
    ],
)
def test_syntax_time_words(sentence: str, dropped: list[str]) -> None:
    _, raw, tokens = _analyse(sentence)
    found = time_words(raw, tokens, STOP, perfects=shipped_verbs().perfects)
    assert [w for w, d in zip(raw, found) if d] == dropped


@pytest.mark.parametrize(
    ("word", "refers_back"),
    [("هنأه", True), ("رئيسها", True), ("عليهم", True), ("هو", True), ("أنها", True), ("هذه", True),
     ("الحكومة", False), ("وجه", False), ("متهم", False), ("الله", False), ("الاتجاه", False), ("توجيه", False),
     ("بوتين", False), ("مهم", False)],
)
def test_syntax_carries_pronoun(word: str, refers_back: bool) -> None:
    assert carries_pronoun(word) is refers_back


@pytest.mark.parametrize(
    ("word", "opens"),
    [("في", True), ("على", True), ("الذي", True), ("بالقطاع", True), ("للحصار", True), ("والحكومة", True),
     ("وقد", True), ("حيث", True), ("بـ", True),
     ("الحكومة", False), ("وزير", False), ("قطاع", False), ("برشلونة", False), ("ولاية", False)],
)
def test_syntax_opens_phrase(word: str, opens: bool) -> None:
    assert opens_phrase(word_tokens(word)[0] if word_tokens(word) else []) is opens


def test_syntax_verb_table_only_rewrites_confirmed_pairs() -> None:
    table = shipped_verbs()
    assert table.present[normalize("أعلن")] == "يعلن" and table.present[normalize("أعلنت")] == "تعلن"
    assert table.present[normalize("أكد")] == "يؤكد"
    assert normalize("قتل") not in table.present  # mostly passive in news: editors never confirm it
    assert normalize("أعلن") in table.verbs and normalize("يعلن") in table.verbs
    assert normalize("على") not in table.verbs  # a preposition, whatever its "imperfect"
    assert all(normalize(v) == v for v in REPORTING_VERBS)


def test_syntax_verb_table_rejects_malformed_data() -> None:
    with pytest.raises(DataError):
        VerbTable.from_dict({"verbs": [{"perfect": "أعلن"}], "settings": {"min_title_evidence": 2,
                                                                        "min_title_share": 0.1}}, STOP)
    with pytest.raises(DataError):
        VerbTable.from_dict({"verbs": [], "settings": {}}, STOP)
    bad = {"perfect": "أعلن", "imperfect": "تعلن", "openings": 3, "titles": 3}
    with pytest.raises(DataError, match="bad pair"):
        VerbTable.from_dict({"verbs": [bad], "settings": {"min_title_evidence": 2, "min_title_share": 0.1}}, STOP)


def test_syntax_seed_headline_keeps_its_referent() -> None:
    text = load_seed()
    unit = cut_headline(segment(text), HeadlineModel.shipped(), 15, np.zeros(len(segment(text).sentences)))
    assert unit is not None
    headline = headline_text(join_units((unit,)))
    # The seed's "هنأه" (congratulated *him*) needs Trump in the headline.
    assert "ترامب" in headline and "هنأه" in headline and "…" not in headline
    assert not headline.startswith("الرئيس الروسي")
    assert {r.kind for r in unit.rewrites} == {RewriteKind.SPEAKER_COLON}


_WORDS = ["أعلن", "أعلنت", "قال", "أكد", "الحكومة", "الوزير", "الأربعاء", "،", "أن", "إن", "الجمعة", "اليوم",
          "في", "بيان", "خطة", "جديدة", "للنقل", "#وسم_جديد", "على", "هنأه", "مساء", "الخميس", "الماضي", "الذي",
          "وأضاف", "إلى", "رئيس", "المفوضية"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=24), st.integers(4, 20))
def test_syntax_headlines_are_valid_units(words: list[str], budget: int) -> None:
    text = " ".join(words).replace(" ،", "،") + "."
    article = segment(text, detect_title=False)
    if not article.sentences:
        return
    unit = cut_headline(article, HeadlineModel.shipped(), budget, np.zeros(len(article.sentences)))
    if unit is None:
        return
    assert unit.text == text[unit.span.start : unit.span.end]
    assert unit.kind is not UnitKind.TRUNCATED
    sentence = article.sentences[unit.sentence].span
    assert sentence.start <= unit.span.start < unit.span.end <= sentence.end
    previous = unit.span.start
    for rewrite in unit.rewrites:  # inside the unit, in order, not overlapping; origins in the source
        assert previous <= rewrite.span.start <= rewrite.span.end <= unit.span.end
        previous = rewrite.span.end
        if rewrite.origin is not None:
            assert 0 <= rewrite.origin.start <= rewrite.origin.end <= len(text)
    rendered = headline_text(join_units((unit,)))
    assert "…" not in rendered and "#" not in rendered
    assert len(rendered.split()) <= budget
