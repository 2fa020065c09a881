"""Reading evaluation sets: JSONL files of article / reference-summary pairs.

One JSON object per line, UTF-8 (the schema of ``shared/data/README.md``)::

    {"id": str, "source": str, "title": str | null, "text": str, "summary": str,
     "summaries": [str, ...], "url": str | null}

``summaries`` is preferred; a record with only ``summary`` is read as one reference.
Blank lines are skipped. The reader streams: a large file is never held in memory.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from mujaz.errors import ConfigError, DataError

__all__ = ["EvalRecord", "read_records", "parse_record"]


@dataclass(frozen=True, slots=True)
class EvalRecord:
    """One evaluation item: an article and its reference summaries.

    Attributes:
        id: the item's identifier in its dataset.
        text: the article body, paragraphs separated by ``\\n``.
        summaries: the reference summaries (at least one, none blank).
        title: the headline when it is kept apart from the text, else ``None``.
        source: the dataset name (for example ``"ant-bbc"``).
    """

    id: str
    text: str
    summaries: tuple[str, ...]
    title: str | None
    source: str


def _field(obj: dict[str, Any], name: str) -> str:
    value = obj.get(name)
    if not isinstance(value, str):
        got = "missing" if name not in obj else f"a {type(value).__name__}"
        raise DataError(f"field {name!r} must be a string, got {got}")
    return value


def parse_record(obj: object) -> EvalRecord:
    """Build an :class:`EvalRecord` from one decoded JSON value.

    Args:
        obj: the decoded line.

    Returns:
        The record.

    Raises:
        DataError: the value does not follow the schema (the message says why;
            :func:`read_records` adds the file name and line number).
    """
    if not isinstance(obj, dict):
        raise DataError(f"expected a JSON object, got {type(obj).__name__}")
    record_id = _field(obj, "id")
    text = _field(obj, "text")
    source = _field(obj, "source")
    if "summaries" in obj:
        refs = obj["summaries"]
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise DataError("field 'summaries' must be a list of strings")
    elif "summary" in obj:
        refs = [_field(obj, "summary")]
    else:
        raise DataError("record has neither 'summaries' nor 'summary'")
    if not refs:
        raise DataError("field 'summaries' is empty")
    for i, ref in enumerate(refs):
        if not ref.strip():
            # A blank reference would score every system 0 and silently drag the means down.
            raise DataError(f"summaries[{i}] is blank")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise DataError(f"field 'title' must be a string or null, got a {type(title).__name__}")
    return EvalRecord(id=record_id, text=text, summaries=tuple(refs), title=title, source=source)


def read_records(path: str | os.PathLike[str], *, limit: int | None = None) -> Iterator[EvalRecord]:
    """Stream the records of a JSONL evaluation file.

    The file is checked when this is called; lines are read and checked as the
    iterator is consumed.

    Args:
        path: the JSONL file.
        limit: stop after this many records.

    Returns:
        An iterator of :class:`EvalRecord`, in file order.

    Raises:
        ConfigError: ``limit`` is not a positive integer.
        DataError: the file is missing, not a file or empty; while iterating, a line is
            not UTF-8, not JSON or not a valid record (the message gives the line number),
            or the file holds no record at all.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ConfigError(f"limit must be a positive integer or None, got {limit!r}")
    file = Path(path)
    if not file.exists():
        raise DataError(f"{file}: no such file")
    if not file.is_file():
        raise DataError(f"{file}: not a regular file")
    if file.stat().st_size == 0:
        raise DataError(f"{file}: the file is empty")
    return _iter_records(file, limit)


def _iter_records(file: Path, limit: int | None) -> Iterator[EvalRecord]:
    count = 0
    # Binary mode so a bad byte is reported with its line number instead of failing the read.
    with file.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(f"{file}:{lineno}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{file}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            try:
                record = parse_record(obj)
            except DataError as exc:
                raise DataError(f"{file}:{lineno}: {exc}") from None
            yield record
            count += 1
            if limit is not None and count >= limit:
                return
    if count == 0:
        raise DataError(f"{file}: no records (only blank lines)")
