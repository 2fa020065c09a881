"""Limits every request meets before any work: body size, content type, time to send the body.

:class:`BodyLimitMiddleware` refuses bodies over ``max_body_bytes`` with 413. A client
that sends a body is usually not reading yet, so answering and closing at once resets
the connection under it and the client never sees the 413. The middleware therefore
reads and discards the rest of an oversized body, up to :func:`drain_bound` bytes and
within the request's time limit, and answers after that; past the bound it answers and
closes anyway.
"""

from __future__ import annotations

import asyncio
import time

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mujaz.service.errors import ApiError, BodyTooLarge, dumps

__all__ = ["Clock", "BodyLimitMiddleware", "drain_bound", "check_json_content_type", "read_body"]

_JSON_SUBTYPE_SUFFIX = "+json"
# Discarding an oversized body costs a little CPU per megabyte; past this many bytes the
# client is abusive or broken, and it gets the 413 followed by a closed connection.
_MIN_DRAIN_BYTES = 16 * 1024 * 1024
_DRAIN_FACTOR = 4


def drain_bound(max_body_bytes: int) -> int:
    """How many bytes of an oversized body are read and discarded before the 413 is sent."""
    return max(_MIN_DRAIN_BYTES, _DRAIN_FACTOR * max_body_bytes)


class Clock:
    """A request's time budget, readable from any thread."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.start = time.monotonic()
        self.deadline = self.start + timeout_s

    def remaining(self) -> float:
        """Seconds left (negative once past the deadline)."""
        return self.deadline - time.monotonic()

    def elapsed_ms(self) -> float:
        """Milliseconds since the request arrived."""
        return round((time.monotonic() - self.start) * 1000, 3)


async def _send_error(send: Send, exc: ApiError) -> None:
    body = dumps(exc.body())
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drain(receive: Receive, budget: int, timeout_s: float) -> None:
    """Read and drop body chunks until the body ends, ``budget`` bytes or ``timeout_s`` pass."""
    try:
        async with asyncio.timeout(timeout_s):
            while budget > 0:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                budget -= len(message.get("body", b""))
                if not message.get("more_body", False):
                    return
    except TimeoutError:
        return


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413, counting the bytes as they stream in.

    Content-Length is checked first (so a large upload is refused before it is read), but
    not trusted: chunked bodies, or bodies longer than they claim, are counted too. Either
    way the rest of the body is discarded (see the module docstring) before the answer.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float) -> None:
        self.app, self.max_bytes, self.timeout_s = app, max_bytes, timeout_s
        self.drain_bytes = drain_bound(max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # A client that asked "Expect: 100-continue" has not sent its body and will not
        # unless asked: refuse it at once, with nothing to discard.
        expects_continue = any(n == b"expect" and v.lower() == b"100-continue" for n, v in scope["headers"])
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    await _send_error(send, ApiError(400, "bad_request", "Content-Length is not a number",
                                                     headers={"Connection": "close"}))
                    return
                if int(value) > self.max_bytes:
                    if not expects_continue and int(value) <= self.drain_bytes:
                        await _drain(receive, int(value), self.timeout_s)
                    await _send_error(send, BodyTooLarge(self.max_bytes))
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    if message.get("more_body", False):
                        await _drain(receive, self.drain_bytes - received, self.timeout_s)
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            # Normally the ApiError handler answers first; this catches reads made elsewhere.
            if not started:
                await _send_error(send, exc)


def check_json_content_type(request: Request) -> None:
    """415 unless the body is declared as UTF-8 JSON (``application/json`` or ``application/*+json``)."""
    raw = request.headers.get("content-type", "")
    media, _, params = raw.partition(";")
    media = media.strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith(_JSON_SUBTYPE_SUFFIX)):
        shown = media or "none"
        raise ApiError(415, "unsupported_media_type",
                       f"send a JSON body with Content-Type: application/json (got {shown[:64]})")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_media_type", "JSON bodies must be UTF-8")


async def read_body(request: Request, clock: Clock) -> bytes:
    """The request body, read within the request's time limit.

    Raises:
        ApiError: 408 when the body is slower than the limit, 400 when the client left.
    """
    try:
        return await asyncio.wait_for(request.body(), timeout=max(clock.remaining(), 0.0))
    except TimeoutError:
        raise ApiError(408, "request_timeout", f"the request body did not arrive within {clock.timeout_s:g} s",
                       headers={"Connection": "close"}) from None
    except ClientDisconnect:
        raise ApiError(400, "client_disconnected",
                       "the client closed the connection before the body was sent") from None
