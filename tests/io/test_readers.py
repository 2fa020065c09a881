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


# --- hostile inputs: bounds, nesting, broken quotes, files that are not files ------------


def test_readers_jsonl_line_over_the_limit_is_an_error_row_and_reading_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.readers as readers

    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(readers, "_DRAIN_CHUNK", 64)
    lines = [json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False), '{"id": "big", "text": "' + "ب" * 5000 + '"}',
             "\0" * 3000, json.dumps({"id": "c", "text": TEXT}, ensure_ascii=False)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _all(path)
    assert [r.id for r in records] == ["a", "line-2", "line-3", "c"]
    assert records[1].error == "line 2: 10,026 bytes; the limit for one record is 1,000"
    assert records[2].error is not None and "3,001 bytes" in records[2].error
    assert records[3].content == TEXT
    assert _all(path)[3] == records[3]
    _assert_skip_resumes_at(path, 3)


def test_readers_jsonl_endless_line_without_newline(monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.readers as readers

    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1 << 16)
    stream = io.BytesIO(b"\0" * (5 << 20))  # 5 MB, one line, no newline (head -c 5M /dev/zero)
    records = _all("-", stream=stream)
    assert len(records) == 1 and records[0].error is not None and "5,242,880 bytes" in records[0].error


@pytest.mark.parametrize(
    "line",
    ['{"id": "deep", "text": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}", "[" * 100_000 + "]" * 100_000,
     '{"text": ' + "[" * 3000],
    ids=["object 5,000 deep", "array 100,000 deep", "unclosed 3,000 deep"],
)
def test_readers_jsonl_deep_nesting_is_an_error_row(tmp_path: Path, line: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}, line, {"id": "c", "text": TEXT}])
    records = _all(path)
    assert [r.id for r in records] == ["a", "line-2", "c"]
    assert records[1].error is not None and records[1].error.startswith("line 2: ")
    assert records[2].error is None
    _assert_skip_resumes_at(path, 2)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_readers_csv_unterminated_quote_never_swallows_later_records(tmp_path: Path) -> None:
    path = _csv(tmp_path, f'id,text\na,"{TEXT}"\nb,"{TEXT}\nc,"{TEXT}"\nd,{TEXT.splitlines()[0]}\n')
    records = _all(path)
    by_id = {r.id: r for r in records}
    assert by_id["row-2"].error is not None and "malformed CSV" in by_id["row-2"].error
    assert by_id["c"].content == TEXT
    assert by_id["d"].content == TEXT.splitlines()[0]
    assert by_id["a"].content == TEXT
    assert all("c," not in (r.content or "") for r in records)


def test_readers_csv_quote_never_closed_before_the_end(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'id,text\na,ok text\nb,"never closed\nc,more\nd,last\n')
    records = _all(path)
    assert [r.id for r in records] == ["a", "row-2", "c", "d"]
    assert records[1].error is not None


def test_readers_csv_matches_the_csv_module_on_well_formed_files(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": value, "title": title} for i, (value, title) in enumerate([
        (TEXT, "عنوان"), ('قال: "نعم"، ثم مضى', 'x,"y"'), ("سطر\r\nآخر\n\nوثالث", ""), ("", "فارغ"),
        ('5" شاشة', "بوصة"), ("a,b,c", ",,"),
    ])]
    path = tmp_path / "a.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "title"])
        writer.writeheader()
        writer.writerows(rows)
    with open(path, encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    records = _all(path)
    assert [r.id for r in records] == [e["id"] for e in expected]
    assert [r.content for r in records] == [e["text"] for e in expected]
    assert [r.title for r in records] == [e["title"].strip() or None for e in expected]


def test_readers_csv_stray_quote_in_an_unquoted_field_is_kept(tmp_path: Path) -> None:
    records = _all(_csv(tmp_path, 'id,text\na,شاشة 5" كبيرة\nb,نص\n'))
    assert [(r.id, r.content) for r in records] == [("a", 'شاشة 5" كبيرة'), ("b", "نص")]


def test_readers_csv_long_fields_without_touching_csv_field_size_limit(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    long_text = ("فقرة طويلة من نص الخبر. " * 20_000).strip()  # ~480 KB, over csv's 128 KiB default
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\nlong,"{long_text}"\nnext,نص\n', encoding="utf-8")
    records = _all(path)
    assert records[0].content == long_text and records[1].content == "نص"
    assert csv.field_size_limit() == before


def test_readers_csv_record_over_the_limit_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.readers as readers

    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 500)
    path = _csv(tmp_path, 'id,text\na,"' + "ب\n" * 400 + '"\nb,ok\nc,' + "x" * 900 + "\nd,ok\n")
    records = _all(path)
    assert records[0].error is not None and "over 500" in records[0].error
    assert [r.id for r in records if r.error is None][-2:] == ["b", "d"]
    too_long = [r for r in records if r.error is not None and "a line of 903 characters" in r.error]
    assert len(too_long) == 1  # the line of 900 x's: one error row, then "d" is read


def test_readers_csv_header_with_a_broken_quote_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a valid CSV"):
        open_records(_csv(tmp_path, 'id,"text\na,b\n'))


@pytest.mark.timeout(30, method="thread")  # a FIFO opened blocking would hang: fail loudly
def test_readers_folder_refuses_fifos_devices_and_loops_as_rows(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").symlink_to("/dev/zero")
    (folder / "d.txt").symlink_to(folder / "d.txt")
    (folder / "e.txt").write_text(TEXT, encoding="utf-8")
    records = _all(folder)
    assert [r.id for r in records] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert [r.error is None for r in records] == [True, False, False, False, True]
    assert "FIFO" in (records[1].error or "") and "character device" in (records[2].error or "")
    assert "symbolic links" in (records[3].error or "")
    assert all(str(folder) not in (r.error or "") for r in records)  # ids, not absolute paths


def test_readers_folder_file_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.readers as readers

    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 100)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_bytes(b"x" * 101)
    (folder / "ok.txt").write_bytes(b"x" * 100)
    records = _all(folder)
    assert records[0].error == "big.txt is over 100 bytes; the limit for one record"
    assert records[1].content == b"x" * 100


@pytest.mark.timeout(30, method="thread")
@pytest.mark.parametrize("name", ["in.jsonl", "in.csv"])
def test_readers_fifo_as_the_input_is_refused(tmp_path: Path, name: str) -> None:
    import os

    os.mkfifo(tmp_path / name)
    with pytest.raises(InputError, match="FIFO"):
        open_records(tmp_path / name)


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda t: (t / "l.jsonl").symlink_to(t / "l.jsonl") or t / "l.jsonl", "no such file|symbolic links"),
     (lambda t: t / ("ب" * 300 + ".jsonl"), "too long"),
     (lambda t: (t / "f").write_text("x") and t / "f" / "a.jsonl", "no such file|not a directory")],
    ids=["symlink loop", "300-character name", "path through a file"],
)
def test_readers_open_errors_are_input_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        open_records(make(tmp_path))


# --- the summary field (mujaz batch --check) ----------------------------------------------

_SUMMARY = "ملخص «مُعطى» بأرقام ٣٤٠"


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_readers_summary_field_is_carried_as_read(tmp_path: Path, kind: str) -> None:
    rows = [{"id": "a", "text": "نص", "desk": _SUMMARY}, {"id": "b", "text": "نص", "desk": ""},
            {"id": "c", "text": "نص", "desk": None}]
    if kind == "jsonl":
        path = write_jsonl(tmp_path / "in.jsonl", rows)
    elif kind == "csv":
        path = tmp_path / "in.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "text", "desk"])
            writer.writeheader()
            writer.writerows({**r, "desk": r["desk"] or ""} for r in rows)
    else:
        path = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    with open_records(path, summary_field="desk") as reader:
        assert [r.summary for r in reader] == [_SUMMARY, None, None]  # blank or null: no summary
    with open_records(path, summary_field=None) as reader:
        assert [r.summary for r in reader] == [None, None, None]


def test_readers_summary_field_keeps_a_value_that_is_not_a_string() -> None:
    record = record_from_mapping(0, "row-1", {"text": "نص", "summary": ["a", 1]}, summary_field="summary")
    assert record.summary == ["a", 1] and record.error is None
    missing = record_from_mapping(0, "row-1", {"summary": "ملخص"}, summary_field="summary")
    assert missing.error == "field 'text' is missing" and missing.summary == "ملخص"
    assert record_from_mapping(0, "row-1", {"text": "نص", "summary": float("nan")}, summary_field="summary").summary is None
    assert record_from_mapping(0, "row-1", {"text": "نص", "summary": "ملخص"}).summary is None  # not asked for


def test_readers_summary_field_lone_surrogate_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "نص", "summary": "ملخص \\ud800"}\n', encoding="utf-8")
    with open_records(path) as reader:
        (record,) = list(reader)
    assert record.summary == "ملخص \ufffd"


def test_readers_dir_records_have_no_summary(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    with open_records(tmp_path) as reader:
        assert [r.summary for r in reader] == [None]
