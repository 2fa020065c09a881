"""Fixtures shared by the core test suite."""

from __future__ import annotations

import pytest

from tests._support import load_seed


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed news article: no title line, three subheadings, four long paragraphs."""
    return load_seed()
