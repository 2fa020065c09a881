"""Tests for mujaz.features: tokens, terms and the per-sentence feature arrays."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.features import Analyzer, TermMatrix, compute_features, load_stopwords, tokenize
from mujaz.segment import segment
from mujaz.types import Article

TITLED = (
    "الحكومة تطلق مشروع تحلية المياه\n"
    "أعلن الوزير صباح اليوم خطة لبناء سدود جديدة في الجنوب. "
    "الحكومة تطلق مشروع تحلية المياه. "
    "وقال المتحدث إن الطقس كان مشمسا.\n"
    "تمويل المشروع\n"
    "خصص البنك الدولي قرضا لتمويل المشروع الجديد. "
    "وأشاد الخبراء بسرعة العمل في الموقع."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # diacritics do not split a word (the way ASCII-minded tokenizers do)
        ("مُحَمَّدٌ رسولُ", ["محمد", "رسول"]),
        ("جمـــيل", ["جميل"]),
        ("Hello World", ["hello", "world"]),
        ("عام ٢٠١٨", ["عام", "2018"]),
        ("«قال»، ثم: مضى!", ["قال", "ثم", "مضي"]),
        ("\u200fنص\u200e", ["نص"]),
        ("", []),
        ("... ،؛ 😀", []),
    ],
)
def test_features_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_features_stopwords_are_normalized() -> None:
    stopwords = load_stopwords()
    assert {"في", "من", "علي", "الي"} <= stopwords
    assert "إلى" not in stopwords  # stored in normalized form only


@pytest.mark.parametrize("text", ["في من على إلى عن", "وقال إن هذا هو"])
def test_features_analyzer_drops_stopwords(analyzer: Analyzer, text: str) -> None:
    assert analyzer.terms(text) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الكتاب", "كتاب"),
        ("مُحَمَّد", "محمد"),
        ("أحمد", "احمد"),
        ("مستشفى", "مستشفي"),
        # ta marbuta nouns, with and without the article and in either spelling
        ("الحكومة", "حكومة"),
        ("المدرسة", "مدرسة"),
        ("الدولة", "دولة"),
        ("الجامعة", "جامعة"),
        ("الحكومة", "حكومه"),
        ("الشركة", "شركه"),
    ],
)
def test_features_analyzer_matches_spelling_variants(analyzer: Analyzer, a: str, b: str) -> None:
    assert analyzer.terms(a) == analyzer.terms(b)
    assert analyzer.terms(a)


@pytest.mark.parametrize("text", ["الحكومة والمدرسة", "مدرسة الدولة", "\ufe93 ة"])
def test_features_terms_are_folded(analyzer: Analyzer, text: str) -> None:
    # words are stemmed with ة kept, but the terms themselves are in normalized form
    terms = analyzer.terms(text)
    matrix = analyzer.term_matrix([text])
    assert all("ة" not in t for t in terms)
    assert all("ة" not in t for t in matrix.vocabulary)


def test_features_terms_agree_with_term_matrix(analyzer: Analyzer) -> None:
    texts = ["الحكومة تطلق مشروعا", "مشروع الحكومة الجديد", "حكومة"]
    matrix = analyzer.term_matrix(texts)
    for row, text in enumerate(texts):
        ids = sorted({matrix.vocabulary[t] for t in analyzer.terms(text)})
        assert sorted(matrix.cols[matrix.rows == row].tolist()) == ids


def test_features_term_matrix_counts(analyzer: Analyzer) -> None:
    matrix = analyzer.term_matrix(["سلام سلام حرب", "", "حرب"])
    assert matrix.n_rows == 3
    assert matrix.n_cols == len(matrix.vocabulary) == 2
    dense = matrix.dense()
    assert dense.shape == (3, 2)
    assert sorted(dense[0].tolist()) == [1.0, 2.0]
    assert dense[1].tolist() == [0.0, 0.0]
    assert matrix.row_lengths().tolist() == [2, 0, 1]
    assert matrix.document_frequency().sum() == 3
    assert matrix.dense(max_rows=1).shape == (1, 2)


def test_features_term_matrix_empty(analyzer: Analyzer) -> None:
    matrix = analyzer.term_matrix(["في من", "..."])
    assert matrix.n_cols == 0 and matrix.rows.size == 0
    assert matrix.tfidf().size == 0
    assert matrix.dense().shape == (2, 0)


def test_features_overlap_with(analyzer: Analyzer) -> None:
    matrix = analyzer.term_matrix(["سلام حرب", "حرب", "مطر"])
    ids = np.array([matrix.vocabulary[t] for t in analyzer.terms("سلام حرب")])
    assert matrix.overlap_with(ids).tolist() == [2.0, 1.0, 0.0]
    # ids the matrix never saw count for nothing
    assert matrix.overlap_with(np.array([99])).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("text_name", ["seed", "titled"])
def test_features_shapes(analyzer: Analyzer, seed_text: str, text_name: str) -> None:
    text = seed_text if text_name == "seed" else TITLED
    article = segment(text)
    features = compute_features(article, analyzer)
    n = len(article.sentences)
    assert features.n == n
    for name in ("word_counts", "position", "paragraph_rank", "paragraph_index", "centrality",
                 "title_overlap", "heading_overlap"):
        assert getattr(features, name).shape == (n,), name
    assert features.tfidf.shape == features.matrix.rows.shape
    assert features.word_counts.tolist() == [len(s.span.slice(text).split()) for s in article.sentences]
    assert features.position.tolist() == list(range(n))


def test_features_paragraph_positions(analyzer: Analyzer) -> None:
    text = "أولى في الفقرة الأولى. ثانية في الفقرة الأولى.\nأولى في الثانية. ثانية هنا. ثالثة هنا."
    features = compute_features(segment(text), analyzer)
    assert features.paragraph_rank.tolist() == [0, 1, 0, 1, 2]
    assert features.paragraph_index.tolist() == [0, 0, 1, 1, 1]


def test_features_title_overlap(analyzer: Analyzer) -> None:
    article = segment(TITLED)
    assert article.title is not None
    features = compute_features(article, analyzer)
    # sentence 1 repeats the title word for word; sentence 2 shares none of its terms
    assert features.title_overlap[1] == pytest.approx(1.0)
    assert features.title_overlap[2] == pytest.approx(0.0)
    assert features.title_overlap[0] == pytest.approx(0.0)
    assert np.all((features.title_overlap >= 0) & (features.title_overlap <= 1))
    assert int(np.argmax(features.title_overlap)) == 1


def test_features_title_argument_overrides_title_line(analyzer: Analyzer) -> None:
    article = segment(TITLED)
    features = compute_features(article, analyzer, title="البنك الدولي قرضا لتمويل")
    assert int(np.argmax(features.title_overlap)) == 3
    assert features.title_overlap[3] == pytest.approx(1.0)
    assert features.title_overlap[1] == pytest.approx(0.0)


def test_features_no_title_no_overlap(analyzer: Analyzer, seed_text: str) -> None:
    features = compute_features(segment(seed_text), analyzer)
    assert features.title_overlap.tolist() == [0.0] * features.n


def test_features_heading_overlap_is_per_section(analyzer: Analyzer) -> None:
    article = segment(TITLED)
    assert [h.span.slice(TITLED) for h in article.headings] == ["تمويل المشروع"]
    features = compute_features(article, analyzer)
    # sentence 3 (in the heading's section) has both heading terms; sentence 0, in the
    # section before any heading, scores 0 even though it shares words with nothing there.
    assert [s.section for s in article.sentences] == [0, 0, 0, 1, 1]
    assert features.heading_overlap[3] == pytest.approx(1.0)
    assert features.heading_overlap[4] == pytest.approx(0.0)
    # sentence 1 mentions "مشروع" but lies before the heading: no heading overlap
    assert features.heading_overlap[1] == pytest.approx(0.0)


def test_features_heading_overlap_seed(analyzer: Analyzer, seed_text: str) -> None:
    features = compute_features(segment(seed_text), analyzer)
    assert features.heading_overlap[0] == 0.0  # before the first heading
    assert np.all(features.heading_overlap[1:] > 0)
    assert np.all(features.heading_overlap <= 1.0)


@pytest.mark.parametrize("text_name", ["seed", "titled", "stopwords"])
def test_features_centrality_in_unit_interval(analyzer: Analyzer, seed_text: str, text_name: str) -> None:
    text = {"seed": seed_text, "titled": TITLED, "stopwords": "في من على. سلام حرب سلام."}[text_name]
    features = compute_features(segment(text), analyzer)
    assert np.all(features.centrality >= 0.0)
    assert np.all(features.centrality <= 1.0 + 1e-9)
    if text_name == "stopwords":
        assert features.centrality[0] == 0.0  # a sentence with no content terms
        assert features.centrality[1] == pytest.approx(1.0)  # the only sentence with terms


def test_features_centrality_prefers_the_typical_sentence(analyzer: Analyzer) -> None:
    text = (
        "اجتمع الوزراء لمناقشة الميزانية. "
        "ناقش الوزراء الميزانية مع الحكومة ثم أقروا الضرائب. "
        "رفعت الحكومة الضرائب على الميزانية. "
        "أقر الوزراء الضرائب. "
        "غنت فرقة موسيقية في الحديقة."
    )
    features = compute_features(segment(text), analyzer)
    assert int(np.argmax(features.centrality)) == 1
    assert int(np.argmin(features.centrality)) == 4


@pytest.mark.parametrize("text_name", ["seed", "titled"])
def test_features_tfidf_rows_are_unit_length(analyzer: Analyzer, seed_text: str, text_name: str) -> None:
    text = seed_text if text_name == "seed" else TITLED
    features = compute_features(segment(text), analyzer)
    m = features.matrix
    squared = np.bincount(m.rows, weights=features.tfidf**2, minlength=m.n_rows)
    has_terms = m.row_lengths() > 0
    assert has_terms.all()
    np.testing.assert_allclose(squared[has_terms], 1.0)
    assert np.all(features.tfidf > 0)


def test_features_empty_article(analyzer: Analyzer) -> None:
    features = compute_features(Article(text="", blocks=(), sentences=()), analyzer)
    assert features.n == 0
    assert features.centrality.shape == (0,)
    assert features.title_overlap.shape == (0,)
    assert features.heading_overlap.shape == (0,)


def test_features_term_matrix_ids_are_shared_across_matrices(analyzer: Analyzer) -> None:
    first = analyzer.term_matrix(["سلام حرب"])
    second = analyzer.term_matrix(["حرب مطر"])
    assert isinstance(second, TermMatrix)
    war = analyzer.term_ids("حرب")
    assert war.size == 1
    assert war[0] in first.term_ids and war[0] in second.term_ids
    assert set(first.vocabulary) | set(second.vocabulary) == {analyzer.term_of(i) for i in
                                                                [*first.term_ids, *second.term_ids]}
    assert len(set(first.term_ids.tolist()) | set(second.term_ids.tolist())) == 3


def test_features_columns_of_drops_unknown_terms(analyzer: Analyzer) -> None:
    matrix = analyzer.term_matrix(["سلام حرب", "حرب"])
    ids = analyzer.term_ids("حرب مطر سلام")
    cols = matrix.columns_of(ids)
    assert sorted(matrix.term_ids[cols].tolist()) == sorted(analyzer.term_ids("حرب سلام").tolist())

def test_features_analyzer_memory_is_bounded_between_documents(monkeypatch) -> None:
    import mujaz.features as features_module

    monkeypatch.setattr(features_module, "MAX_CACHED_TERMS", 5)
    analyzer = Analyzer(stopwords=load_stopwords())  # a vocabulary of its own
    text = "أعلنت الحكومة خطة جديدة للنقل العام في المدينة.\nوقال الوزير إن الخطة تبدأ الشهر المقبل."
    from mujaz.segment import segment

    first_vocabulary = analyzer.vocabulary()
    first = compute_features(segment(text), analyzer, title="خطة جديدة للنقل")
    assert first_vocabulary.size > 5
    second_vocabulary = analyzer.vocabulary()
    assert second_vocabulary is not first_vocabulary, "a fresh memory for the next document"
    second = compute_features(segment(text), analyzer, title="خطة جديدة للنقل")
    # the memory was reset before the second document, and its features are unchanged
    np.testing.assert_allclose(first.title_overlap, second.title_overlap)
    np.testing.assert_allclose(first.centrality, second.centrality)


def test_features_vocabulary_is_safe_to_share_between_threads() -> None:
    """Threads that meet new words at once never give one id to two terms."""
    import threading

    from mujaz.features import Vocabulary

    vocabulary = Vocabulary(load_stopwords())
    reference = Vocabulary(load_stopwords(), fast=False)
    texts = [" ".join(f"كلمة{t}x{i} مشتركة{i % 7}" for i in range(300)) for t in range(8)]
    results: dict[int, list[str]] = {}
    barrier = threading.Barrier(len(texts))

    def work(t: int) -> None:
        barrier.wait()
        matrix = vocabulary.term_matrix([texts[t]])
        results[t] = sorted(matrix.vocabulary)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for t, text in enumerate(texts):
        assert results[t] == sorted(reference.term_matrix([text]).vocabulary)
    assert len(set(vocabulary.terms)) == len(vocabulary.terms), "one id per term"


def test_features_word_count_matches_split() -> None:
    from mujaz.features import word_count

    for text in ["", " ", "كلمة", "كلمتان اثنتان", " a  b ", "a\tb", "a\u00a0b c", "ا\u200fب ج", "x\ny"]:
        assert word_count(text) == len(text.split())
