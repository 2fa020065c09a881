"""The HTTP service: a JSON API and a web page over :func:`mujaz.summarize`.

>>> from mujaz.service import create_app, ServiceConfig
>>> app = create_app(ServiceConfig(api_key="s3cret"))   # doctest: +SKIP

Serve it with ``mujaz serve`` (uvicorn) or any ASGI server. Needs the ``service`` extra:
``pip install 'mujaz[service]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mujaz.errors import MissingDependencyError
from mujaz.service.config import ServiceConfig

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["create_app", "ServiceConfig"]


def create_app(config: ServiceConfig | None = None) -> "FastAPI":
    """Build the ASGI app (see :func:`mujaz.service.app.create_app`).

    Raises:
        MissingDependencyError: FastAPI is not installed (the ``service`` extra).
        ConfigError: ``config`` is not a :class:`ServiceConfig`.
    """
    try:
        from mujaz.service.app import create_app as _create_app
    except ModuleNotFoundError as exc:
        if exc.name in ("fastapi", "fastapi_offline", "starlette", "pydantic", "pydantic_core"):
            raise MissingDependencyError(exc.name, "service") from None
        raise
    return _create_app(config)
