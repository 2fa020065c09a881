"""The tests' dev-data lookup: a missing folder skips locally and fails under CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import _data

ROOT = Path(__file__).resolve().parents[1]


def test_data_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_data, "_OPTION_DIR", [])
    monkeypatch.setenv("MUJAZ_DATA", str(tmp_path))
    assert _data.data_dir() == tmp_path
    (tmp_path / "x.jsonl").write_text("{}\n", encoding="utf-8")
    assert _data.require_data("x.jsonl") == tmp_path / "x.jsonl"


@pytest.mark.parametrize(("ci", "outcome"), [("true", "failed"), ("", "skipped")])
def test_data_dir_missing_data_fails_on_ci_and_skips_elsewhere(tmp_path: Path, ci: str, outcome: str) -> None:
    test = tmp_path / "test_needs_data.py"
    test.write_text("from tests._data import require_data\n\n"
                    "def test_it():\n    require_data('ant-bbc-dev.jsonl')\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "CI": ci, "MUJAZ_DATA": str(tmp_path / "nowhere"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
                           str(test)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert f"1 {outcome}" in done.stdout, done.stdout + done.stderr
    if outcome == "failed":
        assert "with CI=true the data is required" in done.stdout
