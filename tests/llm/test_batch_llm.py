"""``mujaz batch --method llm`` against the real test server (loopback sockets): bounded
concurrent requests, input order, resume, tokens and fallbacks in the report."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest

from mujaz import ConfigError
from mujaz.cli.main import main
from mujaz.io.batch import run_batch
from tests._batch_support import make_articles, read_jsonl, write_jsonl
from tests.llm.conftest import API_KEY
from tests.llm.server import FakeLLMServer

pytest.importorskip("mujaz.check", reason="the llm method checks answers with mujaz.check")


@pytest.fixture
def llm_server(llm_server: FakeLLMServer) -> Iterator[FakeLLMServer]:
    """conftest's server, with this process's clients closed before it stops (a kept-alive
    connection would make the server wait for it)."""
    from mujaz.llm_method import close_clients

    yield llm_server
    close_clients()


@pytest.fixture(autouse=True)
def _key_only_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key comes from the environment only; the server and model are given as options
    (no MUJAZ_LLM_BASE_URL/MODEL), so a run that works got them through its settings."""
    for name in ("MUJAZ_LLM_BASE_URL", "MUJAZ_LLM_MODEL", "MUJAZ_LLM_TIMEOUT", "MUJAZ_LLM_CONCURRENCY",
                 "MUJAZ_LLM_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MUJAZ_LLM_API_KEY", API_KEY)


def _input(tmp_path: Path, count: int) -> Path:
    # Distinct texts: the server's slow-varied delay is keyed by the article's hash.
    return write_jsonl(tmp_path / "in.jsonl", make_articles(count, short=False))


def _run(source: Path, output: Path, server: FakeLLMServer, scenario: str, **options):
    return run_batch(source, output, method="llm", llm_url=server.url, llm_model=scenario, workers=1, **options)


def test_batch_llm_rows_keep_input_order_with_varied_delays(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    source = _input(tmp_path, 24)
    out = tmp_path / "out.jsonl"
    report = _run(source, out, llm_server, "slow-varied", llm_concurrency=8)
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == [a["id"] for a in make_articles(24, short=False)]
    assert [r["row"] for r in rows] == list(range(24))
    assert all(r["status"] == "ok" and r["method"] == "llm" and r["fallback"] is None for r in rows), rows[0]
    assert llm_server.count() == 24
    # The answers came back out of order (delays 20-220 ms) and were still written in order.
    assert 2 <= llm_server.max_in_flight <= 8
    assert all(r["prompt_tokens"] > 0 and r["completion_tokens"] > 0 for r in rows)
    assert report.prompt_tokens == sum(r["prompt_tokens"] for r in rows)
    assert report.completion_tokens == sum(r["completion_tokens"] for r in rows)
    assert report.fallbacks == {} and report.ok == 24
    line = report.summary_line()
    assert f"{report.tokens:,} tokens" in line and "no fallbacks" in line


@pytest.mark.parametrize("concurrency", [1, 3])
def test_batch_llm_concurrency_is_bounded_by_the_option(tmp_path: Path, llm_server: FakeLLMServer,
                                                       concurrency: int) -> None:
    source = _input(tmp_path, 9)
    _run(source, tmp_path / "out.jsonl", llm_server, "slow", llm_concurrency=concurrency)
    # Each thread builds its news summary and prompt first: on a loaded machine one of them
    # may still be working when the others' 200 ms requests are out.
    assert min(2, concurrency) <= llm_server.max_in_flight <= concurrency


def test_batch_llm_concurrency_default_from_the_environment(tmp_path: Path, llm_server: FakeLLMServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUJAZ_LLM_CONCURRENCY", "2")
    _run(_input(tmp_path, 6), tmp_path / "out.jsonl", llm_server, "slow")
    assert llm_server.max_in_flight == 2


@pytest.mark.parametrize(("scenario", "reason"), [("invent-number", "inconsistent"), ("always-500", "http_error")])
def test_batch_llm_fallbacks_are_counted_by_reason(tmp_path: Path, llm_server: FakeLLMServer, scenario: str,
                                                  reason: str) -> None:
    out = tmp_path / "out.jsonl"
    report = _run(_input(tmp_path, 4), out, llm_server, scenario, llm_concurrency=4)
    rows = read_jsonl(out)
    # A fallback is an ok row: mujaz's own news text, and why.
    assert all(r["status"] == "ok" and r["summary"] and r["method"] == "news" and r["fallback"] == reason
               for r in rows), [(r["method"], r["fallback"]) for r in rows]
    assert report.fallbacks == {reason: 4}
    assert f"4 fallbacks to news ({reason} 4)" in report.summary_line()


def test_batch_llm_resume_continues_without_redoing_rows(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    source = _input(tmp_path, 24)
    out = tmp_path / "out.jsonl"
    first = _run(source, out, llm_server, "faithful", limit=10, chunk_size=4)
    assert first.written == 10 and llm_server.count() == 10
    second = _run(source, out, llm_server, "faithful", resume=True, chunk_size=4)
    assert second.resumed == 10 and second.written == 14
    assert llm_server.count() == 24  # the 10 done rows were not asked again
    rows = read_jsonl(out)
    assert [r["row"] for r in rows] == list(range(24))
    assert [r["id"] for r in rows] == [a["id"] for a in make_articles(24, short=False)]
    assert second.prompt_tokens == sum(r["prompt_tokens"] for r in rows[10:])


def test_batch_llm_24_articles_at_200_ms_run_concurrently(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    source = _input(tmp_path, 24)
    started = time.perf_counter()
    report = _run(source, tmp_path / "out.jsonl", llm_server, "slow", llm_concurrency=8)
    elapsed = time.perf_counter() - started
    serial = 24 * llm_server.slow_seconds
    assert report.ok == 24 and report.fallbacks == {}
    assert 4 <= llm_server.max_in_flight <= 8
    # 3 waves of 8 requests is 0.6 s of waiting; mujaz's own work (news summary, prompt,
    # check) comes on top. Serial requests would take 4.8 s.
    assert elapsed < serial / 2, f"{elapsed:.2f} s for 24 articles (serial: {serial:.1f} s)"


def test_batch_llm_parquet_columns(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    _run(_input(tmp_path, 3), out, llm_server, "invent-number")
    table = pq.read_table(out)
    assert table.column("method").to_pylist() == ["news"] * 3
    assert table.column("fallback").to_pylist() == ["inconsistent"] * 3
    assert all(n > 0 for n in table.column("prompt_tokens").to_pylist())


def test_batch_llm_settings_reach_spawned_workers(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    source = _input(tmp_path, 8)
    out = tmp_path / "out.jsonl"
    # No MUJAZ_LLM_BASE_URL in any environment: the workers know the server from their settings.
    report = run_batch(source, out, method="llm", llm_url=llm_server.url, llm_model="faithful", workers=2,
                       chunk_size=2, llm_concurrency=2)
    assert report.ok == 8 and report.fallbacks == {}
    assert [r["method"] for r in read_jsonl(out)] == ["llm"] * 8
    assert llm_server.count() == 8 and llm_server.max_in_flight <= 4


def test_batch_llm_without_a_server_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MUJAZ_LLM_BASE_URL"):
        run_batch(_input(tmp_path, 1), tmp_path / "out.jsonl", method="llm", workers=1)
    assert not (tmp_path / "out.jsonl").exists()


def test_batch_llm_other_methods_have_no_llm_columns(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    out = tmp_path / "out.jsonl"
    report = run_batch(_input(tmp_path, 2), out, workers=1, llm_url=llm_server.url, llm_model="faithful")
    assert "method" not in read_jsonl(out)[0] and llm_server.count() == 0
    assert "tokens" not in report.summary_line()


def test_cli_batch_llm_final_line_counts_tokens_and_fallbacks(tmp_path: Path, llm_server: FakeLLMServer,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = _input(tmp_path, 5)
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(source), "-o", str(out), "--workers", "1", "--method", "llm",
                 "--llm-url", llm_server.url, "--llm-model", "invent-number", "--llm-timeout", "10",
                 "--llm-concurrency", "5"])
    assert code == 0
    line = capsys.readouterr().err.strip().splitlines()[-1]
    rows = read_jsonl(out)
    tokens = sum(r["prompt_tokens"] + r["completion_tokens"] for r in rows)
    assert line.startswith("mujaz batch: 5 rows: 5 ok")
    assert f"; {tokens:,} tokens (" in line and "; 5 fallbacks to news (inconsistent 5)" in line


def test_cli_batch_llm_without_a_server_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["batch", str(_input(tmp_path, 1)), "-o", str(tmp_path / "out.jsonl"), "--method", "llm"])
    assert exited.value.code == 2
    assert "MUJAZ_LLM_BASE_URL" in capsys.readouterr().err


def test_batch_llm_interrupted_run_resumes_where_the_output_ends(tmp_path: Path, llm_server: FakeLLMServer) -> None:
    source = _input(tmp_path, 24)
    out = tmp_path / "out.jsonl"

    def stop_after_two_chunks(done: int, total: int | None) -> None:
        if done >= 8:
            raise KeyboardInterrupt  # what Ctrl-C or SIGTERM raises in the CLI

    with pytest.raises(KeyboardInterrupt):
        _run(source, out, llm_server, "slow-varied", chunk_size=4, llm_concurrency=4, progress=stop_after_two_chunks)
    written = len(read_jsonl(out))
    assert written == 8
    asked = llm_server.count()
    report = _run(source, out, llm_server, "slow-varied", chunk_size=4, llm_concurrency=4, resume=True)
    assert report.resumed == 8 and report.written == 16
    assert llm_server.count() - asked == 16  # only the rows the output lacked were asked for
    rows = read_jsonl(out)
    assert [r["row"] for r in rows] == list(range(24))
    assert [r["id"] for r in rows] == [a["id"] for a in make_articles(24, short=False)]
    assert all(r["method"] == "llm" for r in rows)
