"""Align each summary sentence with the source sentences that support it.

Set-based and fast: the source's keys are indexed by sentence once (:func:`analyze`), and a
summary sentence's content words vote, each with an inverse-sentence-frequency weight, for
every source sentence that has one of their keys. The best few sentences are its support.
"""

from __future__ import annotations

import math

from mujaz.check.text import Analysis, Token
from mujaz.check.types import AlignedSentence, Alignment

__all__ = ["align", "content_tokens", "TOP_SENTENCES"]

TOP_SENTENCES = 3
"""How many source sentences support one summary sentence (a journalist's sentence often
fuses two or three)."""


def content_tokens(tokens: tuple[Token, ...], stopwords: frozenset[str]) -> list[Token]:
    """The tokens that carry content: not numbers, not stop words, two letters or more."""
    return [t for t in tokens if not t.is_number and len(t.base) > 1 and t.word not in stopwords and t.base not in stopwords]


def align(summary: Analysis, source: Analysis, stopwords: frozenset[str], *,
          extra_keys: frozenset[str] = frozenset()) -> tuple[Alignment, list[list[int]]]:
    """Map each summary sentence to its best-supporting source sentences.

    Args:
        summary, source: analyses of the two texts.
        stopwords: words that do not vote.
        extra_keys: keys found outside the source's sentences (the title), which count as
            support but align with no sentence.

    Returns:
        The :class:`Alignment` and, for each summary sentence, the indices of its
        supporting source sentences (best first).
    """
    index = source.key_sentences
    n_rows = max(1, len(source.sentences))
    rows: list[AlignedSentence] = []
    chosen: list[list[int]] = []
    for number, span in enumerate(summary.sentences):
        words = content_tokens(summary.tokens_of(number), stopwords)
        votes: dict[int, float] = {}
        total = 0.0
        supported = 0
        seen: set[str] = set()
        for token in words:
            if token.base in seen:
                continue
            seen.add(token.base)
            hits: set[int] = set()
            weight = 0.0
            for key in token.keys:
                found = index.get(key)
                if found:
                    hits |= found
                    weight = max(weight, math.log(1.0 + n_rows / len(found)))
            if hits:
                supported += 1
            elif any(k in extra_keys for k in token.keys):
                supported += 1
            # A word the source lacks weighs as much as its rarest word would.
            weight = weight or math.log(1.0 + n_rows)
            total += weight
            for row in hits:
                votes[row] = votes.get(row, 0.0) + weight
        best = sorted(votes, key=lambda r: (-votes[r], r))[:TOP_SENTENCES]
        chosen.append(best)
        rows.append(AlignedSentence(
            span=span,
            sources=tuple(source.sentences[r] for r in best),
            scores=tuple(votes[r] / total for r in best) if total else (),
            support=supported / len(seen) if seen else 1.0,
        ))
    return Alignment(tuple(rows)), chosen
