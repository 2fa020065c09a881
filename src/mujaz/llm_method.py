"""The ``llm`` method: a language model's summary, checked part by part, ``news`` as the net.

For one article: mujaz writes its own ``news`` summary, asks the configured
OpenAI-compatible server (:mod:`mujaz.llm`) for a headline, a lead and key points, checks
each part against the article (:func:`mujaz.check`), and keeps the model's part only when
it is consistent. A part that is inconsistent, malformed or over budget, and the whole
answer when the request times out, is refused (401/403) or fails after retries, is
replaced by the ``news`` part, and the summary says so: :attr:`Summary.method` names what
wrote the requested style's text, and :attr:`Summary.fallback` says why ``news`` did.

One :class:`~mujaz.llm.ChatClient` per settings is kept for the process (its connection
pool is reused by every summarizer and thread).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import OrderedDict
from typing import Any

from mujaz.config import SummaryConfig
from mujaz.llm import ChatClient, Fallback, FallbackReason, LLMBudgets, LLMOutcome, LLMSettings, answer_parts
from mujaz.outputs import outline_text
from mujaz.types import Point, Style, Summary, SummaryUnit

__all__ = ["llm_settings", "llm_summary", "shared_client", "close_clients", "LLMParts"]

_LOG = logging.getLogger("mujaz.llm")
_CLIENTS: "OrderedDict[LLMSettings, ChatClient]" = OrderedDict()
_CLIENTS_LOCK = threading.Lock()
_MAX_CLIENTS = 8  # settings a long-lived process talks to at once (LRU beyond that)


def llm_settings(options: dict[str, Any]) -> LLMSettings:
    """The server settings from ``llm_url``/``llm_model``/``llm_timeout`` options over the
    ``MUJAZ_LLM_*`` environment.

    Raises:
        ConfigError: no server URL or model is configured (the message names the variables).
    """
    return LLMSettings.from_env(base_url=options.get("llm_url"), model=options.get("llm_model"),
                                timeout=options.get("llm_timeout"))


def shared_client(settings: LLMSettings) -> ChatClient:
    """The process's client for ``settings`` (made on first use; thread-safe; closed at exit)."""
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(settings)
        if client is None:
            if not _CLIENTS:
                atexit.register(close_clients)
            client = _CLIENTS[settings] = ChatClient(settings)
            while len(_CLIENTS) > _MAX_CLIENTS:
                _, old = _CLIENTS.popitem(last=False)
                old.close()
        else:
            _CLIENTS.move_to_end(settings)
        return client


def close_clients() -> None:
    """Close every shared client (their connections); the next use makes new ones."""
    with _CLIENTS_LOCK:
        while _CLIENTS:
            _, client = _CLIENTS.popitem()
            client.close()


def _budgets(config: SummaryConfig, news: Summary, total_words: int) -> LLMBudgets:
    """The word budgets to ask for: the config's, in words (a sentence budget: as many
    words as the ``news`` lead of that many sentences has)."""
    lead = config.budget.words_for(total_words) or max(1, sum(len(u.text.split()) for u in news.lead_units))
    headline = config.headline_budget.words_for(total_words) or 1
    return LLMBudgets(headline_words=headline, lead_words=lead, point_words=config.point_words,
                      max_points=config.max_points)


class LLMParts:
    """The summary's parts: each the model's checked text, or the ``news`` part it fell back to."""

    __slots__ = ("_news", "_outcome", "_points")

    def __init__(self, news: Summary, outcome: LLMOutcome) -> None:
        self._news, self._outcome = news, outcome
        self._points: tuple[Point, ...] | None = None

    def fallback(self, part: str) -> Fallback | None:
        value = self._outcome.part(part)
        if isinstance(value, Fallback):
            return value
        if part == "points" and not [p for p in value if isinstance(p, str)]:  # type: ignore[union-attr]
            kinds = [p for p in value if isinstance(p, Fallback)]  # type: ignore[union-attr]
            return kinds[0] if kinds else Fallback(FallbackReason.MALFORMED, "the model wrote no key points")
        return None

    def method_of(self, part: str) -> str:
        return "news" if self.fallback(part) is not None else "llm"

    @property
    def lead_units(self) -> tuple[SummaryUnit, ...]:
        return self._news.units if self.fallback("lead") is not None else ()

    @property
    def lead(self) -> str:
        value = self._outcome.part("lead")
        return self._news.lead if isinstance(value, Fallback) else value  # type: ignore[return-value]

    @property
    def headline_units(self) -> tuple[SummaryUnit, ...]:
        return self._news.headline_units if self.fallback("headline") is not None else ()

    @property
    def headline(self) -> str:
        value = self._outcome.part("headline")
        return self._news.headline if isinstance(value, Fallback) else value  # type: ignore[return-value]

    @property
    def outline(self) -> tuple[Any, ...]:
        """The sections of the ``news`` outline: a section's subheading and key point quote
        the article (the model writes no sections)."""
        return self._news.outline

    @property
    def points(self) -> tuple[Point, ...]:
        if self._points is None:
            if self.fallback("points") is not None:
                self._points = self._news.points
            else:  # the model's points that passed the check (the others are left out)
                value = self._outcome.part("points")
                self._points = tuple(Point(p, (), 0, None) for p in value if isinstance(p, str))  # type: ignore[union-attr]
        return self._points


def llm_summary(text: str, *, title: str | None, config: SummaryConfig, news: Summary, total_words: int,
                settings: LLMSettings) -> Summary:
    """The ``llm`` summary of ``text``, with ``news`` (its extractive summary) as the net.

    Args:
        text: the article.
        title: its headline, when kept apart.
        config: the options (style and budgets).
        news: the article's ``news`` summary with the same options.
        total_words: the article's body words (for a ratio budget).
        settings: the server to ask.
    """
    outcome = answer_parts(text, title=title, budgets=_budgets(config, news, total_words), settings=settings,
                           client=shared_client(settings))
    parts = LLMParts(news, outcome)
    # Which of the model's parts the requested style's text is (an outline is led by its lead).
    part = {Style.HEADLINE: "headline", Style.POINTS: "points"}.get(config.style, "lead")
    fallback = parts.fallback(part)
    if fallback is not None and fallback.reason is FallbackReason.AUTH:
        _LOG.warning("the language model server refused the API key (%s); using mujaz's own summary",
                     fallback.detail)
    if config.style is Style.OUTLINE:
        # The model's headline and lead over the news outline's sections (each quoted).
        body = outline_text(parts.headline, parts.lead, news.outline)
        units = news.units if fallback is not None else ()
    elif config.style is Style.HEADLINE:
        body, units = parts.headline, parts.headline_units
    elif config.style is Style.POINTS:
        points = parts.points
        body, units = "\n".join(p.text for p in points), tuple(u for p in points for u in p.units)
    else:
        body, units = parts.lead, parts.lead_units
    answer = outcome.answer
    settings_out = {**news.settings, "method": "llm", "scorer": "llm.v1",
                    "llm": {"model": (answer.model if answer else "") or settings.model,
                            "prompt_version": answer.prompt_version if answer else "",
                            "attempts": outcome.attempts, "cached": bool(answer and answer.cached),
                            "prompt_tokens": answer.usage.prompt_tokens if answer else 0,
                            "completion_tokens": answer.usage.completion_tokens if answer else 0,
                            "parts": {name: parts.method_of(name) for name in ("headline", "lead", "points")}}}
    return Summary(text=body, units=units, method=parts.method_of(part), style=config.style, settings=settings_out,
                   source_length=news.source_length, parts=parts,
                   fallback=None if fallback is None else fallback.to_dict())
