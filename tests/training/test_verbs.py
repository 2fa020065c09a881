"""Tests for mujaz.training.verbs: perfect -> imperfect pairs learned from corpora."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from mujaz.evaluation.gate import file_sha256
from mujaz.headline.syntax import VERBS_FILE
from mujaz.training import verbs
from mujaz.training.__main__ import main as training_main

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize(
    ("perfect", "imperfect"),
    [("أعلن", "يعلن"), ("قال", "يقول"), ("باع", "يبيع"), ("أكد", "يؤكد"), ("دعا", "يدعو"), ("نفى", "ينفي"),
     ("هاجم", "يهاجم"), ("تحدث", "يتحدث"), ("انسحب", "ينسحب"), ("اتهم", "يتهم"), ("استقبل", "يستقبل"),
     ("أعاد", "يعيد"), ("أدى", "يؤدي"), ("أمر", "يأمر"), ("حذر", "يحذر")],
)
def test_verbs_candidates_include_the_imperfect(perfect: str, imperfect: str) -> None:
    assert imperfect in verbs.imperfect_candidates(perfect)


def test_verbs_hollow_form_iv_has_no_passive_candidate() -> None:
    assert "يعاد" not in verbs.imperfect_candidates("أعاد")


@pytest.mark.parametrize(("perfect", "feminine"), [("أعلن", "أعلنت"), ("دعا", "دعت"), ("ألقى", "ألقت")])
def test_verbs_feminine_perfect(perfect: str, feminine: str) -> None:
    assert verbs.feminine_perfect(perfect) == feminine


def _corpus() -> list[tuple[str, str | None]]:
    records = []
    for _ in range(3):
        records.append(("أعلن الوزير خطة جديدة للنقل في المدن الكبرى.\nويعلن الوزير عادة خططه في الربيع.",
                        "الوزير يعلن خطة جديدة للنقل"))
        records.append(("أعلنت الحكومة قرارا جديدا.\nوتعلن الحكومة قراراتها كل أسبوع.", "الحكومة تعلن قرارا"))
        # a noun that opens sentences: no feminine perfect, no pair
        records.append(("أكثر من مئة شخص حضروا الحفل.\nيكثر الحديث عن الحفل وتكثر الأسئلة.", None))
    return records


def test_verbs_learn_pairs_from_a_corpus() -> None:
    pairs = {p["perfect"]: p for p in verbs.learn_pairs(_corpus(), min_openings=2, min_imperfect=2)}
    assert pairs["أعلن"]["imperfect"] == "يعلن"
    assert pairs["أعلن"]["titles"] == 6  # every headline has the present (either gender)
    assert "أكثر" not in pairs


def test_verbs_command_writes_the_file(tmp_path: Path) -> None:
    data = tmp_path / "corpus.jsonl"
    data.write_text("".join(json.dumps({"id": str(i), "source": "t", "title": title, "text": text,
                                        "summary": title or "ملخص", "summaries": [title or "ملخص"], "url": None},
                                       ensure_ascii=False) + "\n" for i, (text, title) in enumerate(_corpus())),
                    encoding="utf-8")
    out = tmp_path / "verbs.json"
    assert training_main(["verbs", str(data), "--out", str(out), "--min-openings", "2", "--min-imperfect", "2"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["version"] == "verbs.v1" and report["trained_on"][0]["sha256"] == file_sha256(data)
    assert [p["perfect"] for p in report["verbs"]] == ["أعلن"]


@pytest.mark.slow
def test_verbs_shipped_file_is_reproducible() -> None:
    report = json.loads(resources.files("mujaz").joinpath(VERBS_FILE).read_text(encoding="utf-8"))
    paths = [DATA_DIR / entry["data"] for entry in report["trained_on"]]
    if not all(p.is_file() for p in paths):
        pytest.skip(f"dev data not available in {DATA_DIR}")
    for entry, path in zip(report["trained_on"], paths):
        assert file_sha256(path) == entry["sha256"], f"{path.name} changed since make train"
    records = [(r.text, r.title or None) for path in paths for r in verbs.read_records(path)]
    settings = report["settings"]
    assert verbs.learn_pairs(records, min_openings=settings["min_openings"],
                             min_imperfect=settings["min_imperfect"]) == report["verbs"]
