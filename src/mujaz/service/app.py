"""The ASGI application, composed from the service's modules.

==================================  ==================================================
module                              what it holds
==================================  ==================================================
:mod:`mujaz.service.config`         :class:`ServiceConfig`: limits, engine, API key
:mod:`mujaz.service.limits`         body-size middleware, content type, body read, clock
:mod:`mujaz.service.routes`         the ``/v1`` router, ``/healthz``, the web page
:mod:`mujaz.service.engine`         the worker pool (processes or threads), 503 and 504
:mod:`mujaz.service.work`           what a worker does with a body: parse, check, summarize
:mod:`mujaz.service.errors`         the JSON error model and every exception handler
:mod:`mujaz.service.openapi`        the OpenAPI document
:mod:`mujaz.service.protocol`       JSON errors for requests the HTTP parser refuses
==================================  ==================================================

Every error body is ``{"error": {"type": ..., "message": ..., "details"?: ...}}``. A last
resort handler turns any other exception into a JSON 500 and counts it in
``app.state.internal_errors``; the tests post hostile bodies and check it stays at 0.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from mujaz import __version__
from mujaz.errors import ConfigError
from mujaz.service.config import ServiceConfig
from mujaz.service.engine import Engine
from mujaz.service.errors import install_handlers
from mujaz.service.limits import BodyLimitMiddleware
from mujaz.service.openapi import install_openapi
from mujaz.service.routes import api_router, page_router

__all__ = ["create_app", "create_app_from_env"]

_DESCRIPTION = ("Arabic news summarizer: a lead paragraph, a headline and key points, each traceable "
                "to the source by character offsets (Unicode code points).")


def _lifespan(engine: Engine):  # noqa: ANN202 - FastAPI's lifespan type
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Workers start (and load their resources) before the first request, not when the
        # app is built: building an app stays cheap, and a test client or ASGI server
        # that never starts it spawns nothing.
        await asyncio.to_thread(engine.start)
        try:
            yield
        finally:
            await asyncio.to_thread(engine.shutdown)

    return lifespan


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """Build the ASGI app: the JSON API under ``/v1``, ``/healthz``, ``/docs`` and the page at ``/``.

    The summarizer workers start in the app's lifespan (when the server starts it).

    Args:
        config: limits, engine and API key; ``ServiceConfig()`` (no key, 2 MiB bodies)
            when omitted.

    Returns:
        A FastAPI application, to serve with any ASGI server or to mount in another app.

    Raises:
        ConfigError: ``config`` is not a :class:`ServiceConfig`.

    Example:
        >>> from mujaz.service import create_app, ServiceConfig
        >>> app = create_app(ServiceConfig(max_documents=8))   # doctest: +SKIP
        >>> # uvicorn.run(app, host="127.0.0.1", port=8000)
    """
    config = ServiceConfig() if config is None else config
    if not isinstance(config, ServiceConfig):
        raise ConfigError(f"config must be a ServiceConfig, got {type(config).__name__}")
    engine = Engine(config)
    # FastAPIOffline serves Swagger UI's script and style from the installed package, so /docs
    # works without reaching a CDN.
    app = FastAPIOffline(title="mujaz", version=__version__, description=_DESCRIPTION, lifespan=_lifespan(engine),
                         redoc_url=None, static_url="/docs-static")
    app.state.config = config
    app.state.engine = engine
    app.include_router(api_router(config, engine))
    app.include_router(page_router())
    install_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes, timeout_s=config.timeout_s)
    install_openapi(app)
    return app


def create_app_from_env() -> FastAPI:
    """``create_app(ServiceConfig.from_env())``: the factory ``mujaz serve`` gives uvicorn."""
    return create_app(ServiceConfig.from_env())
