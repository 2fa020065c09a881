"""The checker's rules: each reads a :class:`Context` and returns the problems it finds.

The source is the ground truth: a number, date, name or place of the summary is an error
when the source (or its title) never has it; negation, polarity, qualifiers and attribution
are compared with the source sentences the summary sentence is aligned with; and a clause
is unsupported when too large a share of its content words is absent from the source.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from dataclasses import dataclass, field

from mujaz.check.align import content_tokens
from mujaz.check.facts import DateFact, NumberFact, dates, numbers, same_number
from mujaz.check.lexicon import Lexicon, is_name_like
from mujaz.check.text import Analysis, Token, get, lookup
from mujaz.check.types import Problem, ProblemKind
from mujaz.types import Span

__all__ = ["Context", "Thresholds", "RULES", "run_rules", "clause_novelty"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The calibrated decision points (fitted out of fold on the dev data; see
    benchmarks/faithfulness.py)."""

    unsupported_share: float = 0.5
    """A clause is unsupported when at least this share of its content words is novel..."""
    unsupported_min_words: int = 2
    """...and at least this many are..."""
    short_clause_words: int = 2
    """...or, in a clause of at most this many content words (في خطوة تاريخية), one is."""
    attribution_share: float = 0.5
    """A speaker is swapped when at least this share of its words is not the source's speaker's."""


@dataclass(slots=True)
class Context:
    """Everything the rules read about one summary/source pair."""

    summary: Analysis
    source: Analysis
    title: Analysis | None
    aligned: list[list[int]]
    lex: Lexicon
    stopwords: frozenset[str]
    thresholds: Thresholds
    source_numbers: list[NumberFact] = field(default_factory=list)
    """Numbers of the source and title."""
    source_dates: list[DateFact] = field(default_factory=list)
    novel: set[int] = field(default_factory=set)
    """Indices of summary tokens whose keys the source (and title) never has."""
    near: dict[int, Token] = field(default_factory=dict)
    """Novel summary tokens that are spelling variants of a source word (one edit away)."""

    def all_keys(self, token: Token) -> bool:
        if self.source.has_key(token.keys):
            return True
        return self.title is not None and self.title.has_key(token.keys)

    def aligned_tokens(self, sentence: int) -> list[Token]:
        out: list[Token] = []
        for row in self.aligned[sentence]:
            out.extend(self.source.tokens_of(row))
        return out

    def evidence(self, sentence: int) -> Span | None:
        rows = self.aligned[sentence]
        return self.source.sentences[rows[0]] if rows else None

    def span(self, first: int, last: int) -> Span:
        tokens = self.summary.tokens
        return Span(tokens[first].start, tokens[last - 1].end)

    def quote(self, first: int, last: int) -> str:
        return self.span(first, last).slice(self.summary.text)


def _keys_match(a: Token, b: Token) -> bool:
    return not a.keys.isdisjoint(b.keys)


@lru_cache(maxsize=16)
def _facts_of(analysis: Analysis, lex: Lexicon) -> tuple[list[NumberFact], list[DateFact], list[int]]:
    """Numbers, dates and qualifier positions of a text (memoized per analysed source)."""
    qualifiers = [j for j, t in enumerate(analysis.tokens) if lookup(t.word, lex.qualifiers)]
    return numbers(analysis.tokens, lex), dates(analysis.tokens, lex), qualifiers


def _read_source_facts(ctx: Context) -> None:
    """Numbers and dates of the source and title, read once for every rule."""
    for analysis in (ctx.source, ctx.title):
        if analysis is not None:
            nums, days, _ = _facts_of(analysis, ctx.lex)
            ctx.source_numbers.extend(nums)
            ctx.source_dates.extend(days)


def _number_supported(fact: NumberFact, source: list[NumberFact]) -> bool:
    for other in source:
        if same_number(fact.value, other.value):
            return True
        # An unscaled count in the summary may quote the count of a scaled one (3 of 3 ملايين).
        if fact.mantissa is None and other.mantissa is not None and same_number(fact.value, other.mantissa):
            return True
    return False


def _evidence_near(ctx: Context, sentence: int, predicate) -> Span | None:
    """The span of the first token of the aligned source sentences that ``predicate`` accepts."""
    for row in ctx.aligned[sentence]:
        for token in ctx.source.tokens_of(row):
            if predicate(token):
                return ctx.source.sentences[row]
    return ctx.evidence(sentence)


def check_numbers(ctx: Context) -> list[Problem]:
    source_numbers = ctx.source_numbers
    problems = []
    for fact in numbers(ctx.summary.tokens, ctx.lex):
        if fact.value == 1 and not ctx.summary.tokens[fact.first].is_number:
            continue  # واحد "one" is a determiner more often than a count
        if _number_supported(fact, source_numbers):
            continue
        sentence = ctx.summary.tokens[fact.first].sentence
        quote = ctx.quote(fact.first, fact.last)
        problems.append(Problem(ProblemKind.NUMBER, f"الرقم «{quote}» غير موجود في المصدر",
                                ctx.span(fact.first, fact.last),
                                _evidence_near(ctx, sentence, lambda t: t.is_number)))
    return problems


def check_dates(ctx: Context) -> list[Problem]:
    keys = {d.key for d in ctx.source_dates}
    problems = []
    for fact in dates(ctx.summary.tokens, ctx.lex):
        if fact.key in keys:
            continue
        sentence = ctx.summary.tokens[fact.first].sentence
        quote = ctx.quote(fact.first, fact.last)
        what = "اليوم" if fact.key.startswith("d") else "الشهر"
        problems.append(Problem(ProblemKind.DATE, f"{what} «{quote}» غير مذكور في المصدر",
                                ctx.span(fact.first, fact.last), ctx.evidence(sentence)))
    return problems


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))} | {word}


@lru_cache(maxsize=16)
def _variants(analysis: Analysis) -> dict[str, Token]:
    """One-deletion variants of a text's longer words -> the word (memoized per source)."""
    variants: dict[str, Token] = {}
    for token in analysis.tokens:
        if len(token.base) >= 4 and not token.is_number:
            for d in _deletes(token.base):
                variants.setdefault(d, token)
    return variants


def _find_novel(ctx: Context) -> None:
    """Mark the summary's content tokens that the source never has (under any key)."""
    tokens = ctx.summary.tokens
    stop = ctx.stopwords
    candidates = [i for i, t in enumerate(tokens)
                  if not t.is_number and len(t.base) > 1 and t.word not in stop and t.base not in stop
                  and not ctx.all_keys(t)]
    if not candidates:
        return
    # Spelling variants of a source word (جينبينع for جينبينغ) are not new content.
    sources = [_variants(a) for a in (ctx.source, ctx.title) if a is not None]
    for i in candidates:
        base = tokens[i].base
        if len(base) >= 5:
            match = next((v[d] for d in _deletes(base) for v in sources if d in v), None)
            if match is not None:
                ctx.near[i] = match
                continue
        ctx.novel.add(i)


def _place_like(ctx: Context, i: int) -> bool:
    tokens = ctx.summary.tokens
    token = tokens[i]
    if (token.base,) in ctx.lex.places:
        return True
    return i > 0 and lookup(tokens[i - 1].word, ctx.lex.place_cues)


def _known(token: Token, lex: Lexicon) -> bool:
    """A word of the checker's own lists (numbers, months, negators, verbs ...): other rules judge it."""
    w = token.word
    return (token.base in lex.number_words or token.base in lex.scales or (token.base,) in lex.dates
            or lookup(w, lex.negators) or lookup(w, lex.qualifiers) or lookup(w, lex.reporting_verbs)
            or get(w, lex.polarity) is not None or token.base in lex.units)


def check_names(ctx: Context) -> list[Problem]:
    """Novel words that are not common vocabulary: names of people, places, organisations."""

    tokens = ctx.summary.tokens
    problems = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1] + 1
        place = any(_place_like(ctx, i) for i in run)
        kind = ProblemKind.PLACE if place else ProblemKind.NAME
        what = "المكان" if place else "الاسم"
        quote = ctx.quote(first, last)
        problems.append(Problem(kind, f"{what} «{quote}» لا يرد في المصدر", ctx.span(first, last),
                                ctx.evidence(tokens[first].sentence)))
        run.clear()

    for i in sorted(ctx.novel):
        token = tokens[i]
        name_like = (token.base,) in ctx.lex.places or not (_known(token, ctx.lex) or not is_name_like(token.stem, token.base, token.word))
        if not name_like:
            flush()
            continue
        if run and (i != run[-1] + 1 or tokens[run[-1]].sentence != token.sentence):
            flush()
        run.append(i)
    flush()
    return problems


# Negators that do not negate: لا يزال "still", غير أن "however", لا سيما "especially",
# ما لم / لم يعد read through their verb; the next word decides.
_NOT_NEGATING_NEXT = frozenset({"يزال", "تزال", "زال", "يزالون", "زالت", "ان", "سيما", "بد", "شك", "بل", "تبرح", "يبرح"})


def _negated(tokens: list[Token] | tuple[Token, ...], j: int, lex: Lexicon) -> bool:
    """Whether the word at ``j`` is under a negation (one of the two words before it)."""
    for k in (j - 1, j - 2):
        if k >= 0 and tokens[k].sentence == tokens[j].sentence and _is_negator(tokens, k, lex):
            return True
    return False


def _head(tokens, i: int, ctx: Context) -> int | None:
    """The negated word: the first content word (or reporting verb) after the negator at ``i``."""
    for j in range(i + 1, min(i + 3, len(tokens))):
        if tokens[j].sentence != tokens[i].sentence:
            return None
        t = tokens[j]
        if not t.is_word or len(t.base) < 2 or lookup(t.word, ctx.lex.negators):
            continue
        if (t.word not in ctx.stopwords and t.base not in ctx.stopwords) or lookup(t.word, ctx.lex.reporting_verbs):
            return j
    return None


def _is_negator(tokens, k: int, lex: Lexicon) -> bool:
    if not lookup(tokens[k].word, lex.negators):
        return False
    nxt = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1].sentence == tokens[k].sentence else None
    return nxt is None or (nxt.word not in _NOT_NEGATING_NEXT and nxt.base not in _NOT_NEGATING_NEXT)


def check_negation(ctx: Context) -> list[Problem]:
    """A negation the aligned source sentences do not have, or one they have and the summary drops."""
    tokens = ctx.summary.tokens
    lex = ctx.lex
    problems = []
    for s in range(len(ctx.summary.sentences)):
        source = ctx.aligned_tokens(s)
        if not source:
            continue
        mine = ctx.summary.tokens_of(s)
        offset = ctx.summary.sentence_tokens[s][0]
        # Added: the summary negates a word that the source states plainly.
        for local, token in enumerate(mine):
            if not _is_negator(mine, local, lex):
                continue
            h = _head(mine, local, ctx)
            if h is None:
                continue
            head = mine[h]
            hits = [j for j, t in enumerate(source) if _keys_match(head, t)]
            if not hits:
                # Not in the aligned sentences: the whole source decides, if it has the word.
                source_all = ctx.source.tokens
                far = _occurrences(ctx.source, head)
                if far and not any(_negated(source_all, j, lex) for j in far):
                    span = ctx.span(offset + local, offset + h + 1)
                    problems.append(Problem(ProblemKind.NEGATION,
                                            f"نفي مضاف: «{span.slice(ctx.summary.text)}» والمصدر يثبته",
                                            span, ctx.source.sentences[source_all[far[0]].sentence]))
                continue
            if not any(_negated(source, j, lex) for j in hits):
                span = ctx.span(offset + local, offset + h + 1)
                problems.append(Problem(ProblemKind.NEGATION,
                                        f"نفي مضاف: «{span.slice(ctx.summary.text)}» والمصدر يثبته",
                                        span, ctx.source.sentences[source[hits[0]].sentence]))
        # Removed: the source negates a word that the summary states plainly.
        for j, token in enumerate(source):
            if not _is_negator(source, j, lex):
                continue
            h = _head(source, j, ctx)
            if h is None:
                continue
            head = source[h]
            hits = [i for i, t in enumerate(mine) if _keys_match(head, t)]
            if hits and not any(_negated(mine, i, lex) for i in hits):
                # The source says it both ways (لم يعلن ... ثم أعلن): no contradiction.
                plain = [k for k, t in enumerate(source) if _keys_match(head, t) and not _negated(source, k, lex)]
                if plain:
                    continue
                i = hits[0]
                span = ctx.span(offset + i, offset + i + 1)
                evidence = Span(token.start, head.end)
                problems.append(Problem(ProblemKind.NEGATION,
                                        f"نفي محذوف: «{span.slice(ctx.summary.text)}» والمصدر يقول "
                                        f"«{evidence.slice(ctx.source.text)}»", span, evidence))
    return _dedupe(problems)


def _occurrences(analysis: Analysis, token: Token) -> list[int]:
    """Indices of the words of ``analysis`` that match ``token`` (through the key index)."""
    rows: set[int] = set()
    for key in token.keys:
        rows |= analysis.key_sentences.get(key, set())
    out = []
    for row in sorted(rows):
        a, b = analysis.sentence_tokens[row]
        out.extend(j for j in range(a, b) if _keys_match(token, analysis.tokens[j]))
    return out


def _polar(token: Token, lex: Lexicon) -> tuple[tuple[int, int], ...]:
    found = get(token.word, lex.polarity)
    return found if found is not None else lex.polarity_stems.get(token.stem, ())


def _context(ctx: Context, sentence: int, tokens: tuple[Token, ...], i: int) -> list[Token]:
    """The aligned source sentences of a summary sentence, plus every source sentence that has
    one of the two content words after ``tokens[i]`` (the verb's object or complement)."""
    rows = list(ctx.aligned[sentence])
    found = 0
    for t in tokens[i + 1 : i + 6]:
        if found == 2:
            break
        if t.is_word and len(t.base) > 2 and t.word not in ctx.stopwords and t.base not in ctx.stopwords:
            found += 1
            for key in t.keys:
                for row in sorted(ctx.source.key_sentences.get(key, ())):
                    if row not in rows:
                        rows.append(row)
    out: list[Token] = []
    for row in rows:
        out.extend(ctx.source.tokens_of(row))
    return out


def check_polarity(ctx: Context) -> list[Problem]:
    """A polar verb (أكد، وافق، ارتفع، فاز ...) where the source around it has its opposite."""
    lex = ctx.lex
    problems = []
    for s in range(len(ctx.summary.sentences)):
        mine = ctx.summary.tokens_of(s)
        offset = ctx.summary.sentence_tokens[s][0]
        for i, t in enumerate(mine):
            entries = _polar(t, lex)
            if not entries:
                continue
            source = _context(ctx, s, mine, i)
            sides: dict[tuple[int, int], Token] = {}
            for j, u in enumerate(source):
                for pair, side in _polar(u, lex):
                    sides.setdefault((pair, side ^ 1 if _negated(source, j, lex) else side), u)
            flip = 1 if _negated(mine, i, lex) else 0
            said = [(pair, side ^ flip) for pair, side in entries]
            if any(e in sides for e in said):
                continue
            opposite = next((sides[(pair, side ^ 1)] for pair, side in said if (pair, side ^ 1) in sides), None)
            if opposite is None:
                continue
            span = ctx.span(offset + i, offset + i + 1)
            problems.append(Problem(ProblemKind.POLARITY,
                                    f"«{span.slice(ctx.summary.text)}» والمصدر يقول «{opposite.span.slice(ctx.source.text)}»",
                                    span, opposite.span))
    return problems


def _adjacent_in(analysis: Analysis, a: Token, b: Token) -> bool:
    """Whether ``analysis`` has a word matching ``a`` right before one matching ``b``."""
    index = analysis.key_sentences
    rows_a: set[int] = set()
    for key in a.keys:
        rows_a |= index.get(key, set())
    rows: set[int] = set()
    for key in b.keys:
        rows |= rows_a & index.get(key, set())
    for row in rows:
        tokens = analysis.tokens_of(row)
        for k in range(len(tokens) - 1):
            if _keys_match(a, tokens[k]) and _keys_match(b, tokens[k + 1]):
                return True
    return False


def check_qualifiers(ctx: Context) -> list[Problem]:
    """A qualifier (السابق، نائب ...) the source puts between two words the summary joins, or the reverse."""
    lex = ctx.lex
    src = ctx.source.tokens
    mine = ctx.summary.tokens
    problems = []
    # Dropped: the source has "p QUALIFIER n" and the summary "p n".
    for j in _facts_of(ctx.source, lex)[2]:
        if j == 0 or j + 1 >= len(src):
            continue
        q = src[j]
        if not (src[j - 1].sentence == q.sentence == src[j + 1].sentence):
            continue
        p, n = src[j - 1], src[j + 1]
        if _adjacent_in(ctx.source, p, n):
            continue  # the source also says it without the qualifier
        for i in range(len(mine) - 1):
            if mine[i].sentence == mine[i + 1].sentence and _keys_match(mine[i], p) and _keys_match(mine[i + 1], n):
                span = ctx.span(i, i + 2)
                problems.append(Problem(ProblemKind.QUALIFIER,
                                        f"سقط «{q.span.slice(ctx.source.text)}»: الملخص يقول «{span.slice(ctx.summary.text)}» "
                                        f"والمصدر «{Span(p.start, n.end).slice(ctx.source.text)}»",
                                        span, Span(p.start, n.end)))
    # Added: the summary has "p QUALIFIER n" where the source has "p n", or a qualifier the source never uses.
    for i in range(len(mine)):
        q = mine[i]
        if not lookup(q.word, lex.qualifiers):
            continue
        p = mine[i - 1] if i > 0 and mine[i - 1].sentence == q.sentence else None
        n = mine[i + 1] if i + 1 < len(mine) and mine[i + 1].sentence == q.sentence else None
        joined = p is not None and n is not None and _adjacent_in(ctx.source, p, n)
        # A qualifier the source never uses, on a head the source has: نائب الرئيس where
        # the source speaks only of الرئيس.
        head = n if lookup(q.word, lex.prefix_qualifiers) else p
        unheard = not ctx.source.has_key(q.keys) and head is not None and ctx.source.has_key(head.keys)
        if (joined and not _qualifier_between(src, p, n, q)) or unheard:
            span = ctx.span(i, i + 1)
            problems.append(Problem(ProblemKind.QUALIFIER,
                                    f"«{span.slice(ctx.summary.text)}» صفة لا يذكرها المصدر هنا",
                                    span, ctx.evidence(q.sentence)))
    return _dedupe(problems)


def _qualifier_between(src: tuple[Token, ...], p: Token | None, n: Token | None, q: Token) -> bool:
    for k in range(1, len(src) - 1):
        if _keys_match(q, src[k]) and p is not None and n is not None and _keys_match(p, src[k - 1]) and _keys_match(n, src[k + 1]):
            return True
    return False


_SPEAKER_WINDOW = 6
_STATEMENT_WORDS = 15


def _content(token: Token, stopwords: frozenset[str]) -> bool:
    return token.is_word and len(token.base) > 1 and token.word not in stopwords and token.base not in stopwords


# Words that open a clause ("X، فيما مصادر محلية قالت إن"): a speaker found by reading back
# from its verb starts after them. Normalized spelling.
_CLAUSE_OPENERS = frozenset({"فيما", "وفيما", "بينما", "وبينما", "كما", "وكما", "حيث", "لكن", "ولكن", "اذ",
                             "الا", "بعدما", "عندما", "وعندما", "حين", "حينما"})


def _speakers(tokens, lex: Lexicon, stopwords: frozenset[str]) -> list[tuple[list[int], list[int]]]:
    """(speaker, statement) token indices for each reporting verb of ``tokens``.

    Only clear cases count: ``قال X إن ...`` (the speaker ends at إن/أن/a colon-like stop) or
    ``X يقول إن ...`` (a nominal sentence: the speaker is the words before the verb).
    """
    out = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if not lookup(t.word, lex.reporting_verbs):
            continue
        speaker: list[int] = []
        stop = None
        for j in range(i + 1, min(n, i + 2 + _SPEAKER_WINDOW)):
            u = tokens[j]
            if u.sentence != t.sentence:
                break
            if lookup(u.word, lex.speaker_stops):
                stop = j
                break
            if _content(u, stopwords):
                speaker.append(j)
        if stop is None:
            continue
        if not speaker and stop == i + 1:
            for j in range(i - 1, max(-1, i - 1 - _SPEAKER_WINDOW), -1):
                u = tokens[j]
                if u.sentence != t.sentence or lookup(u.word, lex.reporting_verbs) or u.word in _CLAUSE_OPENERS:
                    break  # a connective opens the speaker's clause: the words before it are another's
                if _content(u, stopwords):
                    speaker.append(j)
        if not speaker:
            continue
        statement = [j for j in range(stop + 1, min(n, stop + 1 + _STATEMENT_WORDS))
                     if tokens[j].sentence == t.sentence and _content(tokens[j], stopwords)]
        if len(statement) >= 2:
            out.append((sorted(speaker), statement))
    return out


def _continues(tokens: tuple[Token, ...], lex: Lexicon) -> bool:
    """Whether a sentence opens with a reporting verb and no speaker (وأضاف أن ...)."""
    return len(tokens) > 1 and lookup(tokens[0].word, lex.reporting_verbs) and lookup(tokens[1].word, lex.speaker_stops)


def check_attribution(ctx: Context) -> list[Problem]:
    """A statement given to someone other than the speaker of the source sentence that has it."""
    lex = ctx.lex
    problems = []
    tokens = ctx.summary.tokens
    index = ctx.source.key_sentences
    for speaker, statement in _speakers(tokens, lex, ctx.stopwords):
        if any(j in ctx.novel for j in speaker):
            continue  # a name the source lacks: the name rule reports it
        votes: dict[int, int] = {}
        for j in statement:
            rows: set[int] = set()
            for key in tokens[j].keys:
                rows |= index.get(key, set())
            for row in rows:
                votes[row] = votes.get(row, 0) + 1
        if not votes:
            continue
        row = min(votes, key=lambda r: (-votes[r], r))
        if votes[row] < max(2, 0.5 * len(statement)):
            continue
        theirs = ctx.source.tokens_of(row)
        said = _speakers(theirs, lex, ctx.stopwords)
        if not said and row > 0 and _continues(theirs, lex):
            # وأضاف أن ...: the speaker is the previous sentence's.
            theirs = ctx.source.tokens_of(row - 1)
            said = _speakers(theirs, lex, ctx.stopwords)
        if not said:
            continue
        words = [tokens[j] for j in speaker]
        # Compared with the source's speakers (and the words that name them), not with
        # the whole sentence: the swapped-in speaker is often mentioned in it too.
        named = [theirs[j] for sp, _ in said for j in range(max(0, sp[0] - 2), sp[-1] + 1)]
        foreign = [w for w in words if not any(_keys_match(w, t) for t in named)]
        if foreign and len(foreign) / len(words) >= ctx.thresholds.attribution_share:
            span = ctx.span(speaker[0], speaker[-1] + 1)
            who = theirs[said[0][0][0]].start, theirs[said[0][0][-1]].end
            problems.append(Problem(ProblemKind.ATTRIBUTION,
                                    f"ينسب الملخص الكلام إلى «{span.slice(ctx.summary.text)}» والمصدر إلى "
                                    f"«{ctx.source.text[who[0]:who[1]]}»",
                                    span, Span(*who)))
    return problems


def clause_novelty(ctx: Context) -> list[tuple[int, int, int, int, int]]:
    """For each summary clause: (sentence, first token, last token, novel words, content words)."""
    tokens = ctx.summary.tokens
    starts = [t.start for t in tokens]
    out = []
    for s, clauses in enumerate(ctx.summary.clauses):
        a, b = ctx.summary.sentence_tokens[s]
        for clause in clauses or (ctx.summary.sentences[s],):
            lo = bisect.bisect_left(starts, clause.start, a, b)
            hi = bisect.bisect_left(starts, clause.end, a, b)
            words = content_tokens(tokens[lo:hi], ctx.stopwords)
            if words:
                out.append((s, lo, hi, sum(1 for i in range(lo, hi) if i in ctx.novel), len(words)))
    return out


def check_unsupported(ctx: Context) -> list[Problem]:
    """Clauses whose content words are mostly absent from the source."""
    th = ctx.thresholds
    tokens = ctx.summary.tokens
    problems = []
    for s, lo, hi, novel, words in clause_novelty(ctx):
        if novel / words >= th.unsupported_share and (
            novel >= th.unsupported_min_words or (words <= th.short_clause_words and novel >= 1)
        ):
            span = Span(tokens[lo].start, tokens[hi - 1].end)
            problems.append(Problem(ProblemKind.UNSUPPORTED, f"«{span.slice(ctx.summary.text)}» لا يسنده المصدر",
                                    span, ctx.evidence(s)))
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[ProblemKind, Span]] = set()
    out = []
    for p in problems:
        if (p.kind, p.span) not in seen:
            seen.add((p.kind, p.span))
            out.append(p)
    return out


RULES = {
    ProblemKind.NUMBER: check_numbers,
    ProblemKind.DATE: check_dates,
    ProblemKind.NAME: check_names,  # also reports PLACE
    ProblemKind.NEGATION: check_negation,
    ProblemKind.POLARITY: check_polarity,
    ProblemKind.QUALIFIER: check_qualifiers,
    ProblemKind.ATTRIBUTION: check_attribution,
    ProblemKind.UNSUPPORTED: check_unsupported,
}


def run_rules(ctx: Context) -> list[Problem]:
    """Every rule's problems, in summary order."""
    _find_novel(ctx)
    _read_source_facts(ctx)
    problems: list[Problem] = []
    for rule in RULES.values():
        problems.extend(rule(ctx))
    problems.sort(key=lambda p: (p.span.start, p.span.end, p.kind.value))
    return problems
