"""Tests for mujaz.evaluation.runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._data import require_data

from mujaz.errors import ConfigError, DataError, UnknownMethodError
from mujaz.evaluation import run_evaluation


# Short articles written for these tests; each reference restates the opening line.
RECORDS = [
    {
        "id": "t1",
        "title": "افتتاح مكتبة عامة في المدينة",
        "text": "افتتحت البلدية اليوم مكتبة عامة جديدة في وسط المدينة.\n"
                "وتضم المكتبة أكثر من عشرين ألف كتاب في مختلف المجالات.\n"
                "وقال رئيس البلدية إن المكتبة ستفتح أبوابها كل يوم.",
        "summaries": ["افتتحت البلدية اليوم مكتبة عامة جديدة في وسط المدينة."],
    },
    {
        "id": "t2",
        "title": None,
        "text": "هطلت أمطار غزيرة على العاصمة مساء الأحد وأغلقت عدة طرق رئيسية.\n"
                "ودعت السلطات السكان إلى تجنب السفر حتى صباح الغد.\n"
                "وتوقعت الأرصاد استمرار الأمطار يومين آخرين.",
        "summaries": ["أمطار غزيرة تغلق طرقا رئيسية في العاصمة", "السلطات تدعو السكان إلى تجنب السفر"],
    },
    {
        "id": "t3",
        "title": "فوز الفريق المحلي",
        "text": "فاز الفريق المحلي على ضيفه بهدفين مقابل هدف في مباراة مثيرة.\n"
                "وسجل المهاجم الهدفين في الشوط الثاني.\n"
                "وبهذا الفوز يتصدر الفريق جدول الترتيب.",
        "summaries": ["الفريق المحلي يفوز بهدفين مقابل هدف ويتصدر الترتيب"],
    },
    {
        "id": "t4-english",
        "title": None,
        "text": "This record has no Arabic at all, so mujaz refuses it.",
        "summaries": ["No Arabic here."],
    },
]


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    lines = [json.dumps({"source": "test", "url": None, "summary": r["summaries"][0], **r}, ensure_ascii=False)
             for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_runner_scores_every_system_on_the_same_records(tiny_file):
    report = run_evaluation(tiny_file, methods=("news", "lead"), max_words=20, bootstrap=200)
    assert [s.name for s in report.systems] == ["news", "lead", "lead-1sent", "lead-line", "lead-20w"]
    assert [s.kind for s in report.systems] == ["mujaz", "mujaz", "baseline", "baseline", "baseline"]
    assert all(s.n == 3 for s in report.systems)
    assert report.n_read == 4 and report.n_evaluated == 3
    for system in report.systems:
        for metric in ("rouge1", "rouge2", "rougeL"):
            result = system.metric(metric)
            assert 0.0 <= result.mean <= 100.0
            assert result.ci is not None and result.ci[0] <= result.mean <= result.ci[1]
        assert 0 < system.avg_words <= 20
    assert report.system("news").docs_per_second > 0
    assert report.system("lead-line").docs_per_second is None


def test_runner_reports_skipped_records(tiny_file):
    report = run_evaluation(tiny_file, bootstrap=0)
    assert [s.id for s in report.skipped] == ["t4-english"]
    assert "Arabic" in report.skipped[0].reason


def test_runner_lead_line_matches_reference_copy(tiny_file):
    report = run_evaluation(tiny_file, limit=1, bootstrap=0)
    # Record t1's reference is its first line, word for word.
    line = report.system("lead-line")
    assert (line.rouge1.mean, line.rouge2.mean, line.rougeL.mean) == (100.0, 100.0, 100.0)
    assert line.rouge1.ci is None


def test_runner_default_budget_names_lead_baseline_after_default_words(tiny_file):
    report = run_evaluation(tiny_file, bootstrap=0)
    assert report.system("lead-60w").kind == "baseline"
    assert report.settings["lead_words"] == 60


def test_runner_is_deterministic_apart_from_speed(tiny_file):
    def stable(report):
        data = report.to_dict()
        for system in data["systems"]:
            system.pop("docs_per_second")
        return data

    first = run_evaluation(tiny_file, bootstrap=300, seed=5)
    assert stable(first) == stable(run_evaluation(tiny_file, bootstrap=300, seed=5))


def test_runner_to_dict_is_json_ready(tiny_file):
    report = run_evaluation(tiny_file, max_words=15, bootstrap=100)
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert data["n_evaluated"] == 3
    assert data["skipped"] == [{"id": "t4-english", "reason": report.skipped[0].reason}]
    assert data["systems"][0]["rouge1"]["ci"] == list(report.systems[0].rouge1.ci)
    assert data["settings"]["max_words"] == 15


def test_runner_table_and_markdown_list_every_system(tiny_file):
    report = run_evaluation(tiny_file, methods=("news", "textrank"), max_words=20, bootstrap=100)
    table = report.to_table()
    lines = table.splitlines()
    assert "3 records evaluated, 1 skipped" in lines[0]
    body = lines[4:]
    assert [line.split()[0] for line in body] == [s.name for s in report.systems]
    assert [line.split()[1] for line in body] == ["mujaz", "mujaz", "baseline", "baseline", "baseline"]
    # Aligned: every row of the table proper has the same width as the header.
    assert len({len(line) for line in lines[2:]}) == 1
    markdown = report.to_markdown()
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + len(report.systems)
    assert "| *lead-line* | baseline |" in markdown
    assert "| news | mujaz |" in markdown


def test_runner_calls_progress_per_record(tiny_file):
    seen: list[int] = []
    run_evaluation(tiny_file, bootstrap=0, progress=seen.append)
    assert seen == [1, 2, 3, 4]


def test_runner_baselines_only(tiny_file):
    report = run_evaluation(tiny_file, methods=(), bootstrap=0)
    assert [s.kind for s in report.systems] == ["baseline"] * 3
    # Without a mujaz method nothing refuses the English record.
    assert report.n_evaluated == 4 and not report.skipped


def test_runner_all_records_skipped_raises(tmp_path):
    path = tmp_path / "english.jsonl"
    path.write_text(json.dumps({"id": "e", "source": "s", "title": None, "text": "English only.",
                                "summaries": ["English."]}) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="could be evaluated"):
        run_evaluation(path, bootstrap=0)


def test_runner_rejects_bad_options_before_reading(tmp_path):
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(UnknownMethodError):
        run_evaluation(missing, methods=("nope",))
    with pytest.raises(ConfigError):
        run_evaluation(missing, methods=("news", "news"))
    with pytest.raises(ConfigError):
        run_evaluation(missing, max_words=0)
    with pytest.raises(ConfigError):
        run_evaluation(missing, bootstrap=-1)
    with pytest.raises(ConfigError):
        run_evaluation(missing, seed=1.5)
    with pytest.raises(ConfigError, match="reference"):
        run_evaluation(missing, reference="headline")
    with pytest.raises(DataError):
        run_evaluation(missing)


def test_runner_scores_against_titles_without_showing_them(tiny_file, monkeypatch):
    from mujaz.api import Summarizer

    seen_titles = []
    original = Summarizer.summarize

    def spy(self, text, **kwargs):
        seen_titles.append(kwargs.get("title"))
        return original(self, text, **kwargs)

    monkeypatch.setattr(Summarizer, "summarize", spy)
    externals_saw = []
    report = run_evaluation(tiny_file, style="headline", reference="title", bootstrap=0,
                            external={"copy-title": lambda r: externals_saw.append(r.title) or "x"})
    # t2 and the English record have no title: skipped; no system saw a title
    assert sorted(s.id for s in report.skipped) == ["t2", "t4-english"]
    assert report.n_evaluated == 2
    assert set(seen_titles) == {None} and set(externals_saw) == {None}
    assert report.settings["reference"] == "title"
    assert "against the titles" in report.to_table()
    # the first line of t1 shares most of its title's words; a title never scores 0 against itself
    assert report.system("lead-1sent").rouge1.mean > 0


def test_runner_accepts_single_method_string(tiny_file):
    report = run_evaluation(tiny_file, methods="lead", bootstrap=0)
    assert report.systems[0].name == "lead"


@pytest.mark.slow
def test_runner_dev_set_scores_are_plausible():
    report = run_evaluation(require_data("ant-bbc-dev.jsonl"), methods=("news",), max_words=25, limit=20, bootstrap=200)
    assert report.n_evaluated == 20
    line = report.system("lead-line")
    assert 40 <= line.rouge1.mean <= 80
    assert 25 <= line.rouge2.mean <= 70
    news = report.system("news")
    assert 30 <= news.rouge1.mean <= 80
    assert 15 <= news.rouge2.mean <= 70
    assert news.avg_words <= 25
