"""The OpenAPI document: FastAPI's, plus the request models the routes read by hand.

The summarize routes read their bodies as bytes (a worker validates them off the event
loop), so FastAPI does not see their request models; the schema adds them, and the error
responses every ``/v1`` route may give.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from mujaz.service.models import BatchRequest, CheckRequest, ErrorOut, SummarizeRequest

__all__ = ["ERROR_RESPONSES", "install_openapi"]

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "API key missing or wrong"), (413, "body or batch too large"), (415, "not a JSON body"),
        (422, "invalid JSON, options or text"), (503, "server busy"), (504, "took too long"),
    )
}


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and ``/openapi.json``) include the request models."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            requests = (SummarizeRequest, BatchRequest, CheckRequest)
            _, defs = models_json_schema([(model, "validation") for model in requests],
                                         ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
