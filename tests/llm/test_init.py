"""The public surface of mujaz.llm, pinned."""

from __future__ import annotations

import pytest

import mujaz.llm


def test_init_all_is_pinned() -> None:
    assert mujaz.llm.__all__ == [
        "LLMSettings", "ENV_VARS", "LLMBudgets", "LLMAnswer", "LLMUsage", "LLMFailure", "Fallback", "FallbackReason",
        "PART_NAMES", "ask_llm", "verify_parts", "answer_parts", "map_llm", "default_checker", "Checker",
        "CheckResult", "VerifiedParts", "LLMOutcome", "LLMStats", "ChatClient", "ChatResult", "LLMCache", "cache_key",
        "Prompts", "load_prompts", "answer_schema", "build_messages", "build_request", "parse_answer",
        "budget_problems",
    ]


@pytest.mark.parametrize("name", [n for n in mujaz.llm.__all__ if n not in ("ENV_VARS", "PART_NAMES", "Checker")])
def test_init_public_names_have_docstrings(name: str) -> None:
    assert (getattr(mujaz.llm, name).__doc__ or "").strip()
