"""The batch runner: summarize every record of an input, on every core, resumably.

:func:`run_batch` reads records lazily (:mod:`mujaz.io.readers`), sends them in chunks to
worker processes, and writes one output row per record, in input order
(:mod:`mujaz.io.writers`). Design choices, and why:

* **Bounded memory.** At most ``window`` chunks (``2 * workers + 2`` by default), and at
  most :data:`MAX_INFLIGHT_BYTES` of record content, are in flight; a chunk closes early
  at :data:`MAX_CHUNK_BYTES`. The runner reads the next chunk only when the oldest one is
  written. Memory grows neither with the input nor with its records' sizes (each record is
  itself bounded by the readers, :data:`mujaz.io.text.MAX_INPUT_BYTES`).
* **One run per output.** The writer locks ``OUTPUT.lock`` (:class:`~mujaz.io.writers.OutputLock`):
  a second run on the same output stops at once with an error.
* **One Summarizer per worker.** Each worker process (or Dask worker thread) builds its
  :class:`~mujaz.Summarizer` from the run's options (a summarizer is only options: the
  method's resources are loaded once per worker process, on its first record).
  Workers are started with the ``spawn`` method: no state is copied from a parent that may
  hold threads or open files.
* **Errors are rows.** A malformed record, a text that raises
  :class:`~mujaz.errors.InputError`, or a bug hit by one text becomes a row with
  ``status="error"`` and a message; the run goes on. An empty text is ``status="skipped"``.
* **Exact resume.** Rows are written in input order, so the output's complete rows are a
  prefix of the input: resuming skips that many records (checking that the last skipped id
  matches the output's last id) and appends the rest. Killing the runner at any moment
  (SIGKILL included) loses nothing written; no row is lost or written twice.
* **Any executor.** Chunks go through a :class:`concurrent.futures.Executor`: a process pool
  by default, or a Dask cluster's executor (:mod:`mujaz.distributed`) for more machines.
* **Concurrent requests for ``method="llm"``.** A chunk's records wait on a server, not on
  a core, so a worker summarizes them with up to ``llm_concurrency`` threads (a
  :class:`~mujaz.Summarizer` is thread-safe; the threads share one HTTP client per server,
  :func:`mujaz.llm_method.shared_client`). Rows still come back in input order, so resume
  is unchanged. The bound is per worker: ``workers x llm_concurrency`` requests at most.
* **Checking given summaries.** With ``check=True``, a record's ``summary_field`` value is
  checked against its text (:func:`mujaz.check`) into a ``check`` column.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, fields
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from mujaz.config import SummaryConfig
from mujaz.io.documents import read_document
from mujaz.errors import ConfigError, InputError, MujazError
from mujaz.io.readers import INPUT_FORMATS, INPUT_TYPES, Record, RecordReader, open_records
from mujaz.io.writers import DEFAULT_PART_ROWS, OUTPUT_FORMATS, RowWriter, open_writer

if TYPE_CHECKING:
    from mujaz.llm import LLMSettings

__all__ = [
    "BatchOptions",
    "BatchReport",
    "run_batch",
    "summarize_record",
    "summarize_chunk",
    "check_cell",
    "default_workers",
]

DEFAULT_CHUNK_SIZE = 64
# Record content (characters or bytes) per chunk, and in flight at once: a run over records
# of several MB each must not hold window x chunk_size of them.
MAX_CHUNK_BYTES = 16 * 1024 * 1024
MAX_INFLIGHT_BYTES = 64 * 1024 * 1024
_MAX_ERROR_KINDS = 50
_DIGITS = re.compile(r"\d[\d,.]*")
_QUOTED = re.compile(r"'[^']*'")


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Validated options of a batch run; keyword arguments of :func:`run_batch` are sugar for it.

    Args:
        method, style, max_words, max_sentences, ratio: summary options for every row
            (see :class:`mujaz.SummaryConfig`).
        input_type: ``auto`` (from the name), ``jsonl``, ``csv``, ``tsv``, ``parquet``, ``dir``.
        input_format: ``auto`` (HTML detected per record), ``text`` or ``html``.
        text_field, id_field, title_field, url_field: the input's column names.
        output_format: ``auto`` (``.parquet`` -> Parquet, else JSONL), ``jsonl``, ``parquet``.
        resume: continue an existing output (a missing one is started).
        overwrite: replace an existing output.
        workers: worker processes (default: every core); 1 runs in this process.
        chunk_size: records per task sent to a worker.
        window: chunks in flight at most (default ``2 * workers + 2``).
        part_rows: rows per Parquet part file.
        keep_text: add the summarized text (for HTML: the extracted text) as a ``text``
            column, so offsets can be checked against it.
        limit: stop after this many input records (counting resumed ones).
        check: check each record's given summary (``summary_field``) against its text
            and write the verdict in a ``check`` column.
        summary_field: the input's column holding the summary to check.
        llm_url, llm_model, llm_timeout: the language model server of ``method="llm"``
            (default: the ``MUJAZ_LLM_*`` environment, read here, in the runner, and sent
            to the workers with their settings).
        llm_concurrency: requests in flight at once per worker for ``method="llm"``
            (default: ``MUJAZ_LLM_CONCURRENCY``, else 8).

    Raises:
        ConfigError: an option is invalid, or ``method="llm"`` has no server configured.
    """

    method: str = "news"
    style: str = "lead"
    max_words: int | None = None
    max_sentences: int | None = None
    ratio: float | None = None
    input_type: str = "auto"
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    title_field: str | None = "title"
    url_field: str | None = "url"
    output_format: str = "auto"
    resume: bool = False
    overwrite: bool = False
    workers: int = field(default_factory=default_workers)
    chunk_size: int = DEFAULT_CHUNK_SIZE
    window: int | None = None
    part_rows: int = DEFAULT_PART_ROWS
    keep_text: bool = False
    limit: int | None = None
    check: bool = False
    summary_field: str = "summary"
    llm_url: str | None = None
    llm_model: str | None = None
    llm_timeout: float | None = None
    llm_concurrency: int | None = None

    def __post_init__(self) -> None:
        self.summary_config()  # validates method, style and the budget
        self.llm_settings()  # validates the server settings of method="llm"
        for name, value, choices in (("input_type", self.input_type, INPUT_TYPES),
                                     ("input_format", self.input_format, INPUT_FORMATS),
                                     ("output_format", self.output_format, OUTPUT_FORMATS)):
            if value not in choices:
                raise ConfigError(f"unknown {name} {value!r}; valid values: {', '.join(choices)}")
        for name in ("workers", "chunk_size", "part_rows", "window", "limit", "llm_concurrency"):
            value = getattr(self, name)
            if value is None and name in ("window", "limit", "llm_concurrency"):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer, got {value!r}")
        if not isinstance(self.check, bool):
            raise ConfigError(f"check must be True or False, got {self.check!r}")
        for name in ("text_field", "id_field", "summary_field"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ConfigError(f"{name} must be a non-empty string")
        if self.resume and self.overwrite:
            raise ConfigError("give --resume or --overwrite, not both")

    @classmethod
    def from_options(cls, **options: Any) -> "BatchOptions":
        """Build options from keywords, rejecting unknown names with the valid list."""
        valid = [f.name for f in fields(cls)]
        unknown = sorted(set(options) - set(valid))
        if unknown:
            raise ConfigError(f"unknown option(s) {', '.join(unknown)}; valid options: {', '.join(valid)}")
        return cls(**options)

    def summary_config(self) -> SummaryConfig:
        return SummaryConfig(method=self.method, style=self.style, max_words=self.max_words,
                             max_sentences=self.max_sentences, ratio=self.ratio)

    @property
    def llm(self) -> bool:
        """Whether the run asks a language model (``method="llm"``)."""
        return self.method == "llm"

    def llm_settings(self) -> "LLMSettings | None":
        """The server settings of ``method="llm"`` (``None`` for other methods)."""
        if not self.llm:
            return None
        from mujaz.llm import LLMSettings

        return LLMSettings.from_env(base_url=self.llm_url, model=self.llm_model, timeout=self.llm_timeout,
                                    concurrency=self.llm_concurrency)

    def worker_settings(self) -> "WorkerSettings":
        return WorkerSettings(config=self.summary_config(), input_format=self.input_format, keep_text=self.keep_text,
                              check=self.check, llm=self.llm_settings())


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """What a worker needs to turn records into rows (hashable: it keys the worker's cache)."""

    config: SummaryConfig
    input_format: str = "auto"
    keep_text: bool = False
    check: bool = False
    """Check each record's given summary into a ``check`` column."""
    llm: "LLMSettings | None" = None
    """The server of ``method="llm"`` (its ``concurrency`` bounds a chunk's threads); the
    workers use these, never their own environment."""


@dataclass(slots=True)
class BatchReport:
    """What a batch run did.

    Attributes:
        ok, failed, skipped: rows written by this run, by status.
        resumed: rows already in the output when the run started.
        elapsed: seconds spent.
        errors: the most common error messages (digits and quoted names folded), with
            their count and the first id that had each.
        output: where the rows went.
        check: the run checked given summaries; then ``checked`` rows had a verdict,
            ``inconsistent`` of them with problems, and ``check_errors`` rows a summary that
            could not be checked (not a string, no Arabic letters...).
        llm: the run asked a language model; then ``prompt_tokens`` and
            ``completion_tokens`` are the server's counts over this run's rows, and
            ``fallbacks`` counts the rows whose text fell back to ``news``, by reason.
    """

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    elapsed: float = 0.0
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)
    output: str = ""
    check: bool = False
    checked: int = 0
    inconsistent: int = 0
    check_errors: int = 0
    llm: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    fallbacks: dict[str, int] = field(default_factory=dict)
    _other_errors: int = 0

    @property
    def written(self) -> int:
        """Rows written by this run."""
        return self.ok + self.failed + self.skipped

    @property
    def rate(self) -> float:
        """Rows written per second."""
        return self.written / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def tokens(self) -> int:
        """Prompt and completion tokens of this run's rows."""
        return self.prompt_tokens + self.completion_tokens

    def add(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            verdict = row.get("check")
            if verdict is not None:
                if "error" in verdict:
                    self.check_errors += 1
                else:
                    self.checked += 1
                    self.inconsistent += not verdict["consistent"]
            if row.get("method") is not None:
                self.prompt_tokens += row.get("prompt_tokens") or 0
                self.completion_tokens += row.get("completion_tokens") or 0
                reason = row.get("fallback")
                if reason is not None:
                    self.fallbacks[reason] = self.fallbacks.get(reason, 0) + 1
            status = row["status"]
            if status == "ok":
                self.ok += 1
            elif status == "skipped":
                self.skipped += 1
            else:
                self.failed += 1
                self._count_error(row["error"] or "unknown error", row["id"])

    def _count_error(self, message: str, row_id: str) -> None:
        # Messages differ by the numbers and names in them; fold those so one kind of error
        # is one line of the report, and cap the kinds so memory stays bounded.
        kind = _QUOTED.sub("'…'", _DIGITS.sub("N", message))[:160]
        if kind in self.errors:
            count, first = self.errors[kind]
            self.errors[kind] = (count + 1, first)
        elif len(self.errors) < _MAX_ERROR_KINDS:
            self.errors[kind] = (1, row_id)
        else:
            self._other_errors += 1

    def summary_line(self) -> str:
        """The one-line report printed at the end of a run."""
        line = (f"{self.written:,} rows: {self.ok:,} ok, {self.failed:,} failed, {self.skipped:,} skipped "
                f"in {self.elapsed:.1f} s ({self.rate:,.1f} docs/s)")
        if self.resumed:
            line += f"; {self.resumed:,} already done (resumed)"
        if self.check:
            line += f"; {self.checked:,} checked, {self.inconsistent:,} inconsistent"
            if self.check_errors:
                line += f", {self.check_errors:,} not checkable"
        if self.llm:
            line += (f"; {self.tokens:,} tokens ({self.prompt_tokens:,} prompt + "
                     f"{self.completion_tokens:,} completion)")
            fallbacks = sum(self.fallbacks.values())
            if fallbacks:
                ranked = sorted(self.fallbacks.items(), key=lambda item: (-item[1], item[0]))
                line += f"; {fallbacks:,} fallbacks to news (" + ", ".join(f"{r} {c:,}" for r, c in ranked) + ")"
            else:
                line += "; no fallbacks"
        return line

    def error_lines(self, limit: int = 10) -> list[str]:
        """The most common errors, most frequent first."""
        ranked = sorted(self.errors.items(), key=lambda item: -item[1][0])
        lines = [f"{count:>8,} × {kind} (first: {first})" for kind, (count, first) in ranked[:limit]]
        rest = sum(count for _, (count, _) in ranked[limit:]) + self._other_errors
        if rest:
            lines.append(f"{rest:>8,} × other errors")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_other_errors")
        data["errors"] = {k: {"count": c, "first": f} for k, (c, f) in self.errors.items()}
        data.update(written=self.written, rate=self.rate, tokens=self.tokens)
        return data


# --- the worker side -------------------------------------------------------------------


def _error_row(record: Record, message: str, status: str = "error") -> dict[str, Any]:
    return {"row": record.row, "id": record.id, "status": status, "error": message, "summary": None,
            "headline": None, "points": [], "offsets": [], "word_count": None, "title": record.title,
            "date": None, "url": record.url}


def _extra_columns(row: dict[str, Any], settings: WorkerSettings) -> dict[str, Any]:
    """Add the ``check`` and LLM columns their options ask for (null until set)."""
    if settings.check:
        row.setdefault("check", None)
    if settings.llm is not None:
        for name in ("method", "fallback", "prompt_tokens", "completion_tokens"):
            row.setdefault(name, None)
    return row


def check_cell(summary: Any, text: str, *, title: str | None = None) -> dict[str, Any] | None:
    """The ``check`` column of a row: the checker's verdict of the record's given ``summary``
    against its ``text``, ``None`` when it has none, or ``{"error": ...}`` when it cannot be
    checked (not a string, no Arabic letters...).

    The verdict is :meth:`mujaz.check.Check.to_dict` less its sentence alignment (which
    says nothing a reader of the column needs and would double its size):
    ``{"consistent", "score", "problems": [{kind, message, span, evidence, text,
    evidence_text}]}``.
    """
    if summary is None:
        return None
    if not isinstance(summary, str):
        return {"error": f"the summary is not a string (got {type(summary).__name__})"}
    from mujaz.check import check

    try:
        verdict = check(summary, text, title=title).to_dict()
    except MujazError as exc:
        return {"error": str(exc)}
    verdict.pop("alignment", None)
    return verdict


def summarize_record(record: Record, settings: WorkerSettings) -> dict[str, Any]:
    """Summarize one record into an output row; never raises for a bad record.

    The row has the columns of :data:`mujaz.io.writers.COLUMNS` (plus ``text`` with
    ``keep_text``): ``status`` is ``ok``, ``error`` (``error`` says why) or ``skipped``
    (empty text); ``offsets`` are ``[start, end]`` pairs of the summary's units in the
    summarized text (for HTML, the extracted text).
    """
    return _extra_columns(_summarize_record(record, settings), settings)


def _summarize_record(record: Record, settings: WorkerSettings) -> dict[str, Any]:
    from mujaz.api import Summarizer

    if record.error is not None or record.content is None:
        return _error_row(record, record.error or "no content")
    title, date, url = record.title, None, record.url
    try:
        document = read_document(record.content, input_format=settings.input_format, title=record.title,
                                 url=record.url, source=str(record.id))
        text, title, date, url = document.text, document.title, document.date, document.url
        if not text.strip():
            row = _error_row(record, "empty text", status="skipped")
            row.update(title=title, date=date, url=url)
            return row
        # A Summarizer is only its options (resources are loaded once per process).
        summary = Summarizer.from_config(settings.config, settings.llm).summarize(text, title=document.summary_title)
    except MujazError as exc:
        row = _error_row(record, str(exc))
        row.update(title=title, date=date, url=url)
        return row
    except Exception as exc:  # noqa: BLE001 - one text hitting a bug must not end a long run
        return _error_row(record, f"internal error: {type(exc).__name__}: {exc}")
    row = {
        "row": record.row, "id": record.id, "status": "ok", "error": None, "summary": summary.text,
        "headline": summary.headline, "points": [p.text for p in summary.points],
        "offsets": [[u.span.start, u.span.end] for u in summary.units], "word_count": summary.word_count,
        "title": title, "date": date, "url": url,
    }
    if settings.keep_text:
        row["text"] = text
    if settings.check:
        row["check"] = check_cell(record.summary, text, title=document.summary_title)
    if settings.llm is not None:
        usage = summary.settings.get("llm", {})
        row.update(method=summary.method, fallback=(summary.fallback or {}).get("reason"),
                   prompt_tokens=usage.get("prompt_tokens", 0), completion_tokens=usage.get("completion_tokens", 0))
    return row


def summarize_chunk(settings: WorkerSettings, records: list[Record]) -> list[dict[str, Any]]:
    """Summarize a chunk of records (the task a worker runs), rows in the records' order.

    For ``method="llm"`` the records are summarized by up to ``settings.llm.concurrency``
    threads, since each waits on the server rather than on this core.
    """
    threads = min(settings.llm.concurrency, len(records)) if settings.llm is not None else 1
    if threads <= 1:
        return [summarize_record(record, settings) for record in records]
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mujaz-llm")
    try:
        # map() yields in submission order: the rows keep the input's order.
        return list(pool.map(lambda record: summarize_record(record, settings), records))
    finally:
        # Interrupted (Ctrl-C in a --workers 1 run): the records not started are dropped
        # rather than each waiting on the server; the chunk is not written, resume redoes it.
        pool.shutdown(wait=True, cancel_futures=True)


_PARENT_POLL_S = 1.0


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(_PARENT_POLL_S)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group; the runner shuts the pool down, and a worker
    # printing its own KeyboardInterrupt traceback would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A runner killed with SIGKILL cannot stop its pool, and the workers would wait on their
    # task queue forever (each holds both ends of its pipe, so it never sees end-of-file).
    # A worker whose parent is gone exits.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="mujaz-parent-watch", daemon=True).start()


# --- the runner ------------------------------------------------------------------------

# Environment variables that size BLAS thread pools, read when numpy loads.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes, each with single-threaded BLAS.

    Each worker is one core's worth of work; numpy's BLAS starting its own threads in every
    worker would oversubscribe the cores (and OpenBLAS threads spin), so the workers are
    started with one BLAS thread unless the user's environment says otherwise. The variables
    are set only while the workers start (they inherit this process's environment), then
    restored.
    """
    import multiprocessing

    saved = {name: os.environ.get(name) for name in _BLAS_THREAD_VARIABLES}
    for name, value in saved.items():
        if value is None:
            os.environ[name] = "1"
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)
        # Workers are spawned on demand; submitting one task per worker while none is idle
        # starts them all now, under the environment above.
        for future in [pool.submit(os.getpid) for _ in range(workers)]:
            future.result()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
    return pool



class _InlineExecutor(Executor):
    """Runs each task at once in this process (``workers=1``: no pool, no pickling)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - delivered through the future, like a pool's
            future.set_exception(exc)
        return future


def _weight(record: Record) -> int:
    return len(record.content) if record.content is not None else 0


def _chunks(records: Iterable[Record], size: int, max_bytes: int | None = None) -> Iterator[list[Record]]:
    """Chunks of at most ``size`` records, closed early once their content reaches ``max_bytes``
    (default :data:`MAX_CHUNK_BYTES`)."""
    max_bytes = MAX_CHUNK_BYTES if max_bytes is None else max_bytes
    chunk: list[Record] = []
    weight = 0
    for record in records:
        chunk.append(record)
        weight += _weight(record)
        if len(chunk) >= size or weight >= max_bytes:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def _resume_position(reader: RecordReader, writer: RowWriter) -> int:
    """Skip the records the output already holds, checking that the input is the same."""
    if writer.done == 0:
        return 0
    last = reader.skip(writer.done)
    if last is None or last.id != writer.last_id:
        got = None if last is None else last.id
        raise InputError(
            f"cannot resume: row {writer.done - 1} of the output has id {writer.last_id!r} but the input has "
            f"{got!r} there; is this the same input? (use --overwrite to start again)"
        )
    return writer.done


def run_batch(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    executor: Executor | None = None,
    executor_slots: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    stdin: Any = None,
    stdout: Any = None,
    **options: Any,
) -> BatchReport:
    """Summarize every record of ``source`` into ``output``, one row per record, in order.

    Args:
        source: the input path (``"-"``: standard input), see :func:`mujaz.io.open_records`.
        output: the output path (``"-"``: JSONL on standard output); see
            :func:`mujaz.io.open_writer`.
        executor: where chunks run; by default a pool of ``workers`` processes (or this
            process for ``workers=1``). A Dask client's executor spreads them over a cluster.
        executor_slots: how many tasks ``executor`` runs at once (sizes the window;
            default ``workers``).
        progress: called after each written chunk with (rows done so far, counting resumed
            rows; the input's rows: exact once the input is read to its end, estimated
            from the share of the input read until then, ``None`` when that is unknown,
            as on standard input).
        stdin, stdout: binary input stream and text output stream for ``"-"`` (tests).
        **options: :class:`BatchOptions` fields (summary options, field names, ``workers``,
            ``resume`` ...).

    Returns:
        A :class:`BatchReport`.

    Raises:
        ConfigError: an option is invalid, or the output exists without resume/overwrite.
        InputError: the input cannot be read, or the output cannot be resumed from it.
        MujazError: a worker process died (rerun with ``resume=True`` to continue).

    Worker processes are spawned, so a script that calls this with ``workers > 1`` must
    guard its entry point with ``if __name__ == "__main__":``, as with any
    :mod:`multiprocessing` code.
    """
    opts = BatchOptions.from_options(**options)
    if str(source) != "-" and str(output) != "-" and os.path.realpath(source) == os.path.realpath(output):
        raise ConfigError(f"the output {output} is the input; write the summaries somewhere else")
    started = time.perf_counter()
    report = BatchReport(output=str(output), check=opts.check, llm=opts.llm)
    # The input first: a missing or unreadable input must not leave an empty output behind.
    with open_records(source, input_type=opts.input_type, text_field=opts.text_field, id_field=opts.id_field,
                      title_field=opts.title_field, url_field=opts.url_field,
                      summary_field=opts.summary_field if opts.check else None, stream=stdin) as reader:
        writer = open_writer(output, output_format=opts.output_format, resume=opts.resume,
                             overwrite=opts.overwrite, part_rows=opts.part_rows, keep_text=opts.keep_text,
                             check=opts.check, llm=opts.llm, stream=stdout)
        try:
            report.resumed = _resume_position(reader, writer)
            counted = _CountedRecords(reader, report.resumed, opts.limit)
            if progress is not None:
                progress(report.resumed, counted.total_estimate())
            _run(counted, writer, report, opts, executor=executor, slots=executor_slots or opts.workers,
                 on_written=None if progress is None else
                 lambda: progress(report.resumed + report.written, counted.total_estimate()))
        finally:
            writer.close()
            report.elapsed = time.perf_counter() - started
    return report


class _CountedRecords:
    """The records to run (after ``resumed`` already done, up to ``limit``), counted as they
    are read, so that progress can count rows rather than bytes."""

    def __init__(self, reader: Any, resumed: int, limit: int | None) -> None:
        self._reader, self._limit = reader, limit
        self.read = resumed
        self.finished = limit is not None and resumed >= limit

    def __iter__(self) -> Iterator[Record]:
        if self.finished:
            return
        for record in self._reader:
            self.read += 1
            yield record
            if self._limit is not None and self.read >= self._limit:
                break
        self.finished = True

    def total_estimate(self) -> int | None:
        """The input's rows: exact when read to the end, else extrapolated from the bytes read."""
        if self.finished:
            return self.read
        fraction = self._reader.progress()
        estimate = round(self.read / fraction) if fraction else None
        if self._limit is not None:
            estimate = self._limit if estimate is None else min(estimate, self._limit)
        return estimate


def _run(records: Iterable[Record], writer: RowWriter, report: BatchReport, opts: BatchOptions, *,
         executor: Executor | None, slots: int, on_written: Callable[[], None] | None) -> None:
    """Send chunks to the executor, at most ``window`` in flight, and write results in order."""
    settings = opts.worker_settings()
    owned: Executor | None = None
    if executor is None:
        executor = owned = _InlineExecutor() if opts.workers == 1 else _start_pool(opts.workers)
    window = opts.window or 2 * slots + 2
    pending: deque[tuple[Future, int]] = deque()
    inflight = 0

    def complete_up_to() -> str:
        return f"the output is complete up to row {report.resumed + report.written - 1}: rerun with --resume to continue"

    def drain_one() -> None:
        nonlocal inflight
        future, weight = pending.popleft()
        inflight -= weight
        try:
            rows = future.result()
        except BrokenProcessPool as exc:
            raise MujazError(f"a worker process died ({exc}); {complete_up_to()}") from None
        except MujazError:
            raise
        except Exception as exc:  # noqa: BLE001 - a task lost by the executor, not by a row
            raise MujazError(f"a task failed in the executor ({type(exc).__name__}: {exc}); {complete_up_to()}") from exc
        writer.write(rows)
        report.add(rows)
        if on_written is not None:
            on_written()

    try:
        for chunk in _chunks(records, opts.chunk_size):
            weight = sum(map(_weight, chunk))
            while pending and (len(pending) >= window or inflight + weight > MAX_INFLIGHT_BYTES):
                drain_one()
            pending.append((executor.submit(summarize_chunk, settings, chunk), weight))
            inflight += weight
        while pending:
            drain_one()
    except BrokenProcessPool as exc:  # raised by submit() once the pool is broken
        raise MujazError(f"a worker process died ({exc}); {complete_up_to()}") from None
    finally:
        for future, _ in pending:
            future.cancel()
        if owned is not None:
            owned.shutdown(wait=True, cancel_futures=True)
