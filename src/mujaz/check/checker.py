"""``check(summary, source)``: is every fact of a summary supported by its source?"""

from __future__ import annotations

from functools import lru_cache

from mujaz.check.align import align, content_tokens
from mujaz.check.lexicon import lexicon
from mujaz.check.rules import Context, Thresholds, run_rules
from mujaz.check.text import Analysis, analyze, has_arabic
from mujaz.check.types import Check, ProblemKind
from mujaz.errors import ConfigError, InputError
from mujaz.segment import segment, split_clauses, split_sentences
from mujaz.types import BlockKind, Span

__all__ = ["check", "run_check", "DEFAULT_THRESHOLDS"]

DEFAULT_THRESHOLDS = Thresholds()
# Each fact problem halves the score; unsupported clauses lower it through the share of
# novel words instead (the two would otherwise count the same words twice).
_PROBLEM_FACTOR = 0.5


def _validate(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"the {what} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise InputError(f"the {what} is empty")
    if not has_arabic(value):
        raise InputError(f"the {what} has no Arabic text")
    return value


def _summary_units(text: str) -> tuple[list[Span], list[tuple[Span, ...]]]:
    """Sentences and clauses of a summary: every non-blank line is prose (no title, no headings)."""
    sentences: list[Span] = []
    clauses: list[tuple[Span, ...]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        stripped = line.strip()
        if stripped:
            lo = start + (len(line) - len(line.lstrip()))
            hi = lo + len(stripped)
            for span in split_sentences(text, Span(lo, hi)):
                sentences.append(span)
                clauses.append(split_clauses(text, span))
        start = end
    return sentences, clauses


# A bounded memo of analysed sources: one article is often checked against several
# summaries (its lead, headline and points; a batch's summaries of one article). An
# Analysis is never changed after it is built, so threads can share it.
_SOURCE_MEMO = 16


@lru_cache(maxsize=_SOURCE_MEMO)
def _analyze_source(text: str) -> Analysis:
    return analyze(text, _source_units(text))


@lru_cache(maxsize=_SOURCE_MEMO)
def _analyze_title(text: str) -> Analysis:
    return analyze(text, [Span(0, len(text))])


def _source_units(text: str) -> list[Span]:
    """Body sentences plus the title and subheading lines (they state facts too)."""
    article = segment(text, clauses=False)
    units = [s.span for s in article.sentences]
    units.extend(b.span for b in article.blocks if b.kind is not BlockKind.PARAGRAPH)
    units.sort()
    return units


def check(summary: str, source: str, *, title: str | None = None,
          thresholds: Thresholds | None = None) -> Check:
    """Check ``summary`` against ``source``: what in it does the source not support?

    Args:
        summary: the summary to check (any: mujaz's, a journalist's, a model's).
        source: the article it summarizes; the ground truth.
        title: the article's headline when ``source`` does not carry it; its words count
            as support (evidence spans always point into ``source``).
        thresholds: decision points of the calibrated rules (default: the values fitted
            on the dev data, :data:`DEFAULT_THRESHOLDS`).

    Returns:
        A :class:`~mujaz.check.types.Check`: ``consistent``, ``score``, ``problems`` (kind,
        one-line message, summary span, source evidence) and the sentence ``alignment``.

    Raises:
        InputError: ``summary``, ``source`` or ``title`` is not a str, is empty, or has no
            Arabic letters.
        ConfigError: ``thresholds`` is not a :class:`~mujaz.check.rules.Thresholds`.

    Example:
        >>> result = mujaz.check(summary_text, article_text)       # doctest: +SKIP
        >>> [(p.kind.value, p.message) for p in result.problems]    # doctest: +SKIP
    """
    result, _ = run_check(summary, source, title=title, thresholds=thresholds)
    return result


def run_check(summary: str, source: str, *, title: str | None = None,
              thresholds: Thresholds | None = None) -> tuple[Check, Context]:
    """:func:`check`, also returning the rules' :class:`~mujaz.check.rules.Context` (for
    calibration: benchmarks/faithfulness.py reads each clause's novelty from it)."""
    _validate(summary, "summary")
    _validate(source, "source")
    if title is not None:
        _validate(title, "title")
    if thresholds is None:
        thresholds = DEFAULT_THRESHOLDS
    elif not isinstance(thresholds, Thresholds):
        raise ConfigError(f"thresholds must be a Thresholds, got {type(thresholds).__name__}")
    lex = lexicon()
    sentences, clauses = _summary_units(summary)
    mine = analyze(summary, sentences, clauses)
    theirs = _analyze_source(source)
    head: Analysis | None = _analyze_title(title) if title is not None else None
    alignment, chosen = align(mine, theirs, lex.stopwords,
                              extra_keys=frozenset(head.key_sentences) if head is not None else frozenset())
    ctx = Context(mine, theirs, head, chosen, lex, lex.stopwords, thresholds)
    problems = run_rules(ctx)
    words = content_tokens(mine.tokens, lex.stopwords)
    novel = sum(1 for i, t in enumerate(mine.tokens) if i in ctx.novel)
    support = 1.0 - novel / len(words) if words else 1.0
    facts = sum(1 for p in problems if p.kind is not ProblemKind.UNSUPPORTED)
    score = max(0.0, min(1.0, support * _PROBLEM_FACTOR ** facts))
    return Check(consistent=not problems, score=score, problems=tuple(problems), alignment=alignment,
                 summary=summary, source=source), ctx
