"""Tests for mujaz._resources: the package's data files, and a clear error when one is broken."""

from __future__ import annotations

import pytest

from mujaz._resources import read_package_json
from mujaz.errors import DataError


def test_resources_reads_a_field_of_a_shipped_file() -> None:
    weights = read_package_json("data/news-weights.json", "news weights", "weights")
    assert weights["lead"] == 1.0


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("data/missing.json", "weights", "cannot read the thing data/missing.json"),
        ("data/stopwords-ar.txt", "weights", "cannot read the thing data/stopwords-ar.txt"),
        ("data/news-weights.json", "nothing", "no 'nothing' field"),
    ],
)
def test_resources_broken_file_is_a_data_error(path: str, field: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_package_json(path, "thing", field)
