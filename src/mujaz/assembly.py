"""Assembly: choose what to keep under the budget, drop repeats, restore document order.

Selection is greedy by score (ties go to the earlier sentence). A sentence that repeats a
kept one (tf-idf cosine above the policy's ``redundancy`` threshold) is skipped. Under a
word budget, the best sentence always opens the summary: when it is too long it keeps its
leading clauses (if the policy allows clause cuts and they use most of the budget) or is
cut at a word boundary. Later picks are whole sentences that fit; at the first that does
not, its leading clauses fill the rest of the budget when they make
:data:`FILL_MIN_WORDS` words or more, and selection stops. So a summary is never empty and
never over budget.

How a method assembles is its :class:`AssemblyPolicy`; what one summary works on (the
article, its features and scores, and the clauses split so far) is its :class:`Draft`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from mujaz.compress import core_span, drop_tails
from mujaz.config import Budget
from mujaz.conventions import hashtag_rewrites
from mujaz.features import Features, tokenize, word_count
from mujaz.segment.clauses import SentenceClauses
from mujaz.segment.quotes import quoted_ranges
from mujaz.types import Article, BlockKind, BudgetKind, Point, Span, SummaryUnit, UnitKind

__all__ = ["AssemblyPolicy", "Draft", "select_units", "select_points", "fit_unit", "join_units", "headline_text",
           "trim_tail", "truncate", "leaves_open", "MIN_FRAGMENT_WORDS", "FILL_MIN_WORDS", "POINTS_WITHOUT_HEADINGS",
           "CLAUSE_END", "TRAILING_PUNCTUATION"]


@dataclass(frozen=True, slots=True)
class AssemblyPolicy:
    """How a method turns scored sentences into a summary.

    Attributes:
        compress: drop a dateline or filler opener from every kept sentence, and trailing
            attribution tails and asides from one that does not fit
            (:mod:`mujaz.compress`).
        clause_cuts: let a sentence that does not fit keep its leading clauses (the
            opening sentence, and the first misfit that fills what is left).
        redundancy: tf-idf cosine above which a candidate repeats a kept sentence and is
            skipped; ``None`` keeps repeats.
    """

    compress: bool = False
    clause_cuts: bool = False
    redundancy: float | None = None

    def __post_init__(self) -> None:
        if self.redundancy is not None and not 0.0 < self.redundancy < 1.0:
            raise ValueError(f"redundancy must be in (0, 1) or None, got {self.redundancy!r}")


class Draft:
    """What one summary is assembled from: the article, its features and sentence scores.

    Also the summary's scratch space: the clauses of the sentences cut so far (split on
    first need and reused by the lead, the headline and the points). Never shared between
    summaries or threads.
    """

    __slots__ = ("article", "features", "scores", "clauses")

    def __init__(self, article: Article, features: Features, scores: np.ndarray) -> None:
        self.article = article
        self.features = features
        self.scores = scores
        self.clauses = SentenceClauses(article)

    def unit(self, span: Span, index: int, kind: UnitKind) -> SummaryUnit:
        """A summary unit quoting ``span`` of sentence ``index`` (its hashtags written as words)."""
        text = self.article.text
        return SummaryUnit(span, span.slice(text), index, kind, float(self.scores[index]), hashtag_rewrites(text, span))


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
# What trim_tail removes from a cut's end; a cut that ends on it is at a clause boundary.
TRAILING_PUNCTUATION = "،,؛;:-–— \t\n"
_FINAL = ".!?؟…\"»”’)"
_WORD_RUN = re.compile(r"\S+")
# Punctuation that closes a clause: a cut after it ends cleanly.
CLAUSE_END = "،,؛;:"


def trim_tail(text: str, span: Span) -> Span:
    """``span`` without trailing commas, colons, dashes and spaces (never emptied)."""
    end = span.end
    while end > span.start and text[end - 1] in TRAILING_PUNCTUATION:
        end -= 1
    return Span(span.start, end) if end > span.start else span


def _clause_prefix(draft: Draft, index: int, core: Span, budget: int) -> Span | None:
    """The longest run of leading clauses of ``core`` (in sentence ``index``) within ``budget``."""
    text = draft.article.text
    words = 0
    best: Span | None = None
    for clause in draft.clauses(index)[:-1]:  # all clauses = the whole core, already tried
        if clause.end <= core.start:
            continue
        words += word_count(text[max(clause.start, core.start) : clause.end])
        if words > budget:
            break
        if words >= MIN_FRAGMENT_WORDS:
            best = Span(core.start, clause.end)
    return None if best is None else trim_tail(text, best)


def leaves_open(text: str, end: int, tokens: list[str], quoted: list[tuple[int, int]]) -> bool:
    """Whether a cut after the word ending at ``end`` (whose tokens are ``tokens``, not
    empty) would part a number from its unit or counted noun ("120 | ميغاواط") or fall
    inside a quotation."""
    return (tokens[-1].isdigit() and text[end - 1] not in CLAUSE_END) or any(a < end < b for a, b in quoted)


def _clean_word_end(text: str, word: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    """Whether a word cut may fall right after ``word``: not on a word that needs what follows
    (:data:`_DANGLING`: a preposition, conjunction, relative...), nor where it
    :func:`leaves_open` a number or a quotation."""
    start, end = word
    tokens = tokenize(text[start:end])
    return bool(tokens) and tokens[-1] not in _DANGLING and not leaves_open(text, end, tokens, quoted)


def truncate(text: str, core: Span, budget: int) -> Span:
    """``core`` cut after at most ``budget`` words, at a clean word end if one is near.

    The cut backs off up to :data:`MAX_CUT_BACKOFF` words (never under
    :data:`MIN_FRAGMENT_WORDS`) to avoid a dangling preposition, a number without its unit
    or an open quotation; if none of those words ends cleanly, it is made at ``budget``.
    """
    words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, core.start, core.end)][:budget]
    if not words:
        return core
    quoted = quoted_ranges(text, core.start, core.end)
    lowest = max(min(MIN_FRAGMENT_WORDS, len(words)), len(words) - MAX_CUT_BACKOFF)
    for n in range(len(words), lowest - 1, -1):
        if _clean_word_end(text, words[n - 1], quoted):
            return trim_tail(text, Span(core.start, words[n - 1][1]))
    return trim_tail(text, Span(core.start, words[-1][1]))


def _fit(draft: Draft, index: int, budget: int, policy: AssemblyPolicy,
         core: Span | None = None) -> tuple[Span, UnitKind] | None:
    """Sentence ``index`` as it enters a summary with ``budget`` words left, if it fits.

    A compressing policy drops a dateline and a filler opener first, then trailing
    attribution tails and asides if still too long. ``None`` when it does not fit.
    """
    article = draft.article
    span = article.sentences[index].span
    if not policy.compress:
        return (span, UnitKind.SENTENCE) if word_count(span.slice(article.text)) <= budget else None
    core = core or core_span(article, index)
    if word_count(core.slice(article.text)) <= budget:
        return core, UnitKind.SENTENCE if core == span else UnitKind.COMPRESSED
    shorter = drop_tails(article.text, draft.clauses(index), core, budget,
                         min_words=max(MIN_FRAGMENT_WORDS, int(CLAUSE_CUT_SHARE * budget)))
    return (trim_tail(article.text, shorter), UnitKind.COMPRESSED) if shorter is not None else None


def fit_unit(draft: Draft, index: int, budget: int, policy: AssemblyPolicy) -> SummaryUnit:
    """Sentence ``index`` as one unit of at most ``budget`` words, whatever it takes.

    After compression (see :func:`_fit`), its leading clauses are kept when they use most
    of the budget (a clean cut); else the sentence is cut at the last word that fits,
    which on journalists' summaries keeps more of the story than a short clause does
    (measured on ant-bbc dev: a word cut scores ROUGE-1 57.7 against 55.2 for always
    cutting at a clause end, at 25 words).
    """
    article = draft.article
    core = core_span(article, index) if policy.compress else article.sentences[index].span
    fitted = _fit(draft, index, budget, policy, core)
    if fitted is not None:
        return draft.unit(fitted[0], index, fitted[1])
    if policy.clause_cuts:
        prefix = _clause_prefix(draft, index, core, budget)
        if prefix is not None and word_count(prefix.slice(article.text)) >= CLAUSE_CUT_SHARE * budget:
            return draft.unit(prefix, index, UnitKind.CLAUSE)
    return draft.unit(truncate(article.text, core, budget), index, UnitKind.TRUNCATED)


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


def select_units(draft: Draft, budget: Budget, policy: AssemblyPolicy) -> tuple[SummaryUnit, ...]:
    """Pick the summary's units under ``budget`` and return them in document order."""
    article, features, scores = draft.article, draft.features, draft.scores
    n = features.n
    if n == 0:
        return ()
    text = article.text
    order = np.argsort(-scores, kind="stable")
    total_words = int(features.word_counts.sum())
    word_budget = budget.words_for(total_words)
    sentence_budget = int(budget.value) if budget.kind is BudgetKind.SENTENCES else None
    remaining = word_budget
    redundancy_check = _Redundancy(features, policy.redundancy)
    chosen: list[SummaryUnit] = []
    for i in order.tolist():
        if sentence_budget is not None and len(chosen) >= sentence_budget:
            break
        if remaining is not None and chosen and remaining < MIN_FRAGMENT_WORDS:
            break  # (a budget under MIN_FRAGMENT_WORDS still gets its opening sentence, cut)
        if redundancy_check.repeats(i):
            continue
        if remaining is None:
            span, kind = _fit(draft, i, 1 << 62, policy) or (article.sentences[i].span, UnitKind.SENTENCE)
            unit = draft.unit(span, i, kind)
        elif chosen:
            fitted = _fit(draft, i, remaining, policy)
            if fitted is None:
                # The first misfit ends the summary; its leading clauses may fill what is left.
                if policy.clause_cuts and remaining >= FILL_MIN_WORDS:
                    prefix = _clause_prefix(draft, i, core_span(article, i) if policy.compress
                                            else article.sentences[i].span, remaining)
                    if prefix is not None and word_count(prefix.slice(text)) >= FILL_MIN_WORDS:
                        chosen.append(draft.unit(prefix, i, UnitKind.CLAUSE))
                break
            unit = draft.unit(fitted[0], i, fitted[1])
        else:
            unit = fit_unit(draft, i, remaining, policy)
        chosen.append(unit)
        redundancy_check.keep(i)
        if remaining is not None:
            remaining -= word_count(unit.text)
    chosen.sort(key=lambda u: u.span.start)
    return tuple(chosen)


def join_units(units: tuple[SummaryUnit, ...]) -> str:
    """The summary text: the kept units, in order, separated by single spaces.

    A unit cut at a clause boundary ends with a full stop and one cut at a word boundary
    with an ellipsis, so the reader sees where the source went on. Each unit is printed
    as :attr:`~mujaz.types.SummaryUnit.rendered` (its documented rewrites applied).
    """
    parts = []
    for unit in units:
        piece = " ".join(unit.rendered.split())
        if unit.kind is not UnitKind.SENTENCE and piece and piece[-1] not in _FINAL:
            piece += "…" if unit.kind is UnitKind.TRUNCATED else "."
        parts.append(piece)
    return " ".join(parts)


def select_points(draft: Draft, *, words: int, max_points: int, policy: AssemblyPolicy) -> tuple[Point, ...]:
    """Key points: the best sentence of each section (per subheading), in document order.

    An article without subheadings gets its :data:`POINTS_WITHOUT_HEADINGS` best sentences
    (``max_points`` when it is smaller), at most one per paragraph, repeats skipped.
    """
    article, features, scores = draft.article, draft.features, draft.scores
    if features.n == 0:
        return ()
    text = article.text
    headings = {b.section: b.span.slice(text) for b in article.blocks if b.kind is BlockKind.HEADING}
    order = np.argsort(-scores, kind="stable").tolist()
    group_of = [s.section for s in article.sentences] if headings else [s.block for s in article.sentences]
    limit = max_points if headings else min(max_points, POINTS_WITHOUT_HEADINGS)
    redundancy_check = _Redundancy(features, policy.redundancy)
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
        unit = fit_unit(draft, i, words, policy)
        section = article.sentences[i].section
        points.append(Point(join_units((unit,)), (unit,), section, headings.get(section)))
    return tuple(points)


def headline_text(text: str) -> str:
    """A headline carries no final full stop (but is never emptied by that rule)."""
    stripped = text.rstrip(" .。؛;،,:")
    return stripped or text
