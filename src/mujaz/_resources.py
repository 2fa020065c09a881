"""Process-wide resources: package data read once, lazily, by whichever thread needs it first.

What a method needs and never changes (the stop words, the news weights, the headline
model, the token table) is loaded through :func:`resource`: the first call reads it,
every later call in any thread gets the same immutable object. A failed load (a broken
installation) raises :class:`~mujaz.errors.DataError` and is tried again on the next call.
"""

from __future__ import annotations

import functools
import json
import threading
from importlib import resources
from typing import Any, Callable, Generic, TypeVar

from mujaz.errors import DataError

__all__ = ["read_package_json", "read_package_text", "resource"]

T = TypeVar("T")


class _Resource(Generic[T]):
    """A zero-argument loader whose result is computed once per process (thread-safe)."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._value: tuple[T] | None = None
        functools.update_wrapper(self, load)  # type: ignore[arg-type]

    def __call__(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                value = self._value
                if value is None:
                    value = self._value = (self._load(),)
        return value[0]

    @property
    def loaded(self) -> bool:
        """Whether the resource has been loaded in this process."""
        return self._value is not None


def resource(load: Callable[[], T]) -> Callable[[], T]:
    """Decorate a zero-argument loader so that it runs once per process, on first need."""
    return _Resource(load)


def read_package_text(path: str, what: str) -> str:
    """The text of the package file ``path`` (e.g. ``data/stopwords-ar.txt``).

    Raises:
        DataError: the file is missing or unreadable (a broken installation).
    """
    try:
        return resources.files("mujaz").joinpath(path).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the {what} {path}: {exc}") from None


def read_package_json(path: str, what: str, field: str, *, version: str | None = None) -> Any:
    """The ``field`` of the JSON object in the package file ``path`` (e.g. ``data/news-weights.json``).

    Args:
        path: the file, relative to the package.
        what: what the file holds, for error messages.
        field: the field to return.
        version: the method version the code runs (``"news.v3"``); when given, the file's
            ``version`` field must be the same. A data file fitted for another version of
            a method would silently change its outputs, so it is refused instead.

    Raises:
        DataError: the file is missing, is not JSON, has no ``field``, or was written for
            another version (a broken installation); the message names ``what`` it holds.
    """
    try:
        data = json.loads(read_package_text(path, what))
    except ValueError as exc:
        raise DataError(f"cannot read the {what} {path}: {exc}") from None
    if not isinstance(data, dict) or field not in data:
        raise DataError(f"cannot read the {what} {path}: no {field!r} field")
    if version is not None and data.get("version") != version:
        raise DataError(f"the {what} {path} is for {data.get('version')!r}, but this mujaz runs {version!r}; "
                        "reinstall mujaz, or refit the file with make train")
    return data[field]
