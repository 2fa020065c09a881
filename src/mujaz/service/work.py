"""What a summarizer worker does with one request body: parse, check, extract, summarize.

This is everything the service does with the body a client sent, and it runs in a
worker (a child process, or a thread with ``engine="thread"``), never on the event loop:
parsing 2 MB of JSON, building the request models, extracting an article from HTML and
summarizing it all hold the CPU (and the GIL) for a long time. The event loop only reads
the bytes and waits.

A :class:`Job` is plain data (picklable), and :meth:`Worker.run` returns the response
body as a dict or raises :class:`~mujaz.service.errors.ApiError`, so the same code runs
in both kinds of worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pydantic_core
from pydantic import ValidationError

from mujaz.api import Summarizer
from mujaz.errors import MujazError
from mujaz.io.documents import Document, read_document
from mujaz.service.errors import ApiError, mujaz_error, timeout_error, validation_error
from mujaz.service.models import BatchDocument, BatchRequest, CheckRequest, SummarizeRequest

__all__ = ["Job", "Expired", "Worker", "SUMMARIZE", "BATCH", "CHECK"]

SUMMARIZE = "summarize"
BATCH = "batch"
CHECK = "check"


@dataclass(frozen=True, slots=True)
class Job:
    """One request for a worker.

    Args:
        route: :data:`SUMMARIZE`, :data:`BATCH` or :data:`CHECK`.
        body: the raw request body (JSON bytes, at most ``max_body_bytes``).
        max_documents: the batch limit.
        timeout_s: the request's whole time limit (for the 504 message).
        remaining_s: what is left of it when the job is handed to the worker.
        queue_ms: how long the request waited before that.
        llm: the ``llm`` method's server options (``llm_url``...), as pairs.
    """

    route: str
    body: bytes
    max_documents: int
    timeout_s: float
    remaining_s: float
    queue_ms: float
    llm: tuple[tuple[str, Any], ...] = ()


class Expired(Exception):
    """A batch noticed, between two documents, that its request has already timed out."""


def _count_documents(body: bytes, max_documents: int) -> None:
    """413 when a batch body holds more than ``max_documents`` documents.

    Counted on the parsed JSON (a C parser: 40 ms for 500,000 documents) before pydantic
    builds a model for each, which takes 30 times as long and as much memory.
    """
    try:
        data = pydantic_core.from_json(body, cache_strings=False)
    except ValueError:
        return  # not JSON: the model's validation says so, in its words
    documents = data.get("documents") if isinstance(data, dict) else None
    if isinstance(documents, list) and len(documents) > max_documents:
        raise ApiError(413, "too_many_documents",
                       f"{len(documents):,} documents; the limit is {max_documents} per request",
                       details={"max_documents": max_documents})


def _read_html(html: str) -> Document:
    """The article of an HTML page, read the way batch reads one (:mod:`mujaz.io.documents`)."""
    return read_document(html, input_format="html")


class Worker:
    """Runs jobs with a :class:`~mujaz.Summarizer` (one worker per process; threads share
    one, since a summarizer is only options over the process's shared resources)."""

    def __init__(self) -> None:
        self.summarizer = Summarizer()

    def preload(self) -> None:
        """Load the summarizer's resources now rather than on the first request."""
        self.summarizer.preload()

    def run(self, job: Job) -> dict[str, Any]:
        """Parse, check and summarize ``job``; returns the response body.

        Raises:
            ApiError: the body is refused (413, 422...) or the time ran out (504).
        """
        deadline = time.monotonic() + job.remaining_s
        try:
            if job.route == BATCH:
                _count_documents(job.body, job.max_documents)
                batch = BatchRequest.model_validate_json(job.body)
                batch.config()  # ConfigError -> 422, before any work
                return self._batch(batch, job, deadline, dict(job.llm))
            if job.route == CHECK:
                result = self._check(CheckRequest.model_validate_json(job.body))
                result["timings"] = {"queue_ms": job.queue_ms, **result["timings"], "total_ms": 0.0}
                return result
            request = SummarizeRequest.model_validate_json(job.body)
            request.config()
            result = self._document(request, request.options(), dict(job.llm))
            result["timings"] = {"queue_ms": job.queue_ms, **result["timings"], "total_ms": 0.0}
            return result
        except ValidationError as exc:
            raise validation_error(exc) from None
        except MujazError as exc:
            raise mujaz_error(exc) from None
        except Expired:
            raise timeout_error(job.timeout_s) from None

    def _check(self, request: CheckRequest) -> dict[str, Any]:
        """Check a summary against its article; returns ``Check.to_dict()`` with timings."""
        from mujaz.check import check

        extract_ms, source, extra = 0.0, request.text, {}
        if request.html is not None:
            started = time.perf_counter()
            document = _read_html(request.html)
            extract_ms = (time.perf_counter() - started) * 1000
            source, extra = document.text, {"source_text": document.text}
        started = time.perf_counter()
        result = check(request.summary, source or "", title=request.title).to_dict()
        result.update(extra)
        result["timings"] = {"extract_ms": round(extract_ms, 3),
                             "check_ms": round((time.perf_counter() - started) * 1000, 3)}
        return result

    def _document(self, doc: BatchDocument | SummarizeRequest, options: dict[str, Any],
                  llm: dict[str, Any] | None = None) -> dict[str, Any]:
        """Summarize one document; returns the summary as a dict with its timings."""
        extract_ms = 0.0
        text, title, extra = doc.text, doc.title, {}
        if doc.html is not None:
            started = time.perf_counter()
            document = _read_html(doc.html)
            extract_ms = (time.perf_counter() - started) * 1000
            text, title = document.text, document.summary_title
            extra = {"source_text": document.text, "title": document.title}
        started = time.perf_counter()
        if options.get("method") == "llm":  # the server options come from the service's config
            summary = Summarizer(**options, **(llm or {})).summarize(text, title=title)
        else:
            summary = self.summarizer.summarize(text, title=title, **options)
        summarize_ms = (time.perf_counter() - started) * 1000
        result = summary.to_dict()
        result.update(extra)
        result["timings"] = {"extract_ms": round(extract_ms, 3), "summarize_ms": round(summarize_ms, 3)}
        return result

    def _batch(self, batch: BatchRequest, job: Job, deadline: float, llm: dict[str, Any]) -> dict[str, Any]:
        options = batch.options()
        results: list[dict[str, Any]] = []
        extract_ms = summarize_ms = 0.0
        for index, doc in enumerate(batch.documents):
            if time.monotonic() >= deadline:
                raise Expired  # nobody waits for the rest: stop spending CPU on it
            try:
                summary = self._document(doc, options, llm)
            except ApiError as exc:
                results.append({"index": index, "id": doc.id, "error": exc.body()["error"]})
                continue
            except MujazError as exc:
                error = mujaz_error(exc)
                results.append({"index": index, "id": doc.id, "error": {"type": error.type, "message": error.message}})
                continue
            timings = summary.pop("timings")
            extract_ms += timings["extract_ms"]
            summarize_ms += timings["summarize_ms"]
            summary["timings"] = None
            results.append({"index": index, "id": doc.id, "summary": summary})
        errors = sum(1 for r in results if "error" in r)
        return {"results": results, "errors": errors,
                "timings": {"queue_ms": job.queue_ms, "extract_ms": round(extract_ms, 3),
                            "summarize_ms": round(summarize_ms, 3), "total_ms": 0.0}}
