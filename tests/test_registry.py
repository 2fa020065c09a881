"""Tests for mujaz.registry: the registered method names, versions and descriptions."""

from __future__ import annotations

import pytest

import mujaz
from mujaz.errors import ConfigError, UnknownMethodError
from mujaz.registry import DEFAULT_METHOD, METHODS, available_methods, method_info

NAMES = ["lead", "lexrank", "llm", "news", "textrank"]


def test_registry_names() -> None:
    assert sorted(METHODS) == NAMES
    assert sorted(available_methods()) == NAMES
    assert mujaz.available_methods() == available_methods()
    assert DEFAULT_METHOD == "news"


@pytest.mark.parametrize("name", NAMES)
def test_registry_versions_and_descriptions(name: str) -> None:
    info = method_info(name)
    assert info.name == name and info.version.startswith(f"{name}.v")
    assert isinstance(info.description, str) and info.description.strip()


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        METHODS["mine"] = object  # type: ignore[index]


@pytest.mark.parametrize("name", ["nope", "News", "", "textrank.v1", None, 3, ["lead"]])
def test_registry_unknown_name_lists_the_valid_ones(name: object) -> None:
    with pytest.raises(UnknownMethodError) as info:
        method_info(name)
    error = info.value
    assert isinstance(error, ConfigError)
    assert error.available == tuple(NAMES)
    for valid in NAMES:
        assert valid in str(error)
    assert repr(str(name)) in str(error)
