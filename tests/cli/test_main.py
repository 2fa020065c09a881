"""Tests for the ``mujaz`` command line: summarize, methods, evaluate, exit statuses, help."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import mujaz
from mujaz.cli import main
from tests._support import load_seed, words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "sample-01-water.txt"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse usage errors and --help/--version
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_summarize_file_default_lead(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["summarize", str(SAMPLE)], capsys)
    assert status == 0 and err == ""
    text = SAMPLE.read_text(encoding="utf-8")
    assert out.strip() == mujaz.summarize(text).text
    assert 0 < words(out) <= 60


@pytest.mark.parametrize(
    ("options", "check"),
    [
        (["--max-words", "25"], lambda out: words(out) <= 25),
        (["--sentences", "1"], lambda out: out.count("\n") == 1),
        (["--style", "headline"], lambda out: words(out) <= 15 and not out.strip().endswith(".")),
        (["--style", "points"], lambda out: out.strip().count("\n") >= 1),
        (["--method", "textrank", "--max-words", "30"], lambda out: words(out) <= 30),
    ],
)
def test_cli_summarize_options(options: list[str], check, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["summarize", str(SAMPLE), *options], capsys)
    assert status == 0 and check(out), out


def test_cli_summarize_json_has_offsets_into_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["summarize", str(SAMPLE), "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    text = SAMPLE.read_text(encoding="utf-8")
    assert data["style"] == "lead" and data["method"] == "news" and data["headline"]
    for unit in data["units"] + data["headline_units"]:
        assert text[unit["start"]:unit["end"]] == unit["text"]


def test_cli_summarize_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["summarize", str(SAMPLE), "--style", "points", "--format", "markdown"], capsys)
    assert status == 0 and out.startswith('<div dir="rtl" lang="ar">')
    assert "| clause |" in out or "| sentence |" in out  # the table of kept units


def test_cli_summarize_stdin_and_title(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seed = load_seed()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(seed.encode("utf-8"))))
    status, out, _ = _run(["summarize", "-", "--title", "ترامب وبوتين", "--format", "json"], capsys)
    assert status == 0
    assert json.loads(out)["lead"] == mujaz.summarize(seed, title="ترامب وبوتين").lead


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "missing.txt"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "english.txt", b"Only English text here, nothing Arabic at all."), "Arabic"),
        (lambda d: _write(d / "image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "PNG image, not text"),
    ],
)
def test_cli_summarize_bad_input_exits_1_with_one_line(setup, message: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["summarize", str(setup(tmp_path))], capsys)
    assert status == 1 and out == ""
    assert err.startswith("mujaz: error:") and err.count("\n") == 1 and message.lower() in err.lower()
    assert "Traceback" not in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_cli_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["--debug", "summarize", str(tmp_path / "missing.txt")], capsys)
    assert status == 1 and "Traceback" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["summarize", str(SAMPLE), "--max-words", "0"],
        ["summarize", str(SAMPLE), "--max-words", "10", "--sentences", "2"],
        ["summarize", str(SAMPLE), "--ratio", "1.5"],
        ["summarize", str(SAMPLE), "--method", "nope"],
        ["summarize", str(SAMPLE), "--style", "tweet"],
        ["summarize", str(SAMPLE), "--style", "headline", "--sentences", "1"],
        ["nonsense"],
        [],
    ],
)
def test_cli_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2 and out == "" and "error" in err


def test_cli_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["--help"], capsys)
    assert status == 0 and "summarize" in out and "exit status" in out
    status, out, _ = _run(["summarize", "--help"], capsys)
    assert status == 0 and "--max-words" in out and "15 for" in out
    status, out, _ = _run(["--version"], capsys)
    assert status == 0 and mujaz.__version__ in out


def test_cli_methods(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["methods"], capsys)
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == list(mujaz.available_methods())
    status, out, _ = _run(["methods", "--format", "json"], capsys)
    assert json.loads(out) == mujaz.available_methods()


def _pairs_file(tmp_path: Path) -> Path:
    seed = load_seed()
    sample = SAMPLE.read_text(encoding="utf-8")
    records = [
        {"id": "seed", "source": "test", "title": "ترامب وبوتين يبحثان السلام", "text": seed,
         "summary": seed.splitlines()[0]},
        {"id": "water", "source": "test", "title": None, "text": sample, "summary": sample.splitlines()[2]},
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_evaluate_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _pairs_file(tmp_path)
    status, out, _ = _run(["evaluate", str(data), "--max-words", "25", "--bootstrap", "0"], capsys)
    assert status == 0 and "news" in out and "lead-25w" in out and "2 records evaluated" in out
    status, out, _ = _run(["evaluate", str(data), "--method", "news", "--method", "lead", "--bootstrap", "50",
                           "--format", "json"], capsys)
    report = json.loads(out)
    assert [s["name"] for s in report["systems"]][:2] == ["news", "lead"]


def test_cli_evaluate_headlines_against_titles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["evaluate", str(_pairs_file(tmp_path)), "--style", "headline", "--reference", "title",
                           "--bootstrap", "0", "--format", "markdown"], capsys)
    # the record without a title is skipped, the other scored against its title
    assert status == 0 and "1 records evaluated, 1 skipped" in out and "against the titles" in out


def test_cli_evaluate_bad_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path / "bad.jsonl", b"{not json\n")
    status, _, err = _run(["evaluate", str(bad), "--bootstrap", "0"], capsys)
    assert status == 1 and "bad.jsonl" in err


def test_cli_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "mujaz", "summarize", str(SAMPLE), "--style", "headline"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.strip() == mujaz.summarize(
        SAMPLE.read_text(encoding="utf-8"), style="headline").text


@pytest.mark.parametrize("url", ["https://www.bbc.com/arabic/article-1", "http://example.com/a.html", "HTTPS://x.y/"])
def test_cli_summarize_a_url_says_pages_are_not_fetched(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", url]) == 1
    err = capsys.readouterr().err
    assert "does not fetch" in err and f"curl -sL '{url}' | mujaz summarize -" in err
    assert "Traceback" not in err and "no such file" not in err.lower()


def test_cli_methods_prompts_shows_the_versioned_llm_prompts(capsys: pytest.CaptureFixture[str]) -> None:
    from mujaz.llm import load_prompts

    status, out, _ = _run(["methods", "--prompts"], capsys)
    prompts = load_prompts()
    assert status == 0 and prompts.version in out and prompts.system in out
    status, out, _ = _run(["methods", "--prompts", "--format", "json"], capsys)
    assert json.loads(out)["version"] == prompts.version


def test_cli_llm_method_without_a_server_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("MUJAZ_LLM_BASE_URL", "MUJAZ_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    status, _, err = _run(["summarize", str(SAMPLE), "--method", "llm"], capsys)
    assert status == 2 and "MUJAZ_LLM_BASE_URL" in err and "Traceback" not in err
