"""The service's routes: the JSON API under ``/v1``, ``/healthz`` and the web page.

Request path, in order of the checks a request meets::

    BodyLimitMiddleware   Content-Length or streamed bytes over max_body_bytes -> 413
    API key (on /v1)      missing or wrong -> 401
    content type          not application/json -> 415
    body read             slower than timeout_s -> 408; client gone -> 400
    engine                max_pending requests already in -> 503; timeout_s passed -> 504
    -- in a worker, off the event loop (mujaz.service.work) --
    document count        more than max_documents in a batch -> 413
    JSON + model          invalid JSON, deeper than 200 levels, wrong type, unknown field -> 422
    options               SummaryConfig refuses them (e.g. two budgets) -> 422
    summarizer            InputError (empty, no Arabic, binary...) -> 422

A route handler only checks headers, reads the bytes and waits on the engine.
"""

from __future__ import annotations

import hmac
from importlib import resources
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mujaz import __version__
from mujaz.config import STYLES
from mujaz.registry import DEFAULT_METHOD, available_methods
from mujaz.service.config import ServiceConfig
from mujaz.service.engine import Engine
from mujaz.service.errors import ApiError, clip, json_response
from mujaz.service.limits import Clock, check_json_content_type, read_body
from mujaz.service.models import BatchOut, CheckOut, HealthOut, MethodsOut, SummaryOut
from mujaz.service.openapi import ERROR_RESPONSES
from mujaz.service.work import BATCH, CHECK, SUMMARIZE

__all__ = ["api_router", "page_router", "STATIC_FILES"]

# The page and its two files, served from the package (no CDN, no build step).
STATIC_FILES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
# The page loads nothing from elsewhere; saying so to the browser blocks injected content.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _json_body(schema: str) -> dict[str, Any]:
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _key_check(config: ServiceConfig) -> Any:
    expected = config.api_key.encode("ascii") if config.api_key else None

    def require_key(request: Request) -> None:
        if expected is None:
            return
        supplied = request.headers.get("x-api-key")
        authorization = request.headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if supplied is None and scheme.lower() == "bearer":
            supplied = token.strip()
        # Starlette decodes header bytes as latin-1, so this gives back the bytes sent.
        if supplied is None or not hmac.compare_digest(supplied.encode("latin-1"), expected):
            raise ApiError(401, "unauthorized",
                           "a valid API key is required (Authorization: Bearer KEY or X-API-Key: KEY)",
                           headers={"WWW-Authenticate": 'Bearer realm="mujaz"'})

    return require_key


def api_router(config: ServiceConfig, engine: Engine) -> APIRouter:
    """The ``/v1`` routes (key-checked when ``config.api_key`` is set) and ``/healthz``."""
    router = APIRouter()
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(_key_check(config))], responses=ERROR_RESPONSES)

    async def run(request: Request, route: str) -> Response:
        clock = Clock(config.timeout_s)
        check_json_content_type(request)
        body = await read_body(request, clock)
        result = await engine.run(route, body, clock)
        del body
        result["timings"]["total_ms"] = clock.elapsed_ms()
        return json_response(result)

    @v1.post("/summarize", summary="Summarize one article", openapi_extra=_json_body("SummarizeRequest"),
             responses={200: {"model": SummaryOut}})
    async def summarize(request: Request) -> Response:
        """Summarize one article given as ``text`` (plain) or ``html`` (a page)."""
        return await run(request, SUMMARIZE)

    @v1.post("/summarize/batch", summary="Summarize several articles", openapi_extra=_json_body("BatchRequest"),
             responses={200: {"model": BatchOut}})
    async def summarize_batch(request: Request) -> Response:
        """Summarize up to ``max_documents`` articles with the same options.

        A document that cannot be summarized gets an ``error`` in its result; the others
        are still summarized.
        """
        return await run(request, BATCH)

    @v1.post("/check", summary="Check a summary against its article", openapi_extra=_json_body("CheckRequest"),
             responses={200: {"model": CheckOut}})
    async def check(request: Request) -> Response:
        """Check any summary (mujaz's, a journalist's, a language model's) against the article
        given as ``text`` or ``html``: what the article does not support, with spans."""
        return await run(request, CHECK)

    @v1.get("/methods", summary="List the summarization methods", response_model=MethodsOut)
    async def methods() -> dict[str, Any]:
        return {"methods": [{"name": n, "description": d} for n, d in available_methods().items()],
                "default": DEFAULT_METHOD, "styles": list(STYLES)}

    router.include_router(v1)

    @router.get("/healthz", summary="Liveness and limits", response_model=HealthOut)
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "limits": config.limits()}

    return router


def _read_static(name: str) -> bytes:
    return resources.files("mujaz.service").joinpath("static", name).read_bytes()


def page_router() -> APIRouter:
    """``/`` (the web page) and ``/static/{name}`` (its script and style), read once."""
    router = APIRouter(include_in_schema=False)
    pages = {name: _read_static(name) for name in STATIC_FILES}

    @router.get("/")
    async def page() -> Response:
        return Response(pages["index.html"], media_type=STATIC_FILES["index.html"], headers=_PAGE_HEADERS)

    @router.get("/static/{name}")
    async def static(name: str) -> Response:
        if name not in pages:
            raise ApiError(404, "not_found", f"no static file {clip(name)!r}")
        return Response(pages[name], media_type=STATIC_FILES[name], headers=_PAGE_HEADERS)

    return router
