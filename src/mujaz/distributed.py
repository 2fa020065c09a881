"""Run mujaz on a Dask cluster when one machine is not enough.

Two ways in, both loading mujaz's resources once per worker thread (the first task a
worker runs builds its :class:`~mujaz.Summarizer`; later tasks reuse it):

* ``mujaz batch INPUT -o OUTPUT --dask tcp://scheduler:8786`` (or :func:`dask_executor`
  with :func:`mujaz.io.batch.run_batch`): this machine reads the input and writes the
  output, in order and resumable, exactly as a local run; the cluster does the
  summarizing. Simple, and right when the input and output live here.
* :func:`summarize_bag` and :func:`summarize_dataframe` map mujaz over a ``dask.bag`` or a
  ``dask.dataframe`` partition by partition, so the workers also read and write (for
  example ``dd.read_parquet("s3://...")`` -> :func:`summarize_dataframe` -> ``to_parquet``).
  Dask retries failed tasks itself; there is no ``--resume`` on this path.

Every machine of the cluster needs mujaz installed (``pip install 'mujaz[dask]'``), the
same version as the client. Dask is imported only inside these functions.

Example:
    >>> from dask.distributed import Client                                   # doctest: +SKIP
    >>> import dask.bag as db                                                 # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")                               # doctest: +SKIP
    >>> bag = db.read_text("articles-*.jsonl").map(json.loads)                # doctest: +SKIP
    >>> rows = summarize_bag(bag, max_words=40).compute()                     # doctest: +SKIP
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from mujaz.config import SummaryConfig
from mujaz.errors import ConfigError, MissingDependencyError, MujazError
from mujaz.io.batch import WorkerSettings, summarize_record
from mujaz.io.readers import INPUT_FORMATS, Record, record_from_mapping

__all__ = [
    "summarize_partition",
    "summarize_bag",
    "summarize_dataframe",
    "dask_executor",
    "FRAME_COLUMNS",
]

# summarize_dataframe's columns: the batch output's, less "row" (the index says where).
FRAME_COLUMNS = ("id", "status", "error", "summary", "headline", "points", "offsets", "word_count",
                 "title", "date", "url")
_CONNECT_TIMEOUT_S = 20


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingDependencyError("dask", "dask") from None
    return distributed


def _settings(options: dict[str, Any], input_format: str, keep_text: bool) -> WorkerSettings:
    if input_format not in INPUT_FORMATS:
        raise ConfigError(f"unknown input_format {input_format!r}; valid values: {', '.join(INPUT_FORMATS)}")
    return WorkerSettings(config=SummaryConfig.from_options(**options), input_format=input_format,
                          keep_text=bool(keep_text))


def _records(items: Iterable[Any], fields: dict[str, Any]) -> Iterator[Record]:
    for row, item in enumerate(items):
        if isinstance(item, (str, bytes)):
            yield Record(row, f"row-{row + 1}", item)
        elif isinstance(item, dict):
            yield record_from_mapping(row, f"row-{row + 1}", item, **fields)
        else:
            yield Record(row, f"row-{row + 1}", None, error=f"expected a dict or a str, got {type(item).__name__}")


def summarize_partition(
    items: Iterable[Any],
    *,
    text_field: str = "text",
    id_field: str = "id",
    title_field: str | None = "title",
    url_field: str | None = "url",
    input_format: str = "auto",
    keep_text: bool = False,
    **options: Any,
) -> list[dict[str, Any]]:
    """Summarize one partition: records (dicts) or texts (str) in, batch output rows out.

    Usable with any framework that maps a function over partitions (Dask, Spark's
    ``mapPartitions``, Ray). Rows are those of ``mujaz batch`` (see
    :func:`mujaz.io.batch.summarize_record`); ``row`` is the position in this partition,
    and records without an id get ``row-N`` (N counted within the partition). A bad record
    becomes a row with ``status="error"``.

    Args:
        items: dicts with a ``text_field`` (and optional id, title, URL fields), or texts.
        text_field, id_field, title_field, url_field: the dicts' keys.
        input_format: ``auto`` (HTML detected by content), ``text`` or ``html``.
        keep_text: add the summarized text as ``text``.
        **options: summary options (``max_words``, ``style``, ``method`` ...).

    Raises:
        ConfigError: an option is invalid.
    """
    settings = _settings(options, input_format, keep_text)
    fields = {"text_field": text_field, "id_field": id_field, "title_field": title_field, "url_field": url_field}
    return [summarize_record(record, settings) for record in _records(items, fields)]


def summarize_bag(bag: Any, **options: Any) -> Any:
    """Map mujaz over a ``dask.bag.Bag`` of records (dicts) or texts, partition by partition.

    Args:
        bag: the input bag.
        **options: as for :func:`summarize_partition` (field names, ``input_format``,
            ``keep_text`` and summary options); checked here, before any task runs.

    Returns:
        A bag of output rows (dicts), one per input item, in order.

    Raises:
        ConfigError: an option is invalid.
        MissingDependencyError: Dask is not installed (``pip install 'mujaz[dask]'``).
    """
    _import_distributed()
    _validate(options)
    return bag.map_partitions(_summarize_bag_partition, options=options)


def _summarize_bag_partition(items: Iterable[Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    return summarize_partition(items, **options)


def _validate(options: dict[str, Any]) -> None:
    summary = {k: v for k, v in options.items()
               if k not in ("text_field", "id_field", "title_field", "url_field", "input_format", "keep_text")}
    _settings(summary, options.get("input_format", "auto"), options.get("keep_text", False))


def _frame_meta(keep_text: bool) -> Any:
    import pandas as pd

    dtypes: dict[str, Any] = {name: object for name in FRAME_COLUMNS}
    dtypes["word_count"] = "Int64"
    if keep_text:
        dtypes["text"] = object
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def _summarize_frame(frame: Any, options: dict[str, Any]) -> Any:
    import pandas as pd

    text_field = options.get("text_field", "text")
    id_field = options.get("id_field", "id")
    wanted = [c for c in (text_field, id_field, options.get("title_field", "title"), options.get("url_field", "url"))
              if c and c in frame.columns]
    items = []
    for label, values in zip(frame.index, frame[wanted].itertuples(index=False, name=None)):
        item = {k: (None if _missing(v, pd) else v) for k, v in zip(wanted, values)}
        if item.get(id_field) is None:
            item[id_field] = str(label)  # rows without an id are named by their index label
        items.append(item)
    rows = summarize_partition(items, **options)
    meta = _frame_meta(bool(options.get("keep_text")))
    result = pd.DataFrame({name: [row.get(name) for row in rows] for name in meta.columns}, index=frame.index)
    return result.astype(meta.dtypes.to_dict())


def _missing(value: Any, pd: Any) -> bool:
    """pandas' missing values: None, NaN, pd.NA and NaT."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def summarize_dataframe(df: Any, **options: Any) -> Any:
    """Map mujaz over a ``dask.dataframe.DataFrame``, partition by partition.

    Args:
        df: the input frame, with a ``text_field`` column (and optionally id, title and URL
            columns; rows without an id are named by their index label).
        **options: as for :func:`summarize_partition`.

    Returns:
        A frame with the same index and the columns of :data:`FRAME_COLUMNS` (plus
        ``text`` with ``keep_text``): ``points`` and ``offsets`` hold lists.

    Raises:
        ConfigError: an option is invalid, or the text column is missing.
        MissingDependencyError: Dask or pandas is not installed.
    """
    _import_distributed()
    try:
        import pandas  # noqa: F401 - dask.dataframe needs it
    except ImportError:
        raise MissingDependencyError("pandas", "dask") from None
    _validate(options)
    text_field = options.get("text_field", "text")
    if text_field not in df.columns:
        raise ConfigError(f"the frame has no column {text_field!r}; columns: {', '.join(map(str, df.columns))}")
    return df.map_partitions(_summarize_frame, options=options, meta=_frame_meta(bool(options.get("keep_text"))))


def _probe() -> str:
    import mujaz

    return mujaz.__version__


@contextmanager
def dask_executor(address: str, *, timeout: float = _CONNECT_TIMEOUT_S) -> Iterator[tuple[Executor, int]]:
    """Connect to a Dask scheduler; yield (an executor for :func:`run_batch`, its thread count).

    Args:
        address: the scheduler, e.g. ``"tcp://scheduler:8786"``.
        timeout: seconds to wait for the connection.

    Raises:
        MissingDependencyError: Dask is not installed.
        MujazError: the scheduler cannot be reached, has no workers, or a worker lacks
            mujaz (or has another version).
    """
    distributed = _import_distributed()
    import mujaz

    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise MujazError(f"cannot connect to the Dask scheduler at {address}: {exc}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            raise MujazError(f"the Dask cluster at {address} has no workers") from None
        versions = client.run(_probe, on_error="return")
        for worker, version in versions.items():
            if isinstance(version, BaseException):
                raise MujazError(
                    f"Dask worker {worker} cannot run mujaz ({type(version).__name__}: {version}); "
                    f"install it there: pip install 'mujaz[dask]'"
                )
            if version != mujaz.__version__:
                raise MujazError(f"Dask worker {worker} has mujaz {version}, this machine {mujaz.__version__}")
        slots = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
