"""Tests for the public API: mujaz.summarize, mujaz.Summarizer and the package's exports."""

from __future__ import annotations

import importlib.metadata
import json
import math

import numpy as np
import pytest

import mujaz
from mujaz import ConfigError, InputError, MujazError, Summarizer, Summary, UnknownMethodError, summarize
from tests._support import assert_summary_valid, count_headline_model_loads, load_seed, seed_paragraphs, words
from mujaz.registry import METHODS as REGISTERED

# The extractive methods (the llm method needs a server: tests/test_llm_method.py)
METHODS = ["lead", "lexrank", "news", "textrank"]
STYLES = ["lead", "headline", "points"]


def test_api_all_is_pinned() -> None:
    assert mujaz.__all__ == [
        "__version__",
        "summarize",
        "Summarizer",
        "read_article",
        "SummaryConfig",
        "DEFAULT_MAX_WORDS",
        "STYLES",
        "available_methods",
        "segment",
        "Article",
        "Block",
        "BlockKind",
        "Point",
        "Sentence",
        "Span",
        "Summary",
        "SummaryUnit",
        "Style",
        "UnitKind",
        "BudgetKind",
        "MujazError",
        "InputError",
        "ConfigError",
        "UnknownMethodError",
        "MissingDependencyError",
        "DataError",
        "check",
        "Check",
        "Problem",
        "ProblemKind",
    ]


@pytest.mark.parametrize("name", mujaz.__all__)
def test_api_exports_exist(name: str) -> None:
    assert getattr(mujaz, name) is not None


def test_api_version_matches_metadata() -> None:
    assert mujaz.__version__ == importlib.metadata.version("mujaz")


def test_api_error_tree() -> None:
    for error in (mujaz.InputError, mujaz.ConfigError, mujaz.MissingDependencyError, mujaz.DataError):
        assert issubclass(error, MujazError)
    assert issubclass(mujaz.UnknownMethodError, mujaz.ConfigError)
    assert issubclass(mujaz.InputError, ValueError)


def test_api_default_summary(seed_text: str) -> None:
    summary = summarize(seed_text)
    assert_summary_valid(summary, seed_text, max_words=60)
    assert summary.method == "news"
    assert summary.style == "lead"
    assert summary.settings["scorer"] == "news.v3"
    assert summary.settings["budget"] == {"kind": "words", "value": 60}
    assert summary.text.startswith("أعلن الرئيس الأمريكي")  # filler opener dropped


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("max_words", [1, 3, 4, 5, 10, 25, 40, 60, 100, 500])
def test_api_max_words(seed_text: str, method: str, max_words: int) -> None:
    summary = summarize(seed_text, method=method, max_words=max_words)
    assert len(summary.text.split()) <= max_words
    assert_summary_valid(summary, seed_text, max_words=max_words)
    assert summary.method == method
    assert summary.settings["scorer"] == REGISTERED[method].version


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_api_max_sentences(seed_text: str, method: str, k: int) -> None:
    summary = summarize(seed_text, method=method, max_sentences=k)
    assert_summary_valid(summary, seed_text, max_sentences=k)
    assert summary.settings["budget"] == {"kind": "sentences", "value": k}
    if method != "news":  # news skips repeats; the baselines fill the budget
        assert len(summary.units) == min(k, 4)


@pytest.mark.parametrize("ratio", [0.01, 0.1, 0.3, 1.0])
def test_api_ratio(seed_text: str, ratio: float) -> None:
    summary = summarize(seed_text, ratio=ratio)
    total = sum(words(p) for p in seed_paragraphs() if p.endswith("."))  # the body paragraphs
    assert total == 327
    assert_summary_valid(summary, seed_text, max_words=max(1, math.ceil(ratio * total)))
    if ratio == 1.0:
        assert words(summary.text) > 60, "the whole article fits: more than the default lead"
    assert summary.settings["budget"] == {"kind": "ratio", "value": ratio}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("method", METHODS)
def test_api_styles(seed_text: str, style: str, method: str) -> None:
    summary = summarize(seed_text, style=style, method=method)
    assert summary.style == style
    assert_summary_valid(summary, seed_text)
    default = {"lead": 60, "headline": 15, "points": 30}[style]
    assert summary.settings["budget"] == {"kind": "words", "value": default}


@pytest.mark.parametrize(("style", "max_words"), [("headline", 5), ("headline", 1), ("points", 8), ("points", 2)])
def test_api_style_budgets(seed_text: str, style: str, max_words: int) -> None:
    summary = summarize(seed_text, style=style, max_words=max_words)
    assert_summary_valid(summary, seed_text, max_words=max_words)
    if style == "headline":
        assert words(summary.text) <= max_words
    else:
        assert all(words(line) <= max_words for line in summary.text.split("\n"))


def test_api_points_count(seed_text: str) -> None:
    summary = summarize(seed_text, style="points", max_sentences=2)
    assert_summary_valid(summary, seed_text, max_sentences=2)
    assert len(summary.points) == 2


def test_api_summary_is_in_document_order(seed_text: str) -> None:
    summary = summarize(seed_text, method="textrank", max_sentences=3)
    starts = [u.span.start for u in summary.units]
    assert starts == sorted(starts)
    assert [u.sentence for u in summary.units] == sorted(u.sentence for u in summary.units)


@pytest.mark.parametrize(
    "options",
    [
        {"max_words": 10, "max_sentences": 2},
        {"max_words": 10, "ratio": 0.5},
        {"max_sentences": 2, "ratio": 0.5},
    ],
)
def test_api_two_budgets(seed_text: str, options: dict) -> None:
    with pytest.raises(ConfigError):
        summarize(seed_text, **options)
    with pytest.raises(ConfigError):
        Summarizer(**options)
    with pytest.raises(ConfigError):
        Summarizer().summarize(seed_text, **options)


@pytest.mark.parametrize("option", ["max_word", "colour", "sentences", "title_text"])
def test_api_unknown_option(seed_text: str, option: str) -> None:
    for call in (
        lambda: summarize(seed_text, **{option: 3}),
        lambda: Summarizer(**{option: 3}),
        lambda: Summarizer().summarize(seed_text, **{option: 3}),
    ):
        with pytest.raises(ConfigError) as info:
            call()
        assert option in str(info.value)
        assert "max_words" in str(info.value), "the message lists the valid options"


def test_api_options_are_keyword_only(seed_text: str) -> None:
    with pytest.raises(TypeError):
        summarize(seed_text, 40)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Summarizer("news")  # type: ignore[misc]


@pytest.mark.parametrize(
    "options",
    [
        {"max_words": True},
        {"max_words": False},
        {"max_sentences": True},
        {"ratio": True},
        {"max_words": 0},
        {"max_words": -5},
        {"max_words": 2.5},
        {"max_words": "40"},
        {"ratio": 1.5},
        {"style": "tweet"},
        {"style": "headline", "max_sentences": 2},
        {"style": "points", "ratio": 0.2},
    ],
)
def test_api_bad_option_values(seed_text: str, options: dict) -> None:
    with pytest.raises(ConfigError):
        summarize(seed_text, **options)


@pytest.mark.parametrize("method", ["bogus", "News", "", None])
def test_api_unknown_method(seed_text: str, method: object) -> None:
    with pytest.raises(UnknownMethodError) as info:
        summarize(seed_text, method=method)  # type: ignore[arg-type]
    for name in REGISTERED:
        assert name in str(info.value)
    if method is not None:  # an override of None keeps the summarizer's method
        with pytest.raises(UnknownMethodError):
            Summarizer().summarize(seed_text, method=method)


@pytest.mark.parametrize("override", ["max_words", "max_sentences", "ratio", "method", "style"])
def test_api_override_of_none_keeps_the_summarizers_option(seed_text: str, override: str) -> None:
    summarizer = Summarizer(max_words=5)
    kept = summarizer.summarize(seed_text, **{override: None})
    assert kept.text == summarizer.summarize(seed_text).text
    assert words(kept.text) <= 5


@pytest.mark.parametrize("budget", [np.int64(7), np.int32(7), np.uint8(7)])
def test_api_numpy_integer_budgets(seed_text: str, budget: object) -> None:
    summary = summarize(seed_text, max_words=budget)
    assert words(summary.text) <= 7 and summary.settings["max_words"] == 7
    assert type(summary.settings["max_words"]) is int


def test_api_str_of_a_summary_is_its_text(seed_text: str) -> None:
    summary = summarize(seed_text)
    assert str(summary) == summary.text


def test_api_summarizer_is_safe_to_share_between_threads() -> None:
    """One summarizer, 8 threads, texts full of new words: every answer as alone."""
    import threading

    texts = ["\n".join(f"أعلنت الهيئة{t}x{i} عن مشروع{t}y{i} جديد في مدينة{t}z{i} الكبيرة يوم الأحد." for i in range(12))
             for t in range(16)]
    expected = [Summarizer(method="news").summarize(text).to_dict() for text in texts]
    shared = Summarizer(method="news")
    results: dict[int, dict] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(worker: int) -> None:
        barrier.wait()
        try:
            for t in range(worker, len(texts), 8):
                results[t] = shared.summarize(texts[t]).to_dict()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [results[t] for t in range(len(texts))] == expected


def test_api_overrides_per_call(seed_text: str) -> None:
    summarizer = Summarizer(method="lead", max_words=10)
    summary = summarizer.summarize(seed_text, method="textrank", max_sentences=1)
    assert summary.method == "textrank"
    assert summary.settings["budget"] == {"kind": "sentences", "value": 1}
    assert_summary_valid(summary, seed_text, max_sentences=1)
    # the summarizer's own options are untouched
    again = summarizer.summarize(seed_text)
    assert again.method == "lead" and words(again.text) <= 10


def test_api_title_must_be_a_string(seed_text: str) -> None:
    with pytest.raises(InputError):
        summarize(seed_text, title=b"title")  # type: ignore[arg-type]


def test_api_title_argument_is_used(seed_text: str) -> None:
    summary = summarize(seed_text, title="جهود جديدة لتحقيق السلام في الشرق الأوسط")
    assert_summary_valid(summary, seed_text)


def test_api_summarize_many_return_errors(seed_text: str) -> None:
    texts = [seed_text, "", b"\xd9\x86\xd8\xb5", "English only.", seed_text, None]
    results = list(Summarizer(max_words=20).summarize_many(texts, errors="return"))  # type: ignore[arg-type]
    assert [type(r).__name__ for r in results] == [
        "Summary", "InputError", "InputError", "InputError", "Summary", "InputError"
    ]
    assert results[0].to_dict() == results[4].to_dict()
    for result in (results[0], results[4]):
        assert_summary_valid(result, seed_text, max_words=20)


def test_api_summarize_many_raise(seed_text: str) -> None:
    results = Summarizer().summarize_many([seed_text, "", seed_text])
    assert isinstance(next(results), Summary)
    with pytest.raises(InputError):
        next(results)


def test_api_summarize_many_is_lazy(seed_text: str) -> None:
    def texts():
        yield seed_text
        raise AssertionError("read past what was asked for")

    assert isinstance(next(Summarizer().summarize_many(texts())), Summary)


def test_api_summarize_many_bad_errors_option(seed_text: str) -> None:
    with pytest.raises(ConfigError, match="errors must be"):
        Summarizer().summarize_many([seed_text], errors="ignore")  # at once, not at the first item


def test_api_summarize_many_with_titles(seed_text: str) -> None:
    summarizer = Summarizer(max_words=20)
    titles = ["ترامب وبوتين يبحثان السلام في بودابست", None]
    results = list(summarizer.summarize_many([seed_text, seed_text], titles=titles))
    assert results[0].to_dict() == summarizer.summarize(seed_text, title=titles[0]).to_dict()
    assert results[1].to_dict() == summarizer.summarize(seed_text).to_dict()
    # a bad title is that text's error, like a bad text
    mixed = list(summarizer.summarize_many([seed_text, seed_text], titles=[123, None], errors="return"))
    assert isinstance(mixed[0], InputError) and isinstance(mixed[1], Summary)


@pytest.mark.parametrize(("n_texts", "n_titles", "message"), [(3, 2, "titles ran out"), (2, 3, "more titles")])
def test_api_summarize_many_titles_must_match_texts(seed_text: str, n_texts: int, n_titles: int,
                                                     message: str) -> None:
    results = Summarizer().summarize_many([seed_text] * n_texts, titles=[None] * n_titles)
    with pytest.raises(ConfigError, match=message):
        list(results)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("style", STYLES)
def test_api_deterministic(seed_text: str, method: str, style: str) -> None:
    first = summarize(seed_text, method=method, style=style).to_dict()
    second = Summarizer(method=method, style=style).summarize(seed_text).to_dict()
    summarizer = Summarizer(method=method, style=style)
    third = [summarizer.summarize(seed_text).to_dict() for _ in range(2)]
    assert first == second == third[0] == third[1]


@pytest.mark.parametrize("style", STYLES)
def test_api_to_dict_is_json(seed_text: str, style: str) -> None:
    summary = summarize(seed_text, style=style, max_words=20)
    data = json.loads(json.dumps(summary.to_dict(), ensure_ascii=False))
    assert data["text"] == summary.text
    assert data["style"] == style
    assert data["word_count"] == words(summary.text)
    assert data["source_length"] == len(seed_text)
    assert data["lead"] == summary.lead and data["headline"] == summary.headline
    assert len(data["points"]) == len(summary.points)
    assert len(data["units"]) == len(summary.units)
    for unit in data["units"]:
        assert seed_text[unit["start"] : unit["end"]] == unit["text"]
        base = {"text", "start", "end", "sentence", "kind", "score"}
        assert base <= set(unit) <= base | {"rendered", "rewrites"}  # the last two when rewritten


def test_api_resources_are_loaded_once_per_process_and_shared(monkeypatch: pytest.MonkeyPatch,
                                                               seed_text: str) -> None:
    import threading

    calls = count_headline_model_loads(monkeypatch)
    summarizer = Summarizer(style="headline")
    assert calls == []  # making a summarizer reads nothing: it is only options
    summarizer.summarize(seed_text)
    assert len(calls) == 1
    Summarizer().summarize(seed_text).headline
    summarize(seed_text, style="headline")
    threads = [threading.Thread(target=lambda: Summarizer(style="headline").summarize(seed_text)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    Summarizer().preload()
    assert len(calls) == 1, "one read per process, shared by every summarizer and thread"
    Summarizer(method="lead").preload()  # nothing more to load for the lead method
    assert len(calls) == 1


@pytest.mark.parametrize("budget", [{}, {"max_words": 40}, {"ratio": 0.3}])
def test_api_outline_style(budget: dict) -> None:
    text = load_seed()
    summary = mujaz.summarize(text, style="outline", **budget)
    assert summary.style == "outline" and summary.settings["style"] == "outline"
    assert summary.text.startswith(summary.headline) and summary.lead in summary.text
    limit = budget.get("max_words", 60) if "ratio" not in budget else None
    if limit is not None:
        assert len(summary.lead.split()) <= limit
    assert summary.to_dict()["outline"]


def test_api_outline_style_unknown_style_lists_outline() -> None:
    with pytest.raises(mujaz.ConfigError, match="outline"):
        mujaz.summarize(load_seed(), style="outlines")
