"""Tests for mujaz.evaluation.rouge."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujaz.errors import ConfigError, InputError
from mujaz.evaluation.rouge import (
    ArabicTokenizer,
    RougeScorer,
    Score,
    lcs_length,
    max_over_references,
    score_lcs,
    score_ngrams,
    tokenize,
)

# Derandomized and without an example database: repeatable runs, no files written.
FIXED = settings(derandomize=True, database=None, max_examples=200,
                 suppress_health_check=[HealthCheck.too_slow])

ARABIC_LETTERS = "ابتجدرسعلمنهويةىأإآءئؤ"
ARABIC_MARKS = "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"  # tanween, harakat, shadda, sukun, tatweel

ENGLISH_PAIRS = [
    ("The cat sat on the mat.", "The cat is on the mat!"),
    ("the the the the", "the"),
    ("A quick brown fox jumps over the lazy dog", "A QUICK brown dog jumps over a lazy fox"),
    ("Police killed the gunman.", "The gunman was shot down by police."),
    ("In 2018, 3,500 people attended; 12% were under 18.", "About 3500 people attended in 2018."),
    ("snake_case and kebab-case are styles", "snake case or kebab case styles"),
    ("U.S. GDP grew 2.3% in Q4", "US gdp grew by 2.3 percent in q4"),
    ("no overlap at all here", "completely different words there"),
    ("", "something"),
    ("something", ""),
    ("!!! ??? ...", "---"),
    ("Hello, World! Hello again, world.", "hello world hello world hello"),
    ("a b a b a b a", "b a b a b"),
    ("x1 y2 z3 x1 y2", "y2 x1 z3 z3"),
    ("Mr. O'Neil's dog's bone (the big one) was stolen.", "O'Neil said the bone was stolen by a dog"),
    ("tab\tseparated\nnew line  double  space", "tab separated new line"),
    ("CamelCaseWord ALLCAPS MiXeD", "camelcaseword allcaps mixed"),
    ("one two three four five six seven eight nine ten", "ten nine eight seven six five four three two one"),
    ("The committee met on Monday and approved the budget for 2024.",
     "On Monday, the committee approved the 2024 budget."),
    ("__init__ __main__ a__b", "init main a b"),
    ("price: $1,000.50 (approx.)", "$1000 50 approx"),
    ("repeat repeat repeat words words", "words repeat words repeat"),
]


def _reference_scorer():
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)


def _assert_agree(ours: dict[str, Score], theirs: dict) -> None:
    for metric in ("rouge1", "rouge2", "rougeL"):
        for part in ("precision", "recall", "fmeasure"):
            assert getattr(ours[metric], part) == pytest.approx(getattr(theirs[metric], part), abs=5e-5), (metric, part)


def test_rouge_identical_arabic_pair_scores_one():
    text = "أعلنت الحكومة المصرية اليوم عن خطة جديدة لدعم الاقتصاد."
    scores = RougeScorer().score(text, text)
    assert all(s == Score(1.0, 1.0, 1.0) for s in scores.values())


@FIXED
@given(
    head=st.sampled_from(ARABIC_LETTERS),
    rest=st.text(alphabet=ARABIC_LETTERS + ARABIC_MARKS + " ", max_size=60),
)
def test_rouge_self_score_is_one_for_any_arabic_text(head, rest):
    text = head + rest
    scores = RougeScorer().score(text, text)
    assert scores["rouge1"].fmeasure == pytest.approx(1.0)
    assert scores["rougeL"].fmeasure == pytest.approx(1.0)
    # A one-word text has no bigram, so ROUGE-2 is 0 there, as in rouge-score.
    expected_r2 = 1.0 if len(tokenize(text)) >= 2 else 0.0
    assert scores["rouge2"].fmeasure == pytest.approx(expected_r2)


def test_rouge_empty_input_scores_zero():
    scorer = RougeScorer()
    for ref, cand in [("", ""), ("", "نص"), ("نص", ""), ("   ", "..."), ("نص", "!!")]:
        assert all(s == Score(0.0, 0.0, 0.0) for s in scorer.score(ref, cand).values())


def test_rouge_agrees_with_rouge_score_on_english_pairs():
    theirs = _reference_scorer()
    ours = RougeScorer()
    for ref, cand in ENGLISH_PAIRS:
        _assert_agree(ours.score(ref, cand), theirs.score(ref, cand))


@FIXED
@given(
    ref=st.text(alphabet=string.printable, max_size=80),
    cand=st.text(alphabet=string.printable, max_size=80),
)
def test_rouge_agrees_with_rouge_score_on_random_ascii(ref, cand):
    theirs = _reference_scorer()
    _assert_agree(RougeScorer().score(ref, cand), theirs.score(ref, cand))


@FIXED
@given(
    ref=st.lists(st.sampled_from("abcde"), max_size=12).map(" ".join),
    cand=st.lists(st.sampled_from("abcde"), max_size=12).map(" ".join),
)
def test_rouge_agrees_with_rouge_score_on_small_vocabulary(ref, cand):
    # A tiny vocabulary forces many repeated tokens, the hard case for clipping and LCS.
    theirs = _reference_scorer()
    _assert_agree(RougeScorer().score(ref, cand), theirs.score(ref, cand))


def _lcs_table(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


@FIXED
@given(st.lists(st.sampled_from("abcd"), max_size=70), st.lists(st.sampled_from("abcd"), max_size=70))
def test_lcs_length_matches_dynamic_programming(a, b):
    assert lcs_length(a, b) == _lcs_table(a, b)


def test_lcs_length_examples():
    assert lcs_length([], ["a"]) == 0
    assert lcs_length(list("abcbdab"), list("bdcaba")) == 4
    assert lcs_length(["x"] * 100, ["x"] * 40) == 40


def test_tokenize_folds_arabic_spelling_variants():
    assert tokenize("أَحْمَدُ إلى المدرسةِ") == tokenize("احمد الي المدرسه")
    assert tokenize("الـــكتاب") == ["الكتاب"]
    assert tokenize("عام ٢٠١٨م") == ["عام", "2018م"]


def test_tokenize_splits_ascii_like_rouge_score():
    assert tokenize("Hello, WORLD_2024! it's 3.5") == ["hello", "world", "2024", "it", "s", "3", "5"]


def test_tokenize_arabic_punctuation_separates_words():
    assert tokenize("قال،\u00a0إن «الوضع» صعب؛ جدا؟") == ["قال", "ان", "الوضع", "صعب", "جدا"]


def test_rouge_diacritics_do_not_break_matches():
    scores = RougeScorer().score("كَتَبَ الوَلَدُ الدَّرْسَ", "كتب الولد الدرس")
    assert scores["rougeL"].fmeasure == 1.0


def test_rouge_partial_overlap_values():
    ref = "ذهب الولد الى المدرسة صباحا"
    cand = "ذهب الولد مساء"
    scores = RougeScorer().score(ref, cand)
    assert scores["rouge1"].precision == pytest.approx(2 / 3)
    assert scores["rouge1"].recall == pytest.approx(2 / 5)
    assert scores["rouge2"].precision == pytest.approx(1 / 2)
    assert scores["rouge2"].recall == pytest.approx(1 / 4)
    assert scores["rougeL"].fmeasure == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))


def test_rouge_stemming_matches_inflections():
    ref, cand = "الكتابات", "كتاب"
    assert RougeScorer().score(ref, cand)["rouge1"].fmeasure == 0.0
    assert RougeScorer(stem=True).score(ref, cand)["rouge1"].fmeasure == 1.0


def test_rouge_custom_tokenizer_hook_is_used():
    class CharTokenizer:
        def tokenize(self, text: str) -> list[str]:
            return [c for c in text if not c.isspace()]

    scores = RougeScorer(["rouge1"], tokenizer=CharTokenizer()).score("ab", "ba")
    assert scores["rouge1"].fmeasure == 1.0
    assert list(scores) == ["rouge1"]


def test_rouge_scorer_rejects_bad_options():
    with pytest.raises(ConfigError):
        RougeScorer(["rougeX"])
    with pytest.raises(ConfigError):
        RougeScorer([])
    with pytest.raises(ConfigError):
        RougeScorer(["rouge1", "rouge1"])
    with pytest.raises(ConfigError):
        RougeScorer(tokenizer=ArabicTokenizer(), stem=True)


def test_rouge_higher_order_ngrams():
    scores = RougeScorer(["rouge3"]).score("ا ب ج د", "ا ب ج")
    assert scores["rouge3"].precision == 1.0
    assert scores["rouge3"].recall == 0.5


def test_score_multi_takes_best_reference_per_metric():
    scorer = RougeScorer()
    cand = "ذهب الولد الى المدرسة"
    refs = ["خرج الرجل", "ذهب الولد الى المدرسة", "الولد"]
    best = scorer.score_multi(refs, cand)
    assert best["rouge1"].fmeasure == 1.0
    single = scorer.score_multi(["الولد"], cand)
    assert single == scorer.score("الولد", cand)


def test_score_multi_rejects_no_reference():
    with pytest.raises(InputError):
        RougeScorer().score_multi([], "نص")


def test_max_over_references_picks_per_metric():
    a = {"rouge1": Score(1.0, 0.1, 0.2), "rougeL": Score(0.5, 0.5, 0.5)}
    b = {"rouge1": Score(0.4, 0.4, 0.4), "rougeL": Score(0.1, 0.1, 0.1)}
    best = max_over_references([a, b])
    assert best == {"rouge1": b["rouge1"], "rougeL": a["rougeL"]}


def test_score_functions_on_token_lists():
    assert score_ngrams(["a", "b"], ["a", "b"], 3) == Score(0.0, 0.0, 0.0)
    assert score_lcs([], ["a"]) == Score(0.0, 0.0, 0.0)
    assert score_lcs(["a", "b", "c"], ["a", "c"]).recall == pytest.approx(2 / 3)
