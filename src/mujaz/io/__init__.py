"""Readers and writers: turning files and bytes into text mujaz can summarize, and back.

* :mod:`mujaz.io.text`: bytes -> text, refusing binary files;
* :mod:`mujaz.io.html`: saved web pages -> article text (trafilatura, ``mujaz[html]``);
* :mod:`mujaz.io.readers`: one article (:func:`read_article`) or a stream of batch records;
* :mod:`mujaz.io.writers`: resumable JSONL and Parquet output;
* :mod:`mujaz.io.batch`: the batch runner behind ``mujaz batch``.

Heavy dependencies (trafilatura, pyarrow) are imported only when used.
"""

from mujaz.io.html import ExtractedArticle, decode_html, extract_article, looks_like_html
from mujaz.io.readers import Record, open_records, read_article
from mujaz.io.text import decode_text, read_text
from mujaz.io.writers import open_writer

__all__ = [
    "decode_text",
    "read_text",
    "read_article",
    "ExtractedArticle",
    "extract_article",
    "looks_like_html",
    "decode_html",
    "Record",
    "open_records",
    "open_writer",
    "run_batch",
]


def __getattr__(name: str):  # noqa: ANN202 - module __getattr__
    # The batch runner pulls in concurrent.futures and multiprocessing; load it on first use.
    if name == "run_batch":
        from mujaz.io.batch import run_batch

        return run_batch
    raise AttributeError(f"module 'mujaz.io' has no attribute {name!r}")
