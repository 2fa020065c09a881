"""Run mujaz and the lead baselines over an evaluation file and report ROUGE.

:func:`run_evaluation` summarizes every record with each requested method, cuts the lead
baselines from the same texts, scores everything against the references with the
Arabic-aware ROUGE of :mod:`mujaz.evaluation.rouge`, and returns an
:class:`EvaluationReport` that prints as a plain-text table, Markdown or JSON.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from mujaz.api import Summarizer
from mujaz.config import DEFAULT_MAX_WORDS, HEADLINE_MAX_WORDS, POINT_MAX_WORDS
from mujaz.errors import ConfigError, DataError, InputError
from mujaz.evaluation.baselines import first_line, first_n_words, first_sentence
from mujaz.evaluation.bootstrap import bootstrap_ci
from mujaz.evaluation.data import EvalRecord, read_records
from mujaz.evaluation.rouge import DEFAULT_METRICS, RougeScorer

__all__ = ["run_evaluation", "EvaluationReport", "SystemResult", "MetricResult", "SkippedRecord", "REFERENCES"]

# What outputs may be scored against: the records' summaries, or their titles.
REFERENCES = ("summary", "title")

_LABELS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}


@dataclass(frozen=True, slots=True)
class MetricResult:
    """The mean F-measure of one metric over the documents, ×100, with its bootstrap CI."""

    mean: float
    ci: tuple[float, float] | None

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "ci": None if self.ci is None else list(self.ci)}


@dataclass(frozen=True, slots=True)
class SystemResult:
    """The scores of one system (a mujaz method or a baseline) over the evaluated records.

    Attributes:
        name: the mujaz method name, or the baseline's name (``lead-1sent``...).
        kind: ``"mujaz"`` or ``"baseline"``.
        n: number of records scored.
        rouge1: ROUGE-1 F ×100.
        rouge2: ROUGE-2 F ×100.
        rougeL: ROUGE-L F ×100.
        avg_words: mean summary length in whitespace-separated words.
        docs_per_second: summarization throughput (``None`` for baselines).
        fallback_rate: for the ``llm`` method, the share of records whose scored text is
            mujaz's ``news`` text because the model's was refused (``None`` otherwise).
    """

    name: str
    kind: str
    n: int
    rouge1: MetricResult
    rouge2: MetricResult
    rougeL: MetricResult
    avg_words: float
    docs_per_second: float | None = None
    fallback_rate: float | None = None

    @property
    def is_baseline(self) -> bool:
        return self.kind == "baseline"

    def metric(self, name: str) -> MetricResult:
        """The :class:`MetricResult` for ``"rouge1"``, ``"rouge2"`` or ``"rougeL"``."""
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "n": self.n,
            **{m: self.metric(m).to_dict() for m in DEFAULT_METRICS},
            "avg_words": self.avg_words,
            "docs_per_second": self.docs_per_second,
            "fallback_rate": self.fallback_rate,
        }


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record that could not be summarized, with the reason mujaz gave."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """The result of :func:`run_evaluation`.

    Attributes:
        dataset: the evaluated file.
        systems: one result per mujaz method, then one per baseline.
        n_read: records read from the file (evaluated plus skipped).
        skipped: the records whose text mujaz refused (not scored for any system).
        settings: the options of the run.
    """

    dataset: str
    systems: tuple[SystemResult, ...]
    n_read: int
    skipped: tuple[SkippedRecord, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_evaluated(self) -> int:
        return self.n_read - len(self.skipped)

    def system(self, name: str) -> SystemResult:
        """The result of the system called ``name``.

        Raises:
            KeyError: no system has that name.
        """
        for result in self.systems:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole report."""
        return {
            "dataset": self.dataset,
            "settings": dict(self.settings),
            "n_read": self.n_read,
            "n_evaluated": self.n_evaluated,
            "skipped": [{"id": s.id, "reason": s.reason} for s in self.skipped],
            "systems": [s.to_dict() for s in self.systems],
        }

    def _rows(self) -> list[list[str]]:
        rows = []
        for s in self.systems:
            row = [s.name, s.kind, str(s.n)]
            row += [_format_metric(s.metric(m)) for m in DEFAULT_METRICS]
            row += [f"{s.avg_words:.1f}", "-" if s.docs_per_second is None else f"{s.docs_per_second:.1f}"]
            if self._has_fallbacks():
                row.append("-" if s.fallback_rate is None else f"{100 * s.fallback_rate:.1f}%")
            rows.append(row)
        return rows

    def _has_fallbacks(self) -> bool:
        return any(s.fallback_rate is not None for s in self.systems)

    def _header(self) -> list[str]:
        header = ["system", "kind", "n", *(f"{_LABELS[m]} F" for m in DEFAULT_METRICS), "words", "docs/s"]
        return header + ["fallback"] if self._has_fallbacks() else header

    def _caption(self) -> str:
        resamples = self.settings.get("bootstrap") or 0
        note = f", 95% bootstrap CI from {resamples} resamples" if resamples else ""
        against = " against the titles" if self.settings.get("reference") == "title" else ""
        return (f"{self.dataset}: {self.n_evaluated} records evaluated, {len(self.skipped)} skipped; "
                f"mean ROUGE F x100{against}{note}")

    def to_table(self) -> str:
        """An aligned plain-text table: one row per system, baselines marked in ``kind``."""
        header = self._header()
        rows = [header, *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        # Names and kinds read best left-aligned, numbers right-aligned so digits line up.
        lines = [
            "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
            for r in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join([self._caption(), "", *(line.rstrip() for line in lines)])

    def to_markdown(self) -> str:
        """A Markdown table (for ``benchmarks/README.md``), with a one-line caption."""
        header = self._header()
        rows = self._rows()
        for row in rows:
            if row[1] == "baseline":
                row[0] = f"*{row[0]}*"
        out = [f"| {' | '.join(header)} |", "|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|"]
        out += [f"| {' | '.join(r)} |" for r in rows]
        return "\n".join([self._caption(), "", *out])


def _format_metric(result: MetricResult) -> str:
    if result.ci is None:
        return f"{result.mean:.2f}"
    return f"{result.mean:.2f} [{result.ci[0]:.1f}, {result.ci[1]:.1f}]"


def _baselines(lead_words: int) -> tuple[tuple[str, Callable[[str], str]], ...]:
    """The baselines' names and functions, in report order."""
    return (
        ("lead-1sent", first_sentence),
        ("lead-line", first_line),
        (f"lead-{lead_words}w", lambda text: first_n_words(text, lead_words)),
    )


@dataclass
class _Tally:
    """Per-record numbers of one system, gathered during the run (private, run-local)."""

    name: str
    kind: str
    f: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in DEFAULT_METRICS})
    words: list[int] = field(default_factory=list)
    seconds: float = 0.0
    fallbacks: int | None = None

    def add(self, summary: str, scores: dict[str, float]) -> None:
        for metric, value in scores.items():
            self.f[metric].append(value)
        self.words.append(len(summary.split()))


def _metric_result(values: list[float], n_resamples: int, seed: int) -> MetricResult:
    scaled = np.asarray(values, dtype=np.float64) * 100.0
    ci = bootstrap_ci(scaled, n_resamples=n_resamples, seed=seed) if n_resamples else None
    return MetricResult(mean=float(scaled.mean()), ci=ci)


def _finish(tally: _Tally, n_resamples: int, seed: int) -> SystemResult:
    n = len(tally.words)
    metrics = {m: _metric_result(tally.f[m], n_resamples, seed) for m in DEFAULT_METRICS}
    # None for baselines, and for a run too fast for the clock to tick (no division by 0).
    speed = n / tally.seconds if tally.kind != "baseline" and tally.seconds > 0 else None
    rate = None if tally.fallbacks is None or not n else tally.fallbacks / n
    return SystemResult(name=tally.name, kind=tally.kind, n=n, avg_words=float(np.mean(tally.words)),
                        docs_per_second=speed, fallback_rate=rate, **metrics)


def _fscores(scorer: RougeScorer, references: list[list[str]], summary: str) -> dict[str, float]:
    """Best F per metric of ``summary`` over the tokenized ``references``."""
    candidate = scorer.tokenize(summary)
    per_ref = [scorer.score_tokens(ref, candidate) for ref in references]
    return {m: max(s[m].fmeasure for s in per_ref) for m in scorer.metrics}


def _check_options(methods: Sequence[str], bootstrap: int, seed: int) -> tuple[str, ...]:
    if isinstance(methods, str):
        # A bare string would be iterated letter by letter.
        methods = (methods,)
    methods = tuple(methods)
    if len(set(methods)) != len(methods):
        raise ConfigError(f"methods has a repeated name: {', '.join(map(str, methods))}")
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
        raise ConfigError(f"bootstrap must be a number of resamples >= 0 (0 turns it off), got {bootstrap!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ConfigError(f"seed must be an integer, got {seed!r}")
    return methods


def run_evaluation(
    path: str | os.PathLike[str],
    *,
    methods: Sequence[str] = ("news",),
    max_words: int | None = None,
    style: str = "lead",
    limit: int | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    external: Mapping[str, Callable[[EvalRecord], str]] | None = None,
    reference: str = "summary",
    llm: Mapping[str, Any] | None = None,
) -> EvaluationReport:
    """Evaluate mujaz methods and the lead baselines on a JSONL file.

    Every system is scored on the same records: a record whose text mujaz refuses
    (:class:`~mujaz.errors.InputError` from any method) is skipped for all of them and
    listed in the report. Bootstrap intervals share one seed, so they are paired too.

    Args:
        path: the evaluation file (schema in :mod:`mujaz.evaluation.data`).
        methods: mujaz methods to run; may be empty to score only the baselines.
        max_words: word budget of the summaries (the style's default when ``None``);
            the ``lead-Nw`` baseline takes the same number of words.
        style: ``"lead"``, ``"headline"`` or ``"points"``: which of mujaz's outputs is
            scored against the references.
        limit: evaluate only the first ``limit`` records.
        bootstrap: resamples for the 95% intervals; 0 turns them off.
        seed: seed of the bootstrap.
        progress: called with the number of records done after each record.
        external: other summarizers to score beside mujaz (name -> function of a
            record returning the summary text), e.g. sumy's LexRank in the benchmarks;
            reported with kind ``"external"``.
        reference: what the outputs are scored against: ``"summary"`` (the records'
            summaries) or ``"title"`` (their titles, e.g. to score headlines against BBC
            titles). With ``"title"`` no system sees the title, and records without one
            are skipped.
        llm: for the ``llm`` method, its server options (``llm_url``, ``llm_model``,
            ``llm_timeout``; the ``MUJAZ_LLM_*`` environment otherwise); its result
            carries the fallback rate.

    Returns:
        The :class:`EvaluationReport`.

    Raises:
        ConfigError: an option is invalid (raised before the file is read).
        DataError: the file is missing or malformed, or no record could be evaluated.
    """
    methods = _check_options(methods, bootstrap, seed)
    if reference not in REFERENCES:
        raise ConfigError(f"reference must be one of {list(REFERENCES)}, got {reference!r}")
    # Built once, before reading: a bad method or budget fails fast, and resources load once.
    summarizers = [(m, Summarizer(method=m, style=style, max_words=max_words, **(dict(llm or {}) if m == "llm" else {})))
                   for m in methods]
    default_words = {"headline": HEADLINE_MAX_WORDS, "points": POINT_MAX_WORDS}.get(style, DEFAULT_MAX_WORDS)
    lead_words = default_words if max_words is None else max_words
    baselines = _baselines(lead_words)
    scorer = RougeScorer(DEFAULT_METRICS)
    externals = tuple((external or {}).items())
    tallies = (
        [_Tally(m, "mujaz", fallbacks=0 if m == "llm" else None) for m in methods]
        + [_Tally(name, "external") for name, _ in externals]
        + [_Tally(name, "baseline") for name, _ in baselines]
    )
    skipped: list[SkippedRecord] = []
    n_read = 0
    for record in read_records(path, limit=limit):
        n_read += 1
        targets = record.summaries
        if reference == "title":
            # Scored against the title, so no system may see it.
            targets, record = (record.title,), replace(record, title=None)
        outputs = (_summarize_record(record, summarizers, tallies) if targets[0]
                   else SkippedRecord(id=record.id, reason="no title to score against"))
        if isinstance(outputs, SkippedRecord):
            skipped.append(outputs)
        else:
            outputs += [_timed(tally, fn, record) for tally, (_, fn) in zip(tallies[len(methods):], externals)]
            outputs += [fn(record.text) for _, fn in baselines]
            references = [scorer.tokenize(ref) for ref in targets]
            for tally, summary in zip(tallies, outputs):
                tally.add(summary, _fscores(scorer, references, summary))
        if progress is not None:
            progress(n_read)
    if n_read == len(skipped):
        raise DataError(f"{path}: none of the {n_read} records could be evaluated (all skipped)")
    settings = {"methods": list(methods), "style": style, "max_words": max_words, "lead_words": lead_words,
                "limit": limit, "reference": reference,
                "bootstrap": bootstrap, "seed": seed}
    return EvaluationReport(
        dataset=os.fspath(path),
        systems=tuple(_finish(t, bootstrap, seed) for t in tallies),
        n_read=n_read,
        skipped=tuple(skipped),
        settings=settings,
    )


def _timed(tally: _Tally, fn: Callable[[EvalRecord], str], record: EvalRecord) -> str:
    start = time.perf_counter()
    text = fn(record)
    tally.seconds += time.perf_counter() - start
    return text


def _summarize_record(
    record: EvalRecord, summarizers: list[tuple[str, Summarizer]], tallies: list[_Tally]
) -> list[str] | SkippedRecord:
    """Each method's summary text of ``record``, timing each into its tally."""
    texts = []
    seconds = []
    fell_back = []
    for _, summarizer in summarizers:
        start = time.perf_counter()
        try:
            summary = summarizer.summarize(record.text, title=record.title)
        except InputError as exc:
            return SkippedRecord(id=record.id, reason=str(exc))
        seconds.append(time.perf_counter() - start)
        texts.append(summary.text)
        fell_back.append(summary.fallback is not None)
    # Timed only once every method succeeded, so docs/s counts the same records as n.
    for tally, elapsed, fallback in zip(tallies, seconds, fell_back):
        tally.seconds += elapsed
        if tally.fallbacks is not None:
            tally.fallbacks += fallback
    return texts
