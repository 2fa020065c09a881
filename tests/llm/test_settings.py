"""LLMSettings: read from the environment once, validated, the key never shown."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mujaz.errors import ConfigError
from mujaz.llm import ENV_VARS, LLMSettings

ENV = {"MUJAZ_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "MUJAZ_LLM_MODEL": "qwen2.5-7b-instruct"}


def test_settings_from_env_reads_every_variable(tmp_path: Path) -> None:
    env = {**ENV, "MUJAZ_LLM_API_KEY": "sk-abc", "MUJAZ_LLM_TIMEOUT": "12.5",
           "MUJAZ_LLM_CONCURRENCY": "4", "MUJAZ_LLM_CACHE": str(tmp_path)}
    settings = LLMSettings.from_env(env)
    assert settings.base_url == "http://127.0.0.1:8000/v1"
    assert settings.model == "qwen2.5-7b-instruct"
    assert settings.api_key == "sk-abc"
    assert settings.timeout == 12.5
    assert settings.concurrency == 4
    assert settings.cache_dir == tmp_path
    assert set(ENV_VARS) == set(env)


@pytest.mark.parametrize("url", ["http://h:1/v1/", "http://h:1/v1/chat/completions", " http://h:1/v1 "])
def test_settings_base_url_is_normalized(url: str) -> None:
    settings = LLMSettings(base_url=url, model="m")
    assert settings.base_url == "http://h:1/v1"
    assert settings.chat_url == "http://h:1/v1/chat/completions"


@pytest.mark.parametrize("env", [{}, {"MUJAZ_LLM_MODEL": "m"}, {"MUJAZ_LLM_BASE_URL": "  ", "MUJAZ_LLM_MODEL": "m"}])
def test_settings_without_url_raise_config_error_naming_the_variable(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="MUJAZ_LLM_BASE_URL"):
        LLMSettings.from_env(env)


def test_settings_without_model_raise_config_error() -> None:
    with pytest.raises(ConfigError, match="MUJAZ_LLM_MODEL"):
        LLMSettings.from_env({"MUJAZ_LLM_BASE_URL": "http://h/v1"})


def test_settings_overrides_win_and_none_means_not_given() -> None:
    settings = LLMSettings.from_env(ENV, model="other", timeout=None, base_url=None)
    assert settings.model == "other"
    assert settings.base_url == ENV["MUJAZ_LLM_BASE_URL"]
    assert settings.timeout == 60.0


def test_settings_unknown_override_lists_valid_names() -> None:
    with pytest.raises(ConfigError, match="valid options: base_url, model, api_key, timeout"):
        LLMSettings.from_env(ENV, time_out=3)


@pytest.mark.parametrize("var", ["MUJAZ_LLM_TIMEOUT", "MUJAZ_LLM_CONCURRENCY"])
def test_settings_unparsable_variable_is_named(var: str) -> None:
    with pytest.raises(ConfigError, match=var):
        LLMSettings.from_env({**ENV, var: "fast"})


@pytest.mark.parametrize(
    "options",
    [
        {"base_url": "ftp://h/v1"},
        {"base_url": "127.0.0.1:8000"},
        {"timeout": 0},
        {"timeout": float("nan")},
        {"timeout": True},
        {"max_retries": 1},
        {"max_retries": 2.0},
        {"backoff": -1},
        {"concurrency": 0},
        {"concurrency": 1000},
        {"api_key": 5},
        {"cache_dir": ""},
    ],
)
def test_settings_bad_values_raise(options: dict[str, object]) -> None:
    values = {"base_url": "http://h/v1", "model": "m", **options}
    with pytest.raises(ConfigError):
        LLMSettings(**values)  # type: ignore[arg-type]


def test_settings_empty_key_means_no_key() -> None:
    assert LLMSettings.from_env({**ENV, "MUJAZ_LLM_API_KEY": ""}).api_key is None
    assert LLMSettings(base_url="http://h/v1", model="m", api_key="  ").api_key is None


def test_settings_are_frozen() -> None:
    settings = LLMSettings.from_env(ENV)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.model = "x"  # type: ignore[misc]


@given(st.text(alphabet="0123456789abcdefXYZ_-", min_size=12, max_size=40))
def test_settings_key_never_in_repr_or_dict(secret: str) -> None:
    key = "sk-" + secret
    settings = LLMSettings(base_url="http://h/v1", model="m", api_key=key)
    assert key not in repr(settings)
    assert key not in str(settings)
    assert key not in str(settings.to_dict())
    assert settings.to_dict()["api_key_set"] is True


def test_importing_mujaz_llm_touches_no_network_and_loads_no_httpx() -> None:
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise AssertionError('network used at import')\n"
        "socket.socket = refuse; socket.create_connection = refuse\n"
        "import mujaz.llm\n"
        "from mujaz.errors import ConfigError\n"
        "try:\n    mujaz.llm.LLMSettings.from_env({})\nexcept ConfigError: pass\n"
        "print('httpx' in sys.modules)\n"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(src)},
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
