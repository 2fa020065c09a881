"""Every compiled pattern of mujaz, and hostile strings built from each pattern's own text.

Shared by ``tests/property/test_regex_budget.py`` (each case under a time bound, in a child
process that can be killed: a regular expression that backtracks holds the GIL and cannot
be interrupted) and ``benchmarks/hostile.py`` (the same, longer strings).

A pattern is found wherever a module keeps it at import: a module attribute, an item of a
module-level tuple/list/set/dict, or a class attribute of a class the module defines. The
strings are the classes of input that make backtracking patterns slow: long runs of one
character the pattern names (punctuation, spaces, quotes), repetitions of its literal
fragments ("<!--", "-->", "charset") with and without a closing part, fragments with the
text between them the pattern skips over, opening brackets without closers, and all of its
characters in a cycle, each ended by a character that makes the match fail at the end.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterator

import mujaz

try:  # the regex package, when installed, compiles patterns of its own type
    import regex as _regex_package
except ImportError:  # pragma: no cover
    _regex_package = None

PATTERN_TYPES: tuple[type, ...] = (re.Pattern,) + (
    (type(_regex_package.compile("")),) if _regex_package is not None else ()
)
# Modules whose import runs a program, or that cannot be imported without an extra.
_SKIPPED_MODULES = ("__main__",)


@dataclass(frozen=True)
class FoundPattern:
    where: str  # module.attribute (or module.attribute[key], module.Class.attribute)
    pattern: Any


def _patterns_in(value: Any, where: str) -> Iterator[FoundPattern]:
    if isinstance(value, PATTERN_TYPES):
        yield FoundPattern(where, value)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for index, item in enumerate(value):
            if isinstance(item, PATTERN_TYPES):
                yield FoundPattern(f"{where}[{index}]", item)
            elif isinstance(item, tuple):  # (pattern, replacement) pairs
                for inner, part in enumerate(item):
                    if isinstance(part, PATTERN_TYPES):
                        yield FoundPattern(f"{where}[{index}][{inner}]", part)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, PATTERN_TYPES):
                yield FoundPattern(f"{where}[{key!r}]", item)


def module_names() -> list[str]:
    """Every module of the mujaz package, sorted."""
    names = ["mujaz"]
    for info in pkgutil.walk_packages(mujaz.__path__, "mujaz."):
        if not info.name.rsplit(".", 1)[-1] in _SKIPPED_MODULES:
            names.append(info.name)
    return sorted(names)


def find_patterns() -> list[FoundPattern]:
    """Every compiled pattern mujaz keeps at module level, deduplicated, in a stable order."""
    found: dict[tuple[Any, int], FoundPattern] = {}
    for name in module_names():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional extra that is not installed
            continue
        for attr, value in sorted(vars(module).items()):
            candidates = list(_patterns_in(value, f"{name}.{attr}"))
            if isinstance(value, type) and value.__module__ == name:
                for cls_attr, cls_value in sorted(vars(value).items()):
                    candidates.extend(_patterns_in(cls_value, f"{name}.{attr}.{cls_attr}"))
            for item in candidates:
                key = (item.pattern.pattern, item.pattern.flags)
                found.setdefault(key, item)
    return list(found.values())


_ESCAPES = {"s": " \t\n\u00a0", "d": "1\u0663", "w": "a\u0628_", "S": "x", "D": "x", "W": "!", "b": "", "B": "",
            "A": "", "Z": "", "n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_META = set("()[]{}|*+?.^$\\")
_GROUP_PREFIX = re.compile(r"\(\?(?:[:=!>]|<[=!]|P<\w+>|P=\w+\)|[aiLmsux-]+[:)])")


def _source(pattern: Any) -> str:
    source = pattern.pattern
    return source.decode("latin-1") if isinstance(source, bytes) else source


def pattern_alphabet(pattern: Any) -> tuple[list[str], list[str]]:
    """(characters, literal fragments) a pattern's text names, in order of appearance.

    Characters: every literal character, class member (range ends and middle), escape
    (``\\s`` -> space, tab, newline, NBSP), and metacharacter of the source. Fragments:
    maximal runs of literal characters outside classes (``<!--``, ``charset``, ``اقرأ``).
    """
    source = _source(pattern)
    chars: dict[str, None] = {}
    fragments: dict[str, None] = {}
    run: list[str] = []
    in_class = False
    i = 0

    def end_run() -> None:
        if len(run) > 1:
            fragments["".join(run)] = None
        run.clear()

    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt in "ux" and i + 2 < len(source):
                width = 4 if nxt == "u" else 2
                digits = source[i + 2: i + 2 + width]
                try:
                    literal = chr(int(digits, 16))
                except ValueError:
                    literal = nxt
                i += 2 + width
            else:
                literal = _ESCAPES.get(nxt, nxt)
                i += 2
            for c in literal:
                chars[c] = None
            if len(literal) == 1 and not in_class and nxt not in _ESCAPES:
                run.append(literal)
            else:
                end_run()
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "-" and i + 1 < len(source) and source[i + 1] != "]" and i > 0:
                low, high = source[i - 1], source[i + 1]
                if low <= high:
                    chars[chr((ord(low) + ord(high)) // 2)] = None
            chars[ch] = None
            i += 1
            continue
        if ch == "(" and (group := _GROUP_PREFIX.match(source, i)) is not None:
            end_run()
            i = group.end()  # "(?:", "(?<!", "(?P<name>": syntax, not text
            continue
        if ch == "[":
            in_class = True
            end_run()
            i += 1
            if i < len(source) and source[i] == "^":
                i += 1
            continue
        chars[ch] = None
        if ch in _META or ch.isspace() and pattern.flags & re.VERBOSE:
            end_run()
            if ch == "{":  # a {m,n} count is not text
                close = source.find("}", i)
                if close > 0 and re.fullmatch(r"\d*,?\d*", source[i + 1: close]):
                    i = close + 1
                    continue
        else:
            run.append(ch)
        i += 1
    end_run()
    return list(chars), sorted(fragments, key=len, reverse=True)


_ENDINGS = ("\x00", "!", "\u0628", "x")


def hostile_strings(pattern: Any, size: int = 100_000, *, max_cases: int = 40) -> list[tuple[str, str]]:
    """(description, string) pairs of about ``size`` characters built from the pattern's text."""
    return list(islice(_hostile_strings(pattern, size), max_cases))


def _hostile_strings(pattern: Any, size: int) -> Iterator[tuple[str, str]]:
    """The strings of :func:`hostile_strings`, built one at a time (1 MB strings add up)."""
    chars, fragments = pattern_alphabet(pattern)
    fragments = fragments[:8]
    singles = [c for c in chars if c.strip() or c == " "][:16]
    specs: list[tuple[str, str, str]] = []  # (description, unit repeated to size, ending)
    nested: list[tuple[str, str, str]] = []  # (description, opener, closer)

    def add(description: str, unit: str, ending: str = "\x00") -> None:
        if unit:
            specs.append((description, unit, ending))

    for c in singles:
        add(f"run of {c!r}", c, "\u0628")
        add(f"run of {c!r} + space", c + " ", "\u0628")
    for f in fragments:
        add(f"repeated {f!r}", f)
        add(f"repeated {f!r} + space", f + " ")
        add(f"repeated {f!r} + 'a'", f + "a")
    for a, b in zip(fragments, fragments[1:]):
        add(f"{a!r} a {b!r}", a + "a" + b)
        add(f"{a!r}{b!r}", a + b)
    if chars:
        add("all its characters in turn", "".join(chars))
        add("all its characters in turn, spaced", " ".join(chars))
    for opener, closer in (("(", ")"), ("[", "]"), ("{", "}"), ("<", ">"), ("«", "»"), ('"', '"')):
        if opener in chars or closer in chars:
            specs.append((f"{opener} nested", opener, closer))
            add(f"unclosed {opener}", opener + "a")
    add("Arabic comma runs", "\u060c ", "\u0628")
    add("bidi and zero-width marks", "\u200f\u200e\u202b\u200b\u2066", "\u0628")
    for description, unit, ending in specs:
        if description.endswith(" nested"):
            half = size // 2
            yield description, unit * half + "\u0628" + ending * max(0, half - 1)
        else:
            yield description, (unit * (size // len(unit) + 1))[:size] + ending


def encode_for(pattern: Any, text: str) -> Any:
    """``text`` in the type the pattern takes (bytes patterns get UTF-8)."""
    return text.encode("utf-8", "surrogatepass") if isinstance(pattern.pattern, bytes) else text


def exercise(pattern: Any, subject: Any) -> None:
    """What callers do with a pattern: search everywhere (findall/sub/split), and fullmatch."""
    for _ in pattern.finditer(subject):
        pass
    pattern.fullmatch(subject)


def all_cases(patterns: list[FoundPattern], max_cases: int) -> list[tuple[FoundPattern, str]]:
    """(pattern, description) of every case, in a stable order (the strings are built when run)."""
    return [(found, description) for found in patterns
            for description, _ in hostile_strings(found.pattern, 1, max_cases=max_cases)]


def _cases_from(patterns: list[FoundPattern], size: int, max_cases: int, start: int) -> Iterator[tuple[int, Any, str]]:
    """(index, pattern, string) of the cases from ``start`` on, one string in memory at a time."""
    index = 0
    for found in patterns:
        for _, text in islice(_hostile_strings(found.pattern, size), max_cases):
            if index >= start:
                yield index, found.pattern, text
            index += 1


def _child(conn: Any, patterns: list[FoundPattern], size: int, max_cases: int, start: int) -> None:
    """Run cases from ``start`` on, reporting (index, seconds) after each."""
    import time

    conn.send(("count", len(all_cases(patterns, max_cases))))
    for index, pattern, text in _cases_from(patterns, size, max_cases, start):
        subject = encode_for(pattern, text)
        del text
        began = time.perf_counter()
        exercise(pattern, subject)
        conn.send(("done", index, time.perf_counter() - began))
    conn.send(("end", None))


@dataclass(frozen=True)
class SlowCase:
    where: str
    pattern: str
    string: str
    seconds: float | None  # None: killed at the time limit

    def __str__(self) -> str:
        took = f"{self.seconds:.2f} s" if self.seconds is not None else "over the limit (killed)"
        return f"{self.where} /{self.pattern[:80]}/ on {self.string}: {took}"


def run_budget(patterns: list[FoundPattern] | None = None, *, size: int = 100_000, limit_s: float = 2.0,
               max_cases: int = 40, startup_s: float = 120.0, first_only: bool = False) -> tuple[int, list[SlowCase]]:
    """Run every case (of ``patterns``, default :func:`find_patterns`) in a child process,
    killing it when one runs past ``limit_s``.

    Returns the number of cases and the slow ones (over the limit). A killed child is
    replaced by a new one that starts after the slow case (``first_only``: stop there).
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    patterns = find_patterns() if patterns is None else patterns
    cases = all_cases(patterns, max_cases)
    slow: list[SlowCase] = []
    start = 0
    while start < len(cases):
        parent, child = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(child, patterns, size, max_cases, start), daemon=True)
        process.start()
        child.close()
        try:
            if not parent.poll(startup_s):
                raise RuntimeError("the regex budget child did not start")
            kind, count = parent.recv()
            assert kind == "count" and count == len(cases), "the child found other patterns"
            index = start
            while True:
                if not parent.poll(limit_s):
                    found, description = cases[index]
                    slow.append(SlowCase(found.where, _source(found.pattern), description, None))
                    start = len(cases) if first_only else index + 1
                    break
                message = parent.recv()
                if message[0] == "end":
                    start = len(cases)
                    break
                _, index_done, seconds = message
                if seconds > limit_s:  # pragma: no cover - the poll above catches it first
                    found, description = cases[index_done]
                    slow.append(SlowCase(found.where, _source(found.pattern), description, seconds))
                index = index_done + 1
        finally:
            process.kill()
            process.join()
            parent.close()
    return len(cases), slow
