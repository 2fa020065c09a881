"""Hostile inputs on the real command line: each run ends quickly, in bounded memory, with a
one-line error and the documented exit status, and a batch loses no row.

Every case runs ``python -m mujaz`` as a child process with a time limit (a hang fails the
test instead of stalling the suite) and its memory capped with RLIMIT_AS (reading
``/dev/zero`` whole would fail with MemoryError instead of taking the machine's memory).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests._batch_support import REPO
from tests._support import load_seed

ARTICLE = load_seed()
TIME_LIMIT_S = 30  # each run takes 1-3 s on a loaded machine; 30 s means "it hung"
MEMORY_LIMIT = 2 * 1024**3  # address space: numpy and the interpreter reserve more than they touch


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["MUJAZ"] = f"{sys.executable} -m mujaz"
    return env


def _run(args: list[str] | str, cwd: Path, *, stdin: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run mujaz (a list of arguments) or a shell line using $MUJAZ, under the limits."""
    command = ["bash", "-c", args] if isinstance(args, str) else [sys.executable, "-m", "mujaz", *args]
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as handle:
        return subprocess.run(command, cwd=cwd, env=_env(), stdin=handle, capture_output=True, text=True,
                              timeout=TIME_LIMIT_S, preexec_fn=_limit_memory)


def _assert_one_line_error(done: subprocess.CompletedProcess[str], status: int = 1) -> str:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mujaz: error: "), done.stderr
    return lines[0]


def _rows(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in rows] == list(range(len(rows)))
    assert len({r["id"] for r in rows}) == len(rows)
    return rows


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


GOOD = [{"id": f"ok-{i}", "text": ARTICLE} for i in range(3)]


# --- mujaz summarize ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "argv", "words"),
    [
        (lambda t: None, ["summarize", "/dev/zero"], "character device"),
        (lambda t: os.mkfifo(t / "f.txt"), ["summarize", "f.txt"], "FIFO"),
        (lambda t: (t / "z.txt").symlink_to("/dev/zero"), ["summarize", "z.txt"], "character device"),
        (lambda t: (t / "l.txt").symlink_to(t / "l.txt"), ["summarize", "l.txt"], "symbolic links"),
        (lambda t: (t / "a.txt").write_text(ARTICLE), ["summarize", "a.txt/x"], "not a directory"),
        (lambda t: None, ["summarize", "ب" * 300 + ".txt"], "too long"),
        (lambda t: (t / "d").mkdir(), ["summarize", "d"], "directory"),
        (lambda t: (t / "c.txt").write_bytes("Привет мир. ".encode("cp1251") * 200), ["summarize", "c.txt"],
         "not UTF-8"),
    ],
    ids=["/dev/zero", "fifo", "symlink to /dev/zero", "symlink loop", "path through a file", "300-character name",
         "folder", "cp1251 text"],
)
def test_cli_hostile_summarize_refuses_in_one_line(tmp_path: Path, setup, argv: list[str], words: str) -> None:
    setup(tmp_path)
    began = time.monotonic()
    line = _assert_one_line_error(_run(argv, tmp_path))
    assert words in line
    assert time.monotonic() - began < 10


def test_cli_hostile_summarize_endless_stdin(tmp_path: Path) -> None:
    done = _run("head -c 3G /dev/zero | $MUJAZ summarize -", tmp_path)
    assert "standard input is over" in _assert_one_line_error(done)


def test_cli_hostile_summarize_to_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = _run("$MUJAZ summarize a.txt > /dev/full", tmp_path)
    assert "no space left" in _assert_one_line_error(done)


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_cli_hostile_summarize_arabic_code_page(tmp_path: Path, codec: str) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode(codec, errors="replace"))
    done = _run(["summarize", "a.txt"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\ufffd" not in done.stdout and "ترامب" in done.stdout


@pytest.mark.parametrize(
    "prolog", ["<!--a-->" * 40, "<!--" * 500 + "<!--a-->" * 40, "<!-- x -->\n" * 200],
    ids=["40 comments", "unclosed openers", "200 comment lines"],
)
def test_cli_hostile_summarize_text_opening_with_comments(tmp_path: Path, prolog: str) -> None:
    (tmp_path / "a.txt").write_text(prolog + "\n" + ARTICLE, encoding="utf-8")
    done = _run(["summarize", "a.txt"], tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr


def test_cli_hostile_summarize_html_heading_of_punctuation(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines() if line.strip())
    (tmp_path / "p.html").write_text(f"<html><body><article><h2>{'، ' * 50000}ب</h2>{body}</article></body></html>",
                                     encoding="utf-8")
    done = _run(["summarize", "p.html"], tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("size_mb", "words"), [(12, "bytes; the limit for a web page"), (2, "elements")])
def test_cli_hostile_summarize_huge_html(tmp_path: Path, size_mb: int, words: str) -> None:
    unit = '<div class="c"><a href="/x">رابط</a></div>\n'
    (tmp_path / "p.html").write_text("<html><body>" + unit * (size_mb * 10**6 // len(unit.encode())) + "</body></html>",
                                     encoding="utf-8")
    assert words in _assert_one_line_error(_run(["summarize", "p.html"], tmp_path))


# --- mujaz batch -------------------------------------------------------------------------


def test_cli_hostile_batch_endless_stdin_is_one_error_row(tmp_path: Path) -> None:
    done = _run("head -c 3G /dev/zero | $MUJAZ batch - -o out.jsonl --workers 1", tmp_path)
    assert done.returncode == 0, done.stderr
    [row] = _rows(tmp_path / "out.jsonl")
    assert row["status"] == "error" and "3,221,225,472 bytes" in row["error"]


def test_cli_hostile_batch_folder_of_fifos_devices_and_loops(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").symlink_to("/dev/zero")
    (folder / "d.txt").symlink_to(folder / "d.txt")
    (folder / "e.html").write_bytes(ARTICLE.encode("cp1256", errors="replace"))
    done = _run(["batch", "in", "-o", "out.jsonl", "--workers", "1"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = _rows(tmp_path / "out.jsonl")
    assert [(r["id"], r["status"]) for r in rows] == [("a.txt", "ok"), ("b.txt", "error"), ("c.txt", "error"),
                                                      ("d.txt", "error"), ("e.html", "ok")]


def test_cli_hostile_batch_deep_json_then_resume(tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": ' + '{"a":' * 1000 + "1" + "}" * 1000 + "}"
    _jsonl(tmp_path / "in.jsonl", [GOOD[0], deep, "[" * 100_000 + "]" * 100_000, GOOD[1]])
    done = _run(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1", "--limit", "2"], tmp_path)
    assert done.returncode == 0, done.stderr
    done = _run(["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1", "--resume"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in _rows(tmp_path / "out.jsonl")] == ["ok", "error", "error", "ok"]


def test_cli_hostile_batch_csv_unterminated_quote(tmp_path: Path) -> None:
    line = ARTICLE.splitlines()[0]
    (tmp_path / "in.csv").write_text(f'id,text\na,"{line}"\nb,"{line}\nc,"{line}"\nd,{line}\n', encoding="utf-8")
    done = _run(["batch", "in.csv", "-o", "out.jsonl", "--workers", "1"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = _rows(tmp_path / "out.jsonl")
    assert [(r["id"], r["status"]) for r in rows] == [("a", "ok"), ("row-2", "error"), ("c", "ok"), ("d", "ok")]


@pytest.mark.parametrize(
    ("setup", "argv", "words"),
    [
        (lambda t: os.mkfifo(t / "f.jsonl"), ["batch", "f.jsonl", "-o", "out.jsonl"], "FIFO"),
        (lambda t: (t / "l.jsonl").symlink_to(t / "l.jsonl"), ["batch", "l.jsonl", "-o", "out.jsonl"],
         "no such file"),
        (lambda t: None, ["batch", "ب" * 300 + ".jsonl", "-o", "out.jsonl"], "too long"),
        (lambda t: _jsonl(t / "in.jsonl", GOOD), ["batch", "in.jsonl", "-o", "in.jsonl/out.jsonl"], "not a directory"),
        (lambda t: _jsonl(t / "in.jsonl", GOOD), ["batch", "in.jsonl", "-o", "ب" * 300 + ".jsonl"], "too long"),
    ],
    ids=["fifo input", "input symlink loop", "300-character input", "output through a file", "300-character output"],
)
def test_cli_hostile_batch_refuses_in_one_line(tmp_path: Path, setup, argv: list[str], words: str) -> None:
    setup(tmp_path)
    assert words in _assert_one_line_error(_run(argv + ["--workers", "1"], tmp_path))


def test_cli_hostile_batch_to_a_full_disk(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", GOOD)
    done = _run("$MUJAZ batch in.jsonl -o - --workers 1 > /dev/full", tmp_path)
    assert "no space left" in _assert_one_line_error(done)


@pytest.mark.parametrize("second", [["--resume"], ["--overwrite"], ["--resume", "--max-words", "20"]],
                         ids=["resume", "overwrite", "other options"])
def test_cli_hostile_two_batch_runs_on_one_output(tmp_path: Path, second: list[str]) -> None:
    _jsonl(tmp_path / "in.jsonl", [{"id": f"r{i}", "text": ARTICLE} for i in range(200)])
    command = [sys.executable, "-m", "mujaz", "batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1"]
    first = subprocess.Popen(command + ["--resume"], cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    try:
        lock = tmp_path / "out.jsonl.lock"
        deadline = time.monotonic() + TIME_LIMIT_S
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the first run holds the lock
        began = time.monotonic()
        done = _run(command[3:] + second, tmp_path)
        assert time.monotonic() - began < 10  # refused at once, not after waiting
        line = _assert_one_line_error(done)
        assert "being written by another mujaz batch run" in line and f"pid {first.pid}" in line
        assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    finally:
        first.kill()
        first.wait()
        if first.stderr is not None:
            first.stderr.close()
    rows = _rows(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(200)]


def test_cli_hostile_batch_killed_leaves_no_stale_lock(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", [{"id": f"r{i}", "text": ARTICLE} for i in range(200)])
    command = [sys.executable, "-m", "mujaz", "batch", "in.jsonl", "-o", "out.jsonl", "--workers", "1",
               "--chunk-size", "4"]
    first = subprocess.Popen(command, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + TIME_LIMIT_S
    out = tmp_path / "out.jsonl"
    while not (out.exists() and out.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    first.kill()
    first.wait()
    done = _run(command[3:] + ["--resume"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in _rows(out)] == [f"r{i}" for i in range(200)]
