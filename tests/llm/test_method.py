"""The llm method end to end: Summarizer, summarize(), the CLI and evaluate against the real
test server (loopback sockets), checked by the real checker, news as the safety net."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Callable

import pytest

import mujaz
from mujaz import ConfigError, Summarizer
from mujaz.cli.main import main
from mujaz.llm import LLMSettings
from tests.llm.conftest import API_KEY
from tests.llm.server import INVENTED, FakeLLMServer

pytest.importorskip("mujaz.check", reason="the llm method checks answers with mujaz.check")

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))
TEXT = SAMPLES[0].read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _close_shared_clients():
    """Each test's server is new: close the clients made for it (no socket left open)."""
    from mujaz.llm_method import close_clients

    yield
    close_clients()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, llm_server: FakeLLMServer) -> Callable[[str], None]:
    """Point the MUJAZ_LLM_* environment at the test server, with ``scenario`` as the model."""

    def point(scenario: str, key: str = API_KEY, timeout: float = 10.0) -> None:
        monkeypatch.setenv("MUJAZ_LLM_BASE_URL", llm_server.url)
        monkeypatch.setenv("MUJAZ_LLM_MODEL", scenario)
        monkeypatch.setenv("MUJAZ_LLM_API_KEY", key)
        monkeypatch.setenv("MUJAZ_LLM_TIMEOUT", str(timeout))

    return point


def test_method_without_a_server_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MUJAZ_LLM_BASE_URL", "MUJAZ_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="MUJAZ_LLM_BASE_URL"):
        Summarizer(method="llm")
    with pytest.raises(ConfigError):
        mujaz.summarize(TEXT, method="llm")


def test_method_default_stays_news_and_makes_no_request(llm_server: FakeLLMServer, env) -> None:
    env("faithful")
    summary = mujaz.summarize(TEXT)
    assert summary.method == "news" and summary.fallback is None
    assert llm_server.count() == 0


@pytest.mark.parametrize("style", ["lead", "headline", "points", "outline"])
def test_method_faithful_answer_is_used_for_every_style(llm_server: FakeLLMServer, env, style: str) -> None:
    env("faithful")
    summary = Summarizer(method="llm", style=style).summarize(TEXT)
    assert summary.method == "llm", summary.fallback
    assert summary.fallback is None and summary.to_dict()["fallback"] is None
    part = "lead" if style == "outline" else style
    assert summary.text.strip() and summary.settings["llm"]["parts"][part] == "llm"
    if style == "outline":  # the model's headline and lead over the news sections
        assert summary.text.startswith(summary.headline) and summary.lead in summary.text
        assert summary.outline and all(s.point.text in summary.text for s in summary.outline)
    assert summary.settings["llm"]["prompt_version"].startswith("llm-prompt.")
    assert llm_server.count() == 1


def test_method_invented_number_falls_back_to_news_with_the_checkers_problems(llm_server: FakeLLMServer,
                                                                            env) -> None:
    env("invent-number")
    summary = Summarizer(method="llm").summarize(TEXT)
    assert summary.method == "news"
    assert summary.fallback is not None and summary.fallback["reason"] == "inconsistent"
    assert summary.fallback["problems"], "the checker says what was wrong"
    assert INVENTED.split()[-2] not in summary.text
    assert summary.text == mujaz.summarize(TEXT).text


@pytest.mark.parametrize(("scenario", "reason"), [("always-500", "http_error"), ("malformed", "malformed"),
                                                  ("hang", "timeout")])
def test_method_failures_fall_back_with_their_reason(llm_server: FakeLLMServer, env, scenario: str,
                                                     reason: str) -> None:
    env(scenario, timeout=1.0)
    summary = Summarizer(method="llm").summarize(TEXT)
    assert summary.method == "news" and summary.fallback["reason"] == reason
    assert summary.text == mujaz.summarize(TEXT).text


def test_method_wrong_key_is_auth_with_a_warning(llm_server: FakeLLMServer, env,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    env("faithful", key="wrong")
    with caplog.at_level(logging.WARNING, logger="mujaz.llm"):
        summary = Summarizer(method="llm").summarize(TEXT)
    assert summary.method == "news" and summary.fallback["reason"] == "auth"
    assert any("API key" in record.getMessage() for record in caplog.records)


def test_method_keyword_options_override_the_environment(llm_server: FakeLLMServer, env) -> None:
    env("always-500")
    summary = mujaz.summarize(TEXT, method="llm", llm_url=llm_server.url, llm_model="faithful")
    assert summary.method == "llm"


def test_method_cli_exit_zero_in_every_case(llm_server: FakeLLMServer, env,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    env("invent-number")
    assert main(["summarize", str(SAMPLES[0]), "--method", "llm", "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["method"] == "news" and data["fallback"]["reason"] == "inconsistent"
    assert "warning" in captured.err
    assert main(["summarize", str(SAMPLES[0]), "--method", "llm", "--llm-model", "faithful"]) == 0
    assert capsys.readouterr().err == ""


def test_method_evaluate_prints_the_fallback_rate(llm_server: FakeLLMServer, env, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    env("faithful")
    data = tmp_path / "pairs.jsonl"
    rows = [{"id": p.stem, "source": "t", "title": None, "text": p.read_text(encoding="utf-8"),
             "summary": p.read_text(encoding="utf-8").splitlines()[2], "summaries": None, "url": None}
            for p in SAMPLES]
    for row in rows:
        row["summaries"] = [row["summary"]]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert main(["evaluate", str(data), "--method", "llm", "--method", "news", "--bootstrap", "0",
                 "--format", "json"]) == 0
    systems = {s["name"]: s for s in json.loads(capsys.readouterr().out)["systems"]}
    assert systems["llm"]["fallback_rate"] == 0.0 and systems["news"]["fallback_rate"] is None
    assert main(["evaluate", str(data), "--method", "llm", "--bootstrap", "0"]) == 0
    assert "fallback" in capsys.readouterr().out


def test_method_service_summarize_takes_method_llm(llm_server: FakeLLMServer, env) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from mujaz.service import ServiceConfig, create_app

    env("invent-number")  # the service's own config names the server and model below
    config = ServiceConfig(threads=1, engine="thread", llm_url=llm_server.url, llm_model="faithful")
    with TestClient(create_app(config)) as client:
        data = client.post("/v1/summarize", json={"text": TEXT, "method": "llm"}).json()
        assert data["method"] == "llm" and data["fallback"] is None
        news = client.post("/v1/summarize", json={"text": TEXT}).json()
        assert news["method"] == "news"
    with TestClient(create_app(ServiceConfig(threads=1, engine="thread", llm_url=llm_server.url,
                                             llm_model="invent-number"))) as client:
        data = client.post("/v1/summarize", json={"text": TEXT, "method": "llm"}).json()
        assert data["method"] == "news" and data["fallback"]["reason"] == "inconsistent"
