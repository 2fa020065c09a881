"""The HTTP client against the live test server: retries, Retry-After, deadlines, auth, schema."""

from __future__ import annotations

import email.utils
import socket
import sys
import time
from typing import Callable

import pytest

from mujaz.errors import LLMFailure, MissingDependencyError
from mujaz.llm import ChatClient, FallbackReason, LLMBudgets, LLMSettings, build_messages, build_request
from mujaz.llm.client import retry_after_seconds
from tests.llm.server import FakeLLMServer

Settings = Callable[..., LLMSettings]


def _body(text: str, model: str) -> dict:
    return build_request(build_messages(text), model=model, budgets=LLMBudgets())


def _complete(settings: LLMSettings, text: str):
    with ChatClient(settings) as client:
        return client.complete(_body(text, settings.model))


def _fails(settings: LLMSettings, text: str) -> tuple[LLMFailure, float]:
    started = time.monotonic()
    with pytest.raises(LLMFailure) as caught:
        _complete(settings, text)
    return caught.value, time.monotonic() - started


def test_client_faithful_answer_with_usage(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    result = _complete(settings_for("faithful"), seed_text)
    assert result.attempts == 1 and llm_server.count() == 1
    assert result.model == "faithful" and result.finish_reason == "stop"
    assert '"headline"' in result.content
    assert result.usage.prompt_tokens > 100 and result.usage.completion_tokens > 10
    assert llm_server.requests()[0].response_format is True


def test_client_retries_a_500_then_succeeds(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    result = _complete(settings_for("flaky"), seed_text)
    assert result.attempts == 2 and llm_server.count() == 2


@pytest.mark.parametrize("retries", [2, 3])
def test_client_gives_up_after_the_retries(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                           retries: int) -> None:
    failure, _ = _fails(settings_for("always-500", max_retries=retries), seed_text)
    assert failure.reason is FallbackReason.HTTP_ERROR
    assert failure.attempts == retries + 1 == llm_server.count()
    assert "HTTP 500" in failure.detail


def test_client_backoff_doubles_between_attempts(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    _fails(settings_for("always-500", backoff=0.15, max_retries=2), seed_text)
    at = [seen.at for seen in llm_server.requests()]
    gaps = [b - a for a, b in zip(at, at[1:])]
    assert 0.14 <= gaps[0] < 0.6 and 0.29 <= gaps[1] < 0.9, gaps


def test_client_honours_retry_after_seconds(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    started = time.monotonic()
    result = _complete(settings_for("rate-limited", backoff=0.0), seed_text)
    waited = time.monotonic() - started
    assert result.attempts == 2 and llm_server.count() == 2
    assert 1.0 <= waited < 3.0, waited
    at = [seen.at for seen in llm_server.requests()]
    assert at[1] - at[0] >= 0.99


def test_client_honours_retry_after_as_a_date(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str) -> None:
    started = time.monotonic()
    result = _complete(settings_for("rate-limited-date", backoff=0.0), seed_text)
    waited = time.monotonic() - started
    # The date has one-second resolution: the server asked for 2 s, truncated to the second.
    assert result.attempts == 2 and 0.95 <= waited < 4.0, waited


def test_client_retry_after_past_the_deadline_fails_at_once(settings_for: Settings, llm_server: FakeLLMServer,
                                                            seed_text: str) -> None:
    failure, elapsed = _fails(settings_for("rate-limited", timeout=0.6), seed_text)
    assert failure.reason is FallbackReason.HTTP_ERROR and "deadline" in failure.detail
    assert elapsed < 0.6 and llm_server.count() == 1


@pytest.mark.parametrize("scenario", ["hang", "trickle"])
def test_client_total_deadline_is_kept(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                       scenario: str) -> None:
    failure, elapsed = _fails(settings_for(scenario, timeout=0.8), seed_text)
    assert failure.reason is FallbackReason.TIMEOUT
    assert 0.75 <= elapsed < 2.0, elapsed  # a hang would take 30 s, a trickle about 4 s
    assert llm_server.count() == 1


@pytest.mark.parametrize("key", ["wrong-key", None])
def test_client_refused_key_is_auth_without_retry(settings_for: Settings, llm_server: FakeLLMServer, seed_text: str,
                                                  key: str | None) -> None:
    failure, _ = _fails(settings_for("faithful", api_key=key), seed_text)
    assert failure.reason is FallbackReason.AUTH and "401" in failure.detail and "MUJAZ_LLM_API_KEY" in failure.detail
    assert llm_server.count() == 1
    assert (key or "test-key") not in failure.detail


def test_client_other_4xx_is_http_error_without_retry(settings_for: Settings, llm_server: FakeLLMServer,
                                                      seed_text: str) -> None:
    failure, _ = _fails(settings_for("bad-request"), seed_text)
    assert failure.reason is FallbackReason.HTTP_ERROR and "HTTP 400" in failure.detail
    assert llm_server.count() == 1


def test_client_wrong_path_is_http_error(llm_server: FakeLLMServer, seed_text: str) -> None:
    settings = LLMSettings(base_url=llm_server.url.replace("/v1", "/v2"), model="faithful", api_key="test-key")
    failure, _ = _fails(settings, seed_text)
    assert failure.reason is FallbackReason.HTTP_ERROR and "404" in failure.detail


def test_client_drops_a_rejected_response_format_once_and_remembers(settings_for: Settings, llm_server: FakeLLMServer,
                                                                    seed_text: str) -> None:
    with ChatClient(settings_for("no-schema")) as client:
        first = client.complete(_body(seed_text, "no-schema"))
        assert first.attempts == 2 and not client.sends_response_format
        second = client.complete(_body(seed_text, "no-schema"))
        assert second.attempts == 1
    assert [seen.response_format for seen in llm_server.requests()] == [True, False, False]


def test_client_200_that_is_not_a_completion_is_malformed(settings_for: Settings, seed_text: str) -> None:
    failure, _ = _fails(settings_for("garbage-200"), seed_text)
    assert failure.reason is FallbackReason.MALFORMED and "not a chat completion" in failure.detail


def test_client_unreachable_server_is_connection_after_retries(seed_text: str) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago, now closed: refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", model="m", backoff=0.01, timeout=5)
    failure, elapsed = _fails(settings, seed_text)
    assert failure.reason is FallbackReason.CONNECTION and failure.attempts == 3
    assert elapsed < 2


def test_client_without_httpx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(MissingDependencyError, match=r"mujaz\[llm\]") as caught:
        ChatClient(LLMSettings(base_url="http://127.0.0.1:9/v1", model="m"))
    assert caught.value.extra == "llm"
    assert isinstance(caught.value.__cause__, ImportError)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("3", 3.0), (" 0.5 ", 0.5), ("-4", 0.0), ("", None), (None, None), ("soon", None), ("nan", None)],
)
def test_client_retry_after_parsing(header: str | None, expected: float | None) -> None:
    assert retry_after_seconds(header) == expected


def test_client_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    assert retry_after_seconds(email.utils.formatdate(now + 7, usegmt=True), now=now) == pytest.approx(7.0)
    assert retry_after_seconds(email.utils.formatdate(now - 7, usegmt=True), now=now) == 0.0


def test_client_loopback_server_bypasses_proxy_variables(settings_for: Settings, llm_server: FakeLLMServer,
                                                         seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy that does not exist: a request sent through it would fail with a connection error.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert _complete(settings_for("faithful"), seed_text).attempts == 1
    assert llm_server.count() == 1
