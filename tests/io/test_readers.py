"""Tests for mujaz.io.readers: batch inputs as streams of records."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from mujaz import ConfigError, InputError
from mujaz.io.readers import Record, detect_input_type, open_records, record_from_mapping
from tests._batch_support import HTML_FIXTURES, SAMPLES, make_articles, write_jsonl

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

TEXT = "عنوان الخبر\nفقرة أولى من الخبر فيها جملة كاملة."


def _assert_skip_resumes_at(path: Path, count: int) -> None:
    """skip(count) returns the count-th record, and reading goes on right after it."""
    expected = _all(path)
    with open_records(path) as reader:
        last = reader.skip(count)
        rest = list(reader)
    assert last == (expected[count - 1] if count else None)
    assert rest == expected[count:]


def _all(source: Path | str, **options: object) -> list[Record]:
    with open_records(source, **options) as reader:  # type: ignore[arg-type]
        return list(reader)


# --- JSONL -------------------------------------------------------------------------------


def test_readers_jsonl_records_in_order(tmp_path: Path) -> None:
    articles = make_articles(20)
    records = _all(write_jsonl(tmp_path / "a.jsonl", articles))
    assert [r.id for r in records] == [a["id"] for a in articles]
    assert [r.row for r in records] == list(range(20))
    assert [r.content for r in records] == [a["text"] for a in articles]
    assert all(r.title == a["title"] and r.error is None for r, a in zip(records, articles))


def test_readers_jsonl_bad_lines_become_error_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False),
        "",
        "{not json",
        "[1, 2]",
        json.dumps({"id": "d"}),
        json.dumps({"id": "e", "text": 42}),
        json.dumps({"text": TEXT, "title": "  ", "url": "https://example.org/x"}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "\ud800" + TEXT}),
        json.dumps({"id": None, "text": None}),
    ]
    records = _all(write_jsonl(tmp_path / "a.jsonl", lines))
    assert [r.row for r in records] == list(range(8))  # the blank line is not a record
    assert [r.id for r in records] == ["a", "line-3", "line-4", "d", "e", "line-7", "7", "line-9"]
    errors = [r.error for r in records]
    assert errors[0] is None
    assert errors[1].startswith("line 3: invalid JSON")
    assert errors[2] == "line 4: not a JSON object"
    assert errors[3] == "field 'text' is missing"
    assert errors[4] == "field 'text' is not a string (got int)"
    assert errors[5] is None and records[5].title is None and records[5].url == "https://example.org/x"
    assert records[6].content == "\ufffd" + TEXT  # a lone surrogate would break the output
    assert errors[7] == "field 'text' is missing"


def test_readers_jsonl_invalid_utf8_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "x", "text": "\xd9\x86\xff\xd8\xb5"}\n')
    (record,) = _all(path)
    assert record.content == "ن\ufffdص"


def test_readers_jsonl_gzip_and_progress(tmp_path: Path) -> None:
    articles = make_articles(300)
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    with open_records(path) as reader:
        assert reader.progress() == 0.0
        records = list(reader)
        assert reader.progress() == 1.0
    assert [r.id for r in records] == [a["id"] for a in articles]


@pytest.mark.parametrize("count", [0, 1, 7, 20])
def test_readers_jsonl_skip_returns_last_skipped_and_continues(tmp_path: Path, count: int) -> None:
    articles = make_articles(20)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    lines.insert(3, "")  # blank lines do not count
    lines.insert(5, "{broken")  # malformed lines do
    path = write_jsonl(tmp_path / "a.jsonl", lines)
    _assert_skip_resumes_at(path, count)


def test_readers_jsonl_skip_past_the_end_raises(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", make_articles(3))
    with open_records(path) as reader, pytest.raises(InputError, match="fewer than 4"):
        reader.skip(4)


def test_readers_jsonl_from_stream() -> None:
    data = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in make_articles(5)).encode()
    with open_records("-", stream=io.BytesIO(data)) as reader:
        assert reader.progress() is None
        assert len(list(reader)) == 5


def test_readers_custom_field_names(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"guid": "g1", "body": TEXT, "headline": "عنوان"}])
    (record,) = _all(path, text_field="body", id_field="guid", title_field="headline")
    assert (record.id, record.content, record.title) == ("g1", TEXT, "عنوان")


# --- CSV -----------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_readers_csv_multiline_fields_and_bom(tmp_path: Path, suffix: str, delimiter: str) -> None:
    articles = make_articles(10, short=False)
    path = _write_csv(tmp_path / f"a{suffix}", [{"id": a["id"], "text": a["text"]} for a in articles], delimiter)
    records = _all(path)
    assert [r.id for r in records] == [a["id"] for a in articles]
    assert [r.content for r in records] == [a["text"] for a in articles]


def test_readers_csv_long_field(tmp_path: Path) -> None:
    text = (TEXT + "\n") * 20_000  # ~1 MB, past csv's default 128 KiB field limit
    (record,) = _all(_write_csv(tmp_path / "a.csv", [{"id": "big", "text": text}]))
    assert record.content == text


def test_readers_csv_missing_column_lists_columns(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "a.csv", [{"id": "1", "body": TEXT}])
    with pytest.raises(InputError, match=r"no column 'text'; columns: id, body"):
        open_records(path)


def test_readers_csv_short_rows_and_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,text,title\n1,نص\n2,,عنوان\n,نص آخر,\n", encoding="utf-8")
    records = _all(path)
    assert [r.id for r in records] == ["1", "2", "row-3"]
    assert records[0].content == "نص" and records[0].title is None
    assert records[1].content == "" and records[1].title == "عنوان"


def test_readers_csv_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        open_records(path)


def test_readers_csv_from_stream() -> None:
    data = "id,text\nx,نص\n".encode()
    with open_records("-", input_type="csv", stream=io.BytesIO(data)) as reader:
        assert [(r.id, r.content) for r in reader] == [("x", "نص")]


# --- Parquet -------------------------------------------------------------------------------


def _write_parquet(tmp_path: Path, articles: list[dict], *, files: int = 1, group: int = 7) -> Path:
    if files == 1:
        path = tmp_path / "a.parquet"
        pq.write_table(pa.Table.from_pylist(articles), path, row_group_size=group)
        return path
    folder = tmp_path / "parts"
    folder.mkdir()
    size = -(-len(articles) // files)
    for i in range(files):
        chunk = articles[i * size : (i + 1) * size]
        pq.write_table(pa.Table.from_pylist(chunk), folder / f"p{i}.parquet", row_group_size=group)
    return folder


@pytest.mark.parametrize("files", [1, 3])
def test_readers_parquet_file_and_folder(tmp_path: Path, files: int) -> None:
    articles = make_articles(40)
    path = _write_parquet(tmp_path, articles, files=files)
    assert detect_input_type(path) == "parquet"
    with open_records(path) as reader:
        records = list(reader)
        assert reader.progress() == 1.0
    assert [r.id for r in records] == [a["id"] for a in articles]
    assert [r.row for r in records] == list(range(40))


@pytest.mark.parametrize("count", [0, 1, 6, 7, 8, 13, 14, 15, 39, 40])
def test_readers_parquet_skip_across_row_groups_and_files(tmp_path: Path, count: int) -> None:
    articles = make_articles(40)
    path = _write_parquet(tmp_path, articles, files=3)
    _assert_skip_resumes_at(path, count)


def test_readers_parquet_missing_column_and_non_string(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": [1, 2], "body": ["نص", "نص"]}), path)
    with pytest.raises(InputError, match="no column 'text'; columns: id, body"):
        open_records(path)
    pq.write_table(pa.table({"id": [1, 2], "text": [3, None]}), path)
    records = _all(path)
    assert [r.error for r in records] == ["field 'text' is not a string (got int)", "field 'text' is missing"]
    assert [r.id for r in records] == ["1", "2"]


def test_readers_parquet_binary_column_gives_bytes(tmp_path: Path) -> None:
    html = (HTML_FIXTURES / "news-cp1256-meta.html").read_bytes()
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["p"], "text": pa.array([html], pa.binary())}), path)
    (record,) = _all(path)
    assert record.content == html


def test_readers_parquet_not_parquet(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    path.write_text("not parquet")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        open_records(path)


def test_readers_parquet_from_stdin_is_refused() -> None:
    with pytest.raises(ConfigError, match="standard input"):
        open_records("-", input_type="parquet")


# --- folders -------------------------------------------------------------------------------


def test_readers_dir_walks_sorted_and_names_by_relative_path(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "page.HTML").write_bytes((HTML_FIXTURES / "news-no-charset.html").read_bytes())
    (tmp_path / "1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    with open_records(tmp_path) as reader:
        assert reader.progress() == 0.0
        records = list(reader)
        assert reader.progress() == 1.0
    assert [r.id for r in records] == ["1.txt", "a/page.HTML", "b/2.txt"]
    assert all(isinstance(r.content, bytes) for r in records)


@pytest.mark.parametrize("count", [0, 2, 4])
def test_readers_dir_skip(tmp_path: Path, count: int) -> None:
    for path in SAMPLES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    expected = _all(tmp_path)
    with open_records(tmp_path) as reader:
        last = reader.skip(count)
        rest = list(reader)
    assert (last.id if last else None) == (expected[count - 1].id if count else None)
    assert rest == expected[count:]


# --- choosing a reader -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.csv", "csv"), ("a.tsv", "tsv"),
     ("a.parquet", "parquet"), ("a.pq", "parquet")],
)
def test_readers_detect_input_type(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text("")
    assert detect_input_type(path) == kind


def test_readers_detect_input_type_unknown_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text("")
    with pytest.raises(ConfigError, match="--input-type"):
        detect_input_type(path)
    with pytest.raises(InputError, match="no such file"):
        open_records(tmp_path / "missing.jsonl")
    with pytest.raises(ConfigError, match="valid values"):
        open_records(path, input_type="xml")


def test_readers_record_from_mapping_nan_is_missing() -> None:
    record = record_from_mapping(0, "row-1", {"text": float("nan"), "id": float("nan")})
    assert record.error == "field 'text' is missing" and record.id == "row-1"
