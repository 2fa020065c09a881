"""Cutting the headline: a headline cutter turns a summary's draft into one short line.

Two cutters, chosen by the method:

* :class:`ModelHeadline` (``news``): the stretch of an opening sentence whose words the
  headline model (:mod:`mujaz.headline.model`) expects in a headline, searched by
  :func:`headline_window` (:func:`cut_headline`) and written in headline syntax
  (:mod:`mujaz.headline.syntax`): a complete phrase, never an ellipsis;
* :class:`BestSentenceHeadline` (the baselines): the best-scored sentence, fitted to the
  budget by assembly (clause or word cut).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Callable, Protocol

import numpy as np

from mujaz.assembly import (CLAUSE_END, TRAILING_PUNCTUATION, AssemblyPolicy, Draft, cap_span, fit_unit, leaves_open,
                            trim_tail)
from mujaz.compress import core_span
from mujaz.conventions import hashtag_spans
from mujaz.config import Budget
from mujaz.headline.model import COMPLEMENTIZERS, SUBORDINATORS, HeadlineModel, opening_tokens
from mujaz.headline.syntax import (Frame, VerbTable, carries_pronoun, headline_rewrites, opens_phrase,
                                   sentence_frame, shipped_verbs, time_words)
from mujaz.segment.clauses import SentenceClauses
from mujaz.segment.quotes import quoted_ranges
from mujaz.types import Article, Span, SummaryUnit, UnitKind

__all__ = ["HeadlineCutter", "ModelHeadline", "BestSentenceHeadline", "select_headline", "headline_window", "cut_headline",
           "PARENTHETICAL_WORDS", "REFERENT_WORDS", "phrase_starts"]

_WORD_RUN = re.compile(r"\S+")
_COMMA = re.compile(r"[،,]")
# What may follow the source's own ellipsis at a sentence's end.
_ELLIPSIS_TAIL = frozenset(".…\u200e\u200f")


def _source_ellipsis(text: str, start: int, end: int) -> int | None:
    """Where a trailing ellipsis (``…`` or ``..``, then dots, spaces and bidi marks) starts
    in ``text[start:end]``, with the spaces before it; None without one. A scan, not a
    regex: linear on any input (tests/property/test_regex_budget.py)."""
    tail = end
    while tail > start and (text[tail - 1] in _ELLIPSIS_TAIL or text[tail - 1].isspace()):
        tail -= 1
    if "…" not in text[tail:end] and ".." not in text[tail:end]:
        return None
    at = tail
    while at < end:
        first = at
        while first < end and text[first].isspace():
            first += 1
        if text.startswith("…", first, end) or text.startswith("..", first, end):
            return at
        at = first + 1
    return None
# A clause whose first this-many words hold a comma is an aside, not a headline's opening.
PARENTHETICAL_WORDS = 4
# A headline cut from inside a sentence may not have a word that refers back (a pronoun,
# or a word carrying one) among its first this-many words: its referent is cut off.
REFERENT_WORDS = 6
# When the opening sentences hold no headline (a long quotation), the search looks this far.
FALLBACK_SENTENCES = 10
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
        unit = cut_headline(draft.article, self.model, words, draft.scores, draft.clauses)
        return unit if unit is not None else self._fallback.cut(draft, words)


def cut_headline(article: Article, model: HeadlineModel, budget: int, scores: np.ndarray,
                 clauses: Callable[[int], tuple[Span, ...]] | None = None, *,
                 verbs: VerbTable | None = None) -> SummaryUnit | None:
    """:func:`headline_window`, and when no stretch that fits ends at a phrase boundary,
    the same search with ``strict=False``, then over the first :data:`FALLBACK_SENTENCES`
    sentences; ``None`` only when none finds a candidate (the cutter then fits the best
    sentence to the budget, with an ellipsis: 2 of the 7,593 dev articles, whose opening
    is a quotation no stretch that fits may end in)."""
    clauses_of = clauses if clauses is not None else SentenceClauses(article)
    unit = headline_window(article, model, budget, scores, clauses_of, verbs=verbs)
    if unit is None:
        unit = headline_window(article, model, budget, scores, clauses_of, verbs=verbs, strict=False)
    if unit is None and len(article.sentences) > model.sentences:
        # Every stretch of the opening that fits ends inside a quotation: look further on.
        wider = dataclasses.replace(model, sentences=max(model.sentences, FALLBACK_SENTENCES))
        unit = headline_window(article, wider, budget, scores, clauses_of, verbs=verbs, strict=False)
    return unit


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


def _is_verb(token: str, verbs: frozenset[str]) -> bool:
    """Whether ``token`` is a learned verb, also with the future prefix س or the
    conjunction و/ف written on it (``ستبدأ``، ``وأكد``)."""
    return token in verbs or (len(token) > 3 and token[0] in "سوف" and token[1:] in verbs)


def _bad_start(k: int, raw: list[str], tokens: list[list[str]], stopwords: frozenset[str],
               verbs: frozenset[str]) -> bool:
    """Whether a headline may not open on word ``k`` (inside a sentence): on a stop word
    (a preposition, particle...), a pronoun or a verb (its subject is then missing), right
    after a verb (the headline would be its subject without it), or
    with a word in its first :data:`REFERENT_WORDS` that carries a pronoun whose referent
    is before the cut (``الرئيس الروسي فلاديمير بوتين هنأه``: congratulated *him*, who?)."""
    opener = tokens[k][0] if tokens[k] else ""
    if not opener or opener in stopwords or _is_verb(opener, verbs):
        return True
    if k > 0 and len(tokens[k - 1]) == 1 and _is_verb(tokens[k - 1][0], verbs):
        return True  # the subject of a verb left behind
    return any(carries_pronoun(raw[m]) for m in range(k, min(len(raw), k + REFERENT_WORDS)))


def headline_window(article: Article, model: HeadlineModel, budget: int, scores: np.ndarray,
                    clauses: Callable[[int], tuple[Span, ...]] | None = None, *,
                    verbs: VerbTable | None = None, strict: bool = True) -> SummaryUnit | None:
    """The stretch of an opening sentence with the highest expected ROUGE-1 F as a headline,
    in headline syntax (:mod:`mujaz.headline.syntax`).

    Candidates start where a phrase can start (:func:`phrase_starts`) in one of the
    model's first sentences, never on a word that leaves a referent or subject behind
    (:func:`_bad_start`), and end at the sentence's end, a clause boundary or before a
    phrase (:func:`~mujaz.headline.syntax.opens_phrase`): never mid-phrase, so a headline
    needs no ellipsis. They have ``model.min_words`` to ``budget`` printed words (time
    adjuncts, and the verb, medium and ``أن`` of a ``Speaker: claim`` headline, are not
    printed); they do not end on a stop word, inside a quotation or between a number and
    its unit. Each is valued by :meth:`HeadlineModel.expected_fmeasure` of its printed
    words' probabilities, times ``model.clean_end_bonus`` when it ends at a clause
    boundary or the sentence's end; ties go to the earlier candidate. ``None`` when there
    is no such candidate.

    ``clauses`` gives the clauses of a sentence by index (a summary's
    :attr:`~mujaz.assembly.Draft.clauses`); by default they are split here. ``verbs`` is
    the verb table (default: the shipped one). With ``strict=False`` a candidate may also
    end at any word that leaves nothing open (not after a stop word, a number without its
    unit, inside a quotation): the last resort of :func:`cut_headline` when no stretch
    that fits ends at a phrase boundary (0.3% of the dev articles); it is still printed
    without an ellipsis, as a headline is.
    """
    text = article.text
    clauses_of = clauses if clauses is not None else SentenceClauses(article)
    table = verbs if verbs is not None else shipped_verbs()
    opening = opening_tokens(article, model.sentences)
    probabilities = model.word_probabilities(article, opening)
    stopwords = model.stopwords
    best: tuple[float, int, int, int] | None = None
    least = min(model.min_words, budget)  # a tiny budget still gets a headline that fits
    frames: dict[int, tuple[list[tuple[int, int]], list[bool], Frame | None, bool, int]] = {}
    for index, tokens in enumerate(opening):
        sentence = article.sentences[index].span
        words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, sentence.start, sentence.end)]
        if not words or len(words) != len(tokens):
            continue
        raw = [text[a:b] for a, b in words]
        positions = [a for a, _ in words]
        first = bisect.bisect_left(positions, core_span(article, index).start)
        if first >= len(words):
            continue
        quoted = quoted_ranges(text, sentence.start, sentence.end)
        last = len(words) - 1
        # "وأضاف ..." opening a later sentence: the headline drops the و (a DROPPED rewrite).
        conjunction = (len(tokens[first]) == 1 and tokens[first][0][:1] in _CONJUNCTIONS
                       and tokens[first][0][1:] in table.verbs and raw[first][:1] in _CONJUNCTIONS)
        if conjunction:
            tokens = [*tokens[:first], [tokens[first][0][1:]], *tokens[first + 1 :]]
        dropped = time_words(raw, tokens, stopwords, first=first, perfects=table.perfects)
        # A hashtag prints as its words (#الرئيس_اليمني: two), which the budget counts.
        width = [1 + sum(len(w.split()) - 1 for _, _, w in hashtag_spans(text, Span(a, b))) if "#" in raw[i] else 1
                 for i, (a, b) in enumerate(words)]
        frame = sentence_frame(raw, tokens, first, dropped, table, stopwords)
        frames[index] = (words, dropped, frame, conjunction, first)
        clean_end = [text[end - 1] in CLAUSE_END for _, end in words]
        # Where a headline may end: at the sentence's end, a clause boundary or before a
        # phrase; not after a stop word (or bare punctuation) or a dropped time word, nor
        # where the cut would leave a number or a quotation open.
        may_end = [j == last or ((not strict or clean_end[j] or opens_phrase(tokens[j + 1]) or dropped[j + 1])
                                 and not dropped[j] and not all(t in stopwords for t in tokens[j])
                                 and not leaves_open(text, words[j][1], tokens[j], quoted))
                   for j in range(len(words))]
        for k in phrase_starts(article, clauses_of(index), first, positions, tokens, quoted):
            if dropped[k] or (k != first or index > 0) and _bad_start(k, raw, tokens, stopwords, table.verbs):
                continue
            framed = frame is not None and frame.verb == k
            skip = frame.skip if framed and frame is not None else frozenset()
            # A framed headline runs past its subject (past أن for a colon).
            earliest = (frame.complementizer + 1 if frame.kind == "colon" else frame.subject[1]) if framed and frame else k
            seen: set[str] = set()
            expected, n_tokens, printed = 0.0, 0, 0
            for j in range(k, len(words)):
                if dropped[j] or j in skip:
                    continue
                printed += width[j]
                if printed > budget:
                    break
                for token in tokens[j]:
                    n_tokens += 1
                    if token not in seen:
                        seen.add(token)
                        expected += probabilities.get(token, 0.0)
                if n_tokens == 0 or j < earliest or not may_end[j] or (j != last and printed < least):
                    continue
                value = model.expected_fmeasure(expected, n_tokens)
                if j == last or clean_end[j]:
                    value *= model.clean_end_bonus
                if best is None or value > best[0]:
                    best = (value, index, k, j)
    if best is None:
        return None
    _, index, k, j = best
    words, dropped, frame, conjunction, first = frames[index]
    sentence = article.sentences[index].span
    at_end = j == len(words) - 1
    start, end = words[k][0], words[j][1]
    if at_end and start == sentence.start:
        span, kind = sentence, UnitKind.SENTENCE
    else:
        kind = (UnitKind.COMPRESSED if at_end else UnitKind.CLAUSE if text[end - 1] in TRAILING_PUNCTUATION
                else UnitKind.PHRASE)
        span = trim_tail(text, Span(start, sentence.end if at_end else end))
    # The source's own trailing ellipsis is not the headline's (a headline never has one).
    tail = _source_ellipsis(text, span.start, span.end)
    if tail is not None and tail > span.start:
        span = trim_tail(text, Span(span.start, tail))
        kind = UnitKind.COMPRESSED if kind is UnitKind.SENTENCE else kind
    last_word = j
    while last_word > k and words[last_word][0] >= span.end:
        last_word -= 1
    trimmed = [(a, min(b, span.end)) for a, b in words]
    rewrites = headline_rewrites(text, trimmed, k, last_word, dropped, frame,
                                 conjunction=conjunction and k == first)
    capped = cap_span(text, span)  # a "word" of megabytes is no headline
    if capped != span:
        span, kind = capped, UnitKind.TRUNCATED
        rewrites = tuple(r for r in rewrites if r.span.end <= span.end)
    return SummaryUnit(span, span.slice(text), index, kind, float(scores[index]), rewrites)
