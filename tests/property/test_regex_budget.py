r"""Every compiled pattern of mujaz runs in bounded time on hostile strings built from its own text.

A pattern that backtracks (``(?:<!--.*?-->\s*)*``, ``[punctuation]+$`` on a run that does
not end the string) is exponential or quadratic in its input and holds the GIL meanwhile;
untrusted text reaches most patterns here. Each pattern gets about 40 strings of 100,000
characters (see :mod:`tests.property._regex_budget`); each must be searched everywhere and
fullmatched within 2 s. Patterns are found by importing every module, so a new pattern is
checked without being listed anywhere.
"""

from __future__ import annotations

import re

import pytest

from tests.property._regex_budget import FoundPattern, find_patterns, pattern_alphabet, run_budget

LIMIT_S = 2.0


def test_regex_budget_finds_the_patterns_of_every_package() -> None:
    where = {found.where.rsplit(".", 1)[0] for found in find_patterns()}
    for module in ("mujaz.io.html", "mujaz.normalize", "mujaz.io.readers"):
        assert any(w.startswith(module) for w in where), module
    assert len(find_patterns()) >= 30


@pytest.mark.parametrize(
    ("source", "chars", "fragment"),
    [
        (r"(?:<!--.*?-->\s*)*<p", ["<", "!", "-", ">", " "], "<!--"),
        ("[\\s.!?؟،]+$", ["؟", "،", " ", "."], None),
        (r"\bcharset\s*=\s*([A-Za-z0-9_.:\-]+)", ["c", "=", "A", "Z", "M", " "], "charset"),
    ],
)
def test_regex_budget_alphabet_names_the_pattern_text(source: str, chars: list[str], fragment: str | None) -> None:
    got_chars, fragments = pattern_alphabet(re.compile(source))
    assert set(chars) <= set(got_chars)
    if fragment is not None:
        assert fragment in fragments


@pytest.mark.parametrize(
    "source",
    [r"\A(?:<!--.*?-->\s*)*<p\b", "[\\s.!?؟…:;؛،,\\-–—]+$", r"(?:a|a)*b", r"(\s*,\s*)+x"],
    ids=["comments (issue row 1)", "trailing punctuation (row 2)", "alternation", "nested spaces"],
)
def test_regex_budget_strings_catch_known_slow_patterns(source: str) -> None:
    # The strings must find what this suite exists for: each of these patterns was slow in
    # practice (or is a textbook case), and one of its strings must run past 0.25 s at a
    # tenth of the budget's size.
    pattern = FoundPattern("known slow", re.compile(source, re.DOTALL))
    _, slow = run_budget([pattern], size=10_000, limit_s=0.25, first_only=True)
    assert slow


def test_regex_budget_every_pattern_is_fast_on_hostile_strings() -> None:
    count, slow = run_budget(size=100_000, limit_s=LIMIT_S)
    assert count > 500
    assert not slow, "slow patterns:\n" + "\n".join(map(str, slow))
