"""The quality gate: ROUGE floors pinned with the data's SHA-256 (see mujaz.evaluation.gate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mujaz.errors import ConfigError, DataError
from mujaz.evaluation.gate import check_floors, file_sha256, update_floors
from tests._data import data_dir, require_data

HERE = Path(__file__).parent
FLOOR_FILES = sorted(HERE.glob("floors-*.json"))


def _needs_data(spec_path: Path) -> None:
    require_data(json.loads(spec_path.read_text(encoding="utf-8"))["data"])


@pytest.mark.slow
@pytest.mark.parametrize("floors", FLOOR_FILES, ids=[p.stem for p in FLOOR_FILES])
def test_gate_scores_stay_above_pinned_floors(floors: Path) -> None:
    _needs_data(floors)
    result = check_floors(floors, data_dir())
    assert result.passed, "quality below the pinned floors:\n" + "\n".join(result.failures)


def test_gate_news_beats_the_lead_words_baseline_on_the_gate_subset() -> None:
    floors = HERE / "floors-ant-bbc.json"
    _needs_data(floors)
    measured = check_floors(floors, data_dir()).measured
    for metric in ("rouge1", "rouge2", "rougeL"):
        assert measured["news"][metric] > measured["lead-25w"][metric]


def _tmp_spec(tmp_path: Path, floors: dict) -> tuple[Path, Path]:
    data = tmp_path / "mini.jsonl"
    data.write_text(
        "\n".join(
            json.dumps({"id": str(i), "source": "test", "url": None, "text": text, "summary": summary, "summaries": [summary], "title": None},
                       ensure_ascii=False)
            for i, (text, summary) in enumerate([
                ("أعلنت الحكومة اليوم خطة جديدة للنقل العام في المدينة. وقال الوزير إن الخطة تبدأ الشهر المقبل.",
                 "الحكومة تعلن خطة جديدة للنقل العام"),
                ("فاز الفريق المحلي بالكأس بعد مباراة صعبة. واحتفل الجمهور في الشوارع حتى الصباح.",
                 "الفريق المحلي يفوز بالكأس"),
            ])
        ) + "\n",
        encoding="utf-8",
    )
    spec = {"data": data.name, "sha256": file_sha256(data), "limit": 2, "style": "lead", "max_words": 10,
            "margin": 0.5, "floors": floors}
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path, data


def test_gate_fails_when_a_score_is_below_its_floor(tmp_path: Path) -> None:
    path, _ = _tmp_spec(tmp_path, {"news": {"rouge1": 99.9}})
    result = check_floors(path, tmp_path)
    assert not result.passed
    assert "news rouge1" in result.failures[0]


def test_gate_refuses_changed_data(tmp_path: Path) -> None:
    path, data = _tmp_spec(tmp_path, {"news": {"rouge1": 0.0}})
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="SHA-256"):
        check_floors(path, tmp_path)


def test_gate_update_refuses_to_lower_a_floor_without_the_flag(tmp_path: Path) -> None:
    path, _ = _tmp_spec(tmp_path, {"news": {"rouge1": 99.9}})
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="refusing to lower"):
        update_floors(path, tmp_path)
    assert path.read_text(encoding="utf-8") == before
    spec = update_floors(path, tmp_path, allow_lower=True)
    assert spec["floors"]["news"]["rouge1"] < 99.9


def test_gate_update_raises_floors_and_keeps_the_hash(tmp_path: Path) -> None:
    path, data = _tmp_spec(tmp_path, {"news": {"rouge1": 0.0, "rouge2": 0.0}})
    spec = update_floors(path, tmp_path)
    assert spec["floors"]["news"]["rouge1"] > 0.0
    assert spec["sha256"] == file_sha256(data)
    assert check_floors(path, tmp_path).passed
