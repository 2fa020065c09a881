"""Find quoted stretches of text, so that splitters never cut inside a quotation."""

from __future__ import annotations

import re

__all__ = ["quoted_ranges", "inside"]

# Directional pairs; the straight double quote is handled separately (it opens and closes).
_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", "﴾": "﴿"}
_CLOSERS = {v: k for k, v in _PAIRS.items() if k != "„"}
_QUOTE_CHARS = re.compile('[«»“”„‹›﴾﴿"]')
# A quotation longer than this is more likely an unbalanced quote mark than a real quote;
# protecting it would glue a whole article into one sentence.
MAX_QUOTE_CHARS = 2000


def quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return ``(open, close)`` offsets of balanced quotations in ``text[start:end]``.

    ``open`` is the offset of the opening mark and ``close`` that of the closing mark.
    Unbalanced marks are ignored; the straight quote ``"`` pairs up left to right and is
    ignored altogether when it occurs an odd number of times.
    """
    if _QUOTE_CHARS.search(text, start, end) is None:
        return []
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text, start, end)]
    ranges: list[tuple[int, int]] = []
    straight = [pos for pos, ch in marks if ch == '"']
    if len(straight) % 2 == 0:
        ranges.extend(zip(straight[0::2], straight[1::2]))
    stack: list[tuple[int, str]] = []
    # Where each kind of opener sits in the stack, innermost last: finding the innermost
    # opener a closer matches is then one look-up, not a scan of the stack (which made a
    # run of unmatched “ quadratic). Every entry is pushed and popped once: linear.
    tops: dict[str, list[int]] = {}
    for pos, ch in marks:
        if ch == '"':
            continue
        # “ closes „ (German style) but opens otherwise; try closing first.
        if ch in _CLOSERS or ch == "“":
            opener = "„" if ch == "“" else _CLOSERS[ch]
            found = tops.get(opener)
            if found:
                match_at = found[-1]
                ranges.append((stack[match_at][0], pos))
                for _, removed in stack[match_at:]:
                    tops[removed].pop()
                del stack[match_at:]
                continue
        if ch in _PAIRS:
            tops.setdefault(ch, []).append(len(stack))
            stack.append((pos, ch))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[1] - r[0] <= MAX_QUOTE_CHARS):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def inside(ranges: list[tuple[int, int]], pos: int, hint: int = 0) -> tuple[bool, int]:
    """Whether ``pos`` lies strictly inside one of the sorted ``ranges``.

    ``hint`` is the index to start looking from; the returned index lets callers that
    walk positions in order stay linear.
    """
    k = hint
    while k < len(ranges) and ranges[k][1] < pos:
        k += 1
    return (k < len(ranges) and ranges[k][0] < pos < ranges[k][1]), k
