"""Decode bytes into article text, refusing binary files with a clear error.

Real inputs carry stray invalid UTF-8 bytes and NULs inside otherwise good text; those are
repaired (invalid bytes become U+FFFD, NULs are removed) rather than rejected. Images,
archives, PDFs and other binary formats are refused with an :class:`InputError`.
"""

from __future__ import annotations

import codecs
from contextlib import contextmanager
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from mujaz.config import MAX_TEXT_CHARS
from mujaz.errors import InputError

__all__ = ["decode_text", "read_bytes", "read_text", "sniff_binary", "input_file_errors"]

# Magic numbers of common binary formats, so we can name what was passed.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "an executable (PE)"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00", "a binary file"),
)
_SAMPLE = 8192


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or return ``None`` for text.

    Text is recognized by a UTF-16/32 byte-order mark; otherwise a known magic number or
    a high share of control bytes in the first 8 KiB marks the data as binary.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:_SAMPLE]
    if not head:
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > 0.1 * len(head):
        return "a binary file"
    return None


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Decode ``data`` (UTF-8, or UTF-16 with a BOM) into text.

    Invalid UTF-8 bytes become U+FFFD and NUL characters are dropped, so a few bad bytes
    never cost a whole article.

    Raises:
        InputError: the data is binary (an image, an archive, ...) or too large.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise InputError(f"{source} looks like {kind}, not text; mujaz reads UTF-8 text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8-sig", errors="replace")
    text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{source} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    return text


def read_bytes(path: str | Path | None = None, *, stream: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of an article file (``"-"`` or ``None``: standard input) and its name.

    Raises:
        InputError: the file is missing, unreadable, a directory, or too large to be an
            article (over four bytes per character of the text limit).
    """
    limit = MAX_TEXT_CHARS * 4
    if path is None or str(path) == "-":
        handle = stream if stream is not None else sys.stdin.buffer
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"standard input is over {limit:,} bytes; too large to be an article")
        return data, "standard input"
    p = Path(path)
    source = str(p)
    with input_file_errors(source):
        if p.is_dir():
            raise InputError(f"{source} is a directory, not a file")
        size = p.stat().st_size
        if size > limit:
            raise InputError(f"{source} is {size:,} bytes; too large to be an article")
        return p.read_bytes(), source


@contextmanager
def input_file_errors(source: str) -> Iterator[None]:
    """Turn the usual errors of opening an input file into :class:`InputError`."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a directory, not a file") from None


def read_text(path: str | Path | None = None, *, stream: BinaryIO | None = None) -> str:
    """Read and decode an article from ``path`` (``"-"`` or ``None``: standard input).

    Raises:
        InputError: the file is missing, unreadable, a directory, binary, or too large.
    """
    data, source = read_bytes(path, stream=stream)
    return decode_text(data, source=source)
