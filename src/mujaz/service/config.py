"""The service's options: one frozen dataclass, validated when it is made.

:class:`ServiceConfig` holds the limits every request is held to and the optional API
key. :meth:`ServiceConfig.from_env` reads the same options from ``MUJAZ_*`` environment
variables, which is how ``mujaz serve --workers N`` hands them to each worker process.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from mujaz.errors import ConfigError

__all__ = ["ServiceConfig", "DEFAULT_MAX_BODY_BYTES", "ENGINES", "ENV_PREFIX"]

# 2 MiB of UTF-8 holds about a million Arabic characters: hundreds of news articles.
# Summarizing that much takes about a second, so the limit also bounds the work per request.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
ENV_PREFIX = "MUJAZ_"
# Where summarizing work runs: child processes (killed at a request's deadline) or threads.
ENGINES = ("process", "thread")


def _default_threads() -> int:
    # Summarizing is CPU-bound: more workers than cores add latency, not throughput.
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Limits and access control of the HTTP service.

    Args:
        max_body_bytes: largest request body accepted; a larger one gets 413.
        max_documents: most documents in one ``/v1/summarize/batch`` request (413 past it).
        timeout_s: time a request may take, from its first byte to its summary; a request
            still unfinished gets 504 (and 408 when the client is the slow one).
        threads: summarizer workers per server process: child processes with
            ``engine="process"``, threads with ``engine="thread"``.
        max_pending: requests admitted at once (running or queued) per worker; one more
            gets 503 with ``Retry-After`` rather than waiting without bound.
        engine: ``"process"`` (default): summarizing runs in child processes, and one
            still working on a request past its deadline is killed and replaced;
            ``"thread"``: in threads of the server process, where started work runs to
            its end (see :mod:`mujaz.service.engine`).
        api_key: when set, every ``/v1`` route requires it (``Authorization: Bearer KEY``
            or ``X-API-Key: KEY``).

    Raises:
        ConfigError: a value is of the wrong type or out of range.
    """

    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_documents: int = 32
    timeout_s: float = 10.0
    threads: int = field(default_factory=_default_threads)
    max_pending: int = 64
    engine: str = "process"
    api_key: str | None = field(default=None, repr=False)
    llm_url: str | None = None
    llm_model: str | None = None
    llm_timeout: float | None = None

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_documents", "threads", "max_pending"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer, got {value!r}")
        timeout = self.timeout_s
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
            math.isfinite(timeout) and timeout > 0
        ):
            raise ConfigError(f"timeout_s must be a positive number of seconds, got {timeout!r}")
        if not isinstance(self.engine, str) or self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; valid engines: {', '.join(ENGINES)}")
        if self.api_key is not None:
            if not isinstance(self.api_key, str) or not self.api_key.strip():
                raise ConfigError("api_key must be a non-empty string (or None for no key)")
            if not self.api_key.isprintable() or not self.api_key.isascii():
                raise ConfigError("api_key must be printable ASCII (it travels in an HTTP header)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "ServiceConfig":
        """Build a config from ``MUJAZ_*`` environment variables.

        ==========================  ==================
        variable                    option
        ==========================  ==================
        ``MUJAZ_API_KEY``           ``api_key``
        ``MUJAZ_API_KEY_FILE``      ``api_key``, read from the file (trailing newline dropped)
        ``MUJAZ_MAX_BODY_BYTES``    ``max_body_bytes``
        ``MUJAZ_MAX_DOCUMENTS``     ``max_documents``
        ``MUJAZ_TIMEOUT``           ``timeout_s``
        ``MUJAZ_THREADS``           ``threads``
        ``MUJAZ_MAX_PENDING``       ``max_pending``
        ``MUJAZ_ENGINE``            ``engine``
        ``MUJAZ_LLM_BASE_URL``      ``llm_url`` (the ``llm`` method's server)
        ``MUJAZ_LLM_MODEL``         ``llm_model``
        ``MUJAZ_LLM_TIMEOUT``       ``llm_timeout`` (the key: ``MUJAZ_LLM_API_KEY``, read by
                                    the workers from the environment only)
        ==========================  ==================

        Raises:
            ConfigError: a variable does not parse, or both key variables are set.
        """
        env = os.environ if environ is None else environ
        options: dict[str, Any] = {}
        for name, option in (("MAX_BODY_BYTES", "max_body_bytes"), ("MAX_DOCUMENTS", "max_documents"),
                             ("THREADS", "threads"), ("MAX_PENDING", "max_pending")):
            raw = env.get(ENV_PREFIX + name)
            if raw:
                try:
                    options[option] = int(raw)
                except ValueError:
                    raise ConfigError(f"{ENV_PREFIX}{name} must be an integer, got {raw!r}") from None
        raw = env.get(ENV_PREFIX + "TIMEOUT")
        if raw:
            try:
                options["timeout_s"] = float(raw)
            except ValueError:
                raise ConfigError(f"{ENV_PREFIX}TIMEOUT must be a number of seconds, got {raw!r}") from None
        if env.get(ENV_PREFIX + "ENGINE"):
            options["engine"] = env[ENV_PREFIX + "ENGINE"]
        for name, option in (("LLM_BASE_URL", "llm_url"), ("LLM_MODEL", "llm_model")):
            if env.get(ENV_PREFIX + name):
                options[option] = env[ENV_PREFIX + name]
        raw = env.get(ENV_PREFIX + "LLM_TIMEOUT")
        if raw:
            try:
                options["llm_timeout"] = float(raw)
            except ValueError:
                raise ConfigError(f"{ENV_PREFIX}LLM_TIMEOUT must be a number of seconds, got {raw!r}") from None
        key, key_file = env.get(ENV_PREFIX + "API_KEY"), env.get(ENV_PREFIX + "API_KEY_FILE")
        if key and key_file:
            raise ConfigError(f"set {ENV_PREFIX}API_KEY or {ENV_PREFIX}API_KEY_FILE, not both")
        if key_file:
            options["api_key"] = read_api_key(key_file)
        elif key:
            options["api_key"] = key
        return cls(**options)

    def to_env(self) -> dict[str, str]:
        """The environment variables that :meth:`from_env` turns back into this config.

        The API key is left out: pass it as ``MUJAZ_API_KEY_FILE`` so that it never shows
        in a process listing of the environment.
        """
        names = {"max_body_bytes": "MAX_BODY_BYTES", "max_documents": "MAX_DOCUMENTS", "timeout_s": "TIMEOUT",
                 "threads": "THREADS", "max_pending": "MAX_PENDING", "engine": "ENGINE", "llm_url": "LLM_BASE_URL",
                 "llm_model": "LLM_MODEL", "llm_timeout": "LLM_TIMEOUT"}
        return {ENV_PREFIX + names[f.name]: str(getattr(self, f.name)) for f in fields(self)
                if f.name in names and getattr(self, f.name) is not None}

    def llm_options(self) -> dict[str, Any]:
        """The ``llm`` method's server options, for :class:`mujaz.Summarizer`."""
        return {"llm_url": self.llm_url, "llm_model": self.llm_model, "llm_timeout": self.llm_timeout}

    def limits(self) -> dict[str, Any]:
        """The limits a client may want to know (never the key)."""
        return {"max_body_bytes": self.max_body_bytes, "max_documents": self.max_documents,
                "timeout_s": self.timeout_s}


def read_api_key(path: str | os.PathLike[str]) -> str:
    """Read an API key from a file: its content without surrounding whitespace.

    Raises:
        ConfigError: the file cannot be read or holds no key.
    """
    try:
        key = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the API key file {str(path)!r}: {exc}") from None
    if not key:
        raise ConfigError(f"the API key file {str(path)!r} is empty")
    return key
