"""Tests for mujaz.training: both trainers, end to end on a small synthetic set, and the CLI."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from mujaz.headline.model import HeadlineModel
from mujaz.scoring.news import NewsWeights
from mujaz.training import headline
from mujaz.training.__main__ import main as training_main

PLACES = ["الرباط", "تونس", "عمان", "بيروت", "القاهرة", "الجزائر", "الدوحة", "مسقط", "الخرطوم", "دمشق",
          "بغداد", "صنعاء", "طرابلس", "نواكشوط", "الكويت", "المنامة", "الرياض", "أبوظبي", "جيبوتي", "مقديشو"]


def _records() -> list[dict]:
    """Articles whose headline keeps the place and the event, never the attribution."""
    records = []
    for i, place in enumerate(PLACES):
        event = ["افتتاح مستشفى جديد", "تدشين جسر كبير", "إطلاق قطار سريع", "بناء مدرسة حديثة"][i % 4]
        text = (f"علمت مصادر مطلعة من مصدر رسمي أن مدينة {place} تشهد {event} يوم الأحد بحضور الوزير.\n"
                f"وقال المصدر إن {event} في {place} يكلف {i + 2} ملايين دولار.\n"
                "وأضاف أن الأشغال ستنتهي قبل نهاية السنة المقبلة حسب الخطة المعلنة.")
        records.append({"id": str(i), "source": "test", "text": text, "summary": f"{place} تشهد {event}", "title": None})
    return records


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records()), encoding="utf-8")
    return path


def test_training_headline_end_to_end(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "model.json"
    assert training_main(["headline", str(data), "--out", str(out), "--folds", "4"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    model = HeadlineModel.from_dict(report["model"])
    assert report["trained_on"][0]["data"] == "pairs.jsonl" and len(report["trained_on"][0]["sha256"]) == 64
    scores = report["scores"]["pairs.jsonl"]
    assert scores["documents"] == len(PLACES)
    # The attribution never reaches the headline, so out of fold the model beats the first 15 words.
    assert scores["out_of_fold_rouge_1_2_L"][0] > scores["lead-15w_rouge_1_2_L"][0]
    assert model.prior("تشهد") > model.prior("مطلعه")
    assert "weights" in capsys.readouterr().out


def test_training_headline_cross_validation_is_out_of_fold(data: Path) -> None:
    docs = headline.prepare(data)
    assert len(docs) == len(PLACES)
    oof = headline.cross_validate(docs, max_words=15, folds=4)
    assert oof.shape == (len(docs), 3) and np.all((oof >= 0) & (oof <= 1))
    # A model fitted on everything scores at least as well on its own training data.
    in_sample = headline.evaluate_model(docs, headline.fit_model(docs), max_words=15)
    assert in_sample[:, 0].mean() >= oof[:, 0].mean() - 1e-9


def test_training_headline_uses_the_title_when_there_is_one(tmp_path: Path) -> None:
    path = tmp_path / "titled.jsonl"
    record = {"id": "1", "source": "test", "text": "جملة أولى طويلة بما يكفي هنا.", "summary": "ملخص", "title": "العنوان"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = headline.prepare(path)
    assert doc.headline == "العنوان"


def test_training_news_end_to_end(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    assert training_main(["news", str(data), "--out", str(out), "--folds", "2", "--max-words", "20"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    weights = NewsWeights(**report["weights"])
    assert {f.name for f in fields(NewsWeights)} == set(report["weights"])
    assert weights.lead == 1.0
    assert len(report["fold_weights"]) == 2
    assert all(0 <= v <= 100 for v in report["out_of_fold_rouge_1_2_L"])


@pytest.mark.parametrize("command", ["news", "headline"])
def test_training_missing_data_is_an_error(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert training_main([command, str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "x.json")]) == 1
    assert "error" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_training_headline_too_few_records(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert training_main(["headline", str(data), "--out", str(tmp_path / "x.json"), "--limit", "3"]) == 1
    assert "need at least 5" in capsys.readouterr().err


def test_training_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert training_main(["--help"]) == 0
    assert "headline" in capsys.readouterr().out
    assert training_main([]) == 2
    assert training_main(["nonsense"]) == 2
    assert "unknown command" in capsys.readouterr().err
