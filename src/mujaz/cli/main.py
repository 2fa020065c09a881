"""Argument parsing and dispatch for the ``mujaz`` command."""

from __future__ import annotations

import argparse
import errno
import json
import sys
import time
import traceback
from typing import Any, Sequence, TextIO

from mujaz import __version__
from mujaz.cli.options import (EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, add_budget, add_llm,
                               ProgressBar, add_method_and_style, llm_options, positive_int)
from mujaz.config import DEFAULT_MAX_WORDS, STYLES
from mujaz.errors import ConfigError, InputError, MujazError
from mujaz.render import FORMATS
from mujaz.registry import DEFAULT_METHOD, available_methods

__all__ = ["main", "build_parser"]

# A URL's scheme (RFC 3986: an ASCII letter, then letters, digits, + - .), as users paste them.
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def _is_url(argument: str) -> bool:
    scheme, sep, _ = argument.partition("://")
    return bool(sep) and scheme[:1].isascii() and scheme[:1].isalpha() and set(scheme) <= _SCHEME_CHARS


_DESCRIPTION = """\
mujaz (موجز): summarize Arabic news articles.

An article is UTF-8 plain text with one paragraph per line; a short first line without
final punctuation is taken as the title, and short lines before a paragraph as
subheadings. The summary quotes the article: every kept sentence or clause is reported
with its character offsets in the source.
"""

_EPILOG = """\
examples:
  mujaz summarize article.txt                     lead paragraph (at most %d words)
  mujaz summarize article.txt --max-words 25      a one-sentence brief
  mujaz summarize article.txt --style headline    a headline (at most 15 words)
  mujaz summarize article.txt --style points      key points, one per section
  mujaz summarize article.txt --style outline     headline, lead, then subheading + point per section
  mujaz summarize - --sentences 2 < article.txt   read standard input
  mujaz summarize page.html                       a saved web page (HTML detected by content)
  mujaz summarize article.txt --format json       summary with offsets and scores
  mujaz methods                                   list the summarization methods
  mujaz evaluate data.jsonl --max-words 25        ROUGE against lead baselines
  mujaz batch articles.jsonl -o summaries.jsonl   every article of a file, on every core

exit status: 0 ok, 1 input error (message on stderr), 2 usage error.
""" % DEFAULT_MAX_WORDS


def build_parser() -> argparse.ArgumentParser:
    """The ``mujaz`` argument parser (exposed for documentation and tests)."""
    methods = available_methods()
    parser = argparse.ArgumentParser(
        prog="mujaz", description=_DESCRIPTION, epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mujaz {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    summarize = commands.add_parser(
        "summarize", help="summarize one article",
        description="Summarize one article (a file, or - for standard input).",
    )
    summarize.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                           help="UTF-8 text file or saved web page; - or nothing reads standard input")
    summarize.add_argument("--input-format", default="auto", choices=("auto", "text", "html"),
                           help="auto: HTML when the content looks like HTML, else text (default: auto); "
                                "html extracts the article (title, body, subheadings) with trafilatura")
    add_budget(summarize)
    add_method_and_style(summarize, style_help="lead: a lead paragraph (default); headline: one short line; "
                                                 "points: key points, one per section; outline: headline, lead, "
                                                 "then each section's subheading and key point (budget: the lead's "
                                                 "words; --sentences: the number of sections)")
    summarize.add_argument("--title", metavar="TEXT", help="the headline, when the file has no title line")
    summarize.add_argument("--format", default="text", choices=FORMATS,
                           help="output format; json prints Summary.to_dict() (default: text)")
    add_llm(summarize)
    summarize.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    listing = commands.add_parser("methods", help="list the summarization methods",
                                  description="List the registered summarization methods.")
    listing.add_argument("--format", default="text", choices=("text", "json"))
    listing.add_argument("--prompts", action="store_true",
                         help="show the llm method's prompts (versioned package data) instead of the list")

    evaluate = commands.add_parser(
        "evaluate", help="score methods with Arabic-aware ROUGE against lead baselines",
        description=(
            "Summarize every article of a JSONL file (fields: id, text, summary/summaries, "
            "title) and print ROUGE-1/2/L F-scores of the chosen methods beside lead "
            "baselines (first sentence, first line, first N words), with seeded bootstrap "
            "95% confidence intervals."
        ),
    )
    evaluate.add_argument("data", metavar="DATA.jsonl", help="evaluation data (see shared/data/README.md)")
    evaluate.add_argument("--method", action="append", dest="methods", metavar="NAME", choices=sorted(methods),
                          help="method to evaluate; repeat for several (default: news)")
    evaluate.add_argument("--max-words", type=positive_int, metavar="N", help="summary budget in words")
    evaluate.add_argument("--style", default="lead", choices=STYLES,
                          help="which output to score: lead (default), headline, points or outline")
    evaluate.add_argument("--reference", default="summary", choices=("summary", "title"),
                          help="score against the records' summaries (default) or their titles, e.g. "
                               "--style headline --reference title; with title, no method sees the "
                               "title and records without one are skipped")
    evaluate.add_argument("--limit", type=positive_int, metavar="N", help="only the first N records")
    evaluate.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                          help="bootstrap resamples for confidence intervals, 0 to skip (default: 1000)")
    evaluate.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: 0)")
    evaluate.add_argument("--format", default="table", choices=("table", "json", "markdown"))
    add_llm(evaluate)
    evaluate.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for module in _plugin_modules():
        module.add_parser(commands)
    return parser


def _cmd_summarize(args: argparse.Namespace, out: TextIO) -> int:
    from mujaz.api import Summarizer
    from mujaz.io import read_article
    from mujaz.render import render

    summarizer = Summarizer(method=args.method, style=args.style, max_words=args.max_words,
                            max_sentences=args.max_sentences, ratio=args.ratio,
                            **(llm_options(args) if args.method == "llm" else {}))
    if _is_url(args.file):
        raise InputError(f"mujaz does not fetch web pages ({args.file}); save the page first, or pipe it in: "
                         f"curl -sL '{args.file}' | mujaz summarize -")
    text = read_article(args.file, input_format=args.input_format).text
    summary = summarizer.summarize(text, title=args.title)
    if summary.fallback is not None:
        fallback = summary.fallback
        sys.stderr.write(f"mujaz: warning: the language model's {args.style} was not used ({fallback['reason']}: "
                         f"{fallback['detail']}); this is mujaz's news summary\n")
    out.write(render(summary, args.format))
    return EXIT_OK


def _cmd_methods(args: argparse.Namespace, out: TextIO) -> int:
    methods = available_methods()
    if args.prompts:
        prompts = _llm_prompts()
        if args.format == "json":
            out.write(json.dumps(prompts, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(f"llm prompts {prompts['version']} (sent with the article, title and budgets):\n")
            for role in ("system", "user"):
                out.write(f"--- {role}\n{prompts[role]}\n")
        return EXIT_OK
    if args.format == "json":
        out.write(json.dumps(methods, ensure_ascii=False, indent=2) + "\n")
    else:
        width = max(map(len, methods))
        for name, description in methods.items():
            out.write(f"{name:<{width}}  {description}\n")
    return EXIT_OK


def _llm_prompts() -> dict[str, Any]:
    """The llm method's prompts as shipped (package data, versioned)."""
    from mujaz.llm import load_prompts

    return load_prompts().to_dict()


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from mujaz.evaluation import run_evaluation

    if args.bootstrap < 0:
        raise ConfigError("--bootstrap must be 0 or more")
    progress = ProgressBar(sys.stderr, enabled=sys.stderr.isatty(), unit="records", label="evaluating")
    try:
        report = run_evaluation(
            args.data, methods=tuple(args.methods or (DEFAULT_METHOD,)), max_words=args.max_words,
            style=args.style, reference=args.reference,
            limit=args.limit, bootstrap=args.bootstrap, seed=args.seed, progress=progress, llm=llm_options(args),
        )
    finally:
        progress.close()
    if args.format == "json":
        out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        out.write(report.to_markdown() + "\n")
    else:
        out.write(report.to_table() + "\n")
    return EXIT_OK


_COMMANDS = {"summarize": _cmd_summarize, "methods": _cmd_methods, "evaluate": _cmd_evaluate}
# Commands that live in their own module: each has add_parser(subparsers) and
# run(args, out) -> int, and imports its heavy dependencies only inside run().
_PLUGINS = ("mujaz.cli.batch", "mujaz.cli.serve", "mujaz.cli.check")


def _plugin_modules() -> list:
    import importlib

    modules = []
    for name in _PLUGINS:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


def _dispatch(args: argparse.Namespace, out: TextIO) -> int:
    if args.command in _COMMANDS:
        return _COMMANDS[args.command](args, out)
    for module in _plugin_modules():
        if getattr(module, "COMMAND", None) == args.command:
            return module.run(args, out)
    raise ConfigError(f"unknown command {args.command!r}")  # pragma: no cover - argparse guards


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used as the console script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        status = _dispatch(args, sys.stdout)
        sys.stdout.flush()  # a full disk (> /dev/full) fails here, not at exit
        return status
    except ConfigError as exc:
        if debug:
            traceback.print_exc()
        parser.exit(EXIT_USAGE, f"mujaz: error: {exc}\n")
    except MujazError as exc:
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"mujaz: error: {exc}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("mujaz: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (mujaz ... | head); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        # A symlink loop, a path through a file, a name too long, a full disk...: every
        # OSError is a one-line message and exit status 1, never a traceback.
        from mujaz.io.text import os_error_message

        if debug:
            traceback.print_exc()
        if exc.errno in _WRITE_ERRNOS:
            _drop_stdout()
        sys.stderr.write(f"mujaz: error: {os_error_message(exc)}\n")
        return EXIT_INPUT
    except MemoryError:
        sys.stderr.write("mujaz: error: out of memory\n")
        return EXIT_INPUT
    return EXIT_OK  # pragma: no cover - parser.exit raises


# Errors of writing standard output (> /dev/full): what is still buffered would fail again,
# with a traceback-like "Exception ignored" message, when the interpreter flushes at exit.
_WRITE_ERRNOS = (errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout already closed, or not a real file
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
