"""``mujaz check``: check a summary against its article and point at what is not supported.

A plugin of :mod:`mujaz.cli.main`: ``add_parser`` adds the subcommand and ``run`` runs it.
Exit status: 0 consistent, 3 problems found, 1 input error, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from mujaz.errors import ConfigError

__all__ = ["COMMAND", "EXIT_PROBLEMS", "add_parser", "run", "render_text"]

COMMAND = "check"
EXIT_PROBLEMS = 3


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``check`` to the ``mujaz`` command's subcommands."""
    parser = subparsers.add_parser(
        COMMAND, help="check a summary against its article (numbers, names, negation, ...)",
        description=(
            "Check every fact of a summary against its source article: numbers, dates, names, "
            "places, negation, polarity, qualifiers, attribution, unsupported clauses. "
            "Exit status: 0 consistent, 3 problems found, 1 input error, 2 usage error."
        ),
    )
    parser.add_argument("summary", metavar="SUMMARY_FILE|-", help="UTF-8 text file with the summary; - reads standard input")
    parser.add_argument("--source", required=True, metavar="ARTICLE_FILE|-",
                        help="the article: a UTF-8 text file or a saved web page; - reads standard input")
    parser.add_argument("--title", metavar="TEXT", help="the article's headline, when the file has no title line")
    parser.add_argument("--format", default="text", choices=("text", "json"),
                        help="text: one block per problem; json: Check.to_dict() (default: text)")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _quote(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def render_text(result) -> str:  # noqa: ANN001 - a mujaz.check.Check
    """The text report: a verdict line, then each problem with the summary words and the evidence."""
    n = len(result.problems)
    verdict = "consistent" if result.consistent else f"{n} problem{'s' if n != 1 else ''}"
    lines = [f"{verdict} (score {result.score:.2f})"]
    for number, problem in enumerate(result.problems, 1):
        span = problem.span
        lines.append(f"{number}. [{problem.kind.value}] {problem.message}")
        lines.append(f"   summary [{span.start}:{span.end}]: «{_quote(result.summary, span.start, span.end)}»")
        if problem.evidence is not None:
            ev = problem.evidence
            lines.append(f"   source  [{ev.start}:{ev.end}]: «{_quote(result.source, ev.start, ev.end)}»")
        else:
            lines.append("   source: (nothing close)")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Read both files, check, print; 0 when consistent, :data:`EXIT_PROBLEMS` otherwise."""
    from mujaz.check import check
    from mujaz.io import read_article, read_text

    if args.summary == "-" and args.source == "-":
        raise ConfigError("only one of SUMMARY_FILE and --source can be - (standard input)")
    summary = read_text(args.summary)
    source = read_article(args.source).text
    result = check(summary, source, title=args.title)
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(result))
    return 0 if result.consistent else EXIT_PROBLEMS
