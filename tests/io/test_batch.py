"""Tests for mujaz.io.batch: the runner, error rows, ordering, bounded work in flight, resume."""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mujaz
from mujaz import ConfigError, InputError, MujazError
from mujaz.config import SummaryConfig
from mujaz.io.batch import (
    BatchOptions,
    BatchReport,
    WorkerSettings,
    run_batch,
    summarize_chunk,
    summarize_record,
)
from mujaz.io.readers import Record
from tests._batch_support import HTML_FIXTURES, make_articles, read_jsonl, write_jsonl

pytest.importorskip("pyarrow")

SETTINGS = WorkerSettings(config=SummaryConfig(max_words=30))


@pytest.fixture
def articles_path(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", make_articles(120))


# --- one record --------------------------------------------------------------------------


def test_batch_summarize_record_ok_row_matches_the_api() -> None:
    article = make_articles(1)[0]
    row = summarize_record(Record(0, "a", article["text"], title=article["title"]), SETTINGS)
    summary = mujaz.summarize(article["text"], max_words=30, title=article["title"])
    assert row["status"] == "ok" and row["error"] is None
    assert row["summary"] == summary.text
    assert row["headline"] == summary.headline
    assert row["points"] == [p.text for p in summary.points]
    assert row["offsets"] == [[u.span.start, u.span.end] for u in summary.units]
    assert row["word_count"] == summary.word_count
    position = 0
    for start, end in row["offsets"]:  # each offset quotes the source, in the summary's order
        quoted = " ".join(article["text"][start:end].split())
        position = row["summary"].index(quoted, position) + len(quoted)


@pytest.mark.parametrize(
    ("record", "status", "error"),
    [
        (Record(0, "a", None, error="line 1: invalid JSON"), "error", "line 1: invalid JSON"),
        (Record(0, "a", "   \n "), "skipped", "empty text"),
        (Record(0, "a", ""), "skipped", "empty text"),
        (Record(0, "a", "English only, no Arabic at all."), "error", "no Arabic letters"),
        (Record(0, "a", b"\x89PNG\r\n\x1a\n" + bytes(64)), "error", "PNG"),
        (Record(0, "a", (HTML_FIXTURES / "section-index.html").read_bytes()), "error", "no article text"),
    ],
    ids=["malformed", "blank", "empty", "no-arabic", "binary", "html-index"],
)
def test_batch_summarize_record_bad_records_become_rows(record: Record, status: str, error: str) -> None:
    row = summarize_record(record, SETTINGS)
    assert row["status"] == status
    assert error in row["error"]
    assert row["summary"] is None and row["offsets"] == [] and row["points"] == []


def test_batch_summarize_record_html_is_extracted() -> None:
    page = (HTML_FIXTURES / "news-utf8-rtl.html").read_bytes()
    row = summarize_record(Record(0, "p", page), WorkerSettings(config=SummaryConfig(), keep_text=True))
    assert row["status"] == "ok"
    assert row["title"] == "افتتاح أول خط للقطار الكهربائي بين الواحة والساحل"
    assert row["date"] == "2025-03-12"
    assert row["url"].startswith("https://news.example.org/")
    assert row["text"].startswith(row["title"] + "\n")
    for start, end in row["offsets"]:
        assert row["text"][start:end] in row["text"]


def test_batch_summarize_record_forced_text_does_not_extract() -> None:
    page = (HTML_FIXTURES / "news-utf8-rtl.html").read_text(encoding="utf-8")
    row = summarize_record(Record(0, "p", page), WorkerSettings(config=SummaryConfig(), input_format="text"))
    assert row["date"] is None and row["title"] is None


def test_batch_summarize_record_a_bug_is_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any, text: str, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(mujaz.Summarizer, "summarize", broken)
    row = summarize_record(Record(0, "a", make_articles(1)[0]["text"]), SETTINGS)
    assert row["status"] == "error"
    assert row["error"] == "internal error: RuntimeError: boom"


def test_batch_rows_from_threads_share_one_method_and_agree() -> None:
    """Workers (and Dask threads) summarize with no per-thread state: rows are the same."""
    articles = make_articles(6)
    expected = [summarize_record(Record(i, str(i), a["text"]), SETTINGS) for i, a in enumerate(articles)]
    found: dict[int, dict[str, Any]] = {}

    def work(i: int) -> None:
        found[i] = summarize_record(Record(i, str(i), articles[i]["text"]), SETTINGS)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(articles))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[i] for i in range(len(articles))] == expected


# --- the runner ----------------------------------------------------------------------------


def test_batch_run_inline_writes_every_record_in_order(articles_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = run_batch(articles_path, out, workers=1, chunk_size=16, max_words=30)
    rows = read_jsonl(out)
    ids = [json.loads(line)["id"] for line in articles_path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ids
    assert [r["row"] for r in rows] == list(range(120))
    assert all(r["status"] == "ok" for r in rows)
    assert (report.ok, report.failed, report.skipped, report.resumed) == (120, 0, 0, 0)
    assert report.rate > 0 and "120 ok" in report.summary_line()


def test_batch_run_process_pool_matches_inline(articles_path: Path, tmp_path: Path) -> None:
    run_batch(articles_path, tmp_path / "one.jsonl", workers=1, style="points")
    run_batch(articles_path, tmp_path / "two.jsonl", workers=2, chunk_size=8, style="points")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_batch_run_bad_rows_do_not_stop_the_run(tmp_path: Path) -> None:
    good = make_articles(4)
    lines = [json.dumps(good[0], ensure_ascii=False), "{broken", json.dumps({"id": "no-text"}),
             json.dumps({"id": "english", "text": "Only English here."}), json.dumps({"id": "empty", "text": ""}),
             json.dumps(good[1], ensure_ascii=False)]
    out = tmp_path / "out.jsonl"
    report = run_batch(write_jsonl(tmp_path / "in.jsonl", lines), out, workers=1)
    rows = read_jsonl(out)
    assert [r["status"] for r in rows] == ["ok", "error", "error", "error", "skipped", "ok"]
    assert [r["id"] for r in rows] == [good[0]["id"], "line-2", "no-text", "english", "empty", good[1]["id"]]
    assert (report.ok, report.failed, report.skipped) == (2, 3, 1)
    lines_out = report.error_lines()
    assert len(lines_out) == 3 and all("×" in line for line in lines_out)
    assert any("first: line-2" in line for line in lines_out)


def test_batch_report_folds_similar_errors() -> None:
    report = BatchReport()
    report.add([{"status": "error", "error": f"text has {n:,} characters; the limit is 20", "id": str(n)}
                for n in (30_000, 40_000, 50_000)])
    assert report.errors == {"text has N characters; the limit is N": (3, "30000")}
    assert report.to_dict()["errors"]["text has N characters; the limit is N"] == {"count": 3, "first": "30000"}


def test_batch_report_caps_error_kinds() -> None:
    report = BatchReport()
    report.add([{"status": "error", "error": f"kind {chr(0x0627 + i)}", "id": str(i)} for i in range(60)])
    assert len(report.errors) == 50
    assert report.error_lines(limit=5)[-1].strip() == "55 × other errors"


def test_batch_run_resume_finishes_an_interrupted_run_exactly(articles_path: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl"
    run_batch(articles_path, whole, workers=1)
    out = tmp_path / "out.jsonl"
    first = run_batch(articles_path, out, workers=1, limit=50, chunk_size=7)
    assert first.written == 50
    with open(out, "ab") as handle:
        handle.write(b'{"row": 50, "id": "half a li')  # what a kill mid-write leaves
    second = run_batch(articles_path, out, workers=1, resume=True)
    assert (second.resumed, second.written) == (50, 70)
    assert out.read_bytes() == whole.read_bytes()
    third = run_batch(articles_path, out, workers=1, resume=True)
    assert (third.resumed, third.written) == (120, 0)


def test_batch_run_resume_refuses_another_input(articles_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(articles_path, out, workers=1, limit=10)
    other = write_jsonl(tmp_path / "other.jsonl", make_articles(30, seed=1)[::-1])
    with pytest.raises(InputError, match="same input"):
        run_batch(other, out, workers=1, resume=True)
    shorter = write_jsonl(tmp_path / "short.jsonl", make_articles(5))
    with pytest.raises(InputError, match="fewer than 10"):
        run_batch(shorter, out, workers=1, resume=True)


def test_batch_run_existing_output_needs_resume(articles_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(articles_path, out, workers=1, limit=3)
    with pytest.raises(ConfigError, match="--resume"):
        run_batch(articles_path, out, workers=1)
    report = run_batch(articles_path, out, workers=1, limit=5, overwrite=True)
    assert report.written == 5 and len(read_jsonl(out)) == 5


def test_batch_run_missing_input_leaves_no_output(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        run_batch(tmp_path / "missing.jsonl", tmp_path / "out.jsonl", workers=1)
    assert not (tmp_path / "out.jsonl").exists()


def test_batch_run_parquet_resume(articles_path: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    run_batch(articles_path, out, workers=1, part_rows=32, limit=70)
    assert pq.read_table(out).num_rows == 70
    report = run_batch(articles_path, out, workers=1, part_rows=32, resume=True)
    assert report.resumed == 70
    table = pq.read_table(out)
    assert table.column("row").to_pylist() == list(range(120))
    assert table.column("id").to_pylist() == [r["id"] for r in read_jsonl(articles_path)]


def test_batch_run_progress_callback(articles_path: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    run_batch(articles_path, tmp_path / "out.jsonl", workers=1, chunk_size=40,
              progress=lambda rows, total: calls.append((rows, total)))
    assert calls[0] == (0, None)  # nothing read yet: no estimate
    assert [rows for rows, _ in calls] == [0, 40, 80, 120]
    assert all(total is None or total >= rows for rows, total in calls)
    assert calls[-1] == (120, 120), "exact once the input is read to its end"


def test_batch_run_progress_counts_resumed_rows_and_the_limit(articles_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(articles_path, out, workers=1, chunk_size=40, limit=50)
    calls: list[tuple[int, int | None]] = []
    run_batch(articles_path, out, workers=1, chunk_size=40, resume=True, limit=100,
              progress=lambda rows, total: calls.append((rows, total)))
    assert calls[0][0] == 50 and calls[-1] == (100, 100)


class _CountingExecutor(Executor):
    """Runs tasks at once but counts futures handed out and not yet collected."""

    def __init__(self) -> None:
        self.outstanding = 0
        self.most = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        executor = self

        class _Future(Future):
            def result(self, timeout: float | None = None) -> Any:
                executor.outstanding -= 1
                return super().result(timeout)

        future: Future = _Future()
        future.set_result(fn(*args, **kwargs))
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        return future


@pytest.mark.parametrize(("window", "slots", "expected"), [(3, 1, 3), (None, 2, 6), (None, 1, 4)])
def test_batch_run_keeps_a_bounded_number_of_chunks_in_flight(
    articles_path: Path, tmp_path: Path, window: int | None, slots: int, expected: int
) -> None:
    executor = _CountingExecutor()
    run_batch(articles_path, tmp_path / "out.jsonl", executor=executor, executor_slots=slots, chunk_size=4,
              window=window)
    assert executor.most == expected
    assert executor.outstanding == 0


class _FailingExecutor(Executor):
    def __init__(self, error: BaseException, after: int) -> None:
        self.error, self.after, self.calls = error, after, 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        self.calls += 1
        future: Future = Future()
        if self.calls > self.after:
            future.set_exception(self.error)
        else:
            future.set_result(fn(*args, **kwargs))
        return future


@pytest.mark.parametrize("error", [BrokenProcessPool("killed"), OSError("connection lost")])
def test_batch_run_lost_worker_keeps_the_output_resumable(articles_path: Path, tmp_path: Path,
                                                          error: BaseException) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(MujazError, match="complete up to row 29: rerun with --resume"):
        run_batch(articles_path, out, executor=_FailingExecutor(error, after=3), chunk_size=10, window=1)
    assert len(read_jsonl(out)) == 30
    report = run_batch(articles_path, out, workers=1, resume=True)
    assert report.resumed == 30 and len(read_jsonl(out)) == 120


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "workers"),
        ({"chunk_size": True}, "chunk_size"),
        ({"input_type": "xml"}, "input_type"),
        ({"input_format": "pdf"}, "input_format"),
        ({"output_format": "csv"}, "output_format"),
        ({"resume": True, "overwrite": True}, "not both"),
        ({"style": "tweet"}, "style"),
        ({"max_words": 10, "ratio": 0.5}, "at most one budget"),
        ({"text_field": ""}, "text_field"),
        ({"colour": "red"}, "unknown option"),
    ],
)
def test_batch_options_are_validated(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        BatchOptions.from_options(**options)


def test_batch_summarize_chunk_keeps_order() -> None:
    records = [Record(i, f"r{i}", a["text"]) for i, a in enumerate(make_articles(5))]
    rows = summarize_chunk(SETTINGS, records)
    assert [r["id"] for r in rows] == ["r0", "r1", "r2", "r3", "r4"]


def test_batch_run_refuses_to_overwrite_its_input(articles_path: Path) -> None:
    with pytest.raises(ConfigError, match="is the input"):
        run_batch(articles_path, articles_path, workers=1, overwrite=True)
    assert len(read_jsonl(articles_path)) == 120


def test_batch_inline_executor_delivers_errors_through_the_future(articles_path: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.batch as batch

    def broken(settings: WorkerSettings, records: list[Record]) -> list[dict[str, Any]]:
        raise OSError("disk gone")

    monkeypatch.setattr(batch, "summarize_chunk", broken)
    with pytest.raises(MujazError, match="disk gone"):
        run_batch(articles_path, tmp_path / "out.jsonl", workers=1)


class _WeighingExecutor(_CountingExecutor):
    """Also keeps the largest amount of record content handed out and not yet collected."""

    def __init__(self) -> None:
        super().__init__()
        self.weights: list[int] = []
        self.heaviest = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        weight = sum(len(r.content or "") for r in args[1])
        future = super().submit(fn, *args, **kwargs)
        self.weights.append(weight)
        self.heaviest = max(self.heaviest, sum(self.weights[-self.outstanding:]))
        return future


def test_batch_run_bounds_the_bytes_in_flight_not_only_the_chunks(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import mujaz.io.batch as batch

    monkeypatch.setattr(batch, "MAX_CHUNK_BYTES", 3_000)
    monkeypatch.setattr(batch, "MAX_INFLIGHT_BYTES", 8_000)
    articles = [dict(a, text=a["text"] * 3) for a in make_articles(60)]  # ~1 KB each
    path = write_jsonl(tmp_path / "in.jsonl", articles)
    executor = _WeighingExecutor()
    run_batch(path, tmp_path / "out.jsonl", executor=executor, executor_slots=4, chunk_size=64)
    sizes = [len(a["text"]) for a in articles]
    assert max(executor.weights) < 3_000 + max(sizes)  # a chunk closes once it reaches the cap
    assert executor.heaviest <= 8_000 + max(executor.weights)
    assert len(executor.weights) > 60 * min(sizes) // 4_000
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == [a["id"] for a in articles]


# --- check: given summaries against their text -------------------------------------------


def _first_sentence(article: dict[str, Any]) -> str:
    body = article["text"].split("\n")[0]
    return re.split(r"(?<=\.)\s", body)[0]


def _changed_number(sentence: str) -> str:
    match = re.search(r"\d+", sentence)
    assert match, sentence
    return sentence[: match.start()] + str(int(match.group()) + 7) + sentence[match.end():]


@pytest.fixture
def summaries_path(tmp_path: Path) -> Path:
    """Articles whose records carry a summary: verbatim, a number changed, none, not a
    string, blank, no Arabic letters."""
    articles = make_articles(6, short=False)
    given: list[Any] = [_first_sentence(articles[0]), _changed_number(_first_sentence(articles[1])), None, 42, "  ",
                        "a summary in English"]
    records = []
    for article, summary in zip(articles, given):
        records.append(article if summary is None else {**article, "summary": summary})
    return write_jsonl(tmp_path / "in.jsonl", records)


def test_batch_check_column_holds_the_verdict_of_the_given_summary(summaries_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = run_batch(summaries_path, out, check=True, workers=1)
    rows = read_jsonl(out)
    assert [r["status"] for r in rows] == ["ok"] * 6  # the article is summarized whatever its summary
    verbatim, changed, missing, number, blank, english = (r["check"] for r in rows)
    assert verbatim["consistent"] is True and verbatim["problems"] == [] and verbatim["score"] > 0.9
    assert set(verbatim) == {"consistent", "score", "problems"}
    assert changed["consistent"] is False and changed["score"] < verbatim["score"]
    problem = next(p for p in changed["problems"] if p["kind"] == "number")
    assert set(problem) == {"kind", "message", "span", "evidence", "text", "evidence_text"}
    wrong = re.search(r"\d+", _changed_number(_first_sentence(make_articles(6, short=False)[1]))).group()
    assert wrong in problem["text"]
    assert missing is None and blank is None  # no summary (or a blank one): nothing to check
    assert number == {"error": "the summary is not a string (got int)"}
    assert "Arabic" in english["error"]
    assert (report.checked, report.inconsistent, report.check_errors) == (2, 1, 2)
    assert "; 2 checked, 1 inconsistent, 2 not checkable" in report.summary_line()


def test_batch_check_spans_index_the_summary_and_the_summarized_text(summaries_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(summaries_path, out, check=True, keep_text=True, workers=1)
    row = read_jsonl(out)[1]
    given = json.loads(summaries_path.read_text(encoding="utf-8").splitlines()[1])["summary"]
    for problem in row["check"]["problems"]:
        start, end = problem["span"]
        assert given[start:end] == problem["text"]
        if problem["evidence"] is not None:
            start, end = problem["evidence"]
            assert row["text"][start:end] == problem["evidence_text"]


def test_batch_without_check_has_no_check_column(summaries_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = run_batch(summaries_path, out, workers=1)
    assert all("check" not in row for row in read_jsonl(out))
    assert "checked" not in report.summary_line()


def test_batch_check_html_record_is_checked_against_the_extracted_text(tmp_path: Path) -> None:
    page = (HTML_FIXTURES / "news-utf8-rtl.html").read_text(encoding="utf-8")
    text = summarize_record(Record(0, "p", page), WorkerSettings(config=SummaryConfig(), keep_text=True))["text"]
    sentence = re.split(r"(?<=\.)\s", text.split("\n")[1])[0]
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "p", "text": page, "summary": sentence},
                                                 {"id": "q", "text": page, "summary": _changed_number(sentence)}])
    run_batch(source, tmp_path / "out.jsonl", check=True, workers=1)
    good, bad = (row["check"] for row in read_jsonl(tmp_path / "out.jsonl"))
    assert good["consistent"] is True, good
    assert bad["consistent"] is False and any(p["kind"] == "number" for p in bad["problems"])


def test_batch_check_other_summary_field_and_error_rows(tmp_path: Path) -> None:
    article = make_articles(1, short=False)[0]
    source = write_jsonl(tmp_path / "in.jsonl", [{**article, "desk": _first_sentence(article)},
                                                 {"id": "x", "desk": "ملخص"}, "not json"])
    out = tmp_path / "out.jsonl"
    report = run_batch(source, out, check=True, summary_field="desk", workers=1)
    rows = read_jsonl(out)
    assert rows[0]["check"]["consistent"] is True
    # A row that failed has no text to check against: its check is null, its error says why.
    assert [r["status"] for r in rows[1:]] == ["error", "error"] and [r["check"] for r in rows[1:]] == [None, None]
    assert report.checked == 1 and report.failed == 2


def test_batch_check_parquet_column_is_json_text(summaries_path: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    run_batch(summaries_path, out, check=True, workers=1)
    cells = pq.read_table(out).column("check").to_pylist()
    assert cells[2] is None and cells[4] is None
    assert json.loads(cells[0])["consistent"] is True and json.loads(cells[1])["consistent"] is False
    assert json.loads(cells[3]) == {"error": "the summary is not a string (got int)"}


def test_batch_check_resume_counts_only_this_runs_rows(summaries_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(summaries_path, out, check=True, workers=1, limit=1)
    report = run_batch(summaries_path, out, check=True, workers=1, resume=True)
    assert report.resumed == 1 and (report.checked, report.inconsistent) == (1, 1)
    assert [r["row"] for r in read_jsonl(out)] == list(range(6))


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_batch_check_option_is_validated(value: Any) -> None:
    with pytest.raises(ConfigError, match="check"):
        BatchOptions(check=value)


_CHECK_CELLS = st.one_of(st.none(), st.builds(lambda c: {"consistent": c, "score": 1.0 if c else 0.5, "problems": []},
                                               st.booleans()), st.just({"error": "the summary is not a string"}))
_LLM_CELLS = st.tuples(st.sampled_from(["llm", "news", None]), st.sampled_from([None, "inconsistent", "timeout"]),
                       st.integers(0, 5000), st.integers(0, 500))


@given(st.lists(st.tuples(_CHECK_CELLS, _LLM_CELLS), max_size=30))
def test_batch_report_check_and_llm_counts_add_up(cells: list[tuple[Any, tuple[Any, ...]]]) -> None:
    rows = []
    for i, (verdict, (method, reason, prompt, completion)) in enumerate(cells):
        fallback = reason if method == "news" else None
        rows.append({"row": i, "id": str(i), "status": "ok", "error": None, "check": verdict, "method": method,
                     "fallback": fallback, "prompt_tokens": prompt if method else None,
                     "completion_tokens": completion if method else None})
    report = BatchReport(check=True, llm=True)
    for start in range(0, len(rows), 7):  # chunk by chunk, as the runner adds them
        report.add(rows[start : start + 7])
    verdicts = [v for v, _ in cells if v is not None]
    assert report.checked + report.check_errors == len(verdicts)
    assert report.inconsistent == sum(1 for v in verdicts if v.get("consistent") is False)
    assert report.tokens == sum(r["prompt_tokens"] + r["completion_tokens"] for r in rows if r["method"])
    assert sum(report.fallbacks.values()) == sum(1 for r in rows if r["fallback"])
    line = report.summary_line()
    assert f"{report.checked:,} checked, {report.inconsistent:,} inconsistent" in line
    assert f"{report.tokens:,} tokens" in line
