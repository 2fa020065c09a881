"""uvicorn's HTTP/1.1 protocol (h11), with a JSON body on the 400 it sends for malformed requests.

A request that h11 cannot parse (``Content-Length: abc``, a NUL in a header, a broken
request line) never reaches the ASGI app, so the app's error handlers cannot answer it;
uvicorn answers ``text/plain`` "Invalid HTTP request received." itself. This subclass
keeps uvicorn's behaviour (log a warning, answer 400, close) and only changes the body to
the service's JSON error. ``mujaz serve`` passes it to uvicorn as ``http=``; another ASGI
server keeps its own answer.
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from mujaz.service.errors import dumps, error_body

__all__ = ["JsonErrorH11Protocol", "BAD_REQUEST_BODY"]

BAD_REQUEST_BODY = dumps(error_body("bad_request", "the request is not valid HTTP/1.1"))


class JsonErrorH11Protocol(H11Protocol):
    """:class:`uvicorn.protocols.http.h11_impl.H11Protocol` answering malformed requests with JSON."""

    def send_400_response(self, msg: str) -> None:  # noqa: ARG002 - uvicorn's message goes to its log
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(BAD_REQUEST_BODY)).encode()),
                   (b"connection", b"close")]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
            self.transport.write(self.conn.send(h11.Data(data=BAD_REQUEST_BODY)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:
            # A response had already started on this connection: nothing valid can follow it.
            pass
        self.transport.close()
