"""``mujaz check SUMMARY_FILE --source ARTICLE_FILE``: output and exit status."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mujaz.cli import main
from tests._support import load_seed

LEAD, BODY = load_seed().split("\n", 1)
FIRST = next(line for line in BODY.split("\n") if line.startswith("في تصريحات"))  # the body's first paragraph


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"lead": tmp_path / "lead.txt", "body": tmp_path / "body.txt", "first": tmp_path / "first.txt",
             "binary": tmp_path / "image.png", "english": tmp_path / "english.txt"}
    paths["lead"].write_text(LEAD, encoding="utf-8")
    paths["body"].write_text(BODY, encoding="utf-8")
    paths["first"].write_text(FIRST, encoding="utf-8")
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    paths["english"].write_text("Only English here.", encoding="utf-8")
    return paths


def test_cli_check_consistent_summary_exits_0(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert FIRST.startswith("في تصريحات مثيرة")
    status, out, _ = _run(["check", str(files["first"]), "--source", str(files["body"])], capsys)
    assert status == 0
    assert out.startswith("consistent (score 1.00)")


def test_cli_check_problems_exit_3_and_show_both_texts(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["check", str(files["lead"]), "--source", str(files["body"])], capsys)
    assert status == 3
    assert "[qualifier]" in out and "[unsupported]" in out
    assert "summary [0:15]: «في خطوة تاريخية»" in out
    assert "«الأمريكي السابق دونالد»" in out


def test_cli_check_json_is_check_to_dict(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["check", str(files["lead"]), "--source", str(files["body"]), "--format", "json"], capsys)
    assert status == 3
    data = json.loads(out)
    assert data["consistent"] is False
    assert any(p["kind"] == "qualifier" and p["evidence_text"] == "الأمريكي السابق دونالد" for p in data["problems"])


def test_cli_check_reads_the_summary_from_stdin(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(FIRST.encode("utf-8"))))
    status, out, _ = _run(["check", "-", "--source", str(files["body"])], capsys)
    assert status == 0, out


def test_cli_check_reads_the_source_from_stdin(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BODY.encode("utf-8"))))
    status, _, _ = _run(["check", str(files["lead"]), "--source", "-", "--title", "ترامب وبوتين"], capsys)
    assert status == 3


@pytest.mark.parametrize(("summary", "source"), [
    ("missing", "body"), ("binary", "body"), ("english", "body"), ("lead", "missing"), ("lead", "english"),
])
def test_cli_check_input_errors_exit_1(files: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path, summary: str, source: str) -> None:
    path = {**files, "missing": tmp_path / "nope.txt"}
    status, out, err = _run(["check", str(path[summary]), "--source", str(path[source])], capsys)
    assert status == 1 and out == ""
    assert err.startswith("mujaz: error:")


@pytest.mark.parametrize("argv", [
    ["check"],
    ["check", "lead.txt"],                                   # --source is required
    ["check", "-", "--source", "-"],                          # only one stdin
    ["check", "a.txt", "--source", "b.txt", "--format", "xml"],
])
def test_cli_check_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(argv, capsys)
    assert status == 2
    assert "error" in err
