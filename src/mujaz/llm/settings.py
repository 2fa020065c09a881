"""Where the language model is and how to talk to it: one frozen, validated :class:`LLMSettings`."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from mujaz.errors import ConfigError

__all__ = ["LLMSettings", "ENV_VARS"]

# Environment variable -> LLMSettings field. The CLI's --llm-url/--llm-model/--llm-timeout
# map to the same fields; the API key is read from the environment only, so that it never
# shows in a shell history or a process list.
ENV_VARS = {
    "MUJAZ_LLM_BASE_URL": "base_url",
    "MUJAZ_LLM_MODEL": "model",
    "MUJAZ_LLM_API_KEY": "api_key",
    "MUJAZ_LLM_TIMEOUT": "timeout",
    "MUJAZ_LLM_CONCURRENCY": "concurrency",
    "MUJAZ_LLM_CACHE": "cache_dir",
}
_CHAT_PATH = "/chat/completions"


def _number(name: str, value: Any, *, integer: bool, low: float, high: float) -> None:
    kind = "an integer" if integer else "a number"
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)):
        raise ConfigError(f"{name} must be {kind}, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {value!r}")


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """How to reach an OpenAI-compatible chat-completions server.

    Args:
        base_url: the API root, such as ``http://127.0.0.1:8000/v1`` (``/chat/completions``
            is appended; a URL that already ends with it is accepted).
        model: the model name the server expects.
        api_key: sent as ``Authorization: Bearer ...`` when set; never shown in ``repr``.
        timeout: total seconds allowed per article: every attempt and every wait between them.
        max_retries: retries after a 5xx, a 429 or a connection error (at least 2).
        backoff: the first wait between attempts, in seconds; it doubles each retry
            (a ``Retry-After`` from the server takes its place).
        concurrency: requests in flight at once in :func:`mujaz.llm.map_llm`.
        cache_dir: a directory for the answer cache; ``None`` (the default) stores nothing.

    Raises:
        ConfigError: a value is missing, of the wrong type or out of range.
    """

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    max_retries: int = 2
    backoff: float = 0.5
    concurrency: int = 8
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.base_url, str) or not self.base_url.strip():
            raise ConfigError(
                "no language-model server configured: set MUJAZ_LLM_BASE_URL (or --llm-url), "
                "for example http://127.0.0.1:8000/v1"
            )
        url = self.base_url.strip().rstrip("/")
        if url.endswith(_CHAT_PATH):
            url = url[: -len(_CHAT_PATH)]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"the LLM base URL must be an http(s) URL, got {self.base_url!r}")
        object.__setattr__(self, "base_url", url)
        if not isinstance(self.model, str) or not self.model.strip():
            raise ConfigError("no language model named: set MUJAZ_LLM_MODEL (or --llm-model)")
        object.__setattr__(self, "model", self.model.strip())
        if self.api_key is not None:
            if not isinstance(self.api_key, str):
                raise ConfigError("api_key must be a str")
            # An empty MUJAZ_LLM_API_KEY= means no key (local servers need none).
            object.__setattr__(self, "api_key", self.api_key.strip() or None)
        _number("timeout", self.timeout, integer=False, low=0.001, high=86400)
        object.__setattr__(self, "timeout", float(self.timeout))
        _number("max_retries", self.max_retries, integer=True, low=2, high=10)
        _number("backoff", self.backoff, integer=False, low=0, high=600)
        object.__setattr__(self, "backoff", float(self.backoff))
        _number("concurrency", self.concurrency, integer=True, low=1, high=256)
        if self.cache_dir is not None:
            if not isinstance(self.cache_dir, (str, os.PathLike)) or not str(self.cache_dir):
                raise ConfigError(f"cache_dir must be a path, got {self.cache_dir!r}")
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))

    def __repr__(self) -> str:
        key = "'***'" if self.api_key else "None"
        return (
            f"LLMSettings(base_url={self.base_url!r}, model={self.model!r}, api_key={key}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r}, backoff={self.backoff!r}, "
            f"concurrency={self.concurrency!r}, cache_dir={self.cache_dir!r})"
        )

    @property
    def chat_url(self) -> str:
        """The chat-completions endpoint."""
        return self.base_url + _CHAT_PATH

    def to_dict(self) -> dict[str, Any]:
        """The settings for a summary's record; the key is reduced to whether one is set."""
        return {
            "base_url": self.base_url,
            "model": self.model,
            "api_key_set": self.api_key is not None,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "backoff": self.backoff,
            "concurrency": self.concurrency,
            "cache_dir": str(self.cache_dir) if self.cache_dir is not None else None,
        }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides: Any) -> LLMSettings:
        """Settings from ``MUJAZ_LLM_*`` variables, with keyword ``overrides`` on top.

        An override of ``None`` means "not given" (so a CLI can pass its flags as they
        are); the variables are :data:`ENV_VARS`.

        Raises:
            ConfigError: no base URL or model, an unknown override, or a value that does
                not parse (the message names the variable).
        """
        valid = [f.name for f in fields(cls)]
        unknown = sorted(set(overrides) - set(valid))
        if unknown:
            raise ConfigError(f"unknown LLM option(s) {', '.join(unknown)}; valid options: {', '.join(valid)}")
        values: dict[str, Any] = {}
        for var, name in ENV_VARS.items():
            raw = environ.get(var)
            if raw is None or not raw.strip():
                continue
            raw = raw.strip()
            try:
                if name == "timeout":
                    values[name] = float(raw)
                elif name == "concurrency":
                    values[name] = int(raw)
                else:
                    values[name] = raw
            except ValueError:
                raise ConfigError(f"{var} must be a number, got {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "base_url" not in values:
            values["base_url"] = ""  # __post_init__ raises the one message for a missing URL
        values.setdefault("model", "")
        return cls(**values)
