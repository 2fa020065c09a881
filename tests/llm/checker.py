"""A small but real faithfulness checker for the LLM tests (``mujaz.check`` is built elsewhere).

Every number and every content word of the summary must occur in the source, after
mujaz's normalization (tashkeel, tatweel, alef forms, Arabic-Indic digits) and with the
common one-letter proclitics (و ف ب ل ك) and the article ال taken off. It returns the same
shape as ``mujaz.check.check``: ``consistent``, ``score``, ``problems`` (each with ``kind``,
``message``, ``span``, ``evidence`` and ``to_dict()``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from mujaz.normalize import normalize

# Words include their tashkeel and tatweel: Python's \w stops at a combining mark, and
# "كبيرًا" must stay one word. Digits of any script are \d.
_TOKEN = re.compile(r"\d+(?:[.,٫]\d+)*|(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# Function words a faithful rewording may add without stating a fact.
_FUNCTION = frozenset(normalize(w) for w in "في من على إلى عن مع أن إن أو ثم كما قد لا لم لن ما هذا هذه ذلك التي الذي الذين بعد قبل حيث".split())


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    span: tuple[int, int]
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "span": list(self.span), "evidence": self.evidence}


@dataclass(frozen=True)
class Check:
    consistent: bool
    score: float
    problems: tuple[Problem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"consistent": self.consistent, "score": self.score, "problems": [p.to_dict() for p in self.problems]}


def _forms(word: str) -> set[str]:
    forms = {word}
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.add(word[len(prefix):])
    return forms


@functools.lru_cache(maxsize=32)
def _known(source: str, title: str | None) -> frozenset[str]:
    # Every part of an answer is checked against the same source: read it once.
    known: set[str] = set()
    for text in (source, title or ""):
        for match in _TOKEN.finditer(normalize(text)):
            known |= _forms(match.group())
    return frozenset(known)


def word_check(summary: str, source: str, *, title: str | None = None) -> Check:
    """Is every number and content word of ``summary`` in ``source`` (and ``title``)?"""
    known = _known(source, title)
    problems = []
    tokens = list(_TOKEN.finditer(summary))
    for match in tokens:
        word = normalize(match.group())
        if word in _FUNCTION or (not word[0].isdigit() and len(word) < 3):
            continue
        if not (_forms(word) & known):
            kind = "number" if word[0].isdigit() else "word"
            problems.append(Problem(kind, f"{kind} {match.group()!r} is not in the source", match.span(), ""))
    score = 1.0 - len(problems) / max(1, len(tokens))
    return Check(not problems, round(score, 4), tuple(problems))
