"""An optional on-disk cache of parsed answers, so that a re-run costs no request.

One small JSON file per answer, named by the SHA-256 of (model, prompt version, article,
title, budgets): a new model, new prompts or a new budget never reuse an old answer. The
cache stores the model's answer *before* it is checked; the check runs again on every
use (it is cheap, and a better checker then applies to old answers too).

Safe for many threads and processes at once: each entry is written to a temporary file in
the same directory and moved into place with ``os.replace`` (atomic on POSIX and Windows),
so a reader sees a whole entry or none. Entries larger than ``max_entry_bytes`` are neither
written nor read. Nothing is ever evicted: delete the directory to empty it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from mujaz.errors import ConfigError
from mujaz.llm.settings import LLMSettings
from mujaz.llm.types import LLMAnswer, LLMBudgets

__all__ = ["LLMCache", "cache_key"]

# A three-part answer is a few kilobytes even in UTF-8 Arabic; this leaves ample room.
DEFAULT_MAX_ENTRY_BYTES = 256_000
_FORMAT = "mujaz-llm-cache.v1"


def cache_key(*, model: str, prompt_version: str, text: str, title: str | None, budgets: LLMBudgets) -> str:
    """The hex SHA-256 naming one answer: (model, prompt version, article + title + budgets)."""
    article = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    parts = [_FORMAT, model, prompt_version, article, title, budgets.to_dict()]
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(blob).hexdigest()


class LLMCache:
    """Answers stored under ``directory`` (made when first written).

    Args:
        directory: where entries live (``<directory>/<2 hex>/<64 hex>.json``).
        max_entry_bytes: the largest entry written or read.

    Raises:
        ConfigError: ``max_entry_bytes`` is not a positive integer.
    """

    def __init__(self, directory: str | os.PathLike[str], *, max_entry_bytes: int = DEFAULT_MAX_ENTRY_BYTES) -> None:
        if isinstance(max_entry_bytes, bool) or not isinstance(max_entry_bytes, int) or max_entry_bytes < 1:
            raise ConfigError(f"max_entry_bytes must be a positive integer, got {max_entry_bytes!r}")
        self.directory = Path(directory)
        self.max_entry_bytes = max_entry_bytes

    @classmethod
    def from_settings(cls, settings: LLMSettings) -> LLMCache | None:
        """The cache ``settings.cache_dir`` names, or None when caching is off."""
        return cls(settings.cache_dir) if settings.cache_dir is not None else None

    def __repr__(self) -> str:
        return f"LLMCache({str(self.directory)!r})"

    def path(self, key: str) -> Path:
        """The file of entry ``key``."""
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> LLMAnswer | None:
        """The answer stored under ``key`` (marked ``cached``, 0 attempts), or None.

        A missing, oversized, unreadable or corrupt entry is a miss, never an error.
        """
        path = self.path(key)
        try:
            with open(path, "rb") as handle:
                raw = handle.read(self.max_entry_bytes + 1)
        except OSError:
            return None
        if len(raw) > self.max_entry_bytes:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != _FORMAT or data.get("key") != key:
                return None
            answer = LLMAnswer.from_dict(data["answer"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return LLMAnswer(
            headline=answer.headline, lead=answer.lead, points=answer.points, budgets=answer.budgets,
            usage=answer.usage, model=answer.model, prompt_version=answer.prompt_version, attempts=0, cached=True,
        )

    def put(self, key: str, answer: LLMAnswer) -> bool:
        """Store ``answer`` under ``key``; False (nothing written) when it is over the size bound.

        Raises:
            OSError: the directory cannot be written.
        """
        blob = json.dumps({"format": _FORMAT, "key": key, "answer": answer.to_dict()}, ensure_ascii=False).encode("utf-8")
        if len(blob) > self.max_entry_bytes:
            return False
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return True
