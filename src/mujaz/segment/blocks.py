"""Split an article into line-level blocks: title, subheadings and paragraphs.

Articles arrive the way the seed document and the evaluation data do: one paragraph per
line, a title line first, and subheadings as short lines with no final punctuation.
Lines that are the outlet's rather than the story's (an opinion disclaimer, a "read also"
line and the related title after it, a caption or credit line, a social embed: see
:mod:`mujaz.conventions`) are boilerplate blocks, which yield no sentences.
"""

from __future__ import annotations

import re

from mujaz.conventions import shipped_conventions
from mujaz.types import Block, BlockKind, Span

__all__ = ["split_blocks", "looks_like_heading", "MAX_HEADING_WORDS", "MAX_TITLE_WORDS"]

MAX_TITLE_WORDS = 25
MAX_HEADING_WORDS = 15

# A line that ends like a sentence (or introduces something, with a colon) is prose.
_FINAL_PUNCT = frozenset(".!?؟…:;؛،,")
# Closing quotes and brackets, spaces, and invisible bidi/zero-width marks may follow a
# line's final punctuation (a right-to-left mark after the full stop is common).
_CLOSERS = "\"'»”’)] \t\u00a0\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_HAS_LETTER = re.compile(r"[^\W\d_]")
# No word is this long on average: a longer line cannot be a heading (checked before the
# costlier word split, since most lines are long paragraphs).
_MAX_CHARS_PER_WORD = 40


def looks_like_heading(line: str, max_words: int = MAX_HEADING_WORDS) -> bool:
    """Whether ``line`` reads as a title/subheading: short, with a letter, no final punctuation."""
    if len(line) > max_words * _MAX_CHARS_PER_WORD:
        return False
    last = line.rstrip(_CLOSERS)[-1:]
    if not last or last in _FINAL_PUNCT:
        return False
    return len(line.split()) <= max_words and _HAS_LETTER.search(line) is not None


def split_blocks(text: str, *, detect_title: bool = True) -> tuple[Block, ...]:
    """Split ``text`` into blocks, one per non-blank line.

    Boilerplate lines (:meth:`~mujaz.conventions.Conventions.boilerplate_kind`, and the
    heading-like line after a bare "read also" label, which is the related story's title)
    are :attr:`~mujaz.types.BlockKind.BOILERPLATE`. Of the others, the first line is the
    title when it looks like a heading and more lines follow. Later lines that look like
    headings and are followed by a paragraph are subheadings; each one starts a new
    section. Everything else is a paragraph.
    """
    spans: list[tuple[int, int]] = []
    lines: list[str] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        body = raw.lstrip()
        if not body:
            continue
        line = body.rstrip()
        start = line_start + len(raw) - len(body)
        spans.append((start, start + len(line)))
        lines.append(line)
    heading_like = [looks_like_heading(line) for line in lines]
    conventions = shipped_conventions()
    boilerplate = [conventions.boilerplate_kind(line) is not None for line in lines]
    for i in range(len(lines) - 1):
        if boilerplate[i] and heading_like[i + 1] and conventions.is_bare_read_also(lines[i]):
            boilerplate[i + 1] = True
    if all(b or h for b, h in zip(boilerplate, heading_like)):
        # Nothing of the story would be left: the lines are the story after all.
        boilerplate = [False] * len(lines)
    last = len(lines) - 1
    blocks: list[Block] = []
    section = 0
    for i, (start, end) in enumerate(spans):
        if boilerplate[i]:
            kind = BlockKind.BOILERPLATE
        elif i == 0 and detect_title and last > 0 and looks_like_heading(lines[0], MAX_TITLE_WORDS):
            kind = BlockKind.TITLE
        elif 0 < i < last and heading_like[i] and not heading_like[i + 1]:
            kind = BlockKind.HEADING
            section += 1
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(Span(start, end), kind, i, section))
    return tuple(blocks)
