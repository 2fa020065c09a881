"""``mujaz batch``: summarize every record of a file, a folder or standard input.

A plugin of :mod:`mujaz.cli.main`: ``add_parser`` adds the subcommand and ``run`` does the
work through :func:`mujaz.io.batch.run_batch`. pyarrow, trafilatura and Dask are imported
only when the input or the options need them.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from typing import Any, TextIO

from mujaz.cli.options import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    ProgressBar,
    add_budget,
    add_llm,
    add_method_and_style,
    llm_options,
    positive_int,
)
from mujaz.errors import MujazError

__all__ = ["COMMAND", "add_parser", "run"]

COMMAND = "batch"

_DESCRIPTION = """\
Summarize every article of INPUT and write one row per article to OUTPUT, in input order.

INPUT is a JSONL file (.jsonl, .jsonl.gz), a CSV/TSV file with a header row, a Parquet file
or folder of Parquet files, a folder of .txt/.html files, or - for JSONL on standard input.
Records that are web pages (HTML) are detected by content and their article extracted.

OUTPUT is JSONL (one object per line) or, for a name ending in .parquet, a folder of Parquet
part files; - writes JSONL to standard output. Each row has: row, id, status (ok, error or
skipped), error, summary, headline, points, offsets, word_count, title, date, url; --check
adds check, --method llm adds method, fallback, prompt_tokens and completion_tokens.

A bad record (malformed JSON, a missing text field, a text that cannot be summarized)
becomes a row with status "error" and the run goes on. Stop the run at any moment (Ctrl-C,
kill, even kill -9) and rerun the same command with --resume: it continues where the output
ends, and the finished output has every input record exactly once.
"""

_EPILOG = """\
examples:
  mujaz batch articles.jsonl -o summaries.jsonl
  mujaz batch articles.jsonl -o summaries.jsonl --resume        continue an interrupted run
  mujaz batch feed.csv --text-field body --id-field guid -o out.parquet
  mujaz batch pages/ -o pages.jsonl --style headline            a folder of .html/.txt files
  zcat dump.jsonl.gz | mujaz batch - -o - --max-words 30 > out.jsonl
  mujaz batch big.parquet -o out.parquet --dask tcp://scheduler:8786
  mujaz batch desk.jsonl -o verdicts.jsonl --check             check the records' own summaries
  mujaz batch articles.jsonl -o llm.jsonl --method llm --llm-concurrency 16

exit status: 0 the run finished (rows may have status error), 1 the input or output cannot
be read or written, 2 usage error, 130 interrupted (rerun with --resume).
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``batch`` to the ``mujaz`` command's subcommands."""
    parser = subparsers.add_parser(
        COMMAND, help="summarize every article of a JSONL/CSV/Parquet file or a folder",
        description=_DESCRIPTION, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="INPUT|-", help="input file or folder; - reads JSONL from standard input")
    parser.add_argument("-o", "--output", required=True, metavar="OUTPUT|-",
                        help="output .jsonl file, .parquet folder, or - for JSONL on standard output")
    add_budget(parser)
    add_method_and_style(parser, style_help="which text goes in the summary column (default: lead); "
                                             "headline and points are written whatever the style")

    fields = parser.add_argument_group("input")
    fields.add_argument("--input-type", default="auto", choices=("auto", "jsonl", "csv", "tsv", "parquet", "dir"),
                        help="how to read INPUT (default: from its name)")
    fields.add_argument("--input-format", default="auto", choices=("auto", "text", "html"),
                        help="what each record's text is: auto detects HTML by content (default: auto)")
    fields.add_argument("--text-field", default="text", metavar="NAME", help="column holding the article (default: text)")
    fields.add_argument("--id-field", default="id", metavar="NAME",
                        help="column holding the id (default: id; missing ids become line-N or row-N)")
    fields.add_argument("--title-field", default="title", metavar="NAME",
                        help="column holding a separate headline, if any (default: title)")
    fields.add_argument("--url-field", default="url", metavar="NAME",
                        help="column holding a page's URL, if any (default: url)")
    fields.add_argument("--summary-field", default="summary", metavar="NAME",
                        help="column holding a summary to check with --check (default: summary)")
    fields.add_argument("--limit", type=positive_int, metavar="N", help="only the first N records")

    out = parser.add_argument_group("output")
    out.add_argument("--output-format", default="auto", choices=("auto", "jsonl", "parquet"),
                     help="default: parquet for a name ending in .parquet, else jsonl")
    mode = out.add_mutually_exclusive_group()
    mode.add_argument("--resume", action="store_true",
                      help="continue an interrupted run: keep the rows OUTPUT has, summarize the rest")
    mode.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    out.add_argument("--keep-text", action="store_true",
                     help="add the summarized text as a 'text' column (for HTML: the extracted article)")
    out.add_argument("--check", action="store_true",
                     help="check each record's own summary (--summary-field) against its text: a 'check' "
                          "column with the verdict and the unsupported words (null where a record has none)")
    out.add_argument("--part-rows", type=positive_int, default=10_000, metavar="N",
                     help="rows per Parquet part file (default: 10000)")

    run_group = parser.add_argument_group("execution")
    run_group.add_argument("--workers", type=positive_int, metavar="N",
                           help="worker processes (default: every core; 1 runs in this process)")
    run_group.add_argument("--chunk-size", type=positive_int, default=64, metavar="N",
                           help="records per task sent to a worker (default: 64)")
    run_group.add_argument("--dask", metavar="ADDRESS",
                           help="run the chunks on a Dask cluster, e.g. tcp://scheduler:8786 (needs mujaz[dask])")
    run_group.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                           help="progress bar on standard error: auto shows it on a terminal (default)")
    run_group.add_argument("--llm-concurrency", type=positive_int, metavar="N",
                           help="requests in flight at once per worker process (default: "
                                "$MUJAZ_LLM_CONCURRENCY, else 8) with --method llm; with --workers W, "
                                "up to W x N in all")
    add_llm(parser)
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``mujaz batch``; the report goes to standard error."""
    from mujaz.io.batch import default_workers, run_batch

    err = sys.stderr
    options = dict(
        method=args.method, style=args.style, max_words=args.max_words, max_sentences=args.max_sentences,
        ratio=args.ratio, input_type=args.input_type, input_format=args.input_format,
        text_field=args.text_field, id_field=args.id_field, title_field=args.title_field or None,
        url_field=args.url_field or None, output_format=args.output_format, resume=args.resume,
        overwrite=args.overwrite, workers=args.workers or default_workers(), chunk_size=args.chunk_size,
        part_rows=args.part_rows, keep_text=args.keep_text, limit=args.limit, check=args.check,
        summary_field=args.summary_field, llm_concurrency=args.llm_concurrency, **llm_options(args),
    )
    show = args.progress == "always" or (args.progress == "auto" and err.isatty())
    bar = ProgressBar(err, enabled=show)
    # A polite kill (SIGTERM, as sent by a job scheduler) stops like Ctrl-C: the rows written
    # so far stay valid and --resume continues. (SIGKILL cannot be caught; resume copes.)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main else None
    try:
        if args.dask:
            from mujaz.distributed import dask_executor

            with dask_executor(args.dask) as (executor, slots):
                report = run_batch(args.input, args.output, executor=executor, executor_slots=slots,
                                   progress=bar, stdout=out, **options)
        else:
            report = run_batch(args.input, args.output, progress=bar, stdout=out, **options)
    except KeyboardInterrupt:
        bar.close()
        err.write("mujaz batch: interrupted; the output is complete up to the last written row: "
                  "rerun the same command with --resume to continue\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # mujaz batch ... -o - | head: main() ends quietly
    except OSError as exc:
        from mujaz.io.text import os_error_message

        bar.close()
        # Disk full, a vanished folder...: say what failed, without a traceback.
        raise MujazError(f"cannot read or write {os_error_message(exc)}") from None
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    bar.close()
    err.write(f"mujaz batch: {report.summary_line()}\n")
    if report.failed:
        err.write("errors:\n")
        for line in report.error_lines():
            err.write(line + "\n")
    return EXIT_OK
