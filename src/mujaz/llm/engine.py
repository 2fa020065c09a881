"""Ask the model, check each part against the article, and say what must fall back.

* :func:`ask_llm`: one article -> an :class:`~mujaz.llm.types.LLMAnswer` (or
  :class:`~mujaz.errors.LLMFailure`): cache, prompt, request, lenient parse.
* :func:`verify_parts`: an answer -> each part's text, or a :class:`Fallback` saying why
  mujaz's own extractive text must replace it (over budget, or inconsistent with the source).
* :func:`answer_parts`: both, never raising for a bad answer: an :class:`LLMOutcome`.
* :func:`map_llm`: many articles over a bounded thread pool, in input order, counted in
  :class:`LLMStats`.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from mujaz.check import check
from mujaz.errors import ConfigError, LLMFailure
from mujaz.llm.cache import LLMCache, cache_key
from mujaz.llm.client import ChatClient, import_httpx
from mujaz.llm.parse import budget_problems, parse_answer
from mujaz.llm.prompts import build_messages, build_request, load_prompts
from mujaz.llm.settings import LLMSettings
from mujaz.llm.types import PART_NAMES, Fallback, FallbackReason, LLMAnswer, LLMBudgets

__all__ = [
    "Checker",
    "default_checker",
    "CheckResult",
    "ask_llm",
    "verify_parts",
    "answer_parts",
    "map_llm",
    "VerifiedParts",
    "LLMOutcome",
    "LLMStats",
]

_log = logging.getLogger("mujaz.llm")


class CheckResult(Protocol):
    """What a checker returns (``mujaz.check.Check`` has this shape)."""

    @property
    def consistent(self) -> bool: ...

    @property
    def problems(self) -> Sequence[Any]: ...


Checker = Callable[[str, str], CheckResult]
"""``checker(summary, source)``: is every fact of ``summary`` in ``source``?"""


def default_checker() -> Checker:
    """The checker used when none is given: :func:`mujaz.check`."""
    return check


def _source(text: str, title: str | None) -> str:
    # A headline may rightly repeat the article's own title when it is kept apart.
    return f"{title.strip()}\n{text}" if title and title.strip() else text


def ask_llm(
    text: str,
    *,
    title: str | None = None,
    budgets: LLMBudgets = LLMBudgets(),
    settings: LLMSettings,
    cache: LLMCache | None = None,
    client: ChatClient | None = None,
) -> LLMAnswer:
    """Ask the model for a headline, a lead and key points of ``text``.

    Args:
        text: the article.
        title: its title, when kept apart from the text (sent to the model).
        budgets: word budgets asked for and enforced.
        settings: the server, model and retry/deadline policy.
        cache: where to look first and store the answer; default
            ``LLMCache.from_settings(settings)`` (None when ``settings.cache_dir`` is None).
        client: a client to reuse (its connections); default one made for this call.

    Returns:
        The parsed answer, not yet checked (see :func:`verify_parts`).

    Raises:
        LLMFailure: no usable answer (``timeout``, ``http_error``, ``auth``,
            ``connection``, ``malformed``).
        MissingDependencyError: ``httpx`` is missing (``pip install 'mujaz[llm]'``).
    """
    started = time.monotonic()
    prompts = load_prompts()
    if cache is None:
        cache = LLMCache.from_settings(settings)
    key = None
    if cache is not None:
        key = cache_key(model=settings.model, prompt_version=prompts.version, text=text, title=title, budgets=budgets)
        hit = cache.get(key)
        if hit is not None:
            return hit
    body = build_request(build_messages(text, title=title, budgets=budgets), model=settings.model, budgets=budgets)
    deadline = started + settings.timeout
    if client is None:
        with ChatClient(settings) as own:
            result = own.complete(body, deadline=deadline)
    else:
        result = client.complete(body, deadline=deadline)
    try:
        headline, lead, points = parse_answer(result.content, budgets)
    except LLMFailure as failure:
        detail = failure.detail
        if result.finish_reason == "length":
            detail += "; the server stopped at its token limit (finish_reason=length)"
        raise LLMFailure(failure.reason, detail, attempts=result.attempts) from None
    answer = LLMAnswer(
        headline=headline, lead=lead, points=points, budgets=budgets, usage=result.usage,
        model=result.model or settings.model, prompt_version=prompts.version, attempts=result.attempts,
    )
    if cache is not None and key is not None:
        try:
            cache.put(key, answer)
        except OSError as exc:
            # The answer is good; a cache that cannot be written must not cost the summary.
            _log.warning("cannot write the LLM cache entry %s: %s", cache.path(key), exc)
    return answer


@dataclass(frozen=True, slots=True)
class VerifiedParts:
    """Each part of an answer: the model's text if it passed, else a :class:`Fallback`."""

    headline: str | Fallback
    lead: str | Fallback
    points: tuple[str | Fallback, ...]

    def as_dict(self) -> dict[str, str | Fallback]:
        """``{"headline": ..., "lead": ..., "points[0]": ..., ...}`` in that order."""
        parts: dict[str, str | Fallback] = {"headline": self.headline, "lead": self.lead}
        parts.update({f"points[{i}]": p for i, p in enumerate(self.points)})
        return parts

    def fallbacks(self) -> dict[str, Fallback]:
        """The parts that fell back, by name (see :meth:`as_dict`)."""
        return {name: value for name, value in self.as_dict().items() if isinstance(value, Fallback)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: each part as ``{"text": str | None, "fallback": dict | None}``."""

        def one(value: str | Fallback) -> dict[str, Any]:
            if isinstance(value, Fallback):
                return {"text": None, "fallback": value.to_dict()}
            return {"text": value, "fallback": None}

        return {"headline": one(self.headline), "lead": one(self.lead), "points": [one(p) for p in self.points]}


def _problem_text(problem: Any) -> str:
    message = getattr(problem, "message", None)
    if message is None and isinstance(problem, dict):
        message = problem.get("message")
    return str(message if message is not None else problem)


def verify_parts(answer: LLMAnswer, source: str, checker: Checker | None = None) -> VerifiedParts:
    """Check every part of ``answer`` against ``source``.

    A part longer than its budget falls back with reason ``malformed``; a part the checker
    finds inconsistent falls back with reason ``inconsistent`` and the checker's problems.

    Args:
        answer: from :func:`ask_llm`.
        source: the article (with its title first, when the title is kept apart).
        checker: ``checker(summary, source)`` returning ``.consistent`` and ``.problems``;
            default :func:`mujaz.check.check`.

    Raises:
        ConfigError: no ``checker`` was given and ``mujaz.check`` is not installed.
    """
    if checker is None:
        checker = default_checker()
    over = budget_problems(answer.headline, answer.lead, answer.points, answer.budgets)

    def one(name: str, text: str) -> str | Fallback:
        if name in over:
            return Fallback(FallbackReason.MALFORMED, over[name])
        result = checker(text, source)
        if result.consistent:
            return text
        problems = tuple(result.problems)
        said = "; ".join(_problem_text(p) for p in problems[:3])
        detail = f"{name}: the checker found {len(problems)} problem(s)" + (f": {said}" if said else "")
        return Fallback(FallbackReason.INCONSISTENT, detail, problems)

    return VerifiedParts(
        headline=one("headline", answer.headline),
        lead=one("lead", answer.lead),
        points=tuple(one(f"points[{i}]", p) for i, p in enumerate(answer.points)),
    )


@dataclass(frozen=True, slots=True)
class LLMOutcome:
    """What became of one article: an answer with its checked parts, or a failure.

    Exactly one of ``parts`` and ``failure`` is set (``parts`` may be None with no failure
    only when verification was skipped: ``map_llm(verify=False)``).

    Attributes:
        answer: the parsed answer (None when the request failed).
        parts: each part's text or fallback.
        failure: why the whole answer fell back (every part then uses mujaz's own text).
        attempts: HTTP requests made (0 for a cache hit).
        seconds: wall time for the article, request and check included.
    """

    answer: LLMAnswer | None
    parts: VerifiedParts | None
    failure: Fallback | None
    attempts: int = 0
    seconds: float = 0.0

    def part(self, name: str) -> str | Fallback | tuple[str | Fallback, ...]:
        """``headline``, ``lead`` or ``points``: the model's text, or the fallback to use instead."""
        if name not in PART_NAMES:
            raise ConfigError(f"unknown part {name!r}; valid parts: {', '.join(PART_NAMES)}")
        if self.failure is not None:
            return self.failure
        if self.parts is None:
            raise ConfigError("this outcome was not verified (map_llm(verify=False)); use outcome.answer")
        return getattr(self.parts, name)  # type: ignore[no-any-return]


def answer_parts(
    text: str,
    *,
    title: str | None = None,
    budgets: LLMBudgets = LLMBudgets(),
    settings: LLMSettings,
    cache: LLMCache | None = None,
    client: ChatClient | None = None,
    checker: Checker | None = None,
) -> LLMOutcome:
    """:func:`ask_llm` then :func:`verify_parts`; a failed request becomes ``outcome.failure``.

    This is what a summarizer calls per article: it raises only for configuration
    (``ConfigError``, ``MissingDependencyError``), never for a bad or missing answer.
    """
    if checker is None:
        checker = default_checker()
    return _outcome(text, title, budgets, settings, cache, client, checker)


def _outcome(text: str, title: str | None, budgets: LLMBudgets, settings: LLMSettings, cache: LLMCache | None,
             client: ChatClient | None, checker: Checker | None) -> LLMOutcome:
    started = time.perf_counter()
    try:
        answer = ask_llm(text, title=title, budgets=budgets, settings=settings, cache=cache, client=client)
    except LLMFailure as failure:
        return LLMOutcome(None, None, Fallback.from_failure(failure), failure.attempts, time.perf_counter() - started)
    parts = verify_parts(answer, _source(text, title), checker) if checker is not None else None
    return LLMOutcome(answer, parts, None, answer.attempts, time.perf_counter() - started)


@dataclass
class LLMStats:
    """Counts over a run of :func:`map_llm` (updated as each outcome is yielded).

    Attributes:
        articles: outcomes yielded.
        answered: articles with a parsed answer (cache hits included).
        cached: answers that came from the cache.
        requests: HTTP requests sent (retries included).
        prompt_tokens, completion_tokens: tokens spent in this run (cache hits cost none).
        failed: whole-answer fallbacks by reason.
        replaced: parts of answered articles that fell back, by reason.
        fell_back: articles whose ``headline``, ``lead`` or (any of the) ``points`` fell
            back, whole-answer failures included, by part: what :meth:`fallback_rate` reads.
        seconds: summed per-article wall time (more than elapsed time when concurrent).
    """

    articles: int = 0
    answered: int = 0
    cached: int = 0
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    replaced: Counter[str] = field(default_factory=Counter)
    fell_back: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: LLMOutcome) -> None:
        """Count one outcome."""
        self.articles += 1
        self.requests += outcome.attempts
        self.seconds += outcome.seconds
        if outcome.failure is not None:
            self.failed[outcome.failure.reason.value] += 1
            self.fell_back.update(PART_NAMES)
        if outcome.answer is not None:
            self.answered += 1
            if outcome.answer.cached:
                self.cached += 1
            else:
                self.prompt_tokens += outcome.answer.usage.prompt_tokens
                self.completion_tokens += outcome.answer.usage.completion_tokens
        if outcome.parts is not None:
            fallbacks = outcome.parts.fallbacks()
            for fallback in fallbacks.values():
                self.replaced[fallback.reason.value] += 1
            self.fell_back.update({name.split("[", 1)[0] for name in fallbacks})

    def fallback_rate(self, part: str = "lead") -> float:
        """Share of the articles whose ``part`` (``headline``, ``lead``, ``points``) fell back."""
        if part not in PART_NAMES:
            raise ConfigError(f"unknown part {part!r}; valid parts: {', '.join(PART_NAMES)}")
        return self.fell_back[part] / self.articles if self.articles else 0.0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def summary_line(self) -> str:
        """One line for a batch's final report."""

        def counts(counter: Counter[str]) -> str:
            return ", ".join(f"{n} {reason}" for reason, n in sorted(counter.items())) or "none"

        return (
            f"llm: {self.articles} articles, {self.answered} answered ({self.cached} cached), "
            f"{self.requests} requests, {self.total_tokens:,} tokens "
            f"({self.prompt_tokens:,} prompt + {self.completion_tokens:,} completion); "
            f"whole-answer fallbacks: {counts(self.failed)}; parts replaced: {counts(self.replaced)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "answered": self.answered,
            "cached": self.cached,
            "requests": self.requests,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "failed": dict(sorted(self.failed.items())),
            "replaced": dict(sorted(self.replaced.items())),
            "fallback_rate": {part: round(self.fallback_rate(part), 6) for part in PART_NAMES},
            "seconds": round(self.seconds, 6),
        }


def _item(item: str | tuple[str, str | None]) -> tuple[str, str | None]:
    if isinstance(item, str):
        return item, None
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and (item[1] is None or isinstance(item[1], str)):
        return item[0], item[1]
    raise ConfigError(f"map_llm items must be a text or a (text, title) pair, got {type(item).__name__}")


def map_llm(
    items: Iterable[str | tuple[str, str | None]],
    *,
    settings: LLMSettings,
    concurrency: int | None = None,
    budgets: LLMBudgets = LLMBudgets(),
    cache: LLMCache | None = None,
    client: ChatClient | None = None,
    checker: Checker | None = None,
    verify: bool = True,
    stats: LLMStats | None = None,
) -> Iterator[LLMOutcome]:
    """Ask and check many articles, ``concurrency`` requests at a time, yielding in input order.

    Items are read lazily (at most ``2 × concurrency`` ahead of what was yielded), so an
    endless stream works and a consumer that stops early (``close()``) ends the threads.

    Args:
        items: articles, each a text or a ``(text, title)`` pair.
        settings: the server; ``settings.concurrency`` unless ``concurrency`` is given.
        concurrency: requests in flight at once (1 runs them one after another).
        budgets: word budgets for every article.
        cache: as in :func:`ask_llm` (default: ``settings.cache_dir``'s).
        client: a client to share; default one made for the run and closed after it.
        checker: as in :func:`verify_parts` (default ``mujaz.check.check``).
        verify: False skips the check (``outcome.parts`` is then None).
        stats: counts to update as outcomes are yielded.

    Raises:
        ConfigError: ``concurrency`` is not an integer in 1..256, or a bad item.
        MissingDependencyError: ``httpx`` is missing.
    """
    workers = settings.concurrency if concurrency is None else concurrency
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 256:
        raise ConfigError(f"concurrency must be an integer from 1 to 256, got {workers!r}")
    if verify and checker is None:
        checker = default_checker()
    if cache is None:
        cache = LLMCache.from_settings(settings)
    if client is None:
        import_httpx()  # a missing extra is reported now, not at the first next()
    return _map(items, settings, workers, budgets, cache, client, checker if verify else None, stats)


def _map(items: Iterable[str | tuple[str, str | None]], settings: LLMSettings, workers: int, budgets: LLMBudgets,
         cache: LLMCache | None, shared: ChatClient | None, checker: Checker | None,
         stats: LLMStats | None) -> Iterator[LLMOutcome]:
    # Made here, not in map_llm, so that a generator never started holds no connections; its
    # pool holds as many connections as there are workers.
    client = ChatClient(dataclasses.replace(settings, concurrency=workers)) if shared is None else shared
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mujaz-llm")
    window: deque[Future[LLMOutcome]] = deque()
    end = object()
    try:
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * workers:
                item = next(source, end)
                if item is end:
                    exhausted = True
                    break
                text, title = _item(item)  # type: ignore[arg-type]
                window.append(pool.submit(_outcome, text, title, budgets, settings, cache, client, checker))
            if not window:
                return
            outcome = window.popleft().result()
            if stats is not None:
                stats.add(outcome)
            yield outcome
    finally:
        for future in window:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if shared is None:
            client.close()
