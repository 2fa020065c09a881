"""The headline model in the package is what ``make train`` fits from the dev data today."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from mujaz.evaluation.gate import file_sha256
from mujaz.headline.model import MODEL_FILE
from mujaz.training import headline
from tests._data import require_data



@pytest.mark.slow
def test_shipped_headline_model_is_reproducible() -> None:
    report = json.loads(resources.files("mujaz").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    paths = [require_data(entry["data"]) for entry in report["trained_on"]]
    for entry, path in zip(report["trained_on"], paths):
        assert file_sha256(path) == entry["sha256"], f"{path.name} changed since make train"
    docs = [doc for path in paths for doc in headline.prepare(path)]
    refit = headline.fit_model(docs).to_dict()
    shipped = report["model"]
    assert refit["lexicon"] == shipped["lexicon"]
    assert refit["weights"] == pytest.approx(shipped["weights"], abs=1e-5)
    for name in ("base_rate", "headline_words", "prior_strength", "clean_end_bonus"):
        assert refit[name] == pytest.approx(shipped[name])
    assert (refit["sentences"], refit["min_words"], refit["features"]) == (
        shipped["sentences"], shipped["min_words"], shipped["features"])
