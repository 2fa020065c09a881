"""The answer cache: keyed by model, prompts, article, title and budgets; atomic; bounded."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from mujaz.errors import ConfigError
from mujaz.llm import LLMAnswer, LLMBudgets, LLMCache, LLMSettings, LLMUsage, cache_key

ANSWER = LLMAnswer("عنوان", "فقرة الخبر", ("نقطة أولى", "نقطة ثانية"), LLMBudgets(), LLMUsage(120, 30), "m",
                   "llm-prompt.v1", 1)
KEY_ARGS = {"model": "m", "prompt_version": "llm-prompt.v1", "text": "نص المقال", "title": None, "budgets": LLMBudgets()}


def test_cache_round_trip_marks_the_answer_cached(tmp_path: Path) -> None:
    cache = LLMCache(tmp_path)
    key = cache_key(**KEY_ARGS)
    assert cache.get(key) is None
    assert cache.put(key, ANSWER) is True
    hit = cache.get(key)
    assert hit is not None and hit.cached and hit.attempts == 0
    assert (hit.headline, hit.lead, hit.points, hit.usage) == (ANSWER.headline, ANSWER.lead, ANSWER.points, ANSWER.usage)
    assert cache.path(key).is_file() and cache.path(key).parent.name == key[:2]
    assert not list(tmp_path.rglob(".tmp-*"))


@pytest.mark.parametrize(
    "change",
    [{"model": "m2"}, {"prompt_version": "llm-prompt.v2"}, {"text": "نص المقال."}, {"title": "عنوان"},
     {"budgets": LLMBudgets(lead_words=59)}, {"budgets": LLMBudgets(max_points=5)}],
)
def test_cache_key_changes_with_every_component(change: dict[str, object]) -> None:
    assert cache_key(**{**KEY_ARGS, **change}) != cache_key(**KEY_ARGS)  # type: ignore[arg-type]


def test_cache_key_is_stable() -> None:
    assert cache_key(**KEY_ARGS) == cache_key(**dict(KEY_ARGS))
    assert len(cache_key(**KEY_ARGS)) == 64


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "other"}', b'{"format": "mujaz-llm-cache.v1", "key": "x", "answer": {}}'])
def test_cache_corrupt_entry_is_a_miss(tmp_path: Path, content: bytes) -> None:
    cache = LLMCache(tmp_path)
    key = cache_key(**KEY_ARGS)
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_bytes(content)
    assert cache.get(key) is None


def test_cache_entries_are_bounded(tmp_path: Path) -> None:
    small = LLMCache(tmp_path, max_entry_bytes=200)
    key = cache_key(**KEY_ARGS)
    assert small.put(key, ANSWER) is False and not small.path(key).exists()
    LLMCache(tmp_path).put(key, ANSWER)
    assert LLMCache(tmp_path).get(key) is not None
    assert small.get(key) is None  # an entry over the bound is not read either
    with pytest.raises(ConfigError):
        LLMCache(tmp_path, max_entry_bytes=0)


def test_cache_from_settings(tmp_path: Path) -> None:
    assert LLMCache.from_settings(LLMSettings(base_url="http://h/v1", model="m")) is None
    cache = LLMCache.from_settings(LLMSettings(base_url="http://h/v1", model="m", cache_dir=tmp_path))
    assert cache is not None and cache.directory == tmp_path


def _hammer(directory: str, key: str, rounds: int) -> int:
    """Write and read one key ``rounds`` times; count reads that were not whole answers."""
    cache = LLMCache(directory)
    bad = 0
    for i in range(rounds):
        answer = LLMAnswer(f"عنوان {i}", "فقرة " * (1 + i % 50), ("نقطة",), LLMBudgets(), LLMUsage(i, i), "m", "v", 1)
        cache.put(key, answer)
        got = cache.get(key)
        if got is None or not got.headline.startswith("عنوان"):
            bad += 1
    return bad


def test_cache_is_safe_for_concurrent_threads_and_processes(tmp_path: Path) -> None:
    key = cache_key(**KEY_ARGS)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(_hammer(str(tmp_path), key, 60))) for _ in range(3)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pending = pool.starmap_async(_hammer, [(str(tmp_path), key, 60)] * 2)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results += pending.get(timeout=120)
    assert results == [0] * 5
    assert LLMCache(tmp_path).get(key) is not None
    assert not list(tmp_path.rglob(".tmp-*"))
