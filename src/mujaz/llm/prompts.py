"""The prompts sent to the model: package data (``mujaz/data/llm-prompts.json``), versioned.

The user prompt states the JSON schema the answer must follow, and the request also carries
it as ``response_format`` (``json_schema``) for servers that enforce it (vLLM, llama.cpp's
``llama-server``, Ollama, OpenAI); :mod:`mujaz.llm.client` drops ``response_format`` for a
server that rejects it, and the prompt alone then asks for the same object.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mujaz.errors import DataError
from mujaz.llm.types import LLMBudgets

__all__ = ["Prompts", "load_prompts", "answer_schema", "build_messages", "build_request"]

_PATH = "data/llm-prompts.json"
_PLACEHOLDER = re.compile(r"\{(schema|headline_words|lead_words|point_words|max_points|title_line|article|title)\}")
# The article sits between <article> tags; a closing tag inside the article itself would
# end it early and let the rest read as instructions, so it is broken up.
_CLOSING_TAG = re.compile(r"</\s*article\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Prompts:
    """The prompt templates of one version (read-only; loaded once per process)."""

    version: str
    system: str
    user: str
    title_line: str
    request: tuple[tuple[str, Any], ...]
    schema_name: str

    def to_dict(self) -> dict[str, Any]:
        """The templates, as ``mujaz methods`` shows them."""
        return {
            "version": self.version,
            "system": self.system,
            "user": self.user,
            "title_line": self.title_line,
            "request": dict(self.request),
            "schema_name": self.schema_name,
        }


@functools.cache
def load_prompts() -> Prompts:
    """The shipped prompts (read once per process).

    Raises:
        DataError: the data file is missing or lacks a field (a broken installation).
    """
    try:
        data = json.loads(resources.files("mujaz").joinpath(_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the LLM prompts {_PATH}: {exc}") from None
    try:
        prompts = Prompts(
            version=data["version"],
            system=data["system"],
            user=data["user"],
            title_line=data["title_line"],
            request=tuple(sorted(data["request"].items())),
            schema_name=data["schema_name"],
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"cannot read the LLM prompts {_PATH}: missing or bad field {exc}") from None
    for name in ("version", "system", "user", "title_line", "schema_name"):
        if not isinstance(getattr(prompts, name), str):
            raise DataError(f"cannot read the LLM prompts {_PATH}: {name!r} is not a string")
    return prompts


def answer_schema(budgets: LLMBudgets) -> dict[str, Any]:
    """The JSON schema of the answer: ``{"headline": str, "lead": str, "points": [str]}``.

    Word budgets cannot be said in JSON Schema; the prompt states them and
    :mod:`mujaz.llm.parse` enforces them.
    """
    return {
        "type": "object",
        "properties": {
            "headline": {"type": "string"},
            "lead": {"type": "string"},
            "points": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": budgets.max_points},
        },
        "required": ["headline", "lead", "points"],
        "additionalProperties": False,
    }


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass over the template: text put in (the article) is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def build_messages(text: str, *, title: str | None = None, budgets: LLMBudgets = LLMBudgets()) -> list[dict[str, str]]:
    """The chat messages (system, user) asking for a summary of ``text``.

    Args:
        text: the article.
        title: its headline, when kept apart from the text.
        budgets: the word budgets to ask for.
    """
    prompts = load_prompts()
    article = _CLOSING_TAG.sub("</ article>", text.strip())
    title_line = _fill(prompts.title_line, {"title": title.strip()}) if title and title.strip() else ""
    values = {
        "schema": json.dumps(answer_schema(budgets), ensure_ascii=False),
        "headline_words": str(budgets.headline_words),
        "lead_words": str(budgets.lead_words),
        "point_words": str(budgets.point_words),
        "max_points": str(budgets.max_points),
        "title_line": title_line,
        "article": article,
    }
    return [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": _fill(prompts.user, values)},
    ]


def build_request(
    messages: list[dict[str, str]], *, model: str, budgets: LLMBudgets, response_format: bool = True
) -> dict[str, Any]:
    """The chat-completions request body (non-streaming).

    Args:
        messages: from :func:`build_messages`.
        model: the model name.
        budgets: for the schema's ``maxItems``.
        response_format: whether to ask the server to enforce the JSON schema.
    """
    prompts = load_prompts()
    body: dict[str, Any] = {"model": model, "messages": messages, "stream": False, **dict(prompts.request)}
    if response_format:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": prompts.schema_name, "strict": True, "schema": answer_schema(budgets)},
        }
    return body
