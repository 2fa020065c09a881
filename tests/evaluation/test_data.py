"""Tests for mujaz.evaluation.data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mujaz.errors import ConfigError, DataError
from mujaz.evaluation.data import EvalRecord, read_records


def _record(i: int, **changes) -> dict:
    base = {"id": f"r{i}", "source": "test", "title": None, "text": f"نص المقال رقم {i}.",
            "summary": f"ملخص {i}", "summaries": [f"ملخص {i}"], "url": None}
    base.update(changes)
    return base


def _write(tmp_path: Path, lines: list[str], name: str = "set.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_data_reads_records_in_order(tmp_path):
    path = _write(tmp_path, [_dumps(_record(i, title="عنوان" if i == 1 else None)) for i in range(3)])
    records = list(read_records(path))
    assert [r.id for r in records] == ["r0", "r1", "r2"]
    assert records[1] == EvalRecord(id="r1", text="نص المقال رقم 1.", summaries=("ملخص 1",), title="عنوان",
                                    source="test")
    assert records[0].title is None


def test_data_limit_stops_early(tmp_path):
    lines = [_dumps(_record(i)) for i in range(3)] + ["this line is never read"]
    assert [r.id for r in read_records(_write(tmp_path, lines), limit=2)] == ["r0", "r1"]


def test_data_streams_lazily(tmp_path):
    lines = [_dumps(_record(0)), "{broken"]
    records = read_records(_write(tmp_path, lines))
    assert next(records).id == "r0"
    with pytest.raises(DataError, match=":2: invalid JSON"):
        next(records)


def test_data_skips_blank_lines_and_bom(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(("\ufeff" + _dumps(_record(0)) + "\n\n   \n" + _dumps(_record(1)) + "\n").encode("utf-8"))
    assert [r.id for r in read_records(path)] == ["r0", "r1"]


def test_data_falls_back_to_summary_field(tmp_path):
    rec = _record(0)
    del rec["summaries"]
    assert next(read_records(_write(tmp_path, [_dumps(rec)]))).summaries == ("ملخص 0",)


def test_data_keeps_multiple_references(tmp_path):
    rec = _record(0, summaries=["أ", "ب"])
    assert next(read_records(_write(tmp_path, [_dumps(rec)]))).summaries == ("أ", "ب")


def test_data_missing_file_raises(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_records(tmp_path / "absent.jsonl")


def test_data_directory_raises(tmp_path):
    with pytest.raises(DataError, match="not a regular file"):
        read_records(tmp_path)


def test_data_empty_file_raises(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        read_records(path)


def test_data_only_blank_lines_raises(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(DataError, match="no records"):
        list(read_records(path))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        (_dumps({k: v for k, v in _record(0).items() if k != "id"}), "'id' must be a string, got missing"),
        (_dumps(_record(0, text=None)), "'text' must be a string, got a NoneType"),
        (_dumps(_record(0, source=3)), "'source' must be a string"),
        (_dumps(_record(0, summaries="ملخص")), "'summaries' must be a list of strings"),
        (_dumps(_record(0, summaries=[])), "'summaries' is empty"),
        (_dumps(_record(0, summaries=["ملخص", " "])), r"summaries\[1\] is blank"),
        (_dumps(_record(0, title=["x"])), "'title' must be a string or null"),
        (_dumps({"id": "x", "source": "s", "text": "t"}), "neither 'summaries' nor 'summary'"),
    ],
)
def test_data_malformed_line_raises_with_line_number(tmp_path, line, message):
    path = _write(tmp_path, [_dumps(_record(0)), "", line])
    with pytest.raises(DataError, match=rf"set\.jsonl:3: .*{message}"):
        list(read_records(path))


def test_data_invalid_utf8_raises_with_line_number(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(_dumps(_record(0)).encode("utf-8") + b"\n" + b'{"id": "\xe9"}\n')
    with pytest.raises(DataError, match=r"latin\.jsonl:2: not valid UTF-8"):
        list(read_records(path))


@pytest.mark.parametrize("limit", [0, -1, 1.5, True, "3"])
def test_data_bad_limit_raises(tmp_path, limit):
    with pytest.raises(ConfigError):
        read_records(_write(tmp_path, [_dumps(_record(0))]), limit=limit)
