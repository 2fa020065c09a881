"""Cutting the headline: a headline cutter turns a summary's draft into one short line.

Two cutters, chosen by the method:

* :class:`ModelHeadline` (``news``): the stretch of an opening sentence whose words the
  headline model (:mod:`mujaz.headline.model`) expects in a headline, searched by
  :func:`headline_window`;
* :class:`BestSentenceHeadline` (the baselines): the best-scored sentence, fitted to the
  budget by assembly (clause or word cut).
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Protocol

import numpy as np

from mujaz.assembly import CLAUSE_END, TRAILING_PUNCTUATION, AssemblyPolicy, Draft, fit_unit, leaves_open, trim_tail
from mujaz.compress import core_span
from mujaz.config import Budget
from mujaz.headline.model import COMPLEMENTIZERS, SUBORDINATORS, HeadlineModel, opening_tokens
from mujaz.segment.clauses import SentenceClauses
from mujaz.segment.quotes import quoted_ranges
from mujaz.types import Article, Span, SummaryUnit, UnitKind

__all__ = ["HeadlineCutter", "ModelHeadline", "BestSentenceHeadline", "select_headline", "headline_window",
           "PARENTHETICAL_WORDS", "phrase_starts"]

_WORD_RUN = re.compile(r"\S+")
_COMMA = re.compile(r"[،,]")
# A clause whose first this-many words hold a comma is an aside, not a headline's opening.
PARENTHETICAL_WORDS = 4
# A clause that opens with these letters (normalized) continues the one before it.
_CONJUNCTIONS = tuple("وف")


class HeadlineCutter(Protocol):
    """Cuts one headline of at most ``words`` words out of a summary's draft."""

    def cut(self, draft: Draft, words: int) -> SummaryUnit:
        """The headline's source unit (the draft has at least one sentence)."""
        ...


class BestSentenceHeadline:
    """The best-scored sentence, fitted to the budget by ``policy`` (a clause or word cut)."""

    def __init__(self, policy: AssemblyPolicy) -> None:
        self.policy = policy

    def cut(self, draft: Draft, words: int) -> SummaryUnit:
        return fit_unit(draft, int(np.argmax(draft.scores)), words, self.policy)


class ModelHeadline:
    """The stretch of an opening sentence that ``model`` values most (:func:`headline_window`);
    the best sentence cut to the budget when no stretch qualifies."""

    def __init__(self, model: HeadlineModel, policy: AssemblyPolicy) -> None:
        self.model = model
        self._fallback = BestSentenceHeadline(policy)

    def cut(self, draft: Draft, words: int) -> SummaryUnit:
        unit = headline_window(draft.article, self.model, words, draft.scores, draft.clauses)
        return unit if unit is not None else self._fallback.cut(draft, words)


def select_headline(draft: Draft, budget: Budget, cutter: HeadlineCutter) -> tuple[SummaryUnit, ...]:
    """The headline's units (one, or none for an article without sentences) within ``budget``."""
    features = draft.features
    if features.n == 0:
        return ()
    words = budget.words_for(int(features.word_counts.sum())) or 1
    return (cutter.cut(draft, words),)


def phrase_starts(article: Article, clauses: tuple[Span, ...], first: int, positions: list[int],
                   tokens: list[list[str]], quoted: list[tuple[int, int]]) -> list[int]:
    """Indexes of the words of a sentence (whose ``clauses`` are given) where a headline may start.

    The sentence's start after a dateline or filler opener (word ``first``), the word
    after a complementizer (``علمت كود من مصدر مطلع أن | الأغلبية قررت``), and each later
    clause's start, unless a comma follows within :data:`PARENTHETICAL_WORDS` words (an
    aside such as ``، يوم الثلاثاء،``), it opens with و or ف (a continuation such as
    ``، وتسببت في ...`` whose subject is in the clause before) or with a subordinator
    (``حيث``، ``مما``، ``مشيرا``: :data:`~mujaz.headline.model.SUBORDINATORS`); none of
    these can open a headline. Never inside a quotation.
    """
    text = article.text
    starts = {first}
    for clause in clauses:
        k = bisect.bisect_left(positions, clause.start)
        opener = tokens[k][0] if k < len(tokens) and tokens[k] else ""
        if first < k < len(positions) and opener[:1] not in _CONJUNCTIONS and opener not in SUBORDINATORS:
            lookahead = positions[min(k + PARENTHETICAL_WORDS, len(positions) - 1)]
            if _COMMA.search(text, positions[k], lookahead) is None:
                starts.add(k)
    starts.update(k + 1 for k in range(first, len(tokens) - 1) if tokens[k] and tokens[k][-1] in COMPLEMENTIZERS)
    return sorted(k for k in starts if not any(a < positions[k] < b for a, b in quoted))


def headline_window(article: Article, model: HeadlineModel, budget: int, scores: np.ndarray,
                    clauses: Callable[[int], tuple[Span, ...]] | None = None) -> SummaryUnit | None:
    """The stretch of an opening sentence with the highest expected ROUGE-1 F as a headline.

    Candidates start where a phrase can start (:func:`phrase_starts`) in one of the
    model's first sentences and run for ``model.min_words`` to ``budget`` words, or to the
    sentence's end; they do not end on a stop word, inside a quotation or between a number
    and its unit. Each is valued by :meth:`HeadlineModel.expected_fmeasure` of its distinct
    words' probabilities, times ``model.clean_end_bonus`` when it ends at a clause boundary
    or the sentence's end (a headline that stops mid-phrase needs an ellipsis); ties go to
    the earlier candidate. ``None`` when there is no such candidate (no words, or every
    stretch that fits would end inside a quotation).

    ``clauses`` gives the clauses of a sentence by index (a summary's
    :attr:`~mujaz.assembly.Draft.clauses`); by default they are split here.
    """
    text = article.text
    clauses_of = clauses if clauses is not None else SentenceClauses(article)
    opening = opening_tokens(article, model.sentences)
    probabilities = model.word_probabilities(article, opening)
    stopwords = model.stopwords
    best: tuple[float, int, int, int, bool] | None = None
    for index, tokens in enumerate(opening):
        sentence = article.sentences[index].span
        words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, sentence.start, sentence.end)]
        if not words or len(words) != len(tokens):
            continue
        positions = [a for a, _ in words]
        first = bisect.bisect_left(positions, core_span(article, index).start)
        quoted = quoted_ranges(text, sentence.start, sentence.end)
        last = len(words) - 1
        clean_end = [text[end - 1] in CLAUSE_END for _, end in words]
        # Where a headline may not end: after a stop word (or bare punctuation), or where
        # the cut would leave a number or a quotation open.
        no_end = [all(t in stopwords for t in toks) or leaves_open(text, end, toks, quoted)
                  for toks, (_, end) in zip(tokens, words)]
        for k in phrase_starts(article, clauses_of(index), first, positions, tokens, quoted):
            seen: set[str] = set()
            expected, n_tokens = 0.0, 0
            for j in range(k, min(len(words), k + budget)):
                for token in tokens[j]:
                    n_tokens += 1
                    if token not in seen:
                        seen.add(token)
                        expected += probabilities.get(token, 0.0)
                if n_tokens == 0 or (j != last and (no_end[j] or j + 1 - k < model.min_words)):
                    continue
                value = model.expected_fmeasure(expected, n_tokens)
                if j == last or clean_end[j]:
                    value *= model.clean_end_bonus
                if best is None or value > best[0]:
                    best = (value, index, words[k][0], words[j][1], j == last)
    if best is None:
        return None
    _, index, start, end, at_end = best
    sentence = article.sentences[index].span
    if at_end and start == sentence.start:
        span, kind = sentence, UnitKind.SENTENCE
    else:
        kind = (UnitKind.COMPRESSED if at_end else UnitKind.CLAUSE if text[end - 1] in TRAILING_PUNCTUATION
                else UnitKind.TRUNCATED)
        span = trim_tail(text, Span(start, sentence.end if at_end else end))
    return SummaryUnit(span, span.slice(text), index, kind, float(scores[index]))


