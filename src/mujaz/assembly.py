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

import functools
import re
from dataclasses import dataclass, replace

import numpy as np

from mujaz.compress import TAIL_OPENERS, carries_meaning, core_span, drop_tails, is_filler
from mujaz.config import Budget
from mujaz.conventions import hashtag_rewrites
from mujaz.features import Analyzer, Features, tokenize, word_count
from mujaz.sections import Section, story_sections
from mujaz.segment.clauses import CONNECTIVES, SentenceClauses
from mujaz.segment.quotes import quoted_ranges
from mujaz.types import Article, BudgetKind, Point, Rewrite, RewriteKind, Span, SummaryUnit, UnitKind

__all__ = ["AssemblyPolicy", "Draft", "select_units", "select_points", "fit_unit", "join_units", "headline_text",
           "trim_tail", "truncate", "leaves_open", "compress_sentence", "select_cover", "section_point",
           "section_key_sentences", "connective_for", "opens_with_verb", "MIN_FRAGMENT_WORDS", "FILL_MIN_WORDS",
           "SECTION_MIN_WORDS", "OPENING_SHARE", "CLAUSE_END", "TRAILING_PUNCTUATION", "MAX_UNIT_CHARS", "cap_span"]


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
        drop_asides: compress a sentence that does not fit by leaving out the clauses its
            main statement does not need (asides, attribution, circumstantial and relative
            clauses: :func:`compress_sentence`), inside it as well as at its end, before it
            is cut; the key points are made the same way, one per section.
        cover_sections: when the word budget gives each of two or more sections at least
            :data:`SECTION_MIN_WORDS` words, the lead takes the main point of each section
            (:func:`select_cover`) and joins them with connectives instead of taking the
            best sentences wherever they are.
    """

    compress: bool = False
    clause_cuts: bool = False
    redundancy: float | None = None
    drop_asides: bool = False
    cover_sections: bool = False

    def __post_init__(self) -> None:
        if self.redundancy is not None and not 0.0 < self.redundancy < 1.0:
            raise ValueError(f"redundancy must be in (0, 1) or None, got {self.redundancy!r}")
        if self.cover_sections and not self.drop_asides:
            raise ValueError("cover_sections needs drop_asides (each section's point is compressed to its share)")


class Draft:
    """What one summary is assembled from: the article, its features and sentence scores.

    Also the summary's scratch space: the clauses of the sentences cut so far (split on
    first need and reused by the lead, the headline and the points). Never shared between
    summaries or threads.
    """

    __slots__ = ("article", "features", "scores", "clauses", "_sections", "_term_weight", "_plans")

    def __init__(self, article: Article, features: Features, scores: np.ndarray) -> None:
        self.article = article
        self.features = features
        self.scores = scores
        self.clauses = SentenceClauses(article)
        self._sections: tuple[Section, ...] | None = None
        self._term_weight: np.ndarray | None = None
        self._plans: dict[int, _ClausePlan] = {}

    @property
    def sections(self) -> tuple[Section, ...]:
        """The story's sections (:func:`mujaz.sections.story_sections`), found on first need."""
        if self._sections is None:
            self._sections = story_sections(self.article, self.features)
        return self._sections

    @property
    def term_weight(self) -> np.ndarray:
        """Each term column's weight for coverage: the number of sentences that use it (a
        story's main concepts recur across it; one-off words weigh 1)."""
        if self._term_weight is None:
            self._term_weight = self.features.matrix.document_frequency()
        return self._term_weight

    def unit(self, span: Span, index: int, kind: UnitKind) -> SummaryUnit:
        """A summary unit quoting ``span`` of sentence ``index`` (its hashtags written as words).

        A unit is never longer than :data:`MAX_UNIT_CHARS` characters: a "sentence" that is
        one 10 MB run without spaces counts as one word, and must not become a 10 MB summary.
        """
        text = self.article.text
        capped = cap_span(text, span)
        if capped != span:
            span, kind = capped, UnitKind.TRUNCATED
        return SummaryUnit(span, span.slice(text), index, kind, float(self.scores[index]), hashtag_rewrites(text, span))


# The most characters one unit quotes: a 150-word sentence (the segmenter's cap) of long
# words stays under it; a run without spaces is cut at it.
MAX_UNIT_CHARS = 3000
# A clause fragment shorter than this says too little to be worth its words.
MIN_FRAGMENT_WORDS = 4
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
# What a sentence before a connective loses: its full stop (and the spaces and commas
# trim_tail would drop), never a closing quotation mark.
_JOINED_STOPS = ".،, \t\n"
# A source sentence that trails off ends in these.
_TRAILING_OFF = "…. \t"
# Punctuation that closes a clause: a cut after it ends cleanly.
CLAUSE_END = "،,؛;:"


def cap_span(text: str, span: Span) -> Span:
    """``span`` cut to at most :data:`MAX_UNIT_CHARS` characters (at the last space before
    the limit, else at the limit); ``span`` itself when it is short enough."""
    if len(span) <= MAX_UNIT_CHARS:
        return span
    space = text.rfind(" ", span.start, span.start + MAX_UNIT_CHARS)
    end = space if space > span.start else span.start + MAX_UNIT_CHARS
    return trim_tail(text, Span(span.start, end))


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


# ---------------------------------------------------------------------------------------
# Compression by clause selection, and the lead that covers every section.

# A sentence's first this-many clauses are considered for selection (every subset is
# scored at once: 2**12 rows); later clauses are left out.
MAX_SELECT_CLAUSES = 12
# Each section's point in a covering lead gets at least this many words; a budget that
# cannot give two sections as much is spent on the opening (the tight-budget lead).
SECTION_MIN_WORDS = 20
# A compressed opening replaces a cut one when it keeps at least this share of the budget.
# Fitted by 5-fold CV on ant-bbc + CNN pairs at 25 words over 0.5/0.7/0.8/0.9/1.0: every
# fold picks 1.0 (R-1/R-2 out of fold 58.87/46.66 BBC, 79.56/77.88 CNN; 0.9 gives
# 58.85/46.63 and 79.57/77.86, 0.5 gives 58.28/46.06 and 77.91/76.05): against these
# references a shorter complete sentence scores below the longer cut.
OPENING_SHARE = 1.0
# Sentences (best first) a roomy lead tries before it cuts one with an ellipsis.
MAX_OPENING_TRIES = 5
# Perfect verbs that open a news statement (normalized spelling; the feminine ت forms are
# added in _verb_forms). A clause that opens with one stands on its own after a left-out
# clause, and a covering lead joins it with "، كما" or "، و".
_PERFECT_VERBS = (
    "انجز", "هنا", "دشن", "زار", "وفر", "اختتم", "افتتح", "نظم", "اطلق",
    "قال", "اعلن", "اكد", "اضاف", "اشار", "كشف", "ذكر", "افاد", "اوضح", "اعتبر", "دعا", "طالب", "نفي",
    "شدد", "لفت", "نقل", "اعرب", "حذر", "هدد", "توعد", "وقع", "اصدر", "قرر", "بدا", "شهد", "تعرض", "قتل",
    "لقي", "اصيب", "جرح", "اعتقل", "القي", "وصل", "غادر", "التقي", "استقبل", "بحث", "ناقش", "تلقي",
    "اتفق", "وافق", "رفض", "ادان", "نشر", "بث", "عقد", "افتتح", "فاز", "خسر", "تمكن", "نجح", "فشل",
    "سجل", "ارتفع", "انخفض", "تراجع", "بلغ", "وصف", "اختار", "عين", "استقال", "وجه", "اتهم", "قضت",
    "حكم", "اعاد", "اجري", "اطلق", "ابدي", "اثار", "اعترف", "تسبب", "تم", "جاء", "صرح", "تابع", "ختم",
    "واصل", "انتقد", "رحب", "طلب", "اقر", "تعهد", "وعد", "اتخذ", "شن", "نفذ", "هاجم", "سقط", "انسحب",
)
# Object pronouns a perfect verb may carry (normalized: ة -> ه).
_OBJECT_SUFFIXES = ("هما", "هم", "هن", "ها", "ه")
# Relative pronouns: a clause they open describes a noun of the clause before it.
_RELATIVES = ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "والذي", "والتي", "والذين")
# Connectives after which a clause states something new (it may follow a left-out clause,
# and a covering lead joins it with a bare comma).
_STATEMENT_OPENERS = ("كما", "وكما", "فيما", "بينما", "في حين", "وفي حين")
# Other openers of a clause the main statement does not need (asides, consequences,
# attribution, circumstance), besides the clause splitter's connectives and compression's
# attribution tails.
_EXTRA_ASIDES = ("اذ", "لان", "لانه", "لانها", "باعتبار", "باعتباره", "باعتبارها", "في الوقت الذي", "وهو",
                 "وهي", "اي", "علما", "خاصه", "لا سيما", "ولا سيما",
                 # adjuncts of time, place and purpose after a comma (، في إطار ...، ، بعد أن ...)
                 "في اطار", "في ظل", "وسط", "خلال", "بعد", "قبل", "منذ", "عقب", "اثر", "على خلفيه", "بهدف",
                 "من اجل", "وذلك", "ضمن")


@functools.cache
def _verb_forms() -> frozenset[str]:
    """The perfect verbs of :data:`_PERFECT_VERBS` with their feminine ``ت`` forms."""
    return frozenset(v for verb in _PERFECT_VERBS for v in (verb, verb + "ت"))


@functools.cache
def _aside_phrases() -> frozenset[tuple[str, ...]]:
    """Normalized token tuples of every phrase that opens a droppable clause."""
    phrases = (*CONNECTIVES, *TAIL_OPENERS, *_RELATIVES, *_EXTRA_ASIDES)
    return frozenset(t for t in (tuple(tokenize(p)) for p in phrases) if t)


@functools.cache
def _statement_phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokenize(p)) for p in _STATEMENT_OPENERS)


def _opens_with(tokens: list[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    return any(tuple(tokens[:n]) in phrases for n in (1, 2, 3) if len(tokens) >= n)


def opens_with_verb(tokens: list[str]) -> bool:
    """Whether a clause whose first tokens are ``tokens`` opens with a perfect news verb
    (``أعلن``، ``أكدت``), with or without a ``و``/``ف`` conjunction."""
    if not tokens:
        return False
    first = tokens[0]
    verbs = _verb_forms()
    bare = first[1:] if first[:1] in ("و", "ف") and first[1:] in verbs else first
    # An object pronoun may follow the verb (أنجزتها، هنأه، استقبلهم).
    return bare in verbs or any(bare.endswith(p) and bare[: -len(p)] in verbs for p in _OBJECT_SUFFIXES) or (
        first[:1] in ("و", "ف") and any(first[1:].endswith(p) and first[1: -len(p)] in verbs
                                         for p in _OBJECT_SUFFIXES))


@dataclass(frozen=True, slots=True)
class _ClausePlan:
    """A sentence's clauses after its dateline/filler opener, as selection needs them."""

    clauses: tuple[Span, ...]
    words: np.ndarray          # words per clause
    droppable: np.ndarray      # the clause opens with an aside, attribution or filler
    restarts: np.ndarray       # the clause may follow a left-out clause
    fillers: np.ndarray        # the clause is a filler opener (في سياق متصل،)
    incidence: np.ndarray      # clause x local term (bool)
    columns: np.ndarray        # the document's term column of each local term


def _clause_plan(draft: Draft, index: int) -> _ClausePlan:
    plan = draft._plans.get(index)
    if plan is not None:
        return plan
    text = draft.article.text
    core = core_span(draft.article, index)
    clauses = [Span(max(c.start, core.start), c.end) for c in draft.clauses(index) if c.end > core.start]
    clauses = clauses[:MAX_SELECT_CLAUSES] or [core]
    texts = [c.slice(text) for c in clauses]
    heads = [tokenize(t[:60]) for t in texts]
    words = np.fromiter((word_count(t) for t in texts), dtype=np.int64, count=len(texts))
    fillers = [bool(w <= 6) and is_filler(t) for w, t in zip(words.tolist(), texts)]  # fillers are short
    asides, statements = _aside_phrases(), _statement_phrases()
    # A clause that holds a negation or a qualifier is never left out (carries_meaning).
    droppable = np.array([(f or _opens_with(h, asides)) and not carries_meaning(text, c)
                          for f, h, c in zip(fillers, heads, clauses)], dtype=bool)
    restarts = np.array([_opens_with(h, asides) or _opens_with(h, statements) or opens_with_verb(h)
                         or (j > 0 and fillers[j - 1]) for j, h in enumerate(heads)], dtype=bool)
    # The clauses' terms, as columns of the document's term matrix.
    matrix = draft.features.matrix
    vocabulary = Analyzer().vocabulary()
    if vocabulary.terms is matrix.terms:
        # The document's own vocabulary: each clause's term ids map straight to its columns
        # (a dictionary lookup per token; no matrix is built for a few short clauses).
        per_clause = [matrix.column_index(vocabulary.term_ids(t)) for t in texts]
    else:
        # Replaced since the features were made (MAX_CACHED_TERMS): match by the stems.
        column_of = {matrix.terms[t]: c for c, t in enumerate(matrix.term_ids.tolist())}
        per_clause = [np.array([column_of.get(vocabulary.terms[i], -1) for i in vocabulary.term_ids(t).tolist()],
                               dtype=np.int64) for t in texts]
    rows = np.repeat(np.arange(len(texts)), [c.size for c in per_clause])
    cols = np.concatenate(per_clause) if per_clause else np.zeros(0, dtype=np.int64)
    known = cols >= 0
    columns, local = np.unique(cols[known], return_inverse=True)
    incidence = np.zeros((len(texts), columns.size), dtype=bool)
    incidence[rows[known], local] = True
    plan = _ClausePlan(tuple(clauses), words, droppable, restarts, np.array(fillers, dtype=bool),
                       incidence, columns)
    draft._plans[index] = plan
    return plan


@functools.cache
def _subsets(m: int) -> np.ndarray:
    """Every subset of ``m`` clauses that keeps the first one, as a bool matrix (read-only)."""
    masks = ((np.arange(1 << m)[:, None] >> np.arange(m)[None, :]) & 1).astype(bool)
    masks = masks[masks[:, 0]]
    masks.setflags(write=False)
    return masks


def _valid_subsets(plan: _ClausePlan) -> np.ndarray:
    """The clause subsets that leave a grammatical sentence.

    The first clause (the main statement) is kept; a clause left out before the last one
    kept must be droppable (an aside: leaving out a clause the statement needs would break
    it), and a kept clause right after a left-out one must be able to follow it (it opens
    with a connective or a verb, or what was left out was a filler). The selection does not
    end on a filler, nor before a clause that continues its statement.
    """
    masks = _subsets(len(plan.clauses))
    later = np.flip(np.logical_or.accumulate(np.flip(masks, axis=1), axis=1), axis=1)
    # The last clause kept must not be a filler opener (``ومن جانب آخر،``): it leads nowhere.
    last = masks.shape[1] - 1 - np.argmax(np.flip(masks, axis=1), axis=1)
    ends_on_filler = plan.fillers[last]
    # Nor may it stop before a clause that continues its statement (the predicate of
    # "إن السماح للنساء بحضور المباريات، | أمر غير مقبول"): only before an aside or a
    # clause that states something new, or at the sentence's end.
    stops_clean = np.append(plan.droppable[1:] | plan.restarts[1:], True)[last]
    inner_gap = ~masks[:, :-1] & later[:, 1:]
    ok = ~(inner_gap & ~plan.droppable[None, :-1]).any(axis=1)
    resumed = masks[:, 1:] & ~masks[:, :-1]
    return masks[ok & ~ends_on_filler & stops_clean & ~(resumed & ~plan.restarts[None, 1:]).any(axis=1)]


def compress_sentence(draft: Draft, index: int, budget: int, *, covered: np.ndarray | None = None,
                      min_words: int = MIN_FRAGMENT_WORDS) -> SummaryUnit | None:
    """Sentence ``index`` with the clauses its main statement does not need left out, in
    at most ``budget`` words; ``None`` when no grammatical selection fits.

    Of the subsets of its clauses that leave a grammatical sentence (see
    :func:`_valid_subsets`) and fit, the one whose words cover the most of the story is
    kept: each term counts once, weighted by the number of sentences that use it
    (:attr:`Draft.term_weight`), terms already in ``covered`` (a bool array over the
    document's term columns) count nothing; ties go to the shorter, then earlier, one.
    Left-out clauses inside the kept span are :attr:`~mujaz.types.RewriteKind.DROPPED`
    rewrites; those at the end are simply not in the span.
    """
    plan = _clause_plan(draft, index)
    masks = _valid_subsets(plan)
    words = masks.astype(np.int64) @ plan.words
    fits = (words <= budget) & (words >= min(min_words, budget))
    if not fits.any():
        return None
    masks, words = masks[fits], words[fits]
    weight = draft.term_weight[plan.columns].copy()
    if covered is not None:
        weight[covered[plan.columns]] = 0.0
    value = (masks.astype(np.float64) @ plan.incidence.astype(np.float64) > 0) @ weight
    best = int(np.lexsort((np.arange(len(words)), words, -value))[0])
    return _selection_unit(draft, index, plan, masks[best])


def _selection_unit(draft: Draft, index: int, plan: _ClausePlan, keep: np.ndarray) -> SummaryUnit:
    text = draft.article.text
    clauses = plan.clauses
    kept = np.flatnonzero(keep).tolist()
    span = trim_tail(text, Span(clauses[0].start, clauses[kept[-1]].end))
    # A sentence that trails off in the source ("…", "...") ends a compressed unit at its
    # last word instead, so the summary does not seem cut where it is not.
    if text.endswith(("…", ".."), span.start, span.end):
        end = span.end
        while end > span.start and text[end - 1] in _TRAILING_OFF:
            end -= 1
        if text[span.start : end].strip():
            span = trim_tail(text, Span(span.start, end))
    rewrites = []
    for a, b in zip(kept, kept[1:]):
        if b > a + 1:
            rewrites.append(Rewrite(RewriteKind.DROPPED, Span(clauses[a + 1].start, clauses[b].start), ""))
    sentence = draft.article.sentences[index].span
    kind = UnitKind.SENTENCE if span == sentence and not rewrites else UnitKind.COMPRESSED
    unit = draft.unit(span, index, kind)
    # A hashtag inside a left-out stretch goes with it.
    kept = [r for r in unit.rewrites if not any(d.span.start <= r.span.start < d.span.end for d in rewrites)]
    return replace(unit, rewrites=tuple(sorted((*kept, *rewrites), key=lambda r: r.span.start)))


def _covered_columns(draft: Draft, units: list[SummaryUnit], n_cols: int) -> np.ndarray:
    covered = np.zeros(n_cols, dtype=bool)
    matrix = draft.features.matrix
    for unit in units:
        rows = matrix.rows == unit.sentence
        covered[matrix.cols[rows]] = True
    return covered


def section_key_sentences(draft: Draft, section: Section) -> list[int]:
    """The sentences of ``section``, best-scored first (ties to the earlier)."""
    scores = draft.scores[section.start : section.end]
    return (section.start + np.argsort(-scores, kind="stable")).tolist()


def section_point(draft: Draft, section: Section, words: int, *, covered: np.ndarray | None = None,
                  tries: int = 3) -> SummaryUnit | None:
    """The main point of ``section`` as one complete unit of at most ``words`` words.

    Its best sentence, compressed (:func:`compress_sentence`); when even its main clause
    does not fit, the next best of its first ``tries`` sentences. ``None`` when none fits.
    """
    for index in section_key_sentences(draft, section)[:tries]:
        unit = compress_sentence(draft, index, words, covered=covered)
        if unit is not None:
            return unit
    return None


def connective_for(unit: SummaryUnit, turn: int) -> Rewrite:
    """The connective that joins ``unit`` to the unit before it in one paragraph.

    After a comma: a clause that opens with a perfect verb is joined with ``كما`` and
    ``و`` in turn (``، كما أكد``، ``، وأضاف``: ``turn`` is how many verb joins came
    before); one that already opens with a conjunction or a connective (``وأكد``،
    ``وعمل``، ``كما``، ``بينما``) with the comma alone; any other with ``فيما``.
    """
    tokens = tokenize(unit.text[:60])
    first = tokens[0] if tokens else ""
    if first in _verb_forms():
        joiner = "، كما " if turn % 2 == 0 else "، و"
    elif opens_with_verb(tokens) or _opens_with(tokens, _statement_phrases()) or first[:1] == "و":
        # (a clause that opens with و is already joined: "فيما و..." would not read)
        joiner = "، "
    else:
        joiner = "، فيما "
    return Rewrite(RewriteKind.CONNECTIVE, Span(unit.span.start, unit.span.start), joiner)


def _with_connective(unit: SummaryUnit, turn: int) -> SummaryUnit:
    return replace(unit, rewrites=(connective_for(unit, turn), *unit.rewrites))


def select_cover(draft: Draft, budget: Budget, policy: AssemblyPolicy) -> tuple[SummaryUnit, ...] | None:
    """A lead that covers the story: the main point of each section, in document order,
    joined into one paragraph; ``None`` when the budget does not allow it.

    Sections come from :attr:`Draft.sections` (subheadings, or topic shift). As many
    sections as the budget gives :data:`SECTION_MIN_WORDS` words each are covered; when
    there are more, the opening section and the best-scored others are kept. Each gets an
    equal share of what is left when its turn comes (so words a short point leaves go to
    the sections after it) and gives its best sentence, compressed to the share, with the
    terms earlier points used counting nothing (:func:`section_point`). Every point after
    the first opens with a connective (:func:`connective_for`). The opening section's best
    sentence always leads: when it does not fit its share, fewer sections are covered.
    """
    features = draft.features
    word_budget = budget.words_for(int(features.word_counts.sum()))
    # Checked before the sections are found: a tight lead never pays for topic segmentation.
    if word_budget is None or word_budget < 2 * SECTION_MIN_WORDS:
        return None
    sections = draft.sections
    if len(sections) < 2:
        return None
    ranked = sorted(sections[1:], key=lambda s: -float(draft.scores[s.start : s.end].max()))
    # Fewer sections when the opening's point does not fit its share: it always leads.
    for k in range(min(len(sections), word_budget // SECTION_MIN_WORDS), 1, -1):
        chosen = (sections[0], *sorted(ranked[: k - 1], key=lambda s: s.start))
        units = _cover_points(draft, chosen, word_budget)
        if units is not None:
            return _joined(units)
    return None


def _cover_points(draft: Draft, sections: tuple[Section, ...], word_budget: int) -> list[SummaryUnit] | None:
    """The points of ``sections`` within ``word_budget`` (see :func:`select_cover`), or
    ``None`` when the opening section's does not fit or fewer than two do."""
    features = draft.features
    covered = np.zeros(features.matrix.n_cols, dtype=bool)
    remaining = word_budget
    units: list[SummaryUnit] = []
    for position, section in enumerate(sections):
        # A point after the first is joined by a connective, which may add a word (كما، فيما).
        joiner = 1 if units else 0
        share = (remaining - joiner * (len(sections) - position)) // (len(sections) - position)
        # The opening section's point is its best sentence (the story's lead), or none.
        tries = 1 if position == 0 else 3
        unit = (section_point(draft, section, share, covered=covered, tries=tries)
                if share >= MIN_FRAGMENT_WORDS else None)
        if unit is None:
            if position == 0:
                return None
            continue
        units.append(unit)
        remaining -= word_count(unit.rendered) + joiner
        covered |= _covered_columns(draft, [unit], covered.size)
    return units if len(units) >= 2 else None


def _joined(units: list[SummaryUnit]) -> tuple[SummaryUnit, ...]:
    """``units`` as one paragraph: each after the first opens with a connective, unless
    the one before it ends its sentence with a question, exclamation or quotation mark."""
    joined, turn = [units[0]], 0
    for before, unit in zip(units, units[1:]):
        # A question, an exclamation or a closing quotation ends its sentence for good.
        end = before.rendered.rstrip()[-1:]
        if end == "." or end not in _FINAL:
            joined.append(_with_connective(unit, turn))
            head = tokenize(unit.text[:30])
            turn += bool(head) and head[0] in _verb_forms()
        else:
            joined.append(unit)
    return tuple(joined)


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


def _compressed_opening(draft: Draft, index: int, budget: int, cut: SummaryUnit, order: list[int]) -> SummaryUnit:
    """The opening unit of a ``drop_asides`` lead whose best sentence had to be cut (``cut``).

    Its compression (:func:`compress_sentence`) replaces the cut when it keeps
    :data:`OPENING_SHARE` of the budget (at 25 words on ant-bbc and CNN, shorter
    compressions score lower than the cut). When the budget could hold a covering lead
    (:data:`SECTION_MIN_WORDS` words for each of two sections) the lead is never cut with an
    ellipsis while a complete selection of this sentence, or else of the next best
    sentences, fits.
    """
    unit = compress_sentence(draft, index, budget, min_words=max(MIN_FRAGMENT_WORDS, int(OPENING_SHARE * budget)))
    if unit is not None or cut.kind is not UnitKind.TRUNCATED or budget < 2 * SECTION_MIN_WORDS:
        return unit or cut
    for i in [index] + [j for j in order[:MAX_OPENING_TRIES] if j != index]:
        unit = compress_sentence(draft, i, budget)
        if unit is not None:
            return unit
    return cut


def select_units(draft: Draft, budget: Budget, policy: AssemblyPolicy) -> tuple[SummaryUnit, ...]:
    """Pick the summary's units under ``budget`` and return them in document order.

    A policy that covers sections writes the covering lead when the budget allows it
    (:func:`select_cover`); otherwise, and for every other policy, units are picked greedily
    by score as the module docstring says. With ``drop_asides``, an opening sentence that
    does not fit is first compressed by leaving out its asides (:func:`compress_sentence`)
    and only cut when no grammatical selection fits.
    """
    article, features, scores = draft.article, draft.features, draft.scores
    n = features.n
    if n == 0:
        return ()
    if policy.cover_sections:
        covering = select_cover(draft, budget, policy)
        if covering is not None:
            return covering
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
            if policy.drop_asides and unit.kind in (UnitKind.TRUNCATED, UnitKind.CLAUSE):
                unit = _compressed_opening(draft, i, remaining, unit, order.tolist())
        chosen.append(unit)
        redundancy_check.keep(i)
        if remaining is not None:
            remaining -= word_count(unit.rendered)
    chosen.sort(key=lambda u: u.span.start)
    return tuple(chosen)


def join_units(units: tuple[SummaryUnit, ...]) -> str:
    """The summary text: the kept units, in order, separated by single spaces.

    A unit cut at a clause boundary ends with a full stop and one cut at a word boundary
    with an ellipsis, so the reader sees where the source went on. Each unit is printed
    as :attr:`~mujaz.types.SummaryUnit.rendered` (its documented rewrites applied).

    A unit that opens with a :attr:`~mujaz.types.RewriteKind.CONNECTIVE` continues the
    sentence before it: that one's full stop is left out and the connective (``، كما``)
    follows it directly, so the units read as one paragraph.
    """
    out = ""
    for unit in units:
        piece = " ".join(unit.rendered.split())
        if unit.kind is not UnitKind.SENTENCE and piece and piece[-1] not in _FINAL:
            piece += "…" if unit.kind is UnitKind.TRUNCATED else "."
        if out and _opens_with_connective(unit):
            out = out.rstrip(_JOINED_STOPS) + piece
        else:
            out = f"{out} {piece}" if out else piece
    return out


def _opens_with_connective(unit: SummaryUnit) -> bool:
    return bool(unit.rewrites) and unit.rewrites[0].kind is RewriteKind.CONNECTIVE and \
        unit.rewrites[0].span.start == unit.span.start


def select_points(draft: Draft, *, words: int, max_points: int, policy: AssemblyPolicy) -> tuple[Point, ...]:
    """Key points: the main point of each section, in document order.

    Sections are the article's subheadings or, without them, the parts found by topic
    shift (:attr:`Draft.sections`); when there are more than ``max_points``, the opening
    section and the best-scored others are kept. A section's point is its best-scored
    sentence, skipping one that repeats an earlier point. With ``drop_asides`` it is
    compressed to a complete clause selection of at most ``words`` words
    (:func:`section_point`: the next best sentence when the best one's main clause does not
    fit), and only cut with an ellipsis when none of its best sentences fits; otherwise
    fitted by :func:`fit_unit`.
    """
    article, features, scores = draft.article, draft.features, draft.scores
    if features.n == 0:
        return ()
    text = article.text
    sections = draft.sections
    if len(sections) > max_points:
        best = sorted(sections[1:], key=lambda s: -float(scores[s.start : s.end].max()))[: max_points - 1]
        sections = (sections[0], *sorted(best, key=lambda s: s.start))[:max_points]
    redundancy_check = _Redundancy(features, policy.redundancy)
    points = []
    for section in sections:
        candidates = [i for i in section_key_sentences(draft, section) if not redundancy_check.repeats(i)]
        if not candidates:
            continue
        unit = None
        if policy.drop_asides:
            for i in candidates[:MAX_OPENING_TRIES]:
                unit = compress_sentence(draft, i, words)
                if unit is not None:
                    break
        if unit is None:
            unit = fit_unit(draft, candidates[0], words, policy)
            if policy.drop_asides and unit.kind is UnitKind.TRUNCATED and (points or section is not sections[-1]):
                continue  # a point is a complete clause: a section without one that fits gives none
        redundancy_check.keep(unit.sentence)
        heading = section.heading.span.slice(text) if section.heading is not None else None
        points.append(Point(join_units((unit,)), (unit,), article.sentences[unit.sentence].section, heading))
    return tuple(points)


def headline_text(text: str) -> str:
    """A headline carries no final full stop (but is never emptied by that rule)."""
    stripped = text.rstrip(" .。؛;،,:")
    return stripped or text
