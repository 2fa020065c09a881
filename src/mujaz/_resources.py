"""Reading the data files shipped inside the package (``mujaz/data/``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from mujaz.errors import DataError

__all__ = ["read_package_json"]


def read_package_json(path: str, what: str, field: str) -> Any:
    """The ``field`` of the JSON object in the package file ``path`` (e.g. ``data/news-weights.json``).

    Raises:
        DataError: the file is missing, is not JSON, or has no ``field`` (a broken
            installation); the message names ``what`` the file holds.
    """
    try:
        data = json.loads(resources.files("mujaz").joinpath(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the {what} {path}: {exc}") from None
    if not isinstance(data, dict) or field not in data:
        raise DataError(f"cannot read the {what} {path}: no {field!r} field")
    return data[field]
