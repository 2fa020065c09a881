"""Where the dev data lives for the tests, and what a test does when it is not there.

The folder is, in order: the ``--mujaz-data`` pytest option, the ``MUJAZ_DATA``
environment variable, or ``../shared/data`` beside the repository. A test that needs a
file calls :func:`require_data`: without the file it is skipped, except under CI
(``CI=true``), where a missing data folder is a failure with a clear message, so the
quality gate can never go green by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
_OPTION_DIR: list[Path] = []  # set once by conftest from the command line


def data_dir() -> Path:
    """The dev data folder (see the module docstring)."""
    if _OPTION_DIR:
        return _OPTION_DIR[0]
    env = os.environ.get("MUJAZ_DATA")
    return Path(env) if env else DEFAULT_DATA_DIR


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_data(name: str) -> Path:
    """The path of the dev data file ``name``; skip (or, on CI, fail) when it is missing."""
    path = data_dir() / name
    if not path.is_file():
        message = (f"dev data {name} not found in {data_dir()} (set MUJAZ_DATA or --mujaz-data to the folder "
                   "that holds the shared dev data)")
        if on_ci():
            pytest.fail(message + "; with CI=true the data is required", pytrace=False)
        pytest.skip(message)
    return path
