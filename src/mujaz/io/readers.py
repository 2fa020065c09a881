"""Readers: one article from a file, or a stream of records from a batch input.

* :func:`read_article` reads one text file or saved web page (HTML detected by content).
* :func:`open_records` opens a batch input: JSONL (optionally gzipped), CSV/TSV, Parquet (a
  file or a folder of files), a folder of ``.txt``/``.html`` files, or standard input (JSONL
  or CSV). It yields :class:`Record` objects lazily, so memory stays flat however large the
  input is.

Every record has a position (``row``, 0-based, counting every record including malformed
ones) and an ``id``: the ``--id-field`` value as a string, or, when a record has none,
``line-N`` (JSONL, 1-based physical line) or ``row-N`` (CSV and Parquet, 1-based record
number); files in a folder are named by their path relative to the folder. A malformed
record (a line that is not JSON, a missing text field) still becomes a :class:`Record`,
with ``error`` set, so a batch run can report it in place.

Readers are deterministic: the same input yields the same records in the same order, which
is what lets a batch run resume by position (see :mod:`mujaz.io.batch`).

Readers are bounded: no record is read past :data:`~mujaz.io.text.MAX_INPUT_BYTES` (a longer
JSONL line, CSV record or file becomes an error record and the reader goes on after it), a
JSON line nested deeper than the parser allows is an error record, and only regular files
are opened (a FIFO, device or socket in a folder is an error record, never waited on).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from mujaz.errors import ConfigError, InputError, MissingDependencyError
from mujaz.io.html import ExtractedArticle, extract_article, looks_like_html
from mujaz.io.text import (
    MAX_INPUT_BYTES,
    decode_text,
    input_file_errors,
    open_regular_file,
    read_bounded,
    read_bytes,
)

__all__ = [
    "Record",
    "RecordReader",
    "record_from_mapping",
    "open_records",
    "read_article",
    "INPUT_TYPES",
    "INPUT_FORMATS",
    "FILE_SUFFIXES",
]

INPUT_TYPES = ("auto", "jsonl", "csv", "tsv", "parquet", "dir")
INPUT_FORMATS = ("auto", "text", "html")
# Files a folder input picks up; anything else in the folder is ignored.
FILE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
_CSV_SUFFIXES = (".csv", ".csv.gz")
_TSV_SUFFIXES = (".tsv", ".tab", ".tsv.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")
# A lone surrogate (from a "\ud800" escape in JSON) cannot be encoded as UTF-8; it would
# break writing the output row, so it becomes U+FFFD like any other undecodable input.
_SURROGATE = re.compile("[\ud800-\udfff]")
_PARQUET_BATCH_ROWS = 1024
_DRAIN_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Record:
    """One input record of a batch run.

    Attributes:
        row: 0-based position in the input (every record counts, malformed ones too).
        id: the record's id (see the module docstring for the fallback).
        content: the article: text or HTML as ``str``, or raw file bytes (folder input);
            ``None`` when the record is malformed.
        title: the headline, when the input keeps it apart from the text.
        url: the page's URL, when given (used for HTML pages).
        error: why the record is malformed, or ``None``.
        summary: the value of the record's summary field (``--summary-field``), as read
            (a summary to check with ``mujaz batch --check``; not always a string), or
            ``None`` when the record has none or the reader was not asked for it.
    """

    row: int
    id: str
    content: str | bytes | None
    title: str | None = None
    url: str | None = None
    error: str | None = None
    summary: Any = None


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"unknown {name} {value!r}; valid values: {', '.join(choices)}")


# --- one article -----------------------------------------------------------------------


def _text_article(text: str) -> ExtractedArticle:
    from mujaz.segment import split_blocks
    from mujaz.types import BlockKind

    blocks = split_blocks(text)
    title = next((b.span.slice(text) for b in blocks if b.kind is BlockKind.TITLE), None)
    headings = tuple(b.span.slice(text) for b in blocks if b.kind is BlockKind.HEADING)
    return ExtractedArticle(text=text, title=title, headings=headings, input_format="text")


def read_article(
    source: str | os.PathLike[str] | bytes | None = None,
    *,
    input_format: str = "auto",
    url: str | None = None,
    stream: BinaryIO | None = None,
) -> ExtractedArticle:
    """Read one article from a text file or a saved web page.

    Args:
        source: a path, ``"-"``/``None`` for standard input (or ``stream``), or the
            file's content as bytes.
        input_format: ``"auto"`` (HTML when the content looks like HTML), ``"text"``
            (UTF-8 plain text, one paragraph per line) or ``"html"``.
        url: the page's URL, for HTML pages that do not name it.
        stream: a binary stream to read instead of standard input.

    Returns:
        An :class:`~mujaz.io.html.ExtractedArticle`; summarize its ``text``. For plain
        text, ``text`` is the decoded file and ``title``/``headings`` are what the
        segmenter finds.

    Raises:
        InputError: the file is missing, unreadable, binary, too large, or (HTML) has no
            article text.
        ConfigError: ``input_format`` is not one of ``auto``, ``text``, ``html``.
        MissingDependencyError: an HTML page needs trafilatura (``mujaz[html]``).

    Example:
        >>> article = mujaz.read_article("page.html")            # doctest: +SKIP
        >>> mujaz.summarize(article.text).text                    # doctest: +SKIP
    """
    _check_choice("input format", input_format, INPUT_FORMATS)
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "input"
    else:
        data, name = read_bytes(source, stream=stream)
    if input_format == "html" or (input_format == "auto" and looks_like_html(data)):
        from mujaz.io.html import decode_html

        return extract_article(decode_html(data, source=name), url=url)
    return _text_article(decode_text(data, source=name))


# --- batch inputs ----------------------------------------------------------------------


def _fix_surrogates(value: str) -> str:
    if _SURROGATE.search(value) is None:
        return value
    return _SURROGATE.sub("\ufffd", value)


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = _fix_surrogates(value).strip()
        return value or None
    if isinstance(value, float) and value != value:  # NaN: pandas' missing value
        return None
    return str(value)


class RecordReader:
    """Base class of batch readers: iterate to get :class:`Record` objects, in order.

    Subclasses implement :meth:`_records`; :meth:`skip` and :meth:`progress` have
    defaults. A reader is a context manager and must be closed.
    """

    name: str = "input"

    def __init__(self, *, text_field: str, id_field: str, title_field: str | None, url_field: str | None,
                 summary_field: str | None = None) -> None:
        self.text_field, self.id_field = text_field, id_field
        self.title_field, self.url_field = title_field, url_field
        self.summary_field = summary_field
        self._iterator: Iterator[Record] | None = None

    def _records(self) -> Iterator[Record]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __iter__(self) -> Iterator[Record]:
        if self._iterator is None:
            self._iterator = self._records()
        return self._iterator

    def skip(self, count: int) -> Record | None:
        """Consume the first ``count`` records; return the last one (``None`` if count is 0).

        Raises:
            InputError: the input has fewer than ``count`` records.
        """
        last = None
        iterator = iter(self)
        for _ in range(count):
            last = next(iterator, None)
            if last is None:
                raise InputError(f"{self.name} has fewer than {count:,} records")
        return last

    def progress(self) -> float | None:
        """How much of the input has been read, in ``[0, 1]``, or ``None`` when unknown."""
        return None

    def close(self) -> None:
        """Release the input's files."""

    def __enter__(self) -> "RecordReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record(self, row: int, fallback_id: str, data: dict[str, Any]) -> Record:
        return record_from_mapping(row, fallback_id, data, text_field=self.text_field, id_field=self.id_field,
                                   title_field=self.title_field, url_field=self.url_field,
                                   summary_field=self.summary_field)


def _summary_value(value: Any) -> Any:
    """A summary field's value as a record carries it: ``None`` for a missing, null, NaN or
    blank value (a CSV row without one has an empty cell), a str with lone surrogates
    repaired, anything else as it is (the batch runner reports it as that row's error)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return _fix_surrogates(value) if value.strip() else None
    return value


def record_from_mapping(
    row: int,
    fallback_id: str,
    data: dict[str, Any],
    *,
    text_field: str = "text",
    id_field: str = "id",
    title_field: str | None = "title",
    url_field: str | None = "url",
    summary_field: str | None = None,
) -> Record:
    """A :class:`Record` from one parsed row (a JSON object, a CSV row, a Parquet row).

    A missing or non-string text gives a record with ``error`` set, never an exception.
    ``summary_field`` (``None``: not read) is carried as :attr:`Record.summary`.
    """
    record_id = _optional_str(data.get(id_field)) or fallback_id
    title = _optional_str(data.get(title_field)) if title_field else None
    url = _optional_str(data.get(url_field)) if url_field else None
    summary = _summary_value(data.get(summary_field)) if summary_field else None
    content = data.get(text_field)
    if content is None or (isinstance(content, float) and content != content):
        return Record(row, record_id, None, title=title, url=url, error=f"field {text_field!r} is missing",
                      summary=summary)
    if isinstance(content, str):
        content = _fix_surrogates(content)
    elif isinstance(content, (bytes, bytearray)):
        content = bytes(content)
    else:
        kind = type(content).__name__
        return Record(row, record_id, None, title=title, url=url,
                      error=f"field {text_field!r} is not a string (got {kind})", summary=summary)
    return Record(row, record_id, content, title=title, url=url, summary=summary)


class _ByteCounter(io.RawIOBase):
    """Counts the bytes read through it, for progress on compressed or buffered inputs."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        readinto = getattr(self.raw, "readinto", None)
        if readinto is not None:  # no copy: draining a 3 GB line runs at the pipe's speed
            n = readinto(buffer) or 0
        else:
            data = self.raw.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        self.count += n
        return n


def _open_binary(path: Path | None, stream: BinaryIO | None) -> tuple[BinaryIO, _ByteCounter, int | None]:
    """Open a (possibly gzipped) file or stream; returns (reader, byte counter, size)."""
    if path is None:
        raw: BinaryIO = stream if stream is not None else sys.stdin.buffer
        size = None
    else:
        # A FIFO, a device or a socket is refused before it is read (or waited on).
        raw = open_regular_file(path)
        size = os.fstat(raw.fileno()).st_size
    counter = _ByteCounter(raw)
    buffered: BinaryIO = io.BufferedReader(counter, buffer_size=1 << 20)
    if path is not None and path.name.endswith(".gz"):
        buffered = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
    return buffered, counter, size


class _ByteStreamReader(RecordReader):
    """A reader over a byte stream whose progress is the share of its bytes read."""

    _counter: Any
    _size: int | None

    def progress(self) -> float | None:
        if not self._size:
            return None
        return min(1.0, self._counter.count / self._size)


class JsonlReader(_ByteStreamReader):
    """JSON Lines: one JSON object per line; blank lines are ignored."""

    def __init__(self, path: Path | None, *, stream: BinaryIO | None = None, **fields: Any) -> None:
        super().__init__(**fields)
        self.name = str(path) if path is not None else "standard input"
        self._owns = path is not None
        self._handle, self._counter, self._size = _open_binary(path, stream)
        self._lineno = 0
        self._row = 0

    def _lines(self) -> Iterator[bytes | int]:
        """Non-blank lines; a line over the limit is drained and given as its length (an int)."""
        with input_file_errors(self.name):
            while True:
                line = self._handle.readline(MAX_INPUT_BYTES + 1)
                if not line:
                    return
                self._lineno += 1
                if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
                    yield len(line) + self._drain_line()
                elif line.strip():
                    yield line

    def _drain_line(self) -> int:
        """Read (and drop) the rest of an over-long line; returns how many bytes it had."""
        total = 0
        while True:
            part = self._handle.readline(_DRAIN_CHUNK)
            total += len(part)
            if not part or part.endswith(b"\n"):
                return total

    def _records(self) -> Iterator[Record]:
        for line in self._lines():
            row, lineno = self._row, self._lineno
            self._row += 1
            yield self._parse(row, lineno, line)

    def _parse(self, row: int, lineno: int, line: bytes | int) -> Record:
        fallback = f"line-{lineno}"
        if isinstance(line, int):
            return Record(row, fallback, None,
                          error=f"line {lineno}: {line:,} bytes; the limit for one record is {MAX_INPUT_BYTES:,}")
        try:
            data = json.loads(line.decode("utf-8", errors="replace"))
        except ValueError as exc:
            return Record(row, fallback, None, error=f"line {lineno}: invalid JSON ({exc.args[0] if exc.args else exc})")
        except RecursionError:
            # A record is an object of strings; the parser gives up about 1,000 levels down.
            return Record(row, fallback, None, error=f"line {lineno}: JSON nested too deeply to be a record")
        if not isinstance(data, dict):
            return Record(row, fallback, None, error=f"line {lineno}: not a JSON object")
        return self._record(row, fallback, data)

    def skip(self, count: int) -> Record | None:
        # Resuming a long run skips many lines: count them without parsing all but the last.
        if count == 0:
            return None
        lines = self._lines()
        for _ in range(count - 1):
            if next(lines, None) is None:
                raise InputError(f"{self.name} has fewer than {count:,} records")
            self._row += 1
        last = next(lines, None)
        if last is None:
            raise InputError(f"{self.name} has fewer than {count:,} records")
        self._row += 1
        return self._parse(self._row - 1, self._lineno, last)

    def close(self) -> None:
        if self._owns:
            self._handle.close()
            self._counter.raw.close()


# One quoted CSV field: "..." with "" for a quote inside. The unrolled form matches in one
# pass, with no choice to backtrack over.
_CSV_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')


def split_csv_record(text: str, delimiter: str) -> list[str] | None:
    """The fields of one CSV record (RFC 4180; line ending removed), or ``None`` if malformed.

    Malformed: a quote that is never closed, text between a closing quote and the next
    delimiter, or a line break outside quotes (two records run together).
    """
    fields: list[str] = []
    pos, end = 0, len(text)
    while True:
        if pos < end and text[pos] == '"':
            match = _CSV_QUOTED.match(text, pos)
            if match is None:
                return None
            fields.append(match.group(1).replace('""', '"'))
            pos = match.end()
            if pos == end:
                return fields
            if text[pos] != delimiter:
                return None
            pos += 1
            continue
        stop = text.find(delimiter, pos)
        value = text[pos:] if stop < 0 else text[pos:stop]
        if "\n" in value or "\r" in value:
            return None
        fields.append(value)
        if stop < 0:
            return fields
        pos = stop + 1


def _strip_line_end(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith(("\n", "\r")) else line


class CsvReader(_ByteStreamReader):
    """CSV or TSV with a header row; fields may span lines when quoted.

    Records are split here rather than by :mod:`csv`, whose only bound on a field is a
    process-wide setting (``csv.field_size_limit``) too small for articles: a record is read
    line by line, while its quotes are unbalanced, up to
    :data:`~mujaz.io.text.MAX_INPUT_BYTES` characters. A malformed record (an unclosed
    quote, text after a closing quote) becomes an error record for its first line, and
    reading resumes on the next line, so a broken quote never swallows the records after it.
    """

    def __init__(self, path: Path | None, *, delimiter: str = ",", stream: BinaryIO | None = None,
                 **fields: Any) -> None:
        super().__init__(**fields)
        self.name = str(path) if path is not None else "standard input"
        self._owns = path is not None
        self._binary, self._counter, self._size = _open_binary(path, stream)
        # Undecodable bytes become U+FFFD: a few bad bytes never cost a whole file.
        self._text = io.TextIOWrapper(self._binary, encoding="utf-8-sig", errors="replace", newline="")
        self._delimiter = delimiter
        self._pushed: list[str | int] = []  # lines to read again after a malformed record
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    def _line(self) -> str | int | None:
        """The next physical line; for a line over the limit (drained), its length; None at the end."""
        if self._pushed:
            return self._pushed.pop()
        with input_file_errors(self.name):
            line = self._text.readline(MAX_INPUT_BYTES + 1)
            if len(line) > MAX_INPUT_BYTES and not line.endswith(("\n", "\r")):
                length = len(line)
                while (part := self._text.readline(_DRAIN_CHUNK)) and not part.endswith(("\n", "\r")):
                    length += len(part)
                return length + len(part)
        return line or None

    def _next(self) -> tuple[list[str] | None, str] | None:
        """The next record's fields (``None``: malformed) and why; ``None`` at the end."""
        while True:
            first = self._line()
            if first is None:
                return None
            if isinstance(first, int):
                return None, f"a line of {first:,} characters; the limit for one record is {MAX_INPUT_BYTES:,}"
            if first.strip("\r\n"):  # blank lines are skipped, as csv does
                break
        lines, quotes, size = [first], first.count('"'), len(first)
        while quotes % 2 and size <= MAX_INPUT_BYTES:  # an open quote: the record goes on
            more = self._line()
            if more is None:
                break
            if isinstance(more, int):
                self._pushed.append(more)  # its own (error) record, after this one
                break
            lines.append(more)
            quotes += more.count('"')
            size += len(more)
        fields = split_csv_record(_strip_line_end("".join(lines)), self._delimiter) \
            if size <= MAX_INPUT_BYTES else None
        if fields is not None:
            return fields, ""
        # Read the lines after the first again: they are likely records of their own.
        self._pushed.extend(reversed(lines[1:]))
        if len(lines) > 1 and (alone := split_csv_record(_strip_line_end(first), self._delimiter)) is not None:
            return alone, ""  # a stray quote inside an unquoted field ('5" screen'), as csv reads it
        if size > MAX_INPUT_BYTES:
            return None, f"a quoted field runs over {MAX_INPUT_BYTES:,} characters (a quote never closed?)"
        return None, "a quote is never closed, or text follows a closing quote"

    def _read_header(self) -> list[str]:
        got = self._next()
        if got is None:
            raise InputError(f"{self.name} is empty (no header row)")
        header, why = got
        if header is None:
            raise InputError(f"{self.name}: not a valid CSV file (header row: {why})")
        if self.text_field not in header:
            raise InputError(
                f"{self.name} has no column {self.text_field!r}; columns: {', '.join(map(str, header))} "
                f"(choose one with --text-field)"
            )
        return header

    def _records(self) -> Iterator[Record]:
        row = 0
        while (got := self._next()) is not None:
            fields, why = got
            row += 1
            if fields is None:
                yield Record(row - 1, f"row-{row}", None, error=f"record {row}: malformed CSV ({why})")
                continue
            # Missing fields are missing values; fields past the header's are dropped.
            data = dict(zip(self.header, fields))
            yield self._record(row - 1, f"row-{row}", data)

    def close(self) -> None:
        if self._owns:
            self._text.close()
            self._counter.raw.close()
        else:
            self._text.detach()


def _import_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError("pyarrow", "batch") from None
    return pq


class ParquetReader(RecordReader):
    """A Parquet file, or a folder of them (read in name order), in batches of rows."""

    def __init__(self, path: Path, **fields: Any) -> None:
        super().__init__(**fields)
        pq = _import_parquet()
        self.name = str(path)
        self._files = sorted(p for p in path.rglob("*") if p.suffix in _PARQUET_SUFFIXES) if path.is_dir() else [path]
        if not self._files:
            raise InputError(f"{path} holds no .parquet files")
        self._opened: list[Any] = []
        self._total = 0
        self._done = 0
        try:
            self._open_all(pq)
        except BaseException:
            self.close()
            raise

    def _open_all(self, pq: Any) -> None:
        for file in self._files:
            with input_file_errors(str(file)):
                mode = file.stat().st_mode
            if not stat.S_ISREG(mode):  # pyarrow would block on a FIFO
                raise InputError(f"{file} is not a regular file; mujaz reads Parquet files")
            try:
                parquet = pq.ParquetFile(file)
            except FileNotFoundError:
                raise InputError(f"{file}: no such file") from None
            except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid is a ValueError
                raise InputError(f"{file}: not a readable Parquet file ({exc})") from None
            self._opened.append(parquet)
            names = parquet.schema_arrow.names
            if self.text_field not in names:
                raise InputError(
                    f"{file} has no column {self.text_field!r}; columns: {', '.join(names)} "
                    f"(choose one with --text-field)"
                )
            self._total += parquet.metadata.num_rows

    def _columns(self, parquet: Any) -> list[str]:
        names = parquet.schema_arrow.names
        wanted = [self.text_field, self.id_field, self.title_field, self.url_field, self.summary_field]
        return list(dict.fromkeys(c for c in wanted if c and c in names))

    def _records(self) -> Iterator[Record]:
        return self._read(0)

    def _read(self, start: int) -> Iterator[Record]:
        """Records from position ``start`` on; whole files and row groups before it are not read."""
        self._done = start
        for parquet in self._opened:
            rows = parquet.metadata.num_rows
            if start >= rows:
                start -= rows
                continue
            groups = []
            for index in range(parquet.metadata.num_row_groups):
                group_rows = parquet.metadata.row_group(index).num_rows
                if start >= group_rows and not groups:
                    start -= group_rows
                    continue
                groups.append(index)
            drop, start = start, 0
            batches = parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS, row_groups=groups,
                                           columns=self._columns(parquet))
            for batch in batches:
                if drop >= batch.num_rows:
                    drop -= batch.num_rows
                    continue
                if drop:
                    batch, drop = batch.slice(drop), 0
                for data in batch.to_pylist():
                    row = self._done
                    self._done += 1
                    yield self._record(row, f"row-{row + 1}", data)

    def skip(self, count: int) -> Record | None:
        if count == 0:
            return None
        if count > self._total:
            raise InputError(f"{self.name} has fewer than {count:,} records")
        records = self._read(count - 1)
        last = next(records)
        self._iterator = records
        return last

    def progress(self) -> float | None:
        return self._done / self._total if self._total else None

    def close(self) -> None:
        for parquet in self._opened:
            parquet.close()


class DirReader(RecordReader):
    """A folder of ``.txt``/``.html`` files, walked in sorted order; ids are relative paths."""

    def __init__(self, path: Path, **fields: Any) -> None:
        super().__init__(**fields)
        self.name = str(path)
        self._root = path
        self._total = sum(1 for _ in self._paths())
        self._done = 0

    def _paths(self) -> Iterator[Path]:
        # os.walk with sorted names: deterministic order, one folder listing in memory at a time.
        for folder, dirs, files in os.walk(self._root):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(FILE_SUFFIXES) and not name.startswith("."):
                    yield Path(folder, name)

    def _records(self) -> Iterator[Record]:
        return self._read(self._paths())

    def _read(self, paths: Iterator[Path]) -> Iterator[Record]:
        for path in paths:
            row = self._done
            self._done += 1
            record_id = path.relative_to(self._root).as_posix()
            # Only regular files are opened (a FIFO would block, /dev/zero never ends), and
            # no more than the limit is read, whatever st_size says.
            try:
                with open_regular_file(path) as handle, input_file_errors(record_id):
                    data = read_bounded(handle, MAX_INPUT_BYTES)
            except InputError as exc:
                yield Record(row, record_id, None, error=str(exc).replace(str(path), record_id))
                continue
            if len(data) > MAX_INPUT_BYTES:
                yield Record(row, record_id, None,
                             error=f"{record_id} is over {MAX_INPUT_BYTES:,} bytes; the limit for one record")
                continue
            yield Record(row, record_id, data)

    def skip(self, count: int) -> Record | None:
        # Skipping files need not read them; the last one is returned for its id only.
        if count == 0:
            return None
        paths = self._paths()
        last = None
        for _ in range(count):
            last = next(paths, None)
            if last is None:
                raise InputError(f"{self.name} has fewer than {count:,} files")
        assert last is not None
        self._done = count
        self._iterator = self._read(paths)
        return Record(count - 1, last.relative_to(self._root).as_posix(), None)

    def progress(self) -> float | None:
        return self._done / self._total if self._total else None


def detect_input_type(source: str | os.PathLike[str]) -> str:
    """The input type of ``source`` from its name: ``jsonl``, ``csv``, ``tsv``, ``parquet`` or ``dir``.

    Raises:
        InputError: the path does not exist.
        ConfigError: the type cannot be told from the name.
    """
    if str(source) == "-":
        return "jsonl"
    path = Path(source)
    if path.is_dir():
        if any(p.suffix in _PARQUET_SUFFIXES for p in path.iterdir()):
            return "parquet"
        return "dir"
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    name = path.name.lower()
    for kind, suffixes in (("jsonl", _JSONL_SUFFIXES), ("csv", _CSV_SUFFIXES), ("tsv", _TSV_SUFFIXES),
                           ("parquet", _PARQUET_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    raise ConfigError(
        f"cannot tell the type of {path} from its name; give --input-type ({', '.join(INPUT_TYPES[1:])})"
    )


def open_records(
    source: str | os.PathLike[str],
    *,
    input_type: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    title_field: str | None = "title",
    url_field: str | None = "url",
    summary_field: str | None = "summary",
    stream: BinaryIO | None = None,
) -> RecordReader:
    """Open a batch input and return a :class:`RecordReader` (a context manager).

    Args:
        source: a path, or ``"-"`` for standard input (JSONL, or CSV/TSV with ``input_type``).
        input_type: ``auto`` (from the name), ``jsonl``, ``csv``, ``tsv``, ``parquet`` or ``dir``.
        text_field: the column (or JSON key) holding the article.
        id_field: the column holding the record's id.
        title_field: the column holding a separate headline, if any.
        url_field: the column holding the page's URL, if any.
        summary_field: the column holding a summary to check, if any (``None``: not
            read); a folder's files have none.
        stream: a binary stream to read instead of standard input (for ``"-"``).

    Raises:
        InputError: the input is missing, unreadable, or lacks the text column.
        ConfigError: ``input_type`` is unknown or cannot be told from the name.
    """
    _check_choice("input type", input_type, INPUT_TYPES)
    # A name too long, a symlink loop, a path through a file: one line, not a traceback.
    with input_file_errors(str(source)):
        return _open_records(source, input_type, stream,
                             {"text_field": text_field, "id_field": id_field, "title_field": title_field,
                              "url_field": url_field, "summary_field": summary_field})


def _open_records(source: str | os.PathLike[str], input_type: str, stream: BinaryIO | None,
                  fields: dict[str, Any]) -> RecordReader:
    kind = detect_input_type(source) if input_type == "auto" else input_type
    stdin = str(source) == "-"
    path = None if stdin else Path(source)
    if path is not None and not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if kind == "jsonl":
        return JsonlReader(path, stream=stream, **fields)
    if kind in ("csv", "tsv"):
        return CsvReader(path, delimiter="\t" if kind == "tsv" else ",", stream=stream, **fields)
    if stdin:
        raise ConfigError(f"standard input can be JSONL, CSV or TSV, not {kind}; give a path")
    assert path is not None
    if kind == "parquet":
        return ParquetReader(path, **fields)
    if not path.is_dir():
        raise InputError(f"{path} is not a directory")
    return DirReader(path, **fields)
