"""Writers for batch output: JSON Lines or Parquet, both resumable.

A batch run writes its rows in input order, so "how far did the last run get" is a single
number: the count of complete rows in the output. Each writer can reopen an existing output,
drop whatever a killed run left half-written, and report that count (``done``) with the id
of the last complete row (``last_id``), which the runner checks against the input.

JSONL (``out.jsonl``)
    One JSON object per line, UTF-8, Arabic unescaped. Rows are written a chunk at a time
    with one ``write`` and a flush; the file is fsynced at most once a second and on close.
    A process killed at any moment (SIGKILL included) leaves complete lines and at most one
    partial last line, which resuming truncates. (A power cut can lose the last second of
    rows; resuming recomputes them.)

Parquet (``out.parquet/``)
    A Parquet file cannot be appended to, and one cut off before its footer is unreadable,
    so the output is a *folder* of part files, ``part-00000.parquet``, ``part-00001.parquet``
    ... of ``part_rows`` rows each. A part is written to ``part-NNNNN.parquet.tmp`` and
    renamed into place when complete: a part file exists whole or not at all. Resuming
    deletes ``.tmp`` leftovers; rows of the unfinished part are recomputed (at most
    ``part_rows``). pandas, pyarrow, DuckDB, Spark and Dask read the folder as one table.

One writer per output
    A writer holds an exclusive lock (``flock``) on ``OUTPUT.lock`` beside the output from
    before it opens the output until it is closed; a second writer on the same output fails
    at once with :class:`OutputLockedError` instead of interleaving rows with the first.
    The kernel drops the lock when the process ends, however it ends (``kill -9``
    included), so a lock is never stale; the empty ``.lock`` file is left in place (removing
    it would let two processes lock two different files of the same name).
"""

from __future__ import annotations

import json
import os
import stat
import time
import weakref
from contextlib import suppress
from pathlib import Path
from typing import IO, Any, Protocol

from mujaz.errors import ConfigError, InputError, MissingDependencyError, MujazError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: outputs are not locked
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "RowWriter",
    "JsonlWriter",
    "ParquetWriter",
    "open_writer",
    "OUTPUT_FORMATS",
    "COLUMNS",
    "LLM_COLUMNS",
    "parquet_schema",
    "OutputLock",
    "OutputLockedError",
]

OUTPUT_FORMATS = ("auto", "jsonl", "parquet")
# Output columns, in order. "text" is added by --keep-text, "check" by --check, and
# LLM_COLUMNS by --method llm.
COLUMNS = ("row", "id", "status", "error", "summary", "headline", "points", "offsets", "word_count",
           "title", "date", "url")
LLM_COLUMNS = ("method", "fallback", "prompt_tokens", "completion_tokens")
_FSYNC_INTERVAL_S = 1.0
_PART_PREFIX, _PART_SUFFIX = "part-", ".parquet"
DEFAULT_PART_ROWS = 10_000


class RowWriter(Protocol):
    """What the batch runner needs from a writer."""

    done: int
    """Complete rows already in the output when it was opened."""
    last_id: str | None
    """The id of the last of those rows."""

    def write(self, rows: list[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class OutputLockedError(MujazError):
    """Another process is writing the same batch output."""


class OutputLock:
    """An exclusive, non-blocking ``flock`` on ``OUTPUT.lock``, held until :meth:`release`.

    Raises:
        OutputLockedError: another process holds it (the message names its pid).
    """

    def __init__(self, output: Path) -> None:
        self.path = output.with_name(output.name + ".lock")
        self._fd: int | None = None
        self._closer: weakref.finalize | None = None
        if fcntl is None:  # pragma: no cover
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise OutputLockedError(
                f"{output} is being written by another mujaz batch run{who}; wait for it to finish, "
                f"or write to another output"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        # Who holds it, for the message a second run prints. Written after locking, so only
        # the holder writes.
        self._fd = fd
        # A writer dropped without close() (a caller that crashed) releases the lock when it
        # is collected, as a killed process does when it exits.
        self._closer = weakref.finalize(self, os.close, fd)
        with suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it)."""
        if self._fd is not None and self._closer is not None:
            with suppress(OSError):
                os.ftruncate(self._fd, 0)
            self._closer()
            self._fd = None


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


class JsonlWriter:
    """Writes rows as JSON Lines to a file (resumable) or a text stream (``-o -``)."""

    def __init__(self, path: str | os.PathLike[str] | None, *, resume: bool = False, overwrite: bool = False,
                 stream: IO[str] | None = None) -> None:
        self.done, self.last_id = 0, None
        self._last_sync = time.monotonic()
        if path is None:
            if stream is None:
                raise ConfigError("JsonlWriter needs a path or a stream")
            self._stream: IO[str] | None = stream
            self._file: IO[bytes] | None = None
            self.name = "standard output"
            return
        self._stream = None
        self.path = Path(path)
        self.name = str(self.path)
        if self.path.is_dir():
            raise InputError(f"{self.path} is a directory; JSONL output is a file")
        mode = self.path.stat().st_mode if self.path.exists() else stat.S_IFREG
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            # Opening a FIFO for writing waits for a reader, maybe forever.
            raise ConfigError(f"{self.path} is a FIFO or a socket; write to a file, or use -o - and redirect it")
        # The lock first: a second run must not truncate (or even read) what the first writes.
        # A device (/dev/null, /dev/full) holds nothing to protect, and /dev is no place for it.
        self._lock: OutputLock | None = OutputLock(self.path) if stat.S_ISREG(mode) else None
        self._sync = stat.S_ISREG(mode)  # fsync of a device fails (EINVAL) and means nothing
        try:
            self._open(resume=resume, overwrite=overwrite)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    def _open(self, *, resume: bool, overwrite: bool) -> None:
        exists = self.path.exists() and self.path.stat().st_size > 0
        if exists and not (resume or overwrite):
            raise ConfigError(
                f"{self.path} exists; pass --resume to continue it or --overwrite to replace it"
            )
        if exists and resume:
            self._file = open(self.path, "r+b")  # noqa: SIM115 - closed in close()
            try:
                self._recover()
            except BaseException:
                self._file.close()
                raise
        else:
            self._file = open(self.path, "wb")  # noqa: SIM115

    def _recover(self) -> None:
        """Count the complete rows, truncate a partial last line, and remember the last id."""
        assert self._file is not None
        good_end = 0
        pending_error: str | None = None
        self._file.seek(0)
        for line in self._file:
            if pending_error is not None:
                # A bad line followed by more lines is not a torn write but a damaged file.
                raise InputError(f"{self.name}: {pending_error}; cannot resume safely")
            if not line.endswith(b"\n"):
                break  # the torn last line of a killed run
            try:
                row = json.loads(line)
            except ValueError:
                pending_error = f"line {self.done + 1} is not valid JSON"
                continue
            if not isinstance(row, dict) or row.get("row") != self.done:
                raise InputError(
                    f"{self.name}: line {self.done + 1} is not row {self.done} of a mujaz batch output; "
                    f"cannot resume (use --overwrite to start again)"
                )
            self.done += 1
            self.last_id = row.get("id")
            good_end += len(line)
        self._file.seek(good_end)
        self._file.truncate(good_end)
        self._file.flush()
        os.fsync(self._file.fileno())

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        text = "".join(_dumps(row) + "\n" for row in rows)
        if self._stream is not None:
            self._stream.write(text)
            self._stream.flush()
            return
        assert self._file is not None
        # One write per chunk: a kill tears at most the last line, never interleaves rows.
        self._file.write(text.encode("utf-8"))
        self._file.flush()
        now = time.monotonic()
        if self._sync and now - self._last_sync >= _FSYNC_INTERVAL_S:
            os.fsync(self._file.fileno())
            self._last_sync = now

    def close(self) -> None:
        try:
            if self._file is not None and not self._file.closed:
                try:
                    self._file.flush()
                    if self._sync:
                        os.fsync(self._file.fileno())
                finally:
                    self._file.close()
        finally:
            lock = getattr(self, "_lock", None)
            if lock is not None:
                lock.release()


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError("pyarrow", "batch") from None
    return pa, pq


def parquet_schema(*, keep_text: bool = False, check: bool = False, llm: bool = False) -> Any:
    """The Arrow schema of batch output rows (``text`` only with ``keep_text``; ``check``, a
    JSON string, only with ``check``; :data:`LLM_COLUMNS` only with ``llm``)."""
    pa, _ = _import_pyarrow()
    fields = [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("summary", pa.string()),
        pa.field("headline", pa.string()),
        pa.field("points", pa.list_(pa.string())),
        pa.field("offsets", pa.list_(pa.list_(pa.int64()))),
        pa.field("word_count", pa.int64()),
        pa.field("title", pa.string()),
        pa.field("date", pa.string()),
        pa.field("url", pa.string()),
    ]
    if keep_text:
        fields.append(pa.field("text", pa.string()))
    if check:
        # The verdict's problems are nested records of varying shape; one JSON text per
        # row keeps the schema fixed (read it back with json.loads).
        fields.append(pa.field("check", pa.string()))
    if llm:
        fields += [pa.field("method", pa.string()), pa.field("fallback", pa.string()),
                   pa.field("prompt_tokens", pa.int64()), pa.field("completion_tokens", pa.int64())]
    return pa.schema(fields)


def _part_index(path: Path) -> int | None:
    name = path.name
    if not (name.startswith(_PART_PREFIX) and name.endswith(_PART_SUFFIX)):
        return None
    digits = name[len(_PART_PREFIX) : -len(_PART_SUFFIX)]
    return int(digits) if digits.isdigit() else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ParquetWriter:
    """Writes rows to a folder of Parquet part files, each renamed into place when complete."""

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False, overwrite: bool = False,
                 part_rows: int = DEFAULT_PART_ROWS, keep_text: bool = False, check: bool = False,
                 llm: bool = False) -> None:
        self._pa, self._pq = _import_pyarrow()
        if isinstance(part_rows, bool) or not isinstance(part_rows, int) or part_rows < 1:
            raise ConfigError(f"part_rows must be a positive integer, got {part_rows!r}")
        self.path = Path(path)
        self.name = str(self.path)
        self.part_rows = part_rows
        self.schema = parquet_schema(keep_text=keep_text, check=check, llm=llm)
        self.done, self.last_id = 0, None
        self._buffer: list[dict[str, Any]] = []
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"{self.path} is a file; Parquet output is a folder of part files")
        self._lock = OutputLock(self.path)
        try:
            self._open(resume=resume, overwrite=overwrite)
        except BaseException:
            self._lock.release()
            raise

    def _open(self, *, resume: bool, overwrite: bool) -> None:
        parts = self._parts()
        if parts and not (resume or overwrite):
            raise ConfigError(f"{self.path} holds output; pass --resume to continue it or --overwrite to replace it")
        self.path.mkdir(parents=True, exist_ok=True)
        for leftover in self.path.glob(f"{_PART_PREFIX}*{_PART_SUFFIX}.tmp"):
            leftover.unlink()
        if parts and overwrite and not resume:
            for part in parts:
                part.unlink()
            parts = []
        self._next_part = len(parts)
        if parts:
            self._recover(parts)

    def _parts(self) -> list[Path]:
        if not self.path.is_dir():
            return []
        indexed = sorted((i, p) for p in self.path.iterdir() if (i := _part_index(p)) is not None)
        for expected, (index, part) in enumerate(indexed):
            if index != expected:
                raise InputError(f"{self.path}: part {expected:05d} is missing before {part.name}; cannot resume")
        return [p for _, p in indexed]

    def _recover(self, parts: list[Path]) -> None:
        for part in parts:
            try:
                rows = self._pq.ParquetFile(part).metadata.num_rows
            except (OSError, ValueError) as exc:
                raise InputError(f"{part}: unreadable ({exc}); cannot resume") from None
            self.done += rows
        last = self._pq.read_table(parts[-1], columns=["row", "id"])
        if last.num_rows:
            last_row = last.column("row")[-1].as_py()
            if last_row != self.done - 1:
                raise InputError(f"{parts[-1]}: last row is {last_row}, expected {self.done - 1}; cannot resume")
            self.last_id = last.column("id")[-1].as_py()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._buffer.extend(rows)
        while len(self._buffer) >= self.part_rows:
            self._flush(self._buffer[: self.part_rows])
            del self._buffer[: self.part_rows]

    def _flush(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = self.schema.names
        table = self._pa.Table.from_pylist([{k: self._cell(r, k) for k in names} for r in rows], schema=self.schema)
        final = self.path / f"{_PART_PREFIX}{self._next_part:05d}{_PART_SUFFIX}"
        temporary = final.with_name(final.name + ".tmp")
        self._pq.write_table(table, temporary, compression="zstd")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        _fsync_dir(self.path)
        self._next_part += 1

    @staticmethod
    def _cell(row: dict[str, Any], name: str) -> Any:
        value = row.get(name)
        if name == "check" and value is not None:
            return _dumps(value)
        return value

    def close(self) -> None:
        try:
            self._flush(self._buffer)
            self._buffer = []
        finally:
            self._lock.release()


def open_writer(
    output: str | os.PathLike[str],
    *,
    output_format: str = "auto",
    resume: bool = False,
    overwrite: bool = False,
    part_rows: int = DEFAULT_PART_ROWS,
    keep_text: bool = False,
    check: bool = False,
    llm: bool = False,
    stream: IO[str] | None = None,
) -> RowWriter:
    """Open a batch output for writing (``"-"``: JSONL on ``stream`` or standard output).

    ``output_format="auto"`` picks Parquet for a name ending in ``.parquet`` (or an existing
    folder of parts) and JSONL otherwise. ``check`` and ``llm`` add the columns of
    ``--check`` and ``--method llm`` to a Parquet output's schema (JSONL writes each row's
    keys as they are).

    Raises:
        ConfigError: the output exists and neither ``resume`` nor ``overwrite`` is set, or
            an option is invalid.
        InputError: an existing output cannot be resumed (damaged, or not a mujaz output).
    """
    if output_format not in OUTPUT_FORMATS:
        raise ConfigError(f"unknown output format {output_format!r}; valid values: {', '.join(OUTPUT_FORMATS)}")
    if str(output) == "-":
        if output_format == "parquet":
            raise ConfigError("Parquet output needs a folder, not standard output")
        if resume:
            raise ConfigError("--resume needs an output file, not standard output")
        import sys

        return JsonlWriter(None, stream=stream if stream is not None else sys.stdout)
    path = Path(output)
    try:
        if output_format == "auto":
            output_format = "parquet" if path.suffix in (".parquet", ".pq") or (
                path.is_dir() and any(_part_index(p) is not None for p in path.iterdir())
            ) else "jsonl"
        if output_format == "parquet":
            return ParquetWriter(path, resume=resume, overwrite=overwrite, part_rows=part_rows, keep_text=keep_text,
                                 check=check, llm=llm)
        return JsonlWriter(path, resume=resume, overwrite=overwrite)
    except PermissionError:
        raise MujazError(f"{path}: permission denied") from None
    except FileNotFoundError:
        raise MujazError(f"{path}: the folder it goes in does not exist") from None
    except OSError as exc:  # a path through a file, a name too long, a read-only disk...
        from mujaz.io.text import os_error_message

        raise MujazError(f"cannot write {os_error_message(exc, str(path))}") from None
