"""The service's JSON error model and every exception handler.

Every error the service answers has the body ``{"error": {"type", "message", "details"?}}``
and ``Content-Type: application/json``, whichever layer refuses the request: the body-size
middleware, a route, the worker that summarizes, FastAPI's own routing (404, 405) or the
HTTP parser (see :mod:`mujaz.service.protocol`).

How mujaz's own errors map to HTTP::

    UnknownMethodError        422 unknown_method
    ConfigError               422 config_error
    InputError                422 input_error      the text cannot be summarized
    MissingDependencyError    501 missing_dependency
    DataError                 500 data_error       a shipped data file is broken: the install, not the request
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from mujaz.errors import ConfigError, DataError, InputError, MissingDependencyError, MujazError, UnknownMethodError

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI, Request
    from fastapi.responses import Response

# The worker processes import this module for ApiError and the mapping of mujaz errors;
# FastAPI, which only the server needs, is imported where it is used, so that a worker
# replaced after a timeout is ready 0.3 s sooner.

__all__ = [
    "ApiError",
    "BodyTooLarge",
    "error_body",
    "dumps",
    "json_response",
    "mujaz_error",
    "timeout_error",
    "validation_error",
    "clip",
    "install_handlers",
]

logger = logging.getLogger("mujaz.service")

MAX_ERROR_DETAILS = 20
# Error messages may name what the client sent (a file name, a route); never all of it.
MAX_ECHO_CHARS = 64


class ApiError(Exception):
    """An error answered with ``status`` and the JSON error body."""

    def __init__(self, status: int, type_: str, message: str, *, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message
        self.details, self.headers = details, headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        return error_body(self.type, self.message, self.details)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in worker processes and sent back to the server: keyword-only arguments
        # are not restored by the default exception pickling.
        return _rebuild_api_error, (self.status, self.type, self.message, self.details, self.headers)


def _rebuild_api_error(status: int, type_: str, message: str, details: Any, headers: dict[str, str]) -> ApiError:
    return ApiError(status, type_, message, details=details, headers=headers)


class BodyTooLarge(ApiError):
    """413: the request body is over ``max_body_bytes``."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "body_too_large", f"the request body is larger than the limit of {limit:,} bytes",
                         details={"max_body_bytes": limit}, headers={"Connection": "close"})

    def __reduce__(self) -> tuple[Any, ...]:
        return BodyTooLarge, (self.details["max_body_bytes"],)


def error_body(type_: str, message: str, details: Any = None) -> dict[str, Any]:
    """``{"error": {"type": ..., "message": ..., "details"?: ...}}``."""
    error: dict[str, Any] = {"type": type_, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON (Arabic stays readable, not ``\\u`` escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> "Response":
    """A JSON response from already-built data."""
    from starlette.responses import Response

    return Response(dumps(data), status_code=status, headers=headers, media_type="application/json")


def clip(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with ``…``): what an error may echo of the client's input."""
    return text if len(text) <= limit else text[:limit] + "…"


def mujaz_error(exc: MujazError) -> ApiError:
    """The HTTP error for a mujaz error (see the table in the module docstring)."""
    if isinstance(exc, UnknownMethodError):
        return ApiError(422, "unknown_method", str(exc))
    if isinstance(exc, ConfigError):
        return ApiError(422, "config_error", str(exc))
    if isinstance(exc, MissingDependencyError):
        return ApiError(501, "missing_dependency", str(exc))
    if isinstance(exc, DataError):
        # Not the client's fault: a data file shipped with mujaz did not load.
        logger.error("mujaz data error: %s", exc)
        return ApiError(500, "data_error", f"the server's mujaz installation is broken: {exc}")
    if isinstance(exc, InputError):
        return ApiError(422, "input_error", str(exc))
    return ApiError(500, "internal_error", "an unexpected error occurred")


def timeout_error(timeout_s: float) -> ApiError:
    """504: the request ran past its time limit."""
    return ApiError(504, "timeout", f"the request took longer than the limit of {timeout_s:g} s",
                    details={"timeout_s": timeout_s})


def validation_error(exc: ValidationError) -> ApiError:
    """422 for a request body that is not valid JSON or does not fit the request model.

    The details never include the input values, so a refused body is not echoed back.
    """
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    if any(e["type"] == "json_invalid" for e in errors):
        return ApiError(422, "invalid_json", f"the body is not valid JSON: {errors[0]['msg']}")
    details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors[:MAX_ERROR_DETAILS]]
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    message = f"invalid request: {where}: {first['msg']}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return ApiError(422, "validation_error", message, details=details)


async def _on_api_error(_request: "Request", exc: Exception) -> "Response":
    assert isinstance(exc, ApiError)
    return json_response(exc.body(), exc.status, exc.headers)


async def _on_mujaz_error(_request: "Request", exc: Exception) -> "Response":
    assert isinstance(exc, MujazError)
    error = mujaz_error(exc)
    return json_response(error.body(), error.status, error.headers)


async def _on_request_validation_error(_request: "Request", exc: Exception) -> "Response":
    details = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
               for e in list(exc.errors())[:MAX_ERROR_DETAILS]]
    return json_response(error_body("validation_error", "invalid request", details), 422)


async def _on_http_error(_request: "Request", exc: Exception) -> "Response":
    status = getattr(exc, "status_code", 500)
    type_ = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
    return json_response(error_body(type_, clip(str(getattr(exc, "detail", "")))), status,
                         dict(getattr(exc, "headers", None) or {}))


def install_handlers(app: "FastAPI") -> None:
    """Register every exception handler on ``app``; ``app.state.internal_errors`` counts the last resort's uses."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    app.state.internal_errors = 0

    async def on_unexpected(request: "Request", exc: Exception) -> "Response":
        # There should be no way here; the tests post hostile input and check the count.
        app.state.internal_errors += 1
        logger.error("unexpected error on %s %s", request.method, clip(request.url.path), exc_info=exc)
        return json_response(error_body("internal_error", "an unexpected error occurred"), 500)

    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(MujazError, _on_mujaz_error)
    app.add_exception_handler(RequestValidationError, _on_request_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
