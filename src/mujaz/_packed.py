"""Token lookup on code points: the fast path of :meth:`mujaz.features.Analyzer.term_matrix`.

Looking up each token of a document as a Python ``str`` in a dictionary of tens of
thousands of entries costs more in CPU cache misses than everything else the analyzer
does. :class:`PackedTokens` does the same lookup on the document's code points with numpy:

1. the normalized, lower-cased document is read as ``uint16`` code units (a document with
   characters outside the BMP takes the string path);
2. a table gives each code point a digit: 0 where the regex ``[^\\W_]`` does not match
   (the table is built from that very regex, for the running Python's Unicode version);
   tokens are the runs of non-zero digits, and a token's row is the number of row
   markers (U+E000) before it;
3. each token of at most :data:`PACK_CHARS` characters from the common alphabet (Arabic
   letters U+0621-U+064A, ASCII digits and lower-case letters) is packed *exactly* into
   one ``uint64`` in base :data:`PACK_BASE` (no hashing, so no collisions), for all
   tokens at once, from prefix sums in wrapping ``uint64`` arithmetic times the inverse
   power at each token's start (the base is odd, so it has an inverse modulo 2 ** 64);
4. packed keys are looked up in sorted arrays (``searchsorted``); keys first seen
   recently wait in a small dict until they are merged into the arrays. Every other token
   (not seen yet, longer, other characters) goes through the analyzer's own string
   lookup, in document order, so term ids come out exactly as on the string path.

A test checks that both paths build identical matrices on real articles and on generated
text. Written with numpy only. The code-point table is built once per process; the keys
belong to one :class:`~mujaz.features.Vocabulary` and are shared by every thread that uses
it: readers take no lock (each table is swapped in whole), writers take the index's lock,
and a key not found by a reader just goes to the authoritative string lookup.
"""

from __future__ import annotations

import itertools
import re
import threading
from typing import Callable

import numpy as np

from mujaz._resources import resource
from mujaz.charset import WORD_CHAR

__all__ = ["PackedTokens", "PACK_BASE", "PACK_CHARS", "MAX_FAST_CHARS"]

# The packed alphabet: its characters get the digits 1, 2, ... in this order.
_PACKED_ALPHABET = (
    [chr(c) for c in range(0x0621, 0x064B)]  # Arabic letters (after normalization)
    + [chr(c) for c in range(ord("0"), ord("9") + 1)]
    + [chr(c) for c in range(ord("a"), ord("z") + 1)]
)
PACK_BASE = (len(_PACKED_ALPHABET) + 2) | 1
"""Base of the exact packing, odd: digits 1.. are the alphabet, PACK_BASE - 1 marks a word
character outside it, 0 is no word character."""
PACK_CHARS = next(k for k in itertools.count() if PACK_BASE ** (k + 1) >= 2**64)
"""Longest token packed into a ``uint64`` (PACK_BASE ** PACK_CHARS < 2 ** 64)."""
MAX_FAST_CHARS = 1 << 20
"""Longest document taken by this path (bounds the power tables, 16 bytes a character)."""
# The key of tokens that are not packed (above every packed key; never stored).
_NO_KEY = np.uint64(2**64 - 1)
# Merge the recently seen keys into the sorted arrays once this many have piled up.
_MERGE_AT = 512
_BMP = 0x10000
_WORD = re.compile(WORD_CHAR)


@resource
def _digit_table() -> np.ndarray:
    """Each BMP code point's packing digit, marked by the token regex itself (so the table
    can never disagree with the string path); built once per process."""
    bmp = "".join(map(chr, range(_BMP)))
    marked = _WORD.sub("\x00", bmp.replace("\x00", "\x01"))
    is_word = np.frombuffer(marked.encode("utf-16-le", "surrogatepass"), dtype=np.uint16) == 0
    digit = np.where(is_word, PACK_BASE - 1, 0).astype(np.uint64)
    digit[[ord(c) for c in _PACKED_ALPHABET]] = np.arange(1, len(_PACKED_ALPHABET) + 1, dtype=np.uint64)
    digit.setflags(write=False)
    return digit


class PackedTokens:
    """Packed-token index of one vocabulary (see the module docstring).

    Args:
        row_break: the character that separates units in the joined document.
    """

    def __init__(self, row_break: str) -> None:
        self._row_code = ord(row_break)
        self._lock = threading.Lock()
        # (powers, inverse powers) of PACK_BASE, swapped in together when they grow.
        self._power_tables = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))
        self.reset()

    @property
    def _digit(self) -> np.ndarray:
        return _digit_table()

    def reset(self) -> None:
        """Forget every packed key."""
        # Sorted keys and ids, ending with a sentinel (_NO_KEY -> -2, "not found"), so every
        # lookup lands inside; swapped in as one tuple. Plus a dict of keys not merged in yet.
        self._table = (np.array([_NO_KEY], dtype=np.uint64), np.array([-2], dtype=np.int64))
        self._pending: dict[int, int] = {}

    def _powers_for(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        powers = self._power_tables
        if size <= powers[0].size:
            return powers
        size = min(max(size, 2 * powers[0].size), MAX_FAST_CHARS + 2)
        with np.errstate(over="ignore"):
            base = np.full(size, PACK_BASE, dtype=np.uint64)
            base[0] = 1
            forward = np.cumprod(base, dtype=np.uint64)
            base[1:] = pow(PACK_BASE, -1, 2**64)
            inverse = np.cumprod(base, dtype=np.uint64)
        self._power_tables = powers = (forward, inverse)
        return powers

    def _merge_pending(self) -> None:
        """Merge the pending keys into the sorted arrays (called under the lock)."""
        pending = self._pending
        keys, ids = self._table
        new_keys = np.fromiter(pending.keys(), dtype=np.uint64, count=len(pending))
        new_ids = np.fromiter(pending.values(), dtype=np.int64, count=len(pending))
        order = np.argsort(new_keys)
        at = np.searchsorted(keys, new_keys[order])
        self._table = (np.insert(keys, at, new_keys[order]), np.insert(ids, at, new_ids[order]))
        self._pending = {}

    def rows_and_ids(self, normalized: str, assign: Callable[[list[str]], list[int]]) -> tuple[np.ndarray, np.ndarray] | None:
        """Row and term id of every token of ``normalized``, in order; ``None`` to decline.

        Args:
            normalized: the joined, normalized, lower-cased units.
            assign: the vocabulary's string lookup of a list of tokens (it gives new
                tokens their term ids, in order).
        """
        # One non-word character of padding at each end: every token starts and ends inside.
        padded = "\0" + normalized + "\0"
        encoded = padded.encode("utf-16-le", "surrogatepass")
        if len(encoded) != 2 * len(padded) or len(padded) > MAX_FAST_CHARS:
            return None  # characters outside the BMP (two code units each), or huge
        codes = np.frombuffer(encoded, dtype=np.uint16)
        digits = _digit_table()[codes]
        word = digits != 0
        edges = np.flatnonzero(word[1:] != word[:-1]) + 1
        starts, ends = edges[0::2], edges[1::2]
        rows = np.searchsorted(np.flatnonzero(codes == self._row_code), starts)

        powers, inverse_powers = self._powers_for(codes.size + 1)
        prefix = np.zeros(codes.size + 1, dtype=np.uint64)
        np.cumsum(digits * powers[: codes.size], out=prefix[1:])
        keys = (prefix[ends] - prefix[starts]) * inverse_powers[starts]
        keys[ends - starts > PACK_CHARS] = _NO_KEY
        outside = np.flatnonzero(digits == PACK_BASE - 1)
        if outside.size:
            keys[np.searchsorted(outside, starts) != np.searchsorted(outside, ends)] = _NO_KEY

        table_keys, table_ids = self._table
        at = np.searchsorted(table_keys, keys)
        term_ids = table_ids[at]
        term_ids[table_keys[at] != keys] = -2
        missing = np.flatnonzero(term_ids == -2)
        if missing.size:
            self._fill_missing(padded, term_ids, missing, keys, starts, ends, assign)
        return rows, term_ids

    def _fill_missing(self, text: str, term_ids: np.ndarray, missing: np.ndarray, keys: np.ndarray,
                      starts: np.ndarray, ends: np.ndarray, assign: Callable[[list[str]], list[int]]) -> None:
        """Set ``term_ids[missing]``: recent keys from the dict, others via their string."""
        pending = self._pending  # may be swapped meanwhile: a miss then takes the string path
        missing_keys = keys[missing].tolist()
        ids = list(map(pending.get, missing_keys))
        unknown = [at for at, known in enumerate(ids) if known is None]
        if unknown:  # the tokens found nowhere, in document order (new terms: same ids)
            positions = missing[unknown].tolist()
            found = assign([text[starts[t] : ends[t]] for t in positions])
            no_key = int(_NO_KEY)
            new: dict[int, int] = {}
            for at, term_id in zip(unknown, found):
                ids[at] = term_id
                if missing_keys[at] != no_key:
                    new[missing_keys[at]] = term_id
            if new:
                with self._lock:
                    self._pending.update(new)
                    if len(self._pending) >= _MERGE_AT:
                        self._merge_pending()
        term_ids[missing] = ids
