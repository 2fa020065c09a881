"""Decode bytes into article text, refusing binary files with a clear error.

Real inputs carry stray invalid UTF-8 bytes and NULs inside otherwise good text; those are
repaired (invalid bytes become U+FFFD, NULs are removed) rather than rejected. Text that is
not UTF-8 at all is read as the Arabic code page it is (windows-1256 or ISO-8859-6) when it
reads as Arabic in one, and refused otherwise: a "summary" of U+FFFD is never an answer.
Images, archives, PDFs and other binary formats are refused with an :class:`InputError`.

Files are read through :func:`read_bytes`: only regular files are opened (a FIFO, a device
or a socket is refused before anything is read from it, so nothing blocks), and at most
:data:`MAX_INPUT_BYTES` are read, counted as they are read (``st_size`` of ``/dev/zero``,
``/proc`` files or a growing file says nothing about how much there is).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from mujaz.config import MAX_TEXT_CHARS
from mujaz.charset import ARABIC_LETTER
from mujaz.errors import InputError

__all__ = [
    "decode_text",
    "decode_legacy_arabic",
    "decode_unlabelled",
    "read_bytes",
    "read_text",
    "sniff_binary",
    "input_file_errors",
    "open_regular_file",
    "read_bounded",
    "os_error_message",
    "MAX_INPUT_BYTES",
]

# One article: a file, standard input, or one batch record (a JSONL line, a CSV record, a
# file of a folder). News articles weigh 2 to 50 KB and a long report 1 MB; 16 MiB (eight
# million Arabic letters) is no article, and a batch run holds many records at once.
MAX_INPUT_BYTES = 16 * 1024 * 1024
_READ_CHUNK = 1 << 20
# Undecodable text: past this share of U+FFFD among its characters, a file is not "UTF-8
# with a few broken bytes" but another encoding, and is refused.
_MAX_REPLACEMENT_SHARE = 0.02
_SAMPLE_BYTES = 1 << 20
# "ال" starts about one word in three of Arabic prose (one letter pair in ten); in a text of
# 200 letters or more, under one in fifty means the letters are a wrong code page's.
_JUDGED_LETTERS = 200
_MIN_ARTICLE_SHARE = 0.02
_ARABIC_LETTER = ARABIC_LETTER
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

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


def decode_legacy_arabic(data: bytes) -> str | None:
    """``data`` decoded as the Arabic code page it reads best in, or ``None`` if none fits.

    Candidates are windows-1256 (Windows, older Arabic news sites) and ISO-8859-6. A
    candidate fits when most of the non-ASCII characters it gives are Arabic letters and,
    in a text long enough to judge, the article "ال" is about as frequent as in prose. When
    both fit, the one where "ال" is more frequent wins (a wrong code page maps the bytes to
    other letters, and "ال" becomes rare).
    """
    best, best_score = None, -1.0
    sample = data[:_SAMPLE_BYTES]  # enough to judge; the whole input is decoded once chosen
    for codec in ("cp1256", "iso8859_6"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte this code page leaves undefined: not this one
        non_ascii = len(_NON_ASCII.findall(text))
        letters = len(_ARABIC_LETTER.findall(text))
        if non_ascii == 0 or letters < 0.6 * non_ascii:
            continue
        score = text.count("\u0627\u0644") / letters
        if letters >= _JUDGED_LETTERS and score < _MIN_ARTICLE_SHARE:
            continue  # letters, but not Arabic prose: another script's bytes (GB18030, ...)
        if score > best_score:
            best, best_score = codec, score
    if best is None:
        return None
    try:
        return data.decode(best)
    except UnicodeDecodeError:  # an undefined byte past the sample
        return None


def decode_unlabelled(data: bytes, *, source: str = "input") -> str:
    """Decode bytes whose encoding nothing declares.

    UTF-8 when valid; UTF-8 with its few invalid bytes as U+FFFD when they are at most 2%
    of it; else an Arabic code page that reads as Arabic (:func:`decode_legacy_arabic`).

    Raises:
        InputError: none of these fits; the message says to convert the file to UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE_BYTES].decode("utf-8", errors="replace")
    if sample.count("\ufffd") <= _MAX_REPLACEMENT_SHARE * len(sample) + 1:  # +1: a cut sequence
        return data.decode("utf-8-sig", errors="replace")
    legacy = decode_legacy_arabic(data)
    if legacy is not None:
        return legacy
    raise InputError(
        f"{source} is not UTF-8 text and does not read as Arabic in windows-1256 or ISO-8859-6; "
        f"convert it to UTF-8 (e.g. with iconv)"
    )


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Decode ``data`` (UTF-8, UTF-16 with a BOM, or an Arabic code page) into text.

    A few invalid UTF-8 bytes become U+FFFD and NUL characters are dropped, so a few bad
    bytes never cost a whole article. Bytes that are not UTF-8 are read as windows-1256 or
    ISO-8859-6 when they read as Arabic there (:func:`decode_legacy_arabic`).

    Raises:
        InputError: the data is binary (an image, an archive, ...), too large, or text in
            an encoding mujaz cannot tell (:func:`decode_unlabelled`).
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise InputError(f"{source} looks like {kind}, not text; mujaz reads UTF-8 text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = decode_unlabelled(data, source=source)
    text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{source} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    return text


def read_bounded(handle: BinaryIO, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``handle``, read in chunks (so a caller sees "over the limit")."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(_READ_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (symbolic links followed).

    The file is opened non-blocking and checked on the open descriptor (``fstat``), so a
    FIFO is never waited on and a file swapped for one after a check is still caught.

    Raises:
        InputError: the path is missing, unreadable, or not a regular file (a directory, a
            FIFO, a device, a socket); any other :class:`OSError` as a one-line message.
    """
    source = str(path)
    with input_file_errors(source):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            # A socket cannot be opened at all (ENXIO): name what it is rather than the errno.
            try:
                mode = os.stat(path).st_mode
            except OSError:
                mode = stat.S_IFREG
            if not stat.S_ISREG(mode):
                raise InputError(f"{source} is {_not_regular(mode)}, not a file mujaz can read") from None
            raise
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise InputError(f"{source} is {_not_regular(mode)}, not a file mujaz can read")
            os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise


def read_bytes(path: str | Path | None = None, *, stream: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of an article file (``"-"`` or ``None``: standard input) and its name.

    Raises:
        InputError: the file is missing, unreadable, not a regular file, or over
            :data:`MAX_INPUT_BYTES` (counted as read, whatever the file's size says).
    """
    limit = MAX_INPUT_BYTES
    if path is None or str(path) == "-":
        handle = stream if stream is not None else sys.stdin.buffer
        with input_file_errors("standard input"):
            data = read_bounded(handle, limit)
        if len(data) > limit:
            raise InputError(f"standard input is over {limit:,} bytes; too large to be an article")
        return data, "standard input"
    source = str(path)
    with open_regular_file(path) as handle, input_file_errors(source):
        data = read_bounded(handle, limit)
    if len(data) > limit:
        raise InputError(f"{source} is over {limit:,} bytes; too large to be an article")
    return data, source


def os_error_message(exc: OSError, source: str | None = None) -> str:
    """A one-line message for an :class:`OSError`: the file it is about, and what went wrong."""
    name = source if source is not None else (exc.filename if exc.filename is not None else None)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    reason = {
        errno.ENOENT: "no such file or directory",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "a component of the path is not a directory",
        errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
        errno.ENAMETOOLONG: "file name too long",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "read-only file system",
        errno.EMFILE: "too many open files",
        errno.EIO: "input/output error",
    }.get(exc.errno or -1, exc.strerror or type(exc).__name__)
    if name is None:
        return reason
    shown = str(name)
    if len(shown) > 120:  # a 4,000-character name says nothing more than its ends
        shown = shown[:60] + "…" + shown[-40:]
    return f"{shown}: {reason}"


@contextmanager
def input_file_errors(source: str) -> Iterator[None]:
    """Turn every :class:`OSError` of opening or reading an input into :class:`InputError`."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(f"{source} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(os_error_message(exc, source)) from None


def read_text(path: str | Path | None = None, *, stream: BinaryIO | None = None) -> str:
    """Read and decode an article from ``path`` (``"-"`` or ``None``: standard input).

    Raises:
        InputError: the file is missing, unreadable, a directory, binary, or too large.
    """
    data, source = read_bytes(path, stream=stream)
    return decode_text(data, source=source)
