"""Tests for mujaz.io.text: bounded reads of regular files only, encodings, one-line OS errors."""

from __future__ import annotations

import errno
import io
import os
import socket
from pathlib import Path

import pytest

from mujaz import InputError
from mujaz.io import text as text_module
from mujaz.io.text import (
    decode_legacy_arabic,
    decode_text,
    decode_unlabelled,
    open_regular_file,
    os_error_message,
    read_bounded,
    read_bytes,
)
from tests._support import load_seed

ARTICLE = load_seed()


# --- what may be opened -----------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def _socket(tmp_path: Path) -> Path:
    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def _zero_link(tmp_path: Path) -> Path:
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


@pytest.mark.timeout(20, method="thread")  # a blocking open would hang: fail loudly instead
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "FIFO"),
        (_socket, "socket"),
        (_zero_link, "character device"),
        (lambda tmp: Path("/dev/null"), "character device"),
        (lambda tmp: tmp, "directory"),
    ],
    ids=["fifo", "socket", "symlink to /dev/zero", "/dev/null", "directory"],
)
def test_text_only_regular_files_are_opened(tmp_path: Path, make, kind: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError, match=kind):
        read_bytes(path)
    with pytest.raises(InputError, match=kind):
        open_regular_file(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: (tmp / "loop.txt").symlink_to(tmp / "loop.txt") or tmp / "loop.txt", "symbolic links"),
        (lambda tmp: (tmp / "a.txt").write_text("x") and tmp / "a.txt" / "x", "not a directory"),
        (lambda tmp: tmp / ("ب" * 300 + ".txt"), "file name too long"),
    ],
    ids=["missing", "symlink loop", "path through a file", "300-character name"],
)
def test_text_os_errors_are_one_line_input_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_bytes(make(tmp_path))
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 300  # a 300-character name is shortened in the message


def test_text_read_counts_bytes_read_not_st_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # st_size of a /proc file is 0; of a growing file, stale: only the bytes read count.
    monkeypatch.setattr(text_module, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="over 1,000 bytes"):
        read_bytes(path)
    path.write_bytes(b"x" * 1000)
    assert read_bytes(path) == (b"x" * 1000, str(path))
    with pytest.raises(InputError, match="standard input is over 1,000 bytes"):
        read_bytes("-", stream=io.BytesIO(b"y" * 5000))


def test_text_read_bounded_stops_at_the_limit() -> None:
    class Endless(io.RawIOBase):
        reads = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            Endless.reads += 1
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    data = read_bounded(Endless(), 3 * 1024 * 1024)
    assert len(data) == 3 * 1024 * 1024 + 1
    assert Endless.reads <= 5


@pytest.mark.timeout(20, method="thread")
def test_text_dev_zero_is_refused_without_reading_it_all() -> None:
    with pytest.raises(InputError, match="character device"):
        read_bytes("/dev/zero")


# --- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_text_arabic_code_pages_are_detected(codec: str) -> None:
    original = ARTICLE.replace("«", '"').replace("»", '"')
    data = original.encode(codec, errors="replace")
    expected = data.decode(codec)
    assert decode_text(data) == expected
    assert decode_legacy_arabic(data) == expected
    assert "\ufffd" not in decode_text(data)


def test_text_a_few_bad_bytes_are_repaired_not_refused() -> None:
    data = ARTICLE.encode("utf-8")
    first, second = data.index(b" ", 100), data.index(b" ", 2000)  # between characters
    broken = data[:first] + b"\xff" + data[first:second] + b"\xc0" + data[second:]
    decoded = decode_text(broken)
    assert decoded.count("\ufffd") == 2
    assert decoded.replace("\ufffd", "") == ARTICLE


@pytest.mark.parametrize(
    "data",
    [
        "Привет мир, это не арабский текст. " .encode("cp1251") * 50,
        "中文新闻报道的内容在这里".encode("gb18030") * 50,
        bytes(range(0x80, 0x100)) * 20,
    ],
    ids=["cp1251 russian", "gb18030 chinese", "high bytes"],
)
def test_text_unknown_encodings_are_refused_not_replaced(data: bytes) -> None:
    with pytest.raises(InputError, match="not UTF-8 text.*convert it to UTF-8"):
        decode_unlabelled(data, source="a.txt")


def test_text_utf16_with_bom_is_read() -> None:
    assert decode_text("\ufeff" .encode("utf-16-le") + ARTICLE.encode("utf-16-le")) == ARTICLE


# --- messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"),
    [(errno.ENOSPC, "no space"), (errno.ELOOP, "symbolic links"), (errno.ENAMETOOLONG, "too long"),
     (errno.EACCES, "permission denied"), (errno.ENOTDIR, "not a directory"), (errno.EISDIR, "directory"),
     (errno.EROFS, "read-only")],
)
def test_text_os_error_message_is_one_line(number: int, words: str) -> None:
    message = os_error_message(OSError(number, os.strerror(number), "x" * 500))
    assert words in message and "\n" not in message and len(message) < 200
