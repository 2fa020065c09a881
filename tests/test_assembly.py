"""Tests for mujaz.assembly: budgets, redundancy, document order, clause and word fitting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mujaz import assembly
from mujaz.assembly import CLAUSE_CUT_SHARE, FILL_MIN_WORDS, SECTION_MIN_WORDS, AssemblyPolicy, Draft, join_units
from mujaz.sections import WORDS_PER_SECTION
from mujaz.config import Budget
from mujaz.features import Analyzer, compute_features
from mujaz.methods import get_method
from mujaz.segment import segment
from mujaz.types import Article, Span, SummaryUnit
from tests._support import assert_units_valid, load_seed, words

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
FIVE = "الجملة الأولى هنا. الجملة الثانية هنا. الجملة الثالثة هنا. الجملة الرابعة هنا. الجملة الخامسة هنا."


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _prepare(text: str, analyzer: Analyzer):
    article = segment(text)
    return article, compute_features(article, analyzer)


def _policy(clauses: bool, redundancy: float | None) -> AssemblyPolicy:
    return AssemblyPolicy(compress=clauses, clause_cuts=clauses, redundancy=redundancy)


def select_units(article: Article, features, scores, budget: Budget, *, clauses: bool, redundancy: float | None):
    return assembly.select_units(Draft(article, features, scores), budget, _policy(clauses, redundancy))


def select_points(article: Article, features, scores, *, words: int, max_points: int, clauses: bool,
                  redundancy: float | None):
    return assembly.select_points(Draft(article, features, scores), words=words, max_points=max_points,
                                  policy=_policy(clauses, redundancy))


def _texts() -> list[tuple[str, str]]:
    return [("seed", load_seed())] + [(p.stem, p.read_text(encoding="utf-8")) for p in SAMPLES]


@pytest.mark.parametrize("method", ["news", "lead", "textrank", "lexrank"])
@pytest.mark.parametrize("budget", [1, 2, 3, 4, 5, 7, 10, 17, 25, 29, 30, 40, 60, 100, 150, 10_000])
def test_assembly_word_budget_is_respected(analyzer: Analyzer, method: str, budget: int) -> None:
    chosen = get_method(method)
    for name, text in _texts():
        article, features = _prepare(text, analyzer)
        draft = Draft(article, features, chosen.scorer.score(article, features))
        units = assembly.select_units(draft, Budget("words", budget), chosen.policy)
        assert_units_valid(units, text)
        assert 1 <= words(join_units(units)) <= budget, (name, budget)


@pytest.mark.parametrize("budget", [1, 2, 3])
def test_assembly_tiny_budget_still_gives_the_opening_words(analyzer: Analyzer, budget: int) -> None:
    text = load_seed()
    article, features = _prepare(text, analyzer)
    units = select_units(article, features, np.array([1.0, 0.5, 0.3, 0.2]), Budget("words", budget),
                         clauses=True, redundancy=None)
    assert len(units) == 1
    assert units[0].kind == "truncated"
    assert words(units[0].text) == budget
    # the filler opener "في خطوة تاريخية،" is dropped before the cut
    assert text.startswith("في خطوة تاريخية، " + units[0].text)


def test_assembly_document_order(analyzer: Analyzer) -> None:
    article, features = _prepare(FIVE, analyzer)
    scores = np.arange(5, dtype=float)  # the last sentence is the best
    units = select_units(article, features, scores, Budget("sentences", 3), clauses=False, redundancy=None)
    assert [u.sentence for u in units] == [2, 3, 4]
    assert [u.span.start for u in units] == sorted(u.span.start for u in units)
    assert [u.score for u in units] == [2.0, 3.0, 4.0]


@pytest.mark.parametrize("k", [1, 2, 3, 5, 9])
def test_assembly_sentence_budget(analyzer: Analyzer, k: int) -> None:
    article, features = _prepare(FIVE, analyzer)
    scores = np.array([0.1, 0.5, 0.2, 0.4, 0.3])
    units = select_units(article, features, scores, Budget("sentences", k), clauses=True, redundancy=None)
    assert len(units) == min(k, 5)
    assert all(u.kind == "sentence" for u in units)
    best_first = [1, 3, 4, 2, 0][: min(k, 5)]
    assert [u.sentence for u in units] == sorted(best_first)
    assert_units_valid(units, FIVE)


@pytest.mark.parametrize("ratio", [0.01, 0.1, 0.25, 0.5, 1.0])
def test_assembly_ratio_budget(analyzer: Analyzer, ratio: float) -> None:
    text = load_seed()
    article, features = _prepare(text, analyzer)
    budget = Budget("ratio", ratio)
    limit = budget.words_for(int(features.word_counts.sum()))
    units = select_units(article, features, np.array([1.0, 0.5, 0.3, 0.2]), budget, clauses=True, redundancy=None)
    assert 1 <= words(join_units(units)) <= limit
    if ratio == 1.0:
        # every sentence, the ones opening with a filler ("في سياق متصل،") compressed
        assert len(units) == 4
        assert {u.kind for u in units} <= {"sentence", "compressed"}


def test_assembly_ties_go_to_the_earlier_sentence(analyzer: Analyzer) -> None:
    article, features = _prepare(FIVE, analyzer)
    units = select_units(article, features, np.ones(5), Budget("sentences", 2), clauses=False, redundancy=None)
    assert [u.sentence for u in units] == [0, 1]


def test_assembly_opening_sentence_keeps_its_leading_clauses(analyzer: Analyzer) -> None:
    # The seed's lead has clauses of 3, 17, 9, 15, ... words; the first (3 words) is the
    # filler "في خطوة تاريخية،", dropped, so 17 + 9 = 26 words end a clause.
    text = load_seed()
    article, features = _prepare(text, analyzer)
    scores = np.array([1.0, 0.5, 0.3, 0.2])
    units = select_units(article, features, scores, Budget("words", 30), clauses=True, redundancy=None)
    assert [u.kind for u in units] == ["clause"]
    clause_ends = [c.end for c in article.sentences[0].clauses]
    unit = units[0]
    assert words(unit.text) == 26 >= CLAUSE_CUT_SHARE * 30
    assert unit.text.startswith("أعلن الرئيس")
    assert unit.text.endswith("واستقرار المنطقة")  # the clause's trailing comma is dropped
    assert any(unit.span.end == end - 1 for end in clause_ends)


def test_assembly_word_cut_when_clauses_use_too_little(analyzer: Analyzer) -> None:
    text = load_seed()
    article, features = _prepare(text, analyzer)
    scores = np.array([1.0, 0.5, 0.3, 0.2])
    # 40 words: the best clause prefix (26 words after the filler) is under 80% of the budget
    units = select_units(article, features, scores, Budget("words", 40), clauses=True, redundancy=None)
    assert [u.kind for u in units] == ["truncated"]
    # word 40 is "بين", which needs what follows: the cut gives it back
    assert units[0].text.endswith("جديدة للتعاون") and words(units[0].text) == 39
    assert units[0].text.split() == article.sentence_text(0).split()[3:42]
    # a scorer that allows no clauses always cuts at a word
    units = select_units(article, features, scores, Budget("words", 30), clauses=False, redundancy=None)
    assert [u.kind for u in units] == ["truncated"]
    assert words(units[0].text) == 30


def test_assembly_whole_sentences_after_the_opening(analyzer: Analyzer) -> None:
    text = "جملة قصيرة أولى في الخبر. جملة ثانية في الخبر أطول قليلا من الأولى. جملة ثالثة هنا."
    article, features = _prepare(text, analyzer)
    counts = features.word_counts.tolist()
    scores = np.array([0.9, 0.8, 0.7])
    budget = counts[0] + counts[2] + 1  # room for sentences 0 and 2, not for sentence 1
    units = select_units(article, features, scores, Budget("words", budget), clauses=True, redundancy=None)
    # the second best (sentence 1) does not fit, so selection stops there
    assert [(u.sentence, u.kind) for u in units] == [(0, "sentence")]


def test_assembly_redundancy_skips_repeats(analyzer: Analyzer) -> None:
    text = (
        "أعلنت الحكومة خطة جديدة لتحلية مياه البحر. "
        "أعلنت الحكومة خطة جديدة لتحلية مياه البحر اليوم. "
        "وقال البنك الدولي إنه سيمول المشروع."
    )
    article, features = _prepare(text, analyzer)
    scores = np.array([0.9, 0.8, 0.1])
    kept = select_units(article, features, scores, Budget("sentences", 2), clauses=False, redundancy=0.5)
    assert [u.sentence for u in kept] == [0, 2]
    all_kept = select_units(article, features, scores, Budget("sentences", 2), clauses=False, redundancy=None)
    assert [u.sentence for u in all_kept] == [0, 1]


def test_assembly_empty_article(analyzer: Analyzer) -> None:
    article = Article(text="", blocks=(), sentences=())
    features = compute_features(article, analyzer)
    scores = np.zeros(0)
    assert select_units(article, features, scores, Budget("words", 10), clauses=True, redundancy=0.5) == ()
    assert select_points(article, features, scores, words=10, max_points=3, clauses=True, redundancy=None) == ()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["الأولى  هنا\tو\nهناك", "الثانية"], "الأولى هنا و هناك الثانية"),
        (["وحيدة"], "وحيدة"),
        ([], ""),
    ],
)
def test_assembly_join_units_collapses_whitespace(texts: list[str], expected: str) -> None:
    units = tuple(SummaryUnit(Span(0, len(t)), t, 0, "sentence", 0.0) for t in texts)
    assert join_units(units) == expected


def test_assembly_points_one_per_section(analyzer: Analyzer) -> None:
    text = load_seed()  # four paragraphs: one before the first heading, one under each heading
    article, features = _prepare(text, analyzer)
    scores = np.array([0.4, 0.3, 0.2, 0.1])
    points = select_points(article, features, scores, words=12, max_points=6, clauses=True, redundancy=None)
    assert [p.section for p in points] == [0, 1, 2, 3]
    assert [p.heading for p in points] == [None] + [h.span.slice(text) for h in article.headings]
    for point in points:
        assert len(point.units) == 1 and words(point.text) <= 12
    limited = select_points(article, features, scores, words=12, max_points=2, clauses=True, redundancy=None)
    assert [p.section for p in limited] == [0, 1]


def _topics_text() -> str:
    """Three paragraphs on three unrelated topics, long enough for topic-shift sections."""
    topics = [("الفريق", "المباراة", "الهدف", "الملعب"), ("الحكومة", "الميزانية", "الضرائب", "البرلمان"),
              ("المطر", "العاصفة", "الثلوج", "الطقس")]
    paragraphs = []
    for a, b, c, d in topics:
        sentences = [f"تحدث {a} عن {b} و{c} في {d} رقم {k} بشكل مفصل أمام الجميع اليوم." for k in range(14)]
        paragraphs.append(" ".join(sentences))
    return "\n".join(paragraphs)


def test_assembly_points_without_headings_come_from_topic_sections(analyzer: Analyzer) -> None:
    article, features = _prepare(_topics_text(), analyzer)
    assert not article.headings and int(features.word_counts.sum()) >= 2 * WORDS_PER_SECTION
    scores = np.linspace(1.0, 0.1, len(article.sentences))
    points = select_points(article, features, scores, words=30, max_points=6, clauses=True, redundancy=None)
    blocks = [article.sentences[p.units[0].sentence].block for p in points]
    assert len(points) == 3 and blocks == sorted(set(blocks)), "one point per topic, in order"


def _news_draft(text: str) -> Draft:
    method = get_method("news")
    article = segment(text, clauses=False)
    features = compute_features(article)
    return Draft(article, features, method.scorer.score(article, features))


def test_assembly_cover_lead_takes_every_section_of_the_seed() -> None:
    draft = _news_draft(load_seed())
    units = assembly.select_units(draft, Budget("words", 118), get_method("news").policy)
    sections = {draft.article.sentences[u.sentence].section for u in units}
    assert sections == {0, 1, 2, 3}
    text = join_units(units)
    assert words(text) <= 118 and not text.endswith("…") and "، كما" in text
    assert_units_valid(units, draft.article.text)


def test_assembly_cover_needs_room_for_two_sections() -> None:
    draft = _news_draft(load_seed())
    policy = get_method("news").policy
    assert assembly.select_cover(draft, Budget("words", 2 * SECTION_MIN_WORDS - 1), policy) is None
    units = assembly.select_units(draft, Budget("words", 25), policy)
    assert len({u.sentence for u in units}) == 1, "a tight lead is the opening, compressed"


def test_assembly_cover_units_after_the_first_open_with_a_connective() -> None:
    draft = _news_draft(load_seed())
    units = assembly.select_cover(draft, Budget("words", 90), get_method("news").policy)
    assert units is not None and len(units) >= 2
    assert not units[0].rewrites or units[0].rewrites[0].kind != "connective"
    for unit in units[1:]:
        first = unit.rewrites[0]
        assert first.kind == "connective" and first.span == Span(unit.span.start, unit.span.start)
        assert first.origin is None and first.text.startswith("،")
    assert ". ،" not in join_units(units) and ".،" not in join_units(units)


def test_assembly_compress_sentence_leaves_out_asides_inside() -> None:
    text = ("أكدت الوزارة أن المشروع سيكتمل قريبا، مشيرة إلى أن التمويل متوفر بالكامل منذ العام الماضي من مصادر محلية ودولية متعددة، "
            "كما أعلنت الوزارة عن خطة جديدة للنقل في العاصمة.")
    draft = _news_draft(text)
    unit = assembly.compress_sentence(draft, 0, 16)
    assert unit is not None and words(unit.rendered) <= 16
    assert [r.kind.value for r in unit.rewrites] == ["dropped"]
    dropped = unit.rewrites[0].span.slice(text)
    assert dropped.startswith("مشيرة") and "كما أعلنت" in unit.rendered
    assert unit.text == unit.span.slice(text), "the unit still quotes its source exactly"


def test_assembly_compress_sentence_none_when_the_main_clause_is_too_long() -> None:
    text = "أعلن " + " ".join(f"كلمة{i}" for i in range(30)) + "، مشيرا إلى أمر آخر تماما هنا."
    draft = _news_draft(text)
    assert assembly.compress_sentence(draft, 0, 10) is None


@pytest.mark.parametrize(("opening", "joiner"), [("أكد الوزير أن", "، كما "), ("وأكد الوزير أن", "، "),
                                                 ("كما أكد الوزير أن", "، "), ("الوزير أكد أن", "، فيما ")])
def test_assembly_connective_for(opening: str, joiner: str) -> None:
    text = f"{opening} المشروع ناجح جدا."
    unit = SummaryUnit(Span(0, len(text)), text, 0, "sentence", 0.0)
    rewrite = assembly.connective_for(unit, 0)
    assert rewrite.text == joiner and rewrite.span == Span(0, 0)


def test_assembly_join_units_drops_the_stop_before_a_connective() -> None:
    a, b = "الأولى هنا.", "أكد الثانية."
    first = SummaryUnit(Span(0, len(a)), a, 0, "sentence", 0.0)
    start = len(a) + 1
    second = SummaryUnit(Span(start, start + len(b)), b, 1, "sentence", 0.0,
                         (assembly.connective_for(SummaryUnit(Span(start, start + len(b)), b, 1, "sentence", 0.0), 0),))
    assert join_units((first, second)) == "الأولى هنا، كما أكد الثانية."


def _filler_words(n: int, stem: str) -> str:
    return " ".join(f"{stem}{i}" for i in range(n))


@pytest.mark.parametrize(("clause_words", "filled"), [(12, True), (FILL_MIN_WORDS - 2, False)])
def test_assembly_next_sentence_leading_clauses_fill_the_budget(analyzer: Analyzer, clause_words: int,
                                                                  filled: bool) -> None:
    first = "أعلنت الحكومة " + _filler_words(28, "خطة") + "."
    second = "وأضاف الوزير " + _filler_words(clause_words - 2, "مشروع") + "، " + _filler_words(40, "تفصيل") + "."
    text = first + "\n" + second
    article, features = _prepare(text, analyzer)
    units = select_units(article, features, np.array([1.0, 0.5]), Budget("words", 60), clauses=True, redundancy=None)
    assert_units_valid(units, text)
    assert words(join_units(units)) <= 60
    if filled:
        assert [u.sentence for u in units] == [0, 1]
        assert units[1].kind == "clause" and units[1].text.startswith("وأضاف الوزير")
        assert words(units[1].text) == clause_words
        assert join_units(units).endswith(".")
    else:
        assert [u.sentence for u in units] == [0]


@pytest.mark.parametrize(
    ("text", "budget", "expected"),
    [
        # a preposition would dangle: give it back
        ("أعلنت الوزارة عن خطة جديدة في مجال النقل العمومي والسكك الحديدية.", 6, "أعلنت الوزارة عن خطة جديدة…"),
        # a number without its unit: give it back
        ("دشنت الحكومة محطة شمسية بقدرة 120 ميغاواط في الجنوب الشرقي للبلاد.", 6, "دشنت الحكومة محطة شمسية بقدرة…"),
        # not inside a quotation, nor on the complementizer before it
        ("أكد الوزير في الرباط أمام الصحفيين أن «الخطة ستبدأ غدا في كل المدن».", 8,
         "أكد الوزير في الرباط أمام الصحفيين…"),
        # nothing clean within reach: the cut stays at the budget
        ("قال الوزير «إن الخطة ستبدأ غدا في كل المدن الكبرى» للصحفيين في الرباط.", 6,
         "قال الوزير «إن الخطة ستبدأ غدا…"),
    ],
)
def test_assembly_word_cut_ends_cleanly(analyzer: Analyzer, text: str, budget: int, expected: str) -> None:
    article, features = _prepare(text, analyzer)
    units = select_units(article, features, np.ones(1), Budget("words", budget), clauses=False, redundancy=None)
    assert units[0].kind == "truncated"
    assert join_units(units) == expected
