"""Request and response bodies of the HTTP service (pydantic models).

Requests are parsed with ``model_validate_json`` in strict mode: a wrong type is an
error, never coerced (``"5"`` is not a word budget), and unknown fields are rejected.
The models check types only; the values of the options (style, method, budgets and how
they combine) are checked once, by :class:`mujaz.config.SummaryConfig`, which
:meth:`SummarizeOptions.config` builds. Response models describe the JSON the service
returns; they feed the OpenAPI document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mujaz.config import STYLES, SummaryConfig
from mujaz.types import RewriteKind, UnitKind

__all__ = [
    "SummarizeOptions",
    "SummarizeRequest",
    "BatchDocument",
    "BatchRequest",
    "CheckRequest",
    "CheckOut",
    "UnitOut",
    "PointOut",
    "Timings",
    "SummaryOut",
    "BatchItemOut",
    "BatchOut",
    "ErrorBody",
    "ErrorOut",
    "MethodOut",
    "MethodsOut",
    "HealthOut",
]

# Bounds on what a client may send beside the text (and what an error may echo back).
_MAX_TITLE = 2_000
_MAX_METHOD = 64
_MAX_ID = 256


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SummarizeOptions(_Strict):
    """Options shared by both routes; the same as :func:`mujaz.summarize`'s."""

    # The schema lists the styles from mujaz.config; SummaryConfig checks the value.
    style: str = Field("lead", max_length=_MAX_METHOD, json_schema_extra={"enum": list(STYLES)},
                       description="lead: a lead paragraph; headline: one short line; points: key points")
    method: str = Field("news", max_length=_MAX_METHOD, description="a method listed by GET /v1/methods")
    max_words: int | None = Field(None, description="budget in words (at least 1)")
    max_sentences: int | None = Field(None, description="budget in whole source sentences (at least 1)")
    ratio: float | None = Field(None, description="budget as a share of the article's words, in (0, 1]")

    def options(self) -> dict[str, Any]:
        """The options given, as keyword arguments for :meth:`mujaz.Summarizer.summarize`."""
        values = {"style": self.style, "method": self.method, "max_words": self.max_words,
                  "max_sentences": self.max_sentences, "ratio": self.ratio}
        return {k: v for k, v in values.items() if v is not None}

    def config(self) -> SummaryConfig:
        """The options as a validated :class:`~mujaz.config.SummaryConfig`.

        Raises:
            ConfigError: a value is out of range or two budgets are given.
            UnknownMethodError: ``method`` is not registered.
        """
        return SummaryConfig.from_options(**self.options())


class _Source(_Strict):
    text: str | None = Field(None, description="the article as plain text, one paragraph per line")
    html: str | None = Field(None, description="an HTML page; the article is extracted from it")
    title: str | None = Field(None, max_length=_MAX_TITLE, description="the headline, when kept apart from text")

    @model_validator(mode="after")
    def _one_source(self) -> "_Source":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


class SummarizeRequest(SummarizeOptions, _Source):
    """``POST /v1/summarize``: one article and the options."""


class BatchDocument(_Source):
    """One document of a batch."""

    id: str | None = Field(None, max_length=_MAX_ID, description="echoed back in the result")


class CheckRequest(_Source):
    """``POST /v1/check``: a summary (anyone's) and the article it should be faithful to."""

    summary: str = Field(..., description="the summary to check (plain text)")


class CheckOut(BaseModel):
    """What :func:`mujaz.check` found (``Check.to_dict()``): spans index the summary and
    (``evidence``) the article's text (for ``html``: ``source_text``)."""

    consistent: bool
    score: float = Field(description="1 = fully supported by the source, in [0, 1]")
    problems: list[dict[str, Any]]
    alignment: list[dict[str, Any]]
    source_text: str | None = Field(None, description="the article text extracted from 'html'")
    timings: dict[str, float] | None = None


class BatchRequest(SummarizeOptions):
    """``POST /v1/summarize/batch``: documents summarized with the same options."""

    documents: list[BatchDocument] = Field(..., min_length=1)


class RewriteOut(BaseModel):
    """A documented change to a unit's quote (``mujaz.types.Rewrite``)."""

    kind: RewriteKind
    start: int
    end: int
    text: str = Field(description="what the summary prints instead of the source's [start, end)")
    origin: list[int] | None = Field(None, description="the source span the new words come from")


class UnitOut(BaseModel):
    """A piece of the source kept in the summary, with its code-point offsets."""

    text: str
    start: int = Field(description="offset of the first character (Unicode code points, not UTF-16)")
    end: int = Field(description="offset just past the last character")
    sentence: int
    kind: UnitKind
    score: float
    rendered: str | None = Field(None, description="the quote with its rewrites applied, when it has any")
    rewrites: list[RewriteOut] = Field(default_factory=list)


class PointOut(BaseModel):
    text: str
    section: int
    heading: str | None
    units: list[UnitOut]


class Timings(BaseModel):
    queue_ms: float = Field(description="waiting for a summarizer thread")
    extract_ms: float = Field(0.0, description="extracting the article from HTML")
    summarize_ms: float
    total_ms: float = Field(description="from the request's arrival to its response")


class SummaryOut(BaseModel):
    """A :class:`mujaz.Summary` as JSON (``Summary.to_dict()``), plus timings."""

    text: str
    style: str
    method: str
    lead: str
    headline: str
    points: list[PointOut]
    settings: dict[str, Any]
    word_count: int
    source_length: int
    units: list[UnitOut]
    headline_units: list[UnitOut]
    fallback: dict[str, Any] | None = Field(None, description="method llm: why mujaz's news text stands in "
                                                               "(reason, detail, problems); null otherwise")
    outline: list[dict[str, Any]] | None = Field(None, description="style outline: each section's heading and point")
    timings: Timings | None = Field(None, description="per request; null for the documents of a batch")
    source_text: str | None = Field(None, description="for html input: the extracted text the offsets refer to")
    title: str | None = Field(None, description="for html input: the page's title")


class ErrorBody(BaseModel):
    type: str
    message: str
    details: Any | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


class BatchItemOut(BaseModel):
    index: int
    id: str | None
    summary: SummaryOut | None = None
    error: ErrorBody | None = None


class BatchOut(BaseModel):
    results: list[BatchItemOut]
    errors: int = Field(description="how many documents could not be summarized")
    timings: Timings


class MethodOut(BaseModel):
    name: str
    description: str


class MethodsOut(BaseModel):
    methods: list[MethodOut]
    default: str
    styles: list[str]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    limits: dict[str, Any]
