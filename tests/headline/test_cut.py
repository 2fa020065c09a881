"""Tests for mujaz.headline.cut: the headline cutters and the window search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mujaz.assembly import Draft
from mujaz.config import Budget
from mujaz.features import Analyzer, compute_features
from mujaz.headline.cut import BestSentenceHeadline, ModelHeadline, cut_headline, headline_window, select_headline
from mujaz.headline.model import FEATURES, HeadlineModel
from mujaz.methods import NEWS_POLICY
from mujaz.segment import segment
from mujaz.types import Article, UnitKind
from tests._support import assert_units_valid, load_seed, words

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _prepare(text: str, analyzer: Analyzer):
    article = segment(text)
    return article, compute_features(article, analyzer)


def _texts() -> list[tuple[str, str]]:
    return [("seed", load_seed())] + [(p.stem, p.read_text(encoding="utf-8")) for p in SAMPLES]


def test_cut_empty_article_has_no_headline(analyzer: Analyzer) -> None:
    article = Article(text="", blocks=(), sentences=())
    features = compute_features(article, analyzer)
    draft = Draft(article, features, np.zeros(features.n))
    assert select_headline(draft, Budget("words", 10), BestSentenceHeadline(NEWS_POLICY)) == ()


@pytest.mark.parametrize("budget", [1, 5, 15, 200])
def test_cut_headline_is_the_best_sentence_cut_to_budget(analyzer: Analyzer, budget: int) -> None:
    text = load_seed()
    article, features = _prepare(text, analyzer)
    scores = np.array([0.2, 0.9, 0.3, 0.1])
    units = select_headline(Draft(article, features, scores), Budget("words", budget), BestSentenceHeadline(NEWS_POLICY))
    assert len(units) == 1 and units[0].sentence == 1
    assert words(units[0].text) <= budget
    assert_units_valid(units, text)


def _word_model(likely: dict[str, float], **changes: object) -> HeadlineModel:
    """A headline model whose word probabilities come from the lexicon prior alone."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("lexicon_prior")] = 1.0
    # seen 1000 times, kept p*1000 times: the prior is log(p) (smoothing is negligible), so P = p / (1 + p).
    lexicon = {w: (1000, int(p * 1000)) for w, p in likely.items()}
    values: dict[str, object] = dict(weights=tuple(weights), lexicon=lexicon, base_rate=0.001,
                                     headline_words=6.0)
    values.update(changes)
    return HeadlineModel(**values)  # type: ignore[arg-type]


def test_cut_headline_window_leaves_out_the_attribution() -> None:
    text = "علمت كود من مصدر مطلع أن الحكومة قررت تأجيل الاجتماع إلى الخميس المقبل بسبب سفر الوزير."
    model = _word_model({"الحكومه": 1.0, "قررت": 1.0, "تاجيل": 1.0, "الاجتماع": 1.0, "الخميس": 0.8})
    unit = headline_window(segment(text), model, 15, np.zeros(1))
    assert unit is not None and unit.sentence == 0
    assert unit.text.startswith("الحكومة قررت تأجيل الاجتماع")
    assert unit.kind in {"phrase", "compressed"}
    assert_units_valid((unit,), text)


def test_cut_headline_window_never_ends_on_a_stop_word_or_in_a_quotation() -> None:
    text = "قال الوزير «إن الخطة الجديدة ستبدأ غدا في كل المدن» ثم غادر القاعة بسرعة كبيرة جدا."
    likely = {"قال": 1.0, "الوزير": 1.0, "ان": 1.0, "الخطه": 1.0, "الجديده": 1.0, "في": 1.0}
    for budget in range(1, 16):
        unit = cut_headline(segment(text), _word_model(likely), budget, np.zeros(1))
        if unit is None:  # every stretch that fits ends inside the quotation
            assert budget < 10
            continue
        assert len(unit.text.split()) <= budget
        assert unit.text.split()[-1] not in {"في", "إن"}
        inside_quote = unit.text.count("«") != unit.text.count("»")
        assert not inside_quote, unit.text


def test_cut_headline_window_does_not_open_with_an_aside() -> None:
    text = "أعلن المجلس الجماعي لمدينة الرباط، يوم الثلاثاء، عن إطلاق مشروع واسع لتجديد شبكة المياه."
    article = segment(text)
    unit = headline_window(article, _word_model({"يوم": 1.0, "الثلاثاء": 1.0, "عن": 1.0}), 15, np.zeros(1))
    assert unit is not None and not unit.text.startswith("يوم")


@pytest.mark.parametrize(
    ("text", "not_opening"),
    [
        ("أغلقت السلطات الطرق بعد الأمطار، وتسببت السيول في فيضانات كبيرة في الأودية الجبلية.", "وتسببت"),
        ("أعلنت الوزارة خطة جديدة للنقل، حيث تشمل السيول والفيضانات الكبيرة في الأودية الجبلية.", "حيث"),
        ("قال الوزير في مؤتمر صحفي إنه يتوقع السيول والفيضانات الكبيرة في الأودية الجبلية.", "يتوقع"),
    ],
)
def test_cut_headline_window_does_not_open_a_dependent_clause(text: str, not_opening: str) -> None:
    # The model wants the words of the dependent clause; the headline still may not open it.
    likely = {w: 1.0 for w in ("السيول", "فيضانات", "والفيضانات", "الكبيره", "كبيره", "الاوديه", "الجبليه")}
    unit = headline_window(segment(text), _word_model(likely), 15, np.zeros(1))
    assert unit is not None and not unit.text.startswith(not_opening), unit.text


def test_cut_headline_vocabulary_is_in_normalized_spelling() -> None:
    from mujaz.normalize import normalize
    from mujaz.headline.model import COMPLEMENTIZERS, SUBORDINATORS

    for word in COMPLEMENTIZERS | SUBORDINATORS:
        assert normalize(word) == word


def test_cut_headline_window_whole_sentence_is_a_sentence_unit() -> None:
    text = "افتتح الوزير المعرض الدولي للكتاب في الرباط.\nوتستمر الدورة عشرة أيام."
    model = _word_model({w: 1.0 for w in ("افتتح", "الوزير", "المعرض", "الدولي", "للكتاب", "الرباط")})
    unit = headline_window(segment(text), model, 15, np.zeros(2))
    assert unit is not None
    assert (unit.kind, unit.span) == ("sentence", segment(text).sentences[0].span)


def test_cut_headline_window_keeps_a_number_with_its_unit() -> None:
    text = "دشنت الحكومة محطة شمسية بقدرة 120 ميغاواط في الجنوب لتزويد آلاف المنازل بالكهرباء."
    likely = {w: 0.9 for w in ("دشنت", "الحكومه", "محطه", "شمسيه", "بقدره", "120")}
    for budget in range(4, 14):
        unit = cut_headline(segment(text), _word_model(likely), budget, np.zeros(1))
        assert unit is not None
        assert not unit.text.endswith("120"), (budget, unit.text)


def test_cut_headline_window_prefers_a_clause_end_by_its_bonus() -> None:
    text = "افتتح الوزير المعرض الدولي للكتاب، بحضور سفراء من عشرين بلدا عربيا وأجنبيا في الرباط."
    likely = {w: 0.9 for w in ("افتتح", "الوزير", "المعرض", "الدولي", "للكتاب")}
    likely.update({w: 0.5 for w in ("بحضور", "سفراء", "عشرين", "بلدا")})
    article = segment(text)
    no_bonus = headline_window(article, _word_model(likely, clean_end_bonus=1.0), 8, np.zeros(1))
    assert no_bonus is not None and no_bonus.kind == "phrase"  # ends before the phrase من عشرين
    with_bonus = headline_window(article, _word_model(likely, clean_end_bonus=1.3), 8, np.zeros(1))
    assert with_bonus is not None and with_bonus.kind == "clause"
    assert with_bonus.text == "افتتح الوزير المعرض الدولي للكتاب"


def test_cut_headline_window_without_words_is_none() -> None:
    article = segment("...\n؟؟؟")
    assert headline_window(article, _word_model({}), 15, np.zeros(len(article.sentences))) is None


@pytest.mark.parametrize("budget", [1, 3, 4, 8, 15, 40])
def test_cut_headline_with_the_shipped_model_respects_the_budget(analyzer: Analyzer, budget: int) -> None:
    model = HeadlineModel.shipped()
    for name, text in _texts():
        article, features = _prepare(text, analyzer)
        scores = np.linspace(1.0, 0.5, features.n)
        units = select_headline(Draft(article, features, scores), Budget("words", budget), ModelHeadline(model, NEWS_POLICY))
        assert len(units) == 1, name
        assert_units_valid(units, text)
        assert 1 <= words(units[0].rendered) <= budget, (name, budget)
        assert units[0].sentence < model.sentences


@pytest.mark.parametrize(
    ("text", "not_opening"),
    [
        # a pronoun whose referent is before the cut (استقبله: received *him*)
        ("أعلن المتحدث باسم القصر أن الرئيس الفرنسي استقبله في القصر الجمهوري بحضور الوزراء.", "الرئيس"),
        # a verb whose subject is before the cut
        ("قال المتحدث إن الحكومة أكدت أن ستبدأ الخطة الجديدة للقصر الجمهوري غدا.", "ستبدأ"),
        # right after a verb: the verb's subject without its verb
        ("وأكد، الرئيس الفرنسي أن القصر الجمهوري سيفتح أبوابه أمام الزوار الشهر المقبل.", "الرئيس"),
    ],
)
def test_cut_headline_never_opens_without_its_referent(text: str, not_opening: str) -> None:
    likely = {w: 1.0 for w in ("الرئيس", "الفرنسي", "استقبله", "القصر", "الجمهوري", "الخطه", "الجديده", "ستبدا")}
    unit = cut_headline(segment(text, detect_title=False), _word_model(likely), 15, np.zeros(1))
    assert unit is not None and not unit.text.startswith(not_opening), unit.text


def test_cut_headline_seed_is_a_complete_phrase_in_headline_syntax(analyzer: Analyzer) -> None:
    text = load_seed()
    article, features = _prepare(text, analyzer)
    (unit,) = select_headline(Draft(article, features, np.ones(features.n)), Budget("words", 15),
                              ModelHeadline(HeadlineModel.shipped(), NEWS_POLICY))
    assert unit.kind is not UnitKind.TRUNCATED
    assert unit.rendered.startswith("الرئيس الأمريكي دونالد ترامب: ")
