"""Fixtures of the LLM tests: a live OpenAI-compatible server on loopback, settings for it."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest

pytest.importorskip("httpx", reason="the LLM tests need the 'llm' extra (httpx)")

from mujaz.llm import LLMSettings  # noqa: E402
from tests.llm.checker import word_check  # noqa: E402
from tests.llm.server import FakeLLMServer  # noqa: E402

API_KEY = "test-key"


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A fresh server per test (its request counts start at zero); stopped and joined after."""
    with FakeLLMServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def settings_for(llm_server: FakeLLMServer) -> Callable[..., LLMSettings]:
    """``settings_for("scenario", timeout=...)``: settings pointing at the test server.

    Retries wait 10 ms at first (not 0.5 s) so that the suite stays quick; tests that
    measure waits set ``backoff`` themselves.
    """

    def make(scenario: str = "faithful", **overrides: Any) -> LLMSettings:
        options: dict[str, Any] = {"api_key": API_KEY, "timeout": 10.0, "backoff": 0.01}
        options.update(overrides)
        return LLMSettings(base_url=llm_server.url, model=scenario, **options)

    return make


@pytest.fixture
def checker() -> Callable[..., Any]:
    return word_check
