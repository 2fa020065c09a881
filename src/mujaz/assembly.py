"""Assembly: choose what to keep under the budget, drop repeats, restore document order.

Selection is greedy by score (ties go to the earlier sentence). A sentence that repeats a
kept one (tf-idf cosine above the scorer's ``redundancy`` threshold) is skipped. Under a
word budget, the best sentence always opens the summary: when it is too long it keeps its
leading clauses (if the scorer allows clauses and they use most of the budget) or is cut
at a word boundary. Later picks are whole sentences that fit; at the first that does not,
its leading clauses fill the rest of the budget when they make :data:`FILL_MIN_WORDS` words
or more, and selection stops. So a summary is never empty and never over budget.
"""

from __future__ import annotations

import bisect
import re

import numpy as np

from mujaz.compress import core_span, drop_tails
from mujaz.config import Budget, SummaryConfig
from mujaz.features import Features, tokenize, word_count
from mujaz.scoring.base import Scorer
from mujaz.scoring.headline import COMPLEMENTIZERS, SUBORDINATORS, HeadlineModel, opening_tokens
from mujaz.segment.quotes import quoted_ranges
from mujaz.types import Article, BlockKind, Point, Span, SummaryUnit

__all__ = ["select_units", "select_headline", "headline_window", "select_points", "join_units", "Outputs", "headline_text",
           "MIN_FRAGMENT_WORDS", "FILL_MIN_WORDS",
           "POINTS_WITHOUT_HEADINGS"]

# A clause fragment shorter than this says too little to be worth its words.
MIN_FRAGMENT_WORDS = 4
# Articles without subheadings get this many key points (one per paragraph at most).
POINTS_WITHOUT_HEADINGS = 3
# Candidates are checked for repeats against at most this many kept sentences.
MAX_REDUNDANCY_KEPT = 64
# A clause cut is preferred to a word cut when it keeps at least this share of the budget.
CLAUSE_CUT_SHARE = 0.8
# A word cut gives back at most this many words to end cleanly (see _truncate).
MAX_CUT_BACKOFF = 4
# Words that need what follows them, so a word cut never ends on one (normalized spelling:
# prepositions, conjunctions, relatives, particles; Darija ديال، اللي، باش).
_DANGLING = frozenset({
    "ازاء", "التي", "الذي", "الذين", "اللتين", "اللذين", "اللواتي", "اللي", "الي", "امام", "ان", "او", "اي",
    "باش", "بسبب", "بعد", "بعض", "بل", "بين", "تجاه", "تحت", "ثم", "حتي", "حيث", "خلال", "خلف", "دون", "ديال",
    "سوي", "ضد", "عبر", "علي", "عن", "عند", "غير", "ف", "فوق", "في", "قبل", "قد", "كل", "كي", "لا", "لان", "لدي",
    "لكن", "لكي", "لم", "لن", "لي", "ما", "مثل", "مع", "من", "منذ", "نحو", "و", "وفق",
})
# When the next sentence does not fit, its leading clauses still join the summary if they
# make at least this many words (so a 60-word lead is not one 40-word sentence). On ant-bbc
# at 25 words this costs 0.1 ROUGE-1/2, where it rarely applies.
FILL_MIN_WORDS = 10
_TRAILING = "،,؛;:-–— \t\n"
_FINAL = ".!?؟…\"»”’)"
_WORD_RUN = re.compile(r"\S+")
_COMMA = re.compile(r"[،,]")
# Punctuation after which a headline ends at a clause boundary rather than mid-phrase.
_CLAUSE_END = "،,؛;:"
# A clause whose first this-many words hold a comma is an aside, not a headline's opening.
PARENTHETICAL_WORDS = 4
# A clause that opens with these letters (normalized) continues the one before it.
_CONJUNCTIONS = tuple("وف")


def _trim_tail(text: str, span: Span) -> Span:
    end = span.end
    while end > span.start and text[end - 1] in _TRAILING:
        end -= 1
    return Span(span.start, end) if end > span.start else span


def _clause_prefix(article: Article, index: int, core: Span, budget: int) -> Span | None:
    """The longest run of leading clauses of ``core`` (in sentence ``index``) within ``budget``."""
    text = article.text
    words = 0
    best: Span | None = None
    for clause in article.clauses_of(index)[:-1]:  # all clauses = the whole core, already tried
        if clause.end <= core.start:
            continue
        words += word_count(text[max(clause.start, core.start) : clause.end])
        if words > budget:
            break
        if words >= MIN_FRAGMENT_WORDS:
            best = Span(core.start, clause.end)
    return None if best is None else _trim_tail(text, best)


def _leaves_open(text: str, end: int, tokens: list[str], quoted: list[tuple[int, int]]) -> bool:
    """Whether a cut after the word ending at ``end`` (whose tokens are ``tokens``, not
    empty) would part a number from its unit or counted noun ("120 | ميغاواط") or fall
    inside a quotation."""
    return (tokens[-1].isdigit() and text[end - 1] not in _CLAUSE_END) or any(a < end < b for a, b in quoted)


def _clean_word_end(text: str, word: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    """Whether a word cut may fall right after ``word``: not on a word that needs what follows
    (:data:`_DANGLING`: a preposition, conjunction, relative...), nor where it
    :func:`_leaves_open` a number or a quotation."""
    start, end = word
    tokens = tokenize(text[start:end])
    return bool(tokens) and tokens[-1] not in _DANGLING and not _leaves_open(text, end, tokens, quoted)


def _truncate(article: Article, core: Span, budget: int) -> Span:
    """``core`` cut after at most ``budget`` words, at a clean word end if one is near.

    The cut backs off up to :data:`MAX_CUT_BACKOFF` words (never under
    :data:`MIN_FRAGMENT_WORDS`) to avoid a dangling preposition, a number without its unit
    or an open quotation; if none of those words ends cleanly, it is made at ``budget``.
    """
    text = article.text
    words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, core.start, core.end)][:budget]
    if not words:
        return core
    quoted = quoted_ranges(text, core.start, core.end)
    lowest = max(min(MIN_FRAGMENT_WORDS, len(words)), len(words) - MAX_CUT_BACKOFF)
    for n in range(len(words), lowest - 1, -1):
        if _clean_word_end(text, words[n - 1], quoted):
            return _trim_tail(text, Span(core.start, words[n - 1][1]))
    return _trim_tail(text, Span(core.start, words[-1][1]))


def _fit(article: Article, index: int, budget: int, compress: bool,
         core: Span | None = None) -> tuple[Span, str] | None:
    """Sentence ``index`` as it enters a summary with ``budget`` words left, if it fits.

    Compressing scorers drop a dateline and a filler opener first, then trailing
    attribution tails and asides if still too long. ``None`` when it does not fit.
    """
    span = article.sentences[index].span
    if not compress:
        return (span, "sentence") if word_count(span.slice(article.text)) <= budget else None
    core = core or core_span(article, index)
    if word_count(core.slice(article.text)) <= budget:
        return core, "sentence" if core == span else "compressed"
    shorter = drop_tails(article, index, core, budget, min_words=max(MIN_FRAGMENT_WORDS, int(CLAUSE_CUT_SHARE * budget)))
    return (_trim_tail(article.text, shorter), "compressed") if shorter is not None else None


def _opening_fit(article: Article, index: int, budget: int, clauses: bool) -> tuple[Span, str]:
    """Fit the best sentence into ``budget`` words, whatever it takes.

    After compression (see :func:`_fit`), its leading clauses are kept when they use most
    of the budget (a clean cut); else the sentence is cut at the last word that fits,
    which on journalists' summaries keeps more of the story than a short clause does
    (measured on ant-bbc dev: a word cut scores ROUGE-1 57.7 against 55.2 for always
    cutting at a clause end, at 25 words).
    """
    core = core_span(article, index) if clauses else article.sentences[index].span
    fitted = _fit(article, index, budget, clauses, core)
    if fitted is not None:
        return fitted
    if clauses:
        prefix = _clause_prefix(article, index, core, budget)
        if prefix is not None and word_count(prefix.slice(article.text)) >= CLAUSE_CUT_SHARE * budget:
            return prefix, "clause"
    return _truncate(article, core, budget), "truncated"


class _Redundancy:
    """Cosine similarity of candidates to the sentences kept so far (sparse rows).

    Only the first :data:`MAX_REDUNDANCY_KEPT` kept sentences (the best-scored) are compared
    against, so a huge summary (``ratio=1.0`` over a 5 MB text) stays linear in its length.
    """

    def __init__(self, features: Features, threshold: float | None) -> None:
        self.threshold = threshold
        m = features.matrix
        self._cols, self._vals = m.cols, features.tfidf
        self._starts = np.searchsorted(m.rows, np.arange(m.n_rows + 1))
        self._kept: list[dict[int, float]] = []

    def _row(self, i: int) -> dict[int, float]:
        a, b = self._starts[i], self._starts[i + 1]
        return dict(zip(self._cols[a:b].tolist(), self._vals[a:b].tolist()))

    def repeats(self, i: int) -> bool:
        if self.threshold is None or not self._kept:
            return False
        row = self._row(i)
        return any(sum(v * kept.get(c, 0.0) for c, v in row.items()) > self.threshold for kept in self._kept)

    def keep(self, i: int) -> None:
        if self.threshold is not None and len(self._kept) < MAX_REDUNDANCY_KEPT:
            self._kept.append(self._row(i))


def select_units(
    article: Article,
    features: Features,
    scores: np.ndarray,
    budget: Budget,
    *,
    clauses: bool,
    redundancy: float | None,
) -> tuple[SummaryUnit, ...]:
    """Pick the summary's units under ``budget`` and return them in document order."""
    n = features.n
    if n == 0:
        return ()
    text = article.text
    order = np.argsort(-scores, kind="stable")
    total_words = int(features.word_counts.sum())
    word_budget = budget.words_for(total_words)
    sentence_budget = int(budget.value) if budget.kind == "sentences" else None
    remaining = word_budget
    redundancy_check = _Redundancy(features, redundancy)
    chosen: list[SummaryUnit] = []
    for i in order.tolist():
        if sentence_budget is not None and len(chosen) >= sentence_budget:
            break
        if remaining is not None and chosen and remaining < MIN_FRAGMENT_WORDS:
            break  # (a budget under MIN_FRAGMENT_WORDS still gets its opening sentence, cut)
        if redundancy_check.repeats(i):
            continue
        if remaining is None:
            span, kind = _fit(article, i, 1 << 62, clauses) or (article.sentences[i].span, "sentence")
        elif chosen:
            fitted = _fit(article, i, remaining, clauses)
            if fitted is None:
                # The first misfit ends the summary; its leading clauses may fill what is left.
                if clauses and remaining >= FILL_MIN_WORDS:
                    prefix = _clause_prefix(article, i, core_span(article, i), remaining)
                    if prefix is not None and word_count(prefix.slice(text)) >= FILL_MIN_WORDS:
                        chosen.append(SummaryUnit(prefix, prefix.slice(text), i, "clause", float(scores[i])))
                break
            span, kind = fitted
        else:
            span, kind = _opening_fit(article, i, remaining, clauses)
        chosen.append(SummaryUnit(span, span.slice(text), i, kind, float(scores[i])))
        redundancy_check.keep(i)
        if remaining is not None:
            remaining -= word_count(span.slice(text))
    chosen.sort(key=lambda u: u.span.start)
    return tuple(chosen)


def join_units(units: tuple[SummaryUnit, ...]) -> str:
    """The summary text: the kept units, in order, separated by single spaces.

    A unit cut at a clause boundary ends with a full stop and one cut at a word boundary
    with an ellipsis, so the reader sees where the source went on.
    """
    parts = []
    for unit in units:
        piece = " ".join(unit.text.split())
        if unit.kind in ("clause", "compressed", "truncated") and piece and piece[-1] not in _FINAL:
            piece += "…" if unit.kind == "truncated" else "."
        parts.append(piece)
    return " ".join(parts)


def _fit_unit(article: Article, features: Features, scores: np.ndarray, index: int, budget: int,
              clauses: bool) -> SummaryUnit:
    """Sentence ``index`` as one unit of at most ``budget`` words."""
    span, kind = _opening_fit(article, index, budget, clauses)
    return SummaryUnit(span, span.slice(article.text), index, kind, float(scores[index]))


def select_headline(article: Article, features: Features, scores: np.ndarray, budget: Budget, *,
                    clauses: bool, model: HeadlineModel | None = None) -> tuple[SummaryUnit, ...]:
    """The headline, at most ``budget`` words.

    With a ``model`` (the ``news`` method), the stretch of an opening sentence whose words
    the model expects in a headline (see :func:`headline_window`); without one, the best
    sentence cut to the budget at a clause or word boundary.
    """
    if features.n == 0:
        return ()
    words = budget.words_for(int(features.word_counts.sum())) or 1
    if model is not None:
        unit = headline_window(article, model, words, scores)
        if unit is not None:
            return (unit,)
    best = int(np.argmax(scores))
    return (_fit_unit(article, features, scores, best, words, clauses),)


def _phrase_starts(article: Article, index: int, first: int, positions: list[int], tokens: list[list[str]],
                   quoted: list[tuple[int, int]]) -> list[int]:
    """Indexes of the words of sentence ``index`` where a headline may start.

    The sentence's start after a dateline or filler opener (word ``first``), the word
    after a complementizer (``علمت كود من مصدر مطلع أن | الأغلبية قررت``), and each later
    clause's start, unless a comma follows within :data:`PARENTHETICAL_WORDS` words (an
    aside such as ``، يوم الثلاثاء،``), it opens with و or ف (a continuation such as
    ``، وتسببت في ...`` whose subject is in the clause before) or with a subordinator
    (``حيث``، ``مما``، ``مشيرا``: :data:`~mujaz.scoring.headline.SUBORDINATORS`); none of
    these can open a headline. Never inside a quotation.
    """
    text = article.text
    starts = {first}
    for clause in article.clauses_of(index):
        k = bisect.bisect_left(positions, clause.start)
        opener = tokens[k][0] if k < len(tokens) and tokens[k] else ""
        if first < k < len(positions) and opener[:1] not in _CONJUNCTIONS and opener not in SUBORDINATORS:
            lookahead = positions[min(k + PARENTHETICAL_WORDS, len(positions) - 1)]
            if _COMMA.search(text, positions[k], lookahead) is None:
                starts.add(k)
    starts.update(k + 1 for k in range(first, len(tokens) - 1) if tokens[k] and tokens[k][-1] in COMPLEMENTIZERS)
    return sorted(k for k in starts if not any(a < positions[k] < b for a, b in quoted))


def headline_window(article: Article, model: HeadlineModel, budget: int,
                    scores: np.ndarray) -> SummaryUnit | None:
    """The stretch of an opening sentence with the highest expected ROUGE-1 F as a headline.

    Candidates start where a phrase can start (:func:`_phrase_starts`) in one of the
    model's first sentences and run for ``model.min_words`` to ``budget`` words, or to the
    sentence's end; they do not end on a stop word, inside a quotation or between a number
    and its unit. Each is valued by :meth:`HeadlineModel.expected_fmeasure` of its distinct
    words' probabilities, times ``model.clean_end_bonus`` when it ends at a clause boundary
    or the sentence's end (a headline that stops mid-phrase needs an ellipsis); ties go to
    the earlier candidate. ``None`` when there is no such candidate (no words, or every
    stretch that fits would end inside a quotation).
    """
    text = article.text
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
        clean_end = [text[end - 1] in _CLAUSE_END for _, end in words]
        # Where a headline may not end: after a stop word (or bare punctuation), or where
        # the cut would leave a number or a quotation open.
        no_end = [all(t in stopwords for t in toks) or _leaves_open(text, end, toks, quoted)
                  for toks, (_, end) in zip(tokens, words)]
        for k in _phrase_starts(article, index, first, positions, tokens, quoted):
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
        span, kind = sentence, "sentence"
    else:
        kind = "compressed" if at_end else "clause" if text[end - 1] in _TRAILING else "truncated"
        span = _trim_tail(text, Span(start, sentence.end if at_end else end))
    return SummaryUnit(span, span.slice(text), index, kind, float(scores[index]))


def select_points(article: Article, features: Features, scores: np.ndarray, *, words: int,
                  max_points: int, clauses: bool, redundancy: float | None) -> tuple[Point, ...]:
    """Key points: the best sentence of each section (per subheading), in document order.

    An article without subheadings gets its :data:`POINTS_WITHOUT_HEADINGS` best sentences
    (``max_points`` when it is smaller), at most one per paragraph, repeats skipped.
    """
    if features.n == 0:
        return ()
    text = article.text
    headings = {b.section: b.span.slice(text) for b in article.blocks if b.kind is BlockKind.HEADING}
    order = np.argsort(-scores, kind="stable").tolist()
    group_of = [s.section for s in article.sentences] if headings else [s.block for s in article.sentences]
    limit = max_points if headings else min(max_points, POINTS_WITHOUT_HEADINGS)
    redundancy_check = _Redundancy(features, redundancy)
    taken: dict[int, int] = {}
    for i in order:
        if len(taken) >= limit:
            break
        group = group_of[i]
        if group in taken or redundancy_check.repeats(i):
            continue
        taken[group] = i
        redundancy_check.keep(i)
    points = []
    for group, i in sorted(taken.items(), key=lambda item: item[1]):
        unit = _fit_unit(article, features, scores, i, words, clauses)
        section = article.sentences[i].section
        points.append(Point(join_units((unit,)), (unit,), section, headings.get(section)))
    return tuple(points)


class Outputs:
    """The lead, headline and points of one article, each selected when first read.

    Implements :class:`~mujaz.types.SummaryParts`. Holds the run's article, features,
    scores and scorer (whose options steer assembly); a per-summary memo, never shared
    between summaries.
    """

    __slots__ = ("_article", "_features", "_scores", "_config", "_scorer", "_memo")

    def __init__(self, article: Article, features: Features, scores: np.ndarray, config: "SummaryConfig",
                 scorer: Scorer) -> None:
        self._article, self._features, self._scores, self._config = article, features, scores, config
        self._scorer = scorer
        self._memo: dict[str, object] = {}

    @property
    def lead_units(self) -> tuple[SummaryUnit, ...]:
        if "lead" not in self._memo:
            self._memo["lead"] = select_units(self._article, self._features, self._scores, self._config.budget,
                                              clauses=self._scorer.clauses, redundancy=self._scorer.redundancy)
        return self._memo["lead"]  # type: ignore[return-value]

    @property
    def lead(self) -> str:
        return join_units(self.lead_units)

    @property
    def headline_units(self) -> tuple[SummaryUnit, ...]:
        if "headline" not in self._memo:
            self._memo["headline"] = select_headline(self._article, self._features, self._scores,
                                                     self._config.headline_budget, clauses=self._scorer.clauses,
                                                     model=self._scorer.headline_model)
        return self._memo["headline"]  # type: ignore[return-value]

    @property
    def headline(self) -> str:
        return headline_text(join_units(self.headline_units))

    @property
    def points(self) -> tuple[Point, ...]:
        if "points" not in self._memo:
            self._memo["points"] = select_points(
                self._article, self._features, self._scores, words=self._config.point_words,
                max_points=self._config.max_points, clauses=self._scorer.clauses, redundancy=self._scorer.redundancy)
        return self._memo["points"]  # type: ignore[return-value]

    def style_text(self, style: str) -> tuple[str, tuple[SummaryUnit, ...]]:
        """The text and units of ``style``."""
        if style == "headline":
            return self.headline, self.headline_units
        if style == "points":
            points = self.points
            return "\n".join(p.text for p in points), tuple(u for p in points for u in p.units)
        return self.lead, self.lead_units


def headline_text(text: str) -> str:
    """A headline carries no final full stop (but is never emptied by that rule)."""
    stripped = text.rstrip(" .。؛;،,:")
    return stripped or text
