"""Tests for ``mujaz summarize`` on saved web pages (``--input-format``)."""

from __future__ import annotations

import io
import json

import pytest

import mujaz
from mujaz.cli import main
from tests._batch_support import HTML_FIXTURES, SAMPLES

pytest.importorskip("trafilatura", reason="HTML input needs the 'html' extra")

PAGE = HTML_FIXTURES / "news-utf8-rtl.html"


@pytest.mark.parametrize("extra", [[], ["--input-format", "html"]], ids=["auto", "html"])
def test_cli_summarize_html_page(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(PAGE), "--format", "json", *extra]) == 0
    data = json.loads(capsys.readouterr().out)
    article = mujaz.read_article(PAGE)
    assert data == mujaz.summarize(article.text).to_dict()
    assert data["text"].startswith("افتتحت الحكومة يوم الأربعاء")


def test_cli_summarize_html_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = (HTML_FIXTURES / "news-cp1256-meta.html").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["summarize", "-", "--style", "headline"]) == 0
    assert "أغلقت السلطات المحلية" in capsys.readouterr().out


def test_cli_summarize_text_format_reads_markup_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(PAGE), "--input-format", "text", "--format", "json"]) == 0
    as_text = json.loads(capsys.readouterr().out)
    assert main(["summarize", str(PAGE), "--format", "json"]) == 0
    as_html = json.loads(capsys.readouterr().out)
    assert as_text["source_length"] == len(PAGE.read_text(encoding="utf-8"))
    assert as_text["source_length"] != as_html["source_length"]


def test_cli_summarize_text_file_unchanged_by_auto(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLES[0]), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == mujaz.summarize(SAMPLES[0].read_text(encoding="utf-8")).to_dict()


def test_cli_summarize_page_without_article_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(HTML_FIXTURES / "section-index.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mujaz: error: no article text found") and "Traceback" not in err


def test_cli_summarize_unknown_input_format_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summarize", str(PAGE), "--input-format", "pdf"])
    assert exit_info.value.code == 2
