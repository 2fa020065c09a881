"""Kill a real ``mujaz batch`` run (SIGKILL, SIGTERM) and resume it: every id exactly once.

These run the command line as a subprocess on a few thousand generated articles, wait
until rows are being written, kill the process, and rerun the same command with
``--resume``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mujaz.config import SummaryConfig
from mujaz.io.batch import WorkerSettings, summarize_record
from mujaz.io.readers import Record
from tests._batch_support import make_articles, write_jsonl

pytestmark = pytest.mark.timeout(240)

COUNT = 3000


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    articles = make_articles(COUNT, seed=7)
    path = write_jsonl(tmp_path_factory.mktemp("kill") / "articles.jsonl", articles)
    return path, articles


def _command(source: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mujaz", "batch", str(source), "-o", str(output), "--workers", "2",
            "--chunk-size", "8", "--max-words", "30", *extra]


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _rows_written(output: Path) -> int:
    if output.is_dir():
        return len(list(output.glob("part-*.parquet")))
    try:
        with open(output, "rb") as handle:
            return handle.read().count(b"\n")
    except FileNotFoundError:
        return 0


def _wait_for(process: subprocess.Popen, output: Path, at_least: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _rows_written(output) < at_least:
        if process.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("no rows written in time")
        time.sleep(0.02)


def _children(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _assert_gone(pids: list[int], timeout: float = 15) -> None:
    """Worker processes of a killed run exit by themselves (they watch their parent)."""
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.1)
    for pid in alive:  # clean up before failing, so a failure leaves nothing behind
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"orphaned workers still running: {alive}"


def _kill_after(command: list[str], output: Path, at_least: int, sig: int = signal.SIGKILL) -> subprocess.CompletedProcess:
    process = _start(command)
    try:
        _wait_for(process, output, at_least)
        children = _children(process.pid)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
        _assert_gone(children)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return subprocess.CompletedProcess(command, process.returncode, "", stderr)


def _assert_exact(lines: list[bytes], articles: list[dict]) -> list[dict]:
    assert all(line.endswith(b"\n") for line in lines), "a partial line was left"
    rows = [json.loads(line) for line in lines]  # every line is valid JSON
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == len(articles), "an id is missing or duplicated"
    assert ids == [a["id"] for a in articles]
    assert [row["row"] for row in rows] == list(range(len(articles)))
    return rows


def _assert_same_as_one_run(rows: list[dict], articles: list[dict], sample: int = 25) -> None:
    settings = WorkerSettings(config=SummaryConfig(max_words=30))
    step = max(1, len(articles) // sample)
    for i in range(0, len(articles), step):
        a = articles[i]
        expected = summarize_record(Record(i, a["id"], a["text"], title=a["title"]), settings)
        assert rows[i] == expected


def test_cli_batch_kill9_then_resume_gives_every_id_exactly_once(source: tuple[Path, list[dict]],
                                                                  tmp_path: Path) -> None:
    path, articles = source
    output = tmp_path / "out.jsonl"
    command = _command(path, output)
    first = _kill_after(command, output, at_least=200)
    assert first.returncode == -signal.SIGKILL
    killed_at = _rows_written(output)
    assert 200 <= killed_at < COUNT

    second = _kill_after(command + ["--resume"], output, at_least=killed_at + 300)
    assert second.returncode == -signal.SIGKILL

    final = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr
    assert "already done (resumed)" in final.stderr and "Traceback" not in final.stderr
    with open(output, "rb") as handle:
        lines = handle.readlines()
    rows = _assert_exact(lines, articles)
    assert all(row["status"] == "ok" for row in rows)
    _assert_same_as_one_run(rows, articles)


def test_cli_batch_sigterm_stops_cleanly_and_resumes(source: tuple[Path, list[dict]], tmp_path: Path) -> None:
    path, articles = source
    output = tmp_path / "out.jsonl"
    command = _command(path, output, "--limit", "1500")
    stopped = _kill_after(command, output, at_least=150, sig=signal.SIGTERM)
    assert stopped.returncode == 130
    assert "rerun the same command with --resume" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    with open(output, "rb") as handle:
        assert all(line.endswith(b"\n") for line in handle)  # a polite stop leaves no torn line
    final = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr
    with open(output, "rb") as handle:
        _assert_exact(handle.readlines(), articles[:1500])


def test_cli_batch_kill9_parquet_then_resume(source: tuple[Path, list[dict]], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path, articles = source
    articles = articles[:1200]
    output = tmp_path / "out.parquet"
    command = _command(path, output, "--limit", "1200", "--part-rows", "100")
    first = _kill_after(command, output, at_least=2)  # two whole parts written, more in progress
    assert first.returncode == -signal.SIGKILL
    final = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr
    assert not list(output.glob("*.tmp"))
    table = pq.read_table(output)
    assert table.column("id").to_pylist() == [a["id"] for a in articles]
    assert table.column("row").to_pylist() == list(range(1200))
