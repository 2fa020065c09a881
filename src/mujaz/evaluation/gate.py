"""The quality gate: ROUGE floors pinned in a JSON file together with the data's SHA-256.

CI runs a fixed subset of the dev data and fails when a method scores below its floor.
The floors file also pins the data file's hash, so a changed data file is caught instead
of silently moving the floors. :func:`update_floors` re-measures and rewrites the floors;
it refuses to lower any of them unless ``allow_lower=True`` (``--allow-lower`` on the
command line of ``scripts/update_floors.py``), so a regression cannot be waved through by
accident.

Floors file::

    {"data": "ant-bbc-dev.jsonl", "sha256": "...", "limit": 300, "style": "lead",
     "max_words": 25, "margin": 0.5,
     "floors": {"news": {"rouge1": 57.1, "rouge2": 45.0, "rougeL": 54.2}, ...}}
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mujaz.errors import ConfigError, DataError
from mujaz.evaluation.runner import EvaluationReport, run_evaluation

__all__ = ["GateResult", "file_sha256", "measure", "check_floors", "update_floors", "METRICS"]

METRICS = ("rouge1", "rouge2", "rougeL")


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class GateResult:
    """Measured scores next to their floors; ``failures`` lists every score below its floor."""

    measured: dict[str, dict[str, float]]
    floors: dict[str, dict[str, float]]
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def _load(floors_path: Path) -> dict[str, Any]:
    try:
        spec = json.loads(floors_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{floors_path}: cannot read the floors file: {exc}") from None
    for key in ("data", "sha256", "limit", "style", "max_words", "floors"):
        if key not in spec:
            raise DataError(f"{floors_path}: missing key {key!r}")
    return spec


def measure(spec: dict[str, Any], data_dir: str | os.PathLike[str]) -> EvaluationReport:
    """Run the gate's evaluation (methods = the floors' keys) on the pinned subset.

    Raises:
        DataError: the data file is missing or its SHA-256 differs from the pinned one.
    """
    data = Path(data_dir) / spec["data"]
    if not data.is_file():
        raise DataError(f"{data}: the gate's data file is missing")
    actual = file_sha256(data)
    if actual != spec["sha256"]:
        raise DataError(
            f"{data}: SHA-256 {actual} differs from the pinned {spec['sha256']}; the data changed, "
            "so the floors mean nothing: re-pin them with scripts/update_floors.py"
        )
    methods = tuple(m for m in spec["floors"] if not m.startswith("lead-"))
    return run_evaluation(data, methods=methods, max_words=spec["max_words"], style=spec["style"],
                          limit=spec["limit"], bootstrap=0)


def _scores(report: EvaluationReport) -> dict[str, dict[str, float]]:
    return {s.name: {m: round(s.metric(m).mean, 2) for m in METRICS} for s in report.systems}


def check_floors(floors_path: str | os.PathLike[str], data_dir: str | os.PathLike[str]) -> GateResult:
    """Measure and compare with the pinned floors."""
    spec = _load(Path(floors_path))
    measured = _scores(measure(spec, data_dir))
    failures = []
    for system, floors in spec["floors"].items():
        for metric, floor in floors.items():
            got = measured.get(system, {}).get(metric)
            if got is None:
                failures.append(f"{system} {metric}: not measured")
            elif got < floor:
                failures.append(f"{system} {metric}: {got:.2f} < floor {floor:.2f}")
    return GateResult(measured=measured, floors=spec["floors"], failures=tuple(failures))


def update_floors(floors_path: str | os.PathLike[str], data_dir: str | os.PathLike[str], *,
                  allow_lower: bool = False, margin: float | None = None) -> dict[str, Any]:
    """Re-measure and write floors = measured - margin; refuse to lower one unless allowed.

    The data hash is re-pinned too. Returns the new floors file's content.

    Raises:
        ConfigError: a floor would go down and ``allow_lower`` is false.
    """
    path = Path(floors_path)
    spec = _load(path)
    margin = float(spec.get("margin", 0.5) if margin is None else margin)
    data = Path(data_dir) / spec["data"]
    spec["sha256"] = file_sha256(data)
    measured = _scores(measure(spec, data_dir))
    new_floors: dict[str, dict[str, float]] = {}
    lowered = []
    for system, floors in spec["floors"].items():
        new_floors[system] = {}
        for metric in floors:
            value = round(measured[system][metric] - margin, 2)
            if value < floors[metric] and not allow_lower:
                lowered.append(f"{system} {metric}: {floors[metric]:.2f} -> {value:.2f}")
            new_floors[system][metric] = value
    if lowered:
        raise ConfigError("refusing to lower floors without allow_lower: " + "; ".join(lowered))
    spec["floors"], spec["margin"] = new_floors, margin
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return spec
