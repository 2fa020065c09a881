"""The ASGI application: JSON routes, the web page, limits and error handling.

Request path, in order of the checks a request meets::

    BodyLimitMiddleware   Content-Length or streamed bytes over max_body_bytes -> 413
    API key (on /v1)      missing or wrong -> 401
    content type          not application/json -> 415
    body read             slower than timeout_s -> 408; client gone -> 400
    JSON + model          invalid JSON, wrong type, unknown field -> 422
    options               SummaryConfig refuses them (e.g. two budgets) -> 422
    engine                max_pending requests already in -> 503; timeout_s passed -> 504
    summarizer            InputError (empty, no Arabic, binary...) -> 422

Every error body is ``{"error": {"type": ..., "message": ..., "details"?: ...}}``. A last
resort handler turns any other exception into a JSON 500 and counts it in
``app.state.internal_errors``; the tests post hostile bodies and check it stays at 0.

Summarizing is CPU-bound, so it runs in a thread pool of ``threads`` threads and the event
loop only waits on it. A request that times out is answered at once; its work is
cancelled if it had not started, and a batch stops between documents. Work that has
started finishes in its thread (at most about a second for the largest body accepted),
and keeps counting toward ``max_pending`` until it does, so abandoned work cannot pile up.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, AsyncIterator, Callable

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mujaz import __version__
from mujaz.api import Summarizer
from mujaz.config import STYLES, SummaryConfig
from mujaz.errors import ConfigError, MissingDependencyError, MujazError, UnknownMethodError
from mujaz.registry import DEFAULT_METHOD, available_methods
from mujaz.service.config import ServiceConfig
from mujaz.service.models import (
    BatchDocument,
    BatchOut,
    BatchRequest,
    ErrorOut,
    HealthOut,
    MethodsOut,
    SummarizeRequest,
    SummaryOut,
)

__all__ = ["create_app", "create_app_from_env", "ApiError"]

logger = logging.getLogger("mujaz.service")

# The page and its two files, served from the package (no CDN, no build step).
_STATIC = {
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
_MAX_ERROR_DETAILS = 20
_JSON_SUBTYPE_SUFFIX = "+json"


class ApiError(Exception):
    """An error answered with ``status`` and the JSON error body."""

    def __init__(self, status: int, type_: str, message: str, *, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message
        self.details, self.headers = details, headers or {}

    def body(self) -> dict[str, Any]:
        return _error_body(self.type, self.message, self.details)


class _BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "body_too_large", f"the request body is larger than the limit of {limit:,} bytes",
                         details={"max_body_bytes": limit}, headers={"Connection": "close"})


def _error_body(type_: str, message: str, details: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"type": type_, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_dumps(data), status_code=status, headers=headers, media_type="application/json")


def _mujaz_error(exc: MujazError) -> tuple[int, str]:
    """The HTTP status and error type of a mujaz error."""
    if isinstance(exc, UnknownMethodError):
        return 422, "unknown_method"
    if isinstance(exc, ConfigError):
        return 422, "config_error"
    if isinstance(exc, MissingDependencyError):
        return 501, "missing_dependency"
    return 422, "input_error"


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413, counting the bytes as they stream in.

    Content-Length is checked first (so a large upload is refused before it is sent), but
    not trusted: chunked bodies, or bodies longer than they claim, are counted too.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    await _send_error(send, ApiError(400, "bad_request", "Content-Length is not a number",
                                                     headers={"Connection": "close"}))
                    return
                if int(value) > self.max_bytes:
                    await _send_error(send, _BodyTooLarge(self.max_bytes))
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge as exc:
            # Normally the ApiError handler answers first; this catches reads made elsewhere.
            if not started:
                await _send_error(send, exc)


async def _send_error(send: Send, exc: ApiError) -> None:
    body = _dumps(exc.body())
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _Clock:
    """A request's time budget, readable from any thread."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.start = time.perf_counter()
        self.deadline = self.start + timeout_s

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.start) * 1000, 3)


class _Expired(Exception):
    """A batch noticed, between two documents, that its request has already timed out."""


class _Engine:
    """The thread pool that runs the summarizer, with one Summarizer per thread."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self._executor = ThreadPoolExecutor(max_workers=config.threads, thread_name_prefix="mujaz-summarize",
                                            initializer=self._start_thread)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._pending = 0

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _start_thread(self) -> None:
        self.summarizer().preload()

    def warm_up(self, timeout_s: float = 60.0) -> None:
        """Start the pool's threads now, each with its summarizer's resources loaded, so
        that the first requests do not pay for loading them."""
        futures = [self._executor.submit(lambda: None) for _ in range(self.config.threads)]
        wait(futures, timeout=timeout_s)

    def _done(self, _future: Future) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, fn: Callable[..., Any], *args: Any, clock: _Clock) -> Any:
        """Run ``fn(*args)`` in the pool; 503 when full, 504 past the request's deadline."""
        with self._lock:
            if self._pending >= self.config.max_pending:
                raise ApiError(503, "overloaded", "the server is busy; retry shortly",
                               details={"max_pending": self.config.max_pending}, headers={"Retry-After": "1"})
            self._pending += 1
        try:
            future = self._executor.submit(fn, *args)
        except RuntimeError:
            with self._lock:
                self._pending -= 1
            raise ApiError(503, "shutting_down", "the server is shutting down", headers={"Retry-After": "1"}) from None
        future.add_done_callback(self._done)
        try:
            # Cancelling the wrapper cancels the pool's future too, so queued work never starts.
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=max(clock.remaining(), 0.0))
        except TimeoutError:
            raise _timeout_error(clock) from None

    def summarizer(self) -> Summarizer:
        # PyStemmer objects are not shared between threads: each thread gets its own.
        summarizer = getattr(self._local, "summarizer", None)
        if summarizer is None:
            summarizer = self._local.summarizer = Summarizer()
        return summarizer

    def summarize_document(self, doc: BatchDocument | SummarizeRequest, options: dict[str, Any]) -> dict[str, Any]:
        """Summarize one document (runs in a pool thread); returns the summary as a dict."""
        extract_ms = 0.0
        text, title, extra = doc.text, doc.title, {}
        if doc.html is not None:
            started = time.perf_counter()
            article = _extract_article(doc.html)
            extract_ms = (time.perf_counter() - started) * 1000
            text = article.text
            extra = {"source_text": article.text, "title": getattr(article, "title", None)}
        started = time.perf_counter()
        summary = self.summarizer().summarize(text, title=title, **options)
        summarize_ms = (time.perf_counter() - started) * 1000
        result = summary.to_dict()
        result.update(extra)
        result["timings"] = {"extract_ms": round(extract_ms, 3), "summarize_ms": round(summarize_ms, 3)}
        return result

    def summarize_one(self, doc: SummarizeRequest, options: dict[str, Any], clock: _Clock) -> dict[str, Any]:
        queue_ms = clock.elapsed_ms()
        result = self.summarize_document(doc, options)
        result["timings"] = {"queue_ms": queue_ms, **result["timings"], "total_ms": 0.0}
        return result

    def summarize_batch(self, docs: list[BatchDocument], options: dict[str, Any], clock: _Clock) -> dict[str, Any]:
        queue_ms = clock.elapsed_ms()
        results: list[dict[str, Any]] = []
        extract_ms = summarize_ms = 0.0
        for index, doc in enumerate(docs):
            if clock.remaining() <= 0:
                raise _Expired  # nobody waits for the rest: stop spending CPU on it
            try:
                summary = self.summarize_document(doc, options)
            except ApiError as exc:
                results.append({"index": index, "id": doc.id, "error": exc.body()["error"]})
                continue
            except MujazError as exc:
                error = {"type": _mujaz_error(exc)[1], "message": str(exc)}
                results.append({"index": index, "id": doc.id, "error": error})
                continue
            timings = summary.pop("timings")
            extract_ms += timings["extract_ms"]
            summarize_ms += timings["summarize_ms"]
            summary["timings"] = None
            results.append({"index": index, "id": doc.id, "summary": summary})
        errors = sum(1 for r in results if "error" in r)
        return {"results": results, "errors": errors,
                "timings": {"queue_ms": queue_ms, "extract_ms": round(extract_ms, 3),
                            "summarize_ms": round(summarize_ms, 3), "total_ms": 0.0}}


def _timeout_error(clock: _Clock) -> ApiError:
    return ApiError(504, "timeout", f"the request took longer than the limit of {clock.timeout_s:g} s",
                    details={"timeout_s": clock.timeout_s})


def _extract_article(html: str) -> Any:
    """The article of an HTML page, through mujaz.io.html (the ``html`` extra)."""
    try:
        from mujaz.io.html import extract_article
    except ModuleNotFoundError as exc:
        if exc.name != "mujaz.io.html":
            raise MissingDependencyError(exc.name or "trafilatura", "html") from None
        raise ApiError(501, "html_unsupported",
                       "this mujaz has no HTML reader (mujaz.io.html); send plain 'text'") from None
    return extract_article(html)


def _validation_error(exc: ValidationError) -> ApiError:
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    if any(e["type"] == "json_invalid" for e in errors):
        return ApiError(422, "invalid_json", f"the body is not valid JSON: {errors[0]['msg']}")
    details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors[:_MAX_ERROR_DETAILS]]
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    message = f"invalid request: {where}: {first['msg']}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return ApiError(422, "validation_error", message, details=details)


def _check_json_content_type(request: Request) -> None:
    raw = request.headers.get("content-type", "")
    media, _, params = raw.partition(";")
    media = media.strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith(_JSON_SUBTYPE_SUFFIX)):
        shown = media or "none"
        raise ApiError(415, "unsupported_media_type",
                       f"send a JSON body with Content-Type: application/json (got {shown})")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_media_type", "JSON bodies must be UTF-8")


async def _read_model(request: Request, model: type[BaseModel], clock: _Clock) -> Any:
    """Check the content type, read the body within the time limit and validate it."""
    _check_json_content_type(request)
    try:
        body = await asyncio.wait_for(request.body(), timeout=max(clock.remaining(), 0.0))
    except TimeoutError:
        raise ApiError(408, "request_timeout", f"the request body did not arrive within {clock.timeout_s:g} s",
                       headers={"Connection": "close"}) from None
    except ClientDisconnect:
        raise ApiError(400, "client_disconnected",
                       "the client closed the connection before the body was sent") from None
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise _validation_error(exc) from None


def _summary_options(payload: SummarizeRequest | BatchRequest) -> dict[str, Any]:
    options = payload.options()
    SummaryConfig.from_options(**options)  # ConfigError (-> 422) before any work is queued
    return options


def _read_static(name: str) -> bytes:
    return resources.files("mujaz.service").joinpath("static", name).read_bytes()


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "API key missing or wrong"), (413, "body or batch too large"), (415, "not a JSON body"),
        (422, "invalid JSON, options or text"), (503, "server busy"), (504, "took too long"),
    )
}


def _json_body(schema: str) -> dict[str, Any]:
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """Build the ASGI app: the JSON API under ``/v1``, ``/healthz``, ``/docs`` and the page at ``/``.

    Args:
        config: limits and API key; ``ServiceConfig()`` (no key, 2 MiB bodies) when omitted.

    Returns:
        A FastAPI application, to serve with any ASGI server or to mount in another app.

    Example:
        >>> from mujaz.service import create_app, ServiceConfig
        >>> app = create_app(ServiceConfig(max_documents=8))   # doctest: +SKIP
        >>> # uvicorn.run(app, host="127.0.0.1", port=8000)
    """
    config = ServiceConfig() if config is None else config
    if not isinstance(config, ServiceConfig):
        raise ConfigError(f"config must be a ServiceConfig, got {type(config).__name__}")
    engine = _Engine(config)
    engine.warm_up()
    expected_key = config.api_key.encode("ascii") if config.api_key else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            engine.shutdown()

    # FastAPIOffline serves Swagger UI's script and style from the installed package, so /docs
    # works without reaching a CDN.
    app = FastAPIOffline(
        title="mujaz",
        version=__version__,
        description="Arabic news summarizer: a lead paragraph, a headline and key points, each traceable "
                    "to the source by character offsets (Unicode code points).",
        lifespan=lifespan,
        redoc_url=None,
        static_url="/docs-static",
    )
    app.state.config = config
    app.state.engine = engine
    app.state.internal_errors = 0
    pages = {name: _read_static(name) for name in _STATIC}

    def require_key(request: Request) -> None:
        if expected_key is None:
            return
        supplied = request.headers.get("x-api-key")
        authorization = request.headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if supplied is None and scheme.lower() == "bearer":
            supplied = token.strip()
        # Starlette decodes header bytes as latin-1, so this gives back the bytes sent.
        if supplied is None or not hmac.compare_digest(supplied.encode("latin-1"), expected_key):
            raise ApiError(401, "unauthorized",
                           "a valid API key is required (Authorization: Bearer KEY or X-API-Key: KEY)",
                           headers={"WWW-Authenticate": 'Bearer realm="mujaz"'})

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_key)], responses=_ERROR_RESPONSES)

    @v1.post("/summarize", summary="Summarize one article", openapi_extra=_json_body("SummarizeRequest"),
             responses={200: {"model": SummaryOut}})
    async def summarize(request: Request) -> Response:
        """Summarize one article given as ``text`` (plain) or ``html`` (a page)."""
        clock = _Clock(config.timeout_s)
        payload: SummarizeRequest = await _read_model(request, SummarizeRequest, clock)
        options = _summary_options(payload)
        result = await engine.run(engine.summarize_one, payload, options, clock, clock=clock)
        result["timings"]["total_ms"] = clock.elapsed_ms()
        return _json(result)

    @v1.post("/summarize/batch", summary="Summarize several articles", openapi_extra=_json_body("BatchRequest"),
             responses={200: {"model": BatchOut}})
    async def summarize_batch(request: Request) -> Response:
        """Summarize up to ``max_documents`` articles with the same options.

        A document that cannot be summarized gets an ``error`` in its result; the others
        are still summarized.
        """
        clock = _Clock(config.timeout_s)
        payload: BatchRequest = await _read_model(request, BatchRequest, clock)
        if len(payload.documents) > config.max_documents:
            raise ApiError(413, "too_many_documents",
                           f"{len(payload.documents)} documents; the limit is {config.max_documents} per request",
                           details={"max_documents": config.max_documents})
        options = _summary_options(payload)
        try:
            result = await engine.run(engine.summarize_batch, payload.documents, options, clock, clock=clock)
        except _Expired:
            raise _timeout_error(clock) from None
        result["timings"]["total_ms"] = clock.elapsed_ms()
        return _json(result)

    @v1.get("/methods", summary="List the summarization methods", response_model=MethodsOut)
    async def methods() -> dict[str, Any]:
        return {"methods": [{"name": n, "description": d} for n, d in available_methods().items()],
                "default": DEFAULT_METHOD, "styles": list(STYLES)}

    app.include_router(v1)

    @app.get("/healthz", summary="Liveness and limits", response_model=HealthOut)
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "limits": config.limits()}

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return Response(pages["index.html"], media_type=_STATIC["index.html"], headers=_PAGE_HEADERS)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in pages:
            raise ApiError(404, "not_found", f"no static file {name!r}")
        return Response(pages[name], media_type=_STATIC[name], headers=_PAGE_HEADERS)

    @app.exception_handler(ApiError)
    async def on_api_error(_request: Request, exc: ApiError) -> Response:
        return _json(exc.body(), exc.status, exc.headers)

    @app.exception_handler(MujazError)
    async def on_mujaz_error(_request: Request, exc: MujazError) -> Response:
        status, type_ = _mujaz_error(exc)
        return _json(_error_body(type_, str(exc)), status)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                   for e in list(exc.errors())[:_MAX_ERROR_DETAILS]]
        return _json(_error_body("validation_error", "invalid request", details), 422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        type_ = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _json(_error_body(type_, str(exc.detail)), exc.status_code, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        # There should be no way here; the tests post hostile input and check the count.
        app.state.internal_errors += 1
        logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _json(_error_body("internal_error", "an unexpected error occurred"), 500)

    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _, defs = models_json_schema([(SummarizeRequest, "validation"), (BatchRequest, "validation")],
                                         ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def create_app_from_env() -> FastAPI:
    """``create_app(ServiceConfig.from_env())``: the factory ``mujaz serve`` gives uvicorn."""
    return create_app(ServiceConfig.from_env())
