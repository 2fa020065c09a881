"""Tests for ``mujaz batch`` run in-process: inputs, outputs, reports and exit statuses."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from mujaz.cli import main
from mujaz.cli.options import ProgressBar
from tests._batch_support import HTML_FIXTURES, SAMPLES, make_articles, read_jsonl, write_jsonl

pytest.importorskip("pyarrow")


@pytest.fixture
def articles_path(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", make_articles(60))


def _batch(*argv: str) -> int:
    return main(["batch", *argv])


def test_cli_batch_jsonl_to_jsonl(articles_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert _batch(str(articles_path), "-o", str(out), "--workers", "1", "--max-words", "25") == 0
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == [a["id"] for a in make_articles(60)]
    assert all(r["status"] == "ok" and len(r["summary"].split()) <= 25 for r in rows)
    assert set(rows[0]) == {"row", "id", "status", "error", "summary", "headline", "points", "offsets",
                            "word_count", "title", "date", "url"}
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("mujaz batch: 60 rows: 60 ok, 0 failed, 0 skipped in ")
    assert "docs/s" in captured.err and "\r" not in captured.err  # no bar when stderr is not a terminal


def test_cli_batch_two_workers(articles_path: Path, tmp_path: Path) -> None:
    assert _batch(str(articles_path), "-o", str(tmp_path / "a.jsonl"), "--workers", "2", "--chunk-size", "8") == 0
    assert _batch(str(articles_path), "-o", str(tmp_path / "b.jsonl"), "--workers", "1") == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_cli_batch_csv_fields_to_parquet(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    articles = make_articles(25, short=False)
    source = tmp_path / "feed.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["guid", "body", "headline"])
        writer.writerows([a["id"], a["text"], a["title"]] for a in articles)
    out = tmp_path / "out.parquet"
    code = _batch(str(source), "-o", str(out), "--text-field", "body", "--id-field", "guid",
                  "--title-field", "headline", "--workers", "1", "--style", "headline", "--part-rows", "10")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == [a["id"] for a in articles]
    assert table.column("title").to_pylist() == [a["title"] for a in articles]
    assert table.column("summary").to_pylist() == table.column("headline").to_pylist()


def test_cli_batch_folder_of_pages_and_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(HTML_FIXTURES, folder)
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    out = tmp_path / "out.jsonl"
    assert _batch(str(folder), "-o", str(out), "--workers", "1", "--keep-text") == 0
    rows = {r["id"]: r for r in read_jsonl(out)}
    assert set(rows) == {p.name for p in HTML_FIXTURES.iterdir()} | {p.name for p in SAMPLES}
    page = rows["news-cp1256-meta.html"]
    assert page["status"] == "ok" and page["date"] == "2019-11-05"
    assert page["text"].startswith("أمطار غزيرة تغلق طرقا في المناطق الشمالية\n")
    assert rows["section-index.html"]["status"] == "error"
    assert rows[SAMPLES[0].name]["text"] == SAMPLES[0].read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "1 failed" in err and "no article text found" in err and "(first: section-index.html)" in err


def test_cli_batch_html_records_in_jsonl(tmp_path: Path) -> None:
    html = (HTML_FIXTURES / "news-no-charset.html").read_text(encoding="utf-8")
    source = write_jsonl(tmp_path / "crawl.jsonl", [{"id": "p1", "html": html, "url": "https://example.org/p1"}])
    out = tmp_path / "out.jsonl"
    assert _batch(str(source), "-o", str(out), "--text-field", "html", "--workers", "1") == 0
    (row,) = read_jsonl(out)
    assert row["status"] == "ok" and row["url"] == "https://example.org/p1"
    assert row["title"] == "مكتبة رقمية تتيح مئة ألف مخطوطة للقراء مجانا"


def test_cli_batch_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in make_articles(5))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    assert _batch("-", "-o", "-", "--workers", "1") == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["id"] for r in rows] == [a["id"] for a in make_articles(5)]
    assert "5 ok" in captured.err


def test_cli_batch_bad_rows_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(make_articles(1)[0], ensure_ascii=False), "{oops", json.dumps({"id": "x", "body": "y"}),
             json.dumps({"id": "e", "text": ""})]
    out = tmp_path / "out.jsonl"
    assert _batch(str(write_jsonl(tmp_path / "in.jsonl", lines)), "-o", str(out), "--workers", "1") == 0
    assert [r["status"] for r in read_jsonl(out)] == ["ok", "error", "error", "skipped"]
    err = capsys.readouterr().err
    assert "4 rows: 1 ok, 2 failed, 1 skipped" in err
    assert "errors:" in err and "invalid JSON" in err and "field '…' is missing" in err


def test_cli_batch_resume_and_overwrite(articles_path: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert _batch(str(articles_path), "-o", str(out), "--workers", "1", "--limit", "20") == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        _batch(str(articles_path), "-o", str(out), "--workers", "1")
    assert exit_info.value.code == 2
    assert "exists; pass --resume" in capsys.readouterr().err
    assert _batch(str(articles_path), "-o", str(out), "--workers", "1", "--resume") == 0
    assert [r["row"] for r in read_jsonl(out)] == list(range(60))
    assert _batch(str(articles_path), "-o", str(out), "--workers", "1", "--overwrite", "--limit", "3") == 0
    assert len(read_jsonl(out)) == 3


def test_cli_batch_resume_report(articles_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    _batch(str(articles_path), "-o", str(out), "--workers", "1", "--limit", "20")
    capsys.readouterr()
    _batch(str(articles_path), "-o", str(out), "--workers", "1", "--resume")
    err = capsys.readouterr().err
    assert "40 rows: 40 ok" in err and "20 already done (resumed)" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["IN"],  # no -o
        ["IN", "-o", "OUT", "--workers", "0"],
        ["IN", "-o", "OUT", "--resume", "--overwrite"],
        ["IN", "-o", "OUT", "--max-words", "5", "--ratio", "0.5"],
        ["IN", "-o", "OUT", "--input-type", "xml"],
        ["IN", "-o", "OUT", "--style", "headline", "--sentences", "2"],
        ["IN", "-o", "-", "--resume"],
        ["IN", "-o", "-", "--output-format", "parquet"],
    ],
)
def test_cli_batch_usage_errors_exit_2(articles_path: Path, tmp_path: Path, argv: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    argv = [str(articles_path) if a == "IN" else str(tmp_path / "out.jsonl") if a == "OUT" else a for a in argv]
    if "--workers" not in argv:
        argv += ["--workers", "1"]
    with pytest.raises(SystemExit) as exit_info:
        _batch(*argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.jsonl", None, "no such file"),
        ("a.csv", "id,body\n1,x\n", "no column 'text'"),
        ("a.parquet", "not parquet", "not a readable Parquet file"),
        ("a.xml", "<x/>", "--input-type"),
    ],
)
def test_cli_batch_unreadable_input_exits_1_or_2(tmp_path: Path, name: str, content: str | None, message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code = _batch(str(source), "-o", str(tmp_path / "out.jsonl"), "--workers", "1") if name != "a.xml" else None
    if code is None:  # an input type that cannot be told from the name is a usage error
        with pytest.raises(SystemExit) as exit_info:
            _batch(str(source), "-o", str(tmp_path / "out.jsonl"), "--workers", "1")
        assert exit_info.value.code == 2
    else:
        assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("mujaz: error: ") and message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_batch_resume_of_a_foreign_file_exits_1(articles_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"row": 5, "id": "x"}\n', encoding="utf-8")
    assert _batch(str(articles_path), "-o", str(out), "--workers", "1", "--resume") == 1
    err = capsys.readouterr().err
    assert "cannot resume" in err and "Traceback" not in err


def test_cli_batch_output_folder_missing_exits_1(articles_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert _batch(str(articles_path), "-o", str(tmp_path / "no" / "such" / "out.jsonl"), "--workers", "1") == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_cli_batch_progress_always(articles_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _batch(str(articles_path), "-o", str(tmp_path / "o.jsonl"), "--workers", "1", "--progress", "always") == 0
    err = capsys.readouterr().err
    assert "\r" in err and "rows/s" in err and "100%" in err and "60/60" in err


def test_cli_batch_progress_bar_counts_rows_not_bytes() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    bar(0, None)
    bar(100, 400)  # the whole input read (say) but a quarter of its rows done
    text = stream.getvalue()
    assert "25%" in text and "100/400" in text and "100%" not in text
    bar(400, 400)
    bar.close()
    assert "100%" in stream.getvalue() and stream.getvalue().endswith("\n")


def test_cli_batch_progress_bar_disabled_writes_nothing() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=False)
    bar(10, 0.5)
    bar.close()
    assert stream.getvalue() == ""


def test_cli_batch_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "batch" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    out = capsys.readouterr().out
    assert "--resume" in out and "--dask" in out and "--text-field" in out


def test_cli_batch_stdout_closed_early_is_quiet(articles_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    command = f"{sys.executable} -m mujaz batch {articles_path} -o - --workers 1 | head -n 2"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr


def test_cli_batch_check_writes_verdicts_and_counts_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = make_articles(3, short=False)
    first = articles[0]["text"].split("\n")[0].split(". ")[0]
    changed = first.replace("340", "347")
    assert changed != first
    source = tmp_path / "desk.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "desk_summary"])
        writer.writerows([[articles[0]["id"], articles[0]["text"], first], [articles[1]["id"], articles[0]["text"], changed],
                          [articles[2]["id"], articles[2]["text"], ""]])
    out = tmp_path / "out.jsonl"
    assert _batch(str(source), "-o", str(out), "--workers", "1", "--check", "--summary-field", "desk_summary") == 0
    verdicts = [r["check"] for r in read_jsonl(out)]
    assert verdicts[0]["consistent"] is True and verdicts[1]["consistent"] is False and verdicts[2] is None
    assert any("347" in p["text"] for p in verdicts[1]["problems"])
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.startswith("mujaz batch: 3 rows: 3 ok") and line.endswith("; 2 checked, 1 inconsistent")


def test_cli_batch_without_check_reads_no_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = make_articles(1)[0]
    source = write_jsonl(tmp_path / "in.jsonl", [{**article, "summary": 42}])
    out = tmp_path / "out.jsonl"
    assert _batch(str(source), "-o", str(out), "--workers", "1") == 0
    assert "check" not in read_jsonl(out)[0] and "checked" not in capsys.readouterr().err
