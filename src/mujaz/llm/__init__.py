"""Abstractive summaries from any OpenAI-compatible LLM server, checked against the article.

The model is asked (in Modern Standard Arabic) for ``{"headline", "lead", "points"}``; each
part is checked against the source, and every part that is late, malformed, over budget or
inconsistent comes back as a :class:`Fallback` with its reason, for the caller to replace
with mujaz's own extractive text. Nothing here touches the network at import time, and
``httpx`` (the ``[llm]`` extra) is only imported when a client is made.

>>> settings = LLMSettings.from_env()                     # doctest: +SKIP
>>> outcome = answer_parts(text, settings=settings)       # doctest: +SKIP
>>> outcome.part("lead")                                  # doctest: +SKIP
"""

from mujaz.errors import LLMFailure
from mujaz.llm.cache import LLMCache, cache_key
from mujaz.llm.client import ChatClient, ChatResult
from mujaz.llm.engine import (
    Checker,
    CheckResult,
    LLMOutcome,
    LLMStats,
    VerifiedParts,
    answer_parts,
    ask_llm,
    default_checker,
    map_llm,
    verify_parts,
)
from mujaz.llm.parse import budget_problems, parse_answer
from mujaz.llm.prompts import Prompts, answer_schema, build_messages, build_request, load_prompts
from mujaz.llm.settings import ENV_VARS, LLMSettings
from mujaz.llm.types import PART_NAMES, Fallback, FallbackReason, LLMAnswer, LLMBudgets, LLMUsage

__all__ = [
    "LLMSettings",
    "ENV_VARS",
    "LLMBudgets",
    "LLMAnswer",
    "LLMUsage",
    "LLMFailure",
    "Fallback",
    "FallbackReason",
    "PART_NAMES",
    "ask_llm",
    "verify_parts",
    "answer_parts",
    "map_llm",
    "default_checker",
    "Checker",
    "CheckResult",
    "VerifiedParts",
    "LLMOutcome",
    "LLMStats",
    "ChatClient",
    "ChatResult",
    "LLMCache",
    "cache_key",
    "Prompts",
    "load_prompts",
    "answer_schema",
    "build_messages",
    "build_request",
    "parse_answer",
    "budget_problems",
]
