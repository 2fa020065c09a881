"""``mujaz serve``: the HTTP service and web page, served by uvicorn.

A plugin of :mod:`mujaz.cli.main`: ``add_parser`` adds the subcommand and ``run`` starts
the server. FastAPI and uvicorn (the ``service`` extra) are imported only in ``run``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from typing import TextIO

from mujaz.cli.options import add_llm, positive_int, positive_seconds
from mujaz.errors import MissingDependencyError
from mujaz.service.config import ENGINES

__all__ = ["COMMAND", "add_parser", "run", "config_from_args"]

COMMAND = "serve"
_LOOPBACK_NAMES = ("localhost",)


def _port(value: str) -> int:
    number = positive_int(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 1-65535, got {value!r}")
    return number


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``mujaz`` command's subcommands."""
    parser = subparsers.add_parser(
        COMMAND, help="serve the HTTP API and the web page",
        description=(
            "Serve the JSON API (POST /v1/summarize, POST /v1/summarize/batch, GET /v1/methods), "
            "GET /healthz, the OpenAPI docs at /docs and the web page at /, with uvicorn. "
            "Listens on loopback unless --host says otherwise. Set MUJAZ_API_KEY, or give "
            "--api-key-file, to require a key on every /v1 route."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    parser.add_argument("--workers", type=positive_int, default=1, metavar="N",
                        help="server processes (default: 1); each has its own summarizer workers")
    parser.add_argument("--api-key-file", metavar="FILE",
                        help="file holding the API key (instead of the MUJAZ_API_KEY variable)")
    parser.add_argument("--max-body", type=positive_int, metavar="BYTES", dest="max_body_bytes",
                        help="largest request body (default: 2 MiB)")
    parser.add_argument("--max-documents", type=positive_int, metavar="N",
                        help="most documents per batch request (default: 32)")
    parser.add_argument("--timeout", type=positive_seconds, metavar="SECONDS", dest="timeout_s",
                        help="time limit per request (default: 10)")
    parser.add_argument("--threads", type=positive_int, metavar="N",
                        help="summarizer workers per server process, processes or threads as --engine says "
                             "(default: CPU cores, at most 4)")
    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="where summarizing runs: 'process' (default; work past its deadline is killed) "
                             "or 'thread'")
    parser.add_argument("--max-pending", type=positive_int, metavar="N",
                        help="requests admitted at once per worker before 503 (default: 64)")
    add_llm(parser)
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    parser.add_argument("--no-access-log", action="store_false", dest="access_log",
                        help="do not log each request")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def config_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None):
    """The :class:`~mujaz.service.ServiceConfig` for these arguments and environment.

    Command-line options override ``MUJAZ_*`` variables.

    Raises:
        ConfigError: an option is invalid, or the key file cannot be read.
    """
    from dataclasses import replace

    from mujaz.service.config import ServiceConfig

    env = dict(os.environ if environ is None else environ)
    if args.api_key_file:
        # Read here, once, so that a bad file is a usage error rather than a failing worker.
        env.pop("MUJAZ_API_KEY", None)
        env["MUJAZ_API_KEY_FILE"] = args.api_key_file
    config = ServiceConfig.from_env(env)
    names = ("max_body_bytes", "max_documents", "timeout_s", "threads", "max_pending", "engine", "llm_url",
             "llm_model", "llm_timeout")
    overrides = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    return replace(config, **overrides)


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Start uvicorn; returns when the server stops (Ctrl-C)."""
    try:
        import uvicorn  # noqa: F401
    except ModuleNotFoundError:
        raise MissingDependencyError("uvicorn", "service") from None
    try:
        import fastapi  # noqa: F401
    except ModuleNotFoundError:
        raise MissingDependencyError("fastapi", "service") from None
    from mujaz.service.protocol import JsonErrorH11Protocol

    config = config_from_args(args)
    if args.workers == 1:
        from mujaz.service.app import create_app

        app: object = create_app(config)
    else:
        # uvicorn's worker processes build their app from the environment (a factory takes
        # no arguments), so the options go there: this process only starts and waits for them.
        os.environ.update(config.to_env())
        if args.api_key_file:
            os.environ.pop("MUJAZ_API_KEY", None)
            os.environ["MUJAZ_API_KEY_FILE"] = os.path.abspath(args.api_key_file)
        app = "mujaz.service.app:create_app_from_env"
    if config.api_key is None and not _is_loopback(args.host):
        sys.stderr.write(
            f"mujaz: warning: listening on {args.host} without an API key; anyone who can reach it can use it "
            "(set MUJAZ_API_KEY or --api-key-file)\n"
        )
    uvicorn.run(
        app, factory=isinstance(app, str), host=args.host, port=args.port,
        workers=args.workers, http=JsonErrorH11Protocol, log_level=args.log_level, access_log=args.access_log,
        # Slow or idle clients must not hold a connection (and its memory) for long.
        timeout_keep_alive=5, timeout_graceful_shutdown=max(5, int(config.timeout_s) + 1),
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit("run it as: mujaz serve")
