"""Reading the model's answer leniently, and holding it to the word budgets.

What is accepted: the JSON object alone, inside prose ("إليك الملخص: {...}"), inside a
```json code fence, after a reasoning model's ``<think>...</think>`` block (dropped first:
a draft object inside it is not the answer), with trailing commas, with Arabic commas (``،``) between items, with
raw line breaks inside strings, with keys in Arabic (``العنوان``, ``المقدمة``,
``النقاط``), and with ``points`` given as one string of bulleted lines.

What is not: no JSON object at all, a missing headline or lead, a part that is not text,
no point left once blank ones are dropped: :func:`parse_answer` raises
:class:`~mujaz.errors.LLMFailure` with reason ``malformed``.

Budgets: a ``points`` list longer than ``max_points`` is **trimmed** (later points dropped:
cutting a list loses no meaning in the points kept). A headline, lead or point longer
than its word budget is **not cut** (cutting a model's sentence can change what it says):
:func:`budget_problems` names it and :func:`mujaz.llm.verify_parts` replaces that part
(reason ``malformed``), keeping the other parts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mujaz.errors import LLMFailure
from mujaz.llm.types import FallbackReason, LLMBudgets

__all__ = ["parse_answer", "budget_problems", "count_words"]

_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)
# Bidi controls, zero-width characters and the BOM carry no text; models and proxies
# sprinkle them around Arabic.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
# Reasoning models (DeepSeek-R1, Qwen3 in thinking mode) may put their reasoning in the content;
# an unclosed block (the answer cut at the token limit) runs to the end.
_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL | re.IGNORECASE)
# A list marker at the start of a point: - * • ▪, or a one- or two-digit number (Latin or
# Arabic-Indic) with . or ) and a space; "2024: ..." or "3.5 مليار" stay as they are.
_BULLET = re.compile(r"^\s*(?:[-*•▪·–]+\s*|[0-9٠-٩۰-۹]{1,2}[.)]\s+)")
_KEYS = {
    "headline": "headline", "title": "headline", "العنوان": "headline", "عنوان": "headline",
    "lead": "lead", "summary": "lead", "المقدمة": "lead", "مقدمة": "lead", "الملخص": "lead", "ملخص": "lead",
    "points": "points", "key_points": "points", "النقاط": "points", "نقاط": "points",
}
_SNIPPET = 120


def count_words(text: str) -> int:
    """Words as mujaz's budgets count them: whitespace-separated."""
    return len(text.split())


def _malformed(detail: str, content: str) -> LLMFailure:
    snippet = _SPACES.sub(" ", content.strip())[:_SNIPPET]
    return LLMFailure(FallbackReason.MALFORMED, f"{detail} (answer began: {snippet!r})")


def _balanced_object(text: str, start: int) -> str | None:
    """The JSON object starting at ``text[start] == "{"``, repaired, or None if it never closes.

    Repairs made outside strings only: Arabic comma to comma, trailing commas dropped.
    """
    out: list[str] = []
    depth = 0
    in_string = escaped = False
    for ch in text[start:]:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch == "،":
            ch = ","
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            # A trailing comma before the closing bracket: drop it (and the space after it).
            i = len(out) - 1
            while i >= 0 and out[i].isspace():
                i -= 1
            if i >= 0 and out[i] == ",":
                del out[i:]
            depth -= 1
        out.append(ch)
        if depth == 0:
            return "".join(out)
    return None


def _objects(content: str) -> list[dict[str, Any]]:
    """Every JSON object found, fenced ones first, in order."""
    candidates = [m.group(1) for m in _FENCE.finditer(content)] + [content]
    found: list[dict[str, Any]] = []
    for candidate in candidates:
        pos = candidate.find("{")
        while pos != -1:
            raw = _balanced_object(candidate, pos)
            if raw is None:
                break
            try:
                value = json.loads(raw, strict=False)  # strict=False: raw newlines in strings
            except ValueError:
                pos = candidate.find("{", pos + 1)
                continue
            if isinstance(value, dict):
                found.append(value)
            pos = candidate.find("{", pos + len(raw))
    return found


def _one_line(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _points(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        return None
    return [p for p in (_one_line(_BULLET.sub("", item)) for item in value) if p]


def parse_answer(content: str, budgets: LLMBudgets) -> tuple[str, str, tuple[str, ...]]:
    """The ``(headline, lead, points)`` of the model's answer ``content``.

    Whitespace inside each part is collapsed to single spaces; points beyond
    ``budgets.max_points`` are dropped (see the module docstring).

    Raises:
        LLMFailure: reason ``malformed``: no JSON object with a headline, a lead and at
            least one point, all text.
    """
    if not isinstance(content, str) or not content.strip():
        raise _malformed("the answer is empty", content if isinstance(content, str) else "")
    cleaned = _THINK.sub("", _INVISIBLE.sub("", content))
    objects = _objects(cleaned)
    if not objects:
        raise _malformed("no JSON object in the answer", cleaned)
    problem = ""
    for obj in objects:
        fields: dict[str, Any] = {}
        for key, value in obj.items():
            name = _KEYS.get(key.strip().lower()) if isinstance(key, str) else None
            if name is not None and name not in fields:
                fields[name] = value
        missing = [n for n in ("headline", "lead", "points") if n not in fields]
        if missing:
            problem = f"the JSON object has no {', '.join(missing)}"
            continue
        headline, lead = fields["headline"], fields["lead"]
        if not isinstance(headline, str) or not isinstance(lead, str):
            problem = "headline and lead must be strings"
            continue
        headline, lead = _one_line(headline), _one_line(lead)
        points = _points(fields["points"])
        if points is None:
            problem = "points must be a list of strings"
            continue
        if not headline or not lead or not points:
            problem = "empty " + ", ".join(n for n, v in (("headline", headline), ("lead", lead), ("points", points)) if not v)
            continue
        return headline, lead, tuple(points[: budgets.max_points])
    raise _malformed(problem, cleaned)


def budget_problems(headline: str, lead: str, points: tuple[str, ...], budgets: LLMBudgets) -> dict[str, str]:
    """The parts longer than their word budget: ``{"lead": "lead has 72 words; its budget is 60"}``.

    Part names are ``headline``, ``lead`` and ``points[i]`` (0-based).
    """
    problems: dict[str, str] = {}
    checks = [("headline", headline, budgets.headline_words), ("lead", lead, budgets.lead_words)]
    checks += [(f"points[{i}]", p, budgets.point_words) for i, p in enumerate(points)]
    for name, text, limit in checks:
        words = count_words(text)
        if words > limit:
            problems[name] = f"{name} has {words} words; its budget is {limit}"
    return problems
