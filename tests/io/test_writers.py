"""Tests for mujaz.io.writers: resumable JSONL and Parquet output."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from mujaz import ConfigError, InputError
from mujaz.io.writers import COLUMNS, JsonlWriter, ParquetWriter, open_writer, parquet_schema
from tests._batch_support import read_jsonl

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _rows(start: int, stop: int) -> list[dict[str, Any]]:
    return [
        {"row": i, "id": f"id-{i}", "status": "ok", "error": None, "summary": f"ملخص {i}", "headline": "عنوان",
         "points": ["نقطة"], "offsets": [[0, 5], [7, 9]], "word_count": 2, "title": None, "date": None, "url": None}
        for i in range(start, stop)
    ]


# --- JSONL -------------------------------------------------------------------------------


def test_writers_jsonl_writes_one_object_per_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    writer = open_writer(path)
    writer.write(_rows(0, 3))
    writer.write([])
    writer.close()
    text = path.read_text(encoding="utf-8")
    assert "ملخص" in text  # Arabic is not escaped
    assert read_jsonl(path) == _rows(0, 3)


def test_writers_jsonl_existing_output_needs_resume_or_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(_rows(0, 1)[0]) + "\n")
    with pytest.raises(ConfigError, match="--resume .* --overwrite"):
        open_writer(path)
    writer = open_writer(path, overwrite=True)
    assert writer.done == 0
    writer.close()
    assert path.read_text() == ""


def test_writers_jsonl_empty_existing_file_is_not_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.touch()
    open_writer(path).close()


@pytest.mark.parametrize("torn", [b"", b'{"row": 3, "id": "id-3", "sta', b'{"row": 3', b"\xd9"])
def test_writers_jsonl_resume_truncates_the_torn_last_line(tmp_path: Path, torn: bytes) -> None:
    path = tmp_path / "out.jsonl"
    writer = open_writer(path)
    writer.write(_rows(0, 3))
    writer.close()
    with open(path, "ab") as handle:
        handle.write(torn)
    writer = open_writer(path, resume=True)
    assert (writer.done, writer.last_id) == (3, "id-2")
    writer.write(_rows(3, 5))
    writer.close()
    assert read_jsonl(path) == _rows(0, 5)


def test_writers_jsonl_resume_drops_an_invalid_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows(0, 2)) + "garbage\n")
    writer = open_writer(path, resume=True)
    assert writer.done == 2
    writer.close()
    assert len(read_jsonl(path)) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("garbage\n" + json.dumps(_rows(0, 1)[0]) + "\n", "not valid JSON"),
        (json.dumps(_rows(1, 2)[0]) + "\n", "not row 0"),
        ('{"id": "x"}\n', "not row 0"),
    ],
)
def test_writers_jsonl_resume_refuses_damaged_or_foreign_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        open_writer(path, resume=True)


def test_writers_jsonl_resume_of_missing_file_starts_it(tmp_path: Path) -> None:
    writer = open_writer(tmp_path / "new.jsonl", resume=True)
    assert (writer.done, writer.last_id) == (0, None)
    writer.close()


def test_writers_jsonl_stream() -> None:
    stream = io.StringIO()
    writer = open_writer("-", stream=stream)
    writer.write(_rows(0, 2))
    writer.close()
    assert [json.loads(line) for line in stream.getvalue().splitlines()] == _rows(0, 2)


@pytest.mark.parametrize("options", [{"resume": True}, {"output_format": "parquet"}])
def test_writers_stdout_refuses_resume_and_parquet(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        open_writer("-", **options)


def test_writers_jsonl_output_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        JsonlWriter(tmp_path)


def test_writers_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="auto, jsonl, parquet"):
        open_writer(tmp_path / "x", output_format="csv")


# --- Parquet -----------------------------------------------------------------------------


def test_writers_parquet_parts_are_whole_and_read_as_one_table(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    writer = open_writer(path, part_rows=4)
    assert isinstance(writer, ParquetWriter)
    writer.write(_rows(0, 3))
    assert not list(path.glob("part-*"))  # nothing until a part is full
    writer.write(_rows(3, 10))
    assert sorted(p.name for p in path.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    writer.close()
    table = pq.read_table(path)
    assert table.schema.names == list(COLUMNS)
    assert table.to_pylist() == _rows(0, 10)


def test_writers_parquet_resume_continues_after_the_last_whole_part(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    writer = open_writer(path, part_rows=4)
    writer.write(_rows(0, 9))  # two parts written, one row buffered: a kill loses that row
    del writer
    (path / "part-00002.parquet.tmp").write_bytes(b"half a file")
    writer = open_writer(path, resume=True, part_rows=4)
    assert (writer.done, writer.last_id) == (8, "id-7")
    assert not list(path.glob("*.tmp"))
    writer.write(_rows(8, 11))
    writer.close()
    assert pq.read_table(path).to_pylist() == _rows(0, 11)


def test_writers_parquet_existing_output_needs_resume_or_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    writer = open_writer(path, part_rows=2)
    writer.write(_rows(0, 4))
    writer.close()
    with pytest.raises(ConfigError, match="--resume"):
        open_writer(path)
    open_writer(path, overwrite=True).close()
    assert not list(path.iterdir())


def test_writers_parquet_resume_refuses_a_gap(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    writer = open_writer(path, part_rows=2)
    writer.write(_rows(0, 6))
    writer.close()
    (path / "part-00001.parquet").unlink()
    with pytest.raises(InputError, match="part 00001 is missing"):
        open_writer(path, resume=True)


def test_writers_parquet_keep_text_adds_a_column(tmp_path: Path) -> None:
    assert "text" in parquet_schema(keep_text=True).names
    assert "text" not in parquet_schema().names
    path = tmp_path / "out.parquet"
    writer = open_writer(path, keep_text=True)
    writer.write([dict(row, text="نص") for row in _rows(0, 2)])
    writer.close()
    assert pq.read_table(path).column("text").to_pylist() == ["نص", "نص"]


def test_writers_parquet_auto_detects_an_existing_parts_folder(tmp_path: Path) -> None:
    path = tmp_path / "out"
    writer = open_writer(path, output_format="parquet", part_rows=2)
    writer.write(_rows(0, 2))
    writer.close()
    resumed = open_writer(path, resume=True)
    assert isinstance(resumed, ParquetWriter) and resumed.done == 2
    resumed.close()


def test_writers_parquet_output_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    path.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        open_writer(path)


def test_writers_parquet_bad_part_rows(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="part_rows"):
        open_writer(tmp_path / "o.parquet", part_rows=0)


# --- one writer per output ---------------------------------------------------------------

from mujaz.io.writers import OutputLockedError  # noqa: E402


@pytest.mark.parametrize("name", ["out.jsonl", "out.parquet"])
def test_writers_second_writer_on_one_output_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    first = open_writer(path, part_rows=2)
    first.write(_rows(0, 3))
    for options in ({}, {"resume": True}, {"overwrite": True}):
        with pytest.raises(OutputLockedError, match=r"being written by another mujaz batch run \(pid \d+\)"):
            open_writer(path, part_rows=2, **options)
    first.write(_rows(3, 4))
    first.close()
    # the refused writers touched nothing: the output is whole, and can be continued
    second = open_writer(path, resume=True, part_rows=2)
    assert second.done == 4
    second.close()


def test_writers_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "out.jsonl"
    code = ("import sys, time; from mujaz.io.writers import open_writer; "
            "w = open_writer(sys.argv[1]); print('locked', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputLockedError, match=f"pid {holder.pid}"):
            open_writer(path, overwrite=True)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    began = time.monotonic()
    open_writer(path, overwrite=True).close()  # no stale lock after kill -9
    assert time.monotonic() - began < 1


def test_writers_os_errors_are_one_line(tmp_path: Path) -> None:
    from mujaz import MujazError

    (tmp_path / "file").write_text("x")
    for target, words in ((tmp_path / "file" / "out.jsonl", "not a directory"),
                          (tmp_path / ("ب" * 300 + ".jsonl"), "too long"),
                          (tmp_path / "missing" / "out.jsonl", "does not exist")):
        with pytest.raises(MujazError, match=words) as info:
            open_writer(target)
        assert "\n" not in str(info.value)


@pytest.mark.timeout(20, method="thread")  # opening a FIFO for writing would wait for a reader
def test_writers_fifo_output_is_refused_and_devices_are_written(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "out.jsonl")
    with pytest.raises(ConfigError, match="FIFO"):
        open_writer(tmp_path / "out.jsonl")
    writer = open_writer(os.devnull)  # no lock file is made in /dev
    writer.write(_rows(0, 2))
    writer.close()
    assert not Path(os.devnull + ".lock").exists()


def test_writers_parquet_check_and_llm_columns_only_when_asked(tmp_path: Path) -> None:
    assert "check" not in parquet_schema().names and "method" not in parquet_schema().names
    assert parquet_schema(check=True).field("check").type == pa.string()
    assert parquet_schema(llm=True).names[-4:] == ["method", "fallback", "prompt_tokens", "completion_tokens"]
    writer = ParquetWriter(tmp_path / "out.parquet", check=True)
    verdict = {"consistent": False, "score": 0.5, "problems": [{"kind": "number", "text": "٣٤٠"}]}
    rows = _rows(0, 2)
    rows[0]["check"] = verdict
    writer.write(rows)
    writer.close()
    cells = pq.read_table(tmp_path / "out.parquet").column("check").to_pylist()
    assert cells[1] is None and json.loads(cells[0]) == verdict
