"""Tests for mujaz.headline.model: the headline word model and its shipped file."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from mujaz.errors import DataError
from mujaz.features import load_stopwords
from mujaz.headline.cut import BestSentenceHeadline, ModelHeadline
from mujaz.methods import get_method
from mujaz.headline.model import FEATURES, HeadlineModel, opening_tokens, word_features
from mujaz.segment import segment

TEXT = (
    "علمت كود من مصدر مطلع أن الحكومة قررت تأجيل اجتماع الحكومة إلى الخميس.\n"
    "وقال المصدر إن الحكومة ستعلن القرار رسميا غدا.\n"
    "وأضاف أن 20 وزيرا سيحضرون.\n"
    "وفي فقرة رابعة كلمة لا تظهر في البداية."
)


def _model(**changes: object) -> HeadlineModel:
    values: dict[str, object] = dict(weights=(0.0,) * len(FEATURES), lexicon={}, base_rate=0.1)
    values.update(changes)
    return HeadlineModel(**values)  # type: ignore[arg-type]


def test_headline_shipped_model_loads_and_is_fitted() -> None:
    model = HeadlineModel.shipped()
    assert len(model.weights) == len(FEATURES)
    assert any(w != 0.0 for w in model.weights)
    assert 0.0 < model.base_rate < 1.0
    assert len(model.lexicon) > 1000
    assert all(kept <= seen for seen, kept in model.lexicon.values())


def test_headline_shipped_file_records_its_data_and_out_of_fold_scores() -> None:
    from importlib import resources

    report = json.loads(resources.files("mujaz").joinpath("data/headline-model.json").read_text(encoding="utf-8"))
    assert {t["data"] for t in report["trained_on"]} == {"marsum-dev.jsonl", "ant-bbc-dev.jsonl", "ant-multi-dev.jsonl"}
    assert all(len(t["sha256"]) == 64 for t in report["trained_on"])
    marsum = report["scores"]["marsum-dev.jsonl"]
    # Out of fold, the model's headlines beat the first 15 words on MArSum's headlines.
    assert marsum["out_of_fold_rouge_1_2_L"][0] > marsum["lead-15w_rouge_1_2_L"][0]


def test_headline_only_news_has_a_headline_model() -> None:
    news = get_method("news").headline
    assert isinstance(news, ModelHeadline) and news.model is HeadlineModel.shipped()
    for name in ("lead", "textrank", "lexrank"):
        assert isinstance(get_method(name).headline, BestSentenceHeadline)


def test_headline_shipped_model_is_read_once_per_process() -> None:
    assert HeadlineModel.shipped() is HeadlineModel.shipped()


def test_headline_shipped_file_must_be_for_the_code_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz._resources as resources_module
    from mujaz.headline.model import MODEL_FILE, MODEL_VERSION

    real = resources_module.read_package_text

    def older(path: str, what: str) -> str:
        text = real(path, what)
        return text.replace(f'"{MODEL_VERSION}"', '"headline.v0"', 1) if path == MODEL_FILE else text

    monkeypatch.setattr(resources_module, "read_package_text", older)
    with pytest.raises(DataError, match="headline.v0"):
        resources_module.read_package_json(MODEL_FILE, "headline model", "model", version=MODEL_VERSION)


def test_headline_prior_grows_with_the_share_of_headlines_that_keep_a_word() -> None:
    model = _model(lexicon={"كثيرا": (100, 60), "نادرا": (100, 1), "قليلا": (2, 1)})
    assert model.prior("كثيرا") > model.prior("قليلا") > model.prior("نادرا")
    # An unseen word gets the base rate.
    assert model.prior("مجهول") == pytest.approx(math.log(0.1))
    words = ["كثيرا", "نادرا", "قليلا", "مجهول"]
    assert model.priors(words) == pytest.approx([model.prior(w) for w in words])
    assert model.priors([]).shape == (0,)


def test_headline_word_features_columns() -> None:
    article = segment(TEXT)
    opening = opening_tokens(article, 3)
    assert len(opening) == 3
    words, rows = word_features(article, opening, load_stopwords(), lambda ws: np.full(len(ws), -1.0))
    assert rows.shape == (len(words), len(FEATURES))
    assert len(set(words)) == len(words)
    column = {name: rows[:, i] for i, name in enumerate(FEATURES)}
    at = {w: i for i, w in enumerate(words)}
    assert "رابعه" not in at  # only the opening sentences' words
    assert column["bias"].tolist() == [1.0] * len(words)
    assert column["log_count"][at["الحكومه"]] == pytest.approx(math.log1p(3))  # twice, then once
    assert column["first_in_sentence_1"][at["الحكومه"]] == 1.0
    assert column["first_in_sentence_2"][at["المصدر"]] == 1.0
    assert column["first_in_sentence_3"][at["وزيرا"]] == 1.0
    assert column["number"][at["20"]] == 1.0
    assert column["stop_word"][at["من"]] == 1.0 and column["stop_word"][at["الحكومه"]] == 0.0
    assert column["lexicon_prior"].tolist() == [-1.0] * len(words)
    assert column["log_count_if_first"][at["المصدر"]] == 0.0


def test_headline_probabilities_follow_the_weights() -> None:
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("first_in_sentence_1")] = 2.0
    model = _model(weights=tuple(weights))
    probabilities = model.word_probabilities(segment(TEXT))
    assert probabilities["الحكومه"] == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert probabilities["المصدر"] == pytest.approx(0.5)


def test_headline_expected_fmeasure() -> None:
    model = _model(headline_words=10.0)
    assert model.expected_fmeasure(5.0, 10) == pytest.approx(0.5)
    # Adding an unlikely word lowers the value, a likely one raises it.
    assert model.expected_fmeasure(5.1, 11) < model.expected_fmeasure(5.0, 10) < model.expected_fmeasure(5.9, 11)


def test_headline_model_round_trips_through_its_dict() -> None:
    model = HeadlineModel.shipped()
    again = HeadlineModel.from_dict(json.loads(json.dumps(model.to_dict(), ensure_ascii=False)))
    assert again == model
    article = segment(TEXT)
    assert again.word_probabilities(article) == model.word_probabilities(article)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("weights"),
        lambda d: d.update(weights=[1.0, 2.0]),
        lambda d: d.update(features=["bias"]),
        lambda d: d.update(lexicon={"كلمة": "x"}),
        lambda d: d.update(base_rate=1.5),
        lambda d: d.update(headline_words=0),
        lambda d: d.update(clean_end_bonus=-1.0),
        lambda d: d.pop("clean_end_bonus"),
        lambda d: d.update(lexicon=None),
    ],
)
def test_headline_malformed_model_is_a_data_error(damage) -> None:
    data = _model().to_dict()
    damage(data)
    with pytest.raises(DataError):
        HeadlineModel.from_dict(data)


def test_headline_empty_opening_has_no_probabilities() -> None:
    article = segment("...\n؟؟")
    assert _model().word_probabilities(article) == {}
    words, rows = word_features(article, opening_tokens(article, 3), frozenset(), lambda ws: np.zeros(len(ws)))
    assert words == [] and rows.shape == (0, len(FEATURES))


def test_headline_lexicon_is_a_read_only_mapping() -> None:
    from mujaz.headline.model import Lexicon

    counts = {"ب": (5, 1), "أ": (3, 3), "ج": (7, 0)}
    lexicon = Lexicon.from_counts(counts)
    assert dict(lexicon) == counts and len(lexicon) == 3 and list(lexicon) == sorted(counts)
    assert lexicon["ب"] == (5, 1) and lexicon.get("د") is None and "ج" in lexicon
    seen, kept = lexicon.counts(["ج", "د", "أ"])
    assert seen.tolist() == [7, 0, 3] and kept.tolist() == [0, 0, 3]
    empty = Lexicon([], [], [])
    assert len(empty) == 0 and empty.counts(["أ"])[0].tolist() == [0]
    assert HeadlineModel(weights=(0.0,) * len(FEATURES), lexicon=counts, base_rate=0.1).lexicon == lexicon


@pytest.mark.parametrize(
    ("words", "seen", "kept"),
    [
        (["ب", "أ"], [1, 1], [0, 0]),      # not sorted
        (["أ", "أ"], [1, 1], [0, 0]),      # not unique
        (["أ"], [1, 2], [0]),              # lengths differ
        (["أ"], [1], [2]),                 # kept > seen
        (["أ"], [1], [-1]),                # negative
        (["أ"], [1.5], [0]),               # not an integer
    ],
)
def test_headline_lexicon_refuses_bad_columns(words, seen, kept) -> None:
    from mujaz.headline.model import Lexicon

    with pytest.raises(DataError):
        Lexicon(words, seen, kept)


def test_headline_counts_words_in_the_first_sentences_of_a_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.headline.model as headline_module

    text = "\n".join(["افتتحت الوزارة مدرسة جديدة في المدينة."] + ["وزارت الوزارة المدرسة مرة أخرى."] * 5)
    article = segment(text)
    words, rows = word_features(article, opening_tokens(article, 1), frozenset(), lambda ws: np.zeros(len(ws)))
    at, count = words.index("الوزاره"), FEATURES.index("log_count")
    assert rows[at, count] == pytest.approx(math.log1p(6))
    monkeypatch.setattr(headline_module, "MAX_COUNTED_SENTENCES", 3)
    words, rows = word_features(article, opening_tokens(article, 1), frozenset(), lambda ws: np.zeros(len(ws)))
    assert rows[words.index("الوزاره"), count] == pytest.approx(math.log1p(3))
