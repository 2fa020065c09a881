"""Fixtures shared by the core test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import _data
from tests._support import load_seed


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--mujaz-data", metavar="DIR", default=None,
                     help="folder of the dev data (default: $MUJAZ_DATA, else ../shared/data)")


def pytest_configure(config: pytest.Config) -> None:
    folder = config.getoption("--mujaz-data")
    if folder:
        _data._OPTION_DIR[:] = [Path(folder).resolve()]


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed news article: no title line, three subheadings, four long paragraphs."""
    return load_seed()
