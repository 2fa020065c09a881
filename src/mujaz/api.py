"""The public entry points: :func:`summarize` and :class:`Summarizer`."""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from mujaz.assembly import Draft
from mujaz.charset import ARABIC_LETTER
from mujaz.config import MAX_TEXT_CHARS, SummaryConfig
from mujaz.errors import ConfigError, InputError, MujazError
from mujaz.features import compute_features
from mujaz.methods import Method, get_method
from mujaz.outputs import Outputs
from mujaz.segment import segment
from mujaz.types import Summary

# Marks the end of the titles in Summarizer.summarize_many (None is a valid title).
_NO_TITLE = object()

__all__ = ["summarize", "Summarizer", "check_text"]

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def check_text(text: object) -> str:
    """Check that ``text`` is something mujaz can summarize and return it.

    Raises:
        InputError: not a ``str``, empty or blank, larger than the size limit, mostly
            control characters (binary data), or without a single Arabic letter.
    """
    if not isinstance(text, str):
        kind = type(text).__name__
        hint = "; decode bytes first (mujaz.io.decode_text)" if isinstance(text, (bytes, bytearray)) else ""
        raise InputError(f"text must be a str, got {kind}{hint}")
    if not text.strip():
        raise InputError("text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > 0.1 * min(len(text), 65536):
        raise InputError("text looks like binary data (too many control characters)")
    if ARABIC_LETTER.search(text) is None:
        raise InputError("text has no Arabic letters; mujaz summarizes Arabic text")
    return text


def _llm_settings(options: dict[str, Any]) -> Any:
    from mujaz.llm_method import llm_settings

    return llm_settings(options)


def _settings(config: SummaryConfig, method: Method) -> dict[str, Any]:
    """The resolved options recorded in a summary (a new dict each time: callers may edit it)."""
    budget = config.effective_budget()
    return {**config.to_dict(), "budget": {"kind": budget.kind.value, "value": budget.value}, "scorer": method.version}


class Summarizer:
    """Summarizes many texts with one set of options.

    A summarizer is only its options: the method's resources (stop words, stems, weights,
    the headline model) are loaded once per process, the first time a method is used, and
    shared by every summarizer and thread. So making one costs microseconds, and one
    summarizer may be shared by any number of threads.

    Args:
        method: registered method name, ``"news"`` by default; ``"llm"`` asks a language
            model (see :mod:`mujaz.llm_method`).
        style: ``"lead"`` (default: a lead paragraph), ``"headline"`` or ``"points"``.
        max_words: budget in words (default 60 for a lead, 15 for a headline, 30 per point).
        max_sentences: budget in whole source sentences.
        ratio: budget as a share of the article's words, in ``(0, 1]``.
        llm_url, llm_model, llm_timeout: the language model server for ``method="llm"``
            (default: ``MUJAZ_LLM_BASE_URL``, ``MUJAZ_LLM_MODEL``, ``MUJAZ_LLM_TIMEOUT``;
            the key is read from ``MUJAZ_LLM_API_KEY`` only).

    Raises:
        ConfigError: an option is invalid or unknown (``UnknownMethodError`` for ``method``),
            or ``method="llm"`` without a configured server.

    Example:
        >>> summarizer = Summarizer(max_words=40)
        >>> summary = summarizer.summarize(article_text)   # doctest: +SKIP
    """

    __slots__ = ("config", "llm")

    def __init__(
        self,
        *,
        method: str = "news",
        style: str = "lead",
        max_words: int | None = None,
        max_sentences: int | None = None,
        ratio: float | None = None,
        llm_url: str | None = None,
        llm_model: str | None = None,
        llm_timeout: float | None = None,
        **unknown: Any,
    ) -> None:
        # from_options turns a misspelt option (max_word=) into a ConfigError naming the valid ones.
        self.config = SummaryConfig.from_options(
            method=method, style=style, max_words=max_words, max_sentences=max_sentences, ratio=ratio, **unknown
        )
        llm = {"llm_url": llm_url, "llm_model": llm_model, "llm_timeout": llm_timeout}
        self.llm = _llm_settings(llm) if self.config.method == "llm" or any(v is not None for v in llm.values()) else None

    @classmethod
    def from_config(cls, config: SummaryConfig, llm: Any = None) -> "Summarizer":
        """A summarizer with the options of ``config`` (already validated) and, for the
        ``llm`` method, the server settings ``llm`` (a :class:`mujaz.llm.LLMSettings`;
        default: from the ``MUJAZ_LLM_*`` environment)."""
        summarizer = cls.__new__(cls)
        summarizer.config = config
        summarizer.llm = llm if llm is not None or config.method != "llm" else _llm_settings({})
        return summarizer

    def preload(self) -> None:
        """Load now every resource the summarizer's method needs.

        Otherwise they are loaded by the first summary (once per process). A server calls
        this before it takes requests, so that its first answer is as fast as the others.

        Raises:
            DataError: a resource is missing or malformed (a broken installation).
        """
        get_method(self.config.method)

    def summarize(self, text: str, *, title: str | None = None, **overrides: Any) -> Summary:
        """Summarize one article.

        Args:
            text: the article, plain text, one paragraph per line; a short first line
                without final punctuation is taken as its title.
            title: the headline, when it is kept apart from ``text``.
            **overrides: options that differ from the summarizer's for this call
                (``method``, ``style``, ``max_words``, ``max_sentences``, ``ratio``); one
                given as ``None`` keeps the summarizer's.

        Returns:
            A :class:`~mujaz.types.Summary` whose units carry offsets into ``text``.

        Raises:
            InputError: the text cannot be summarized.
            ConfigError: an override is invalid.
            DataError: the method's resources are missing or malformed (a broken install).
        """
        config = self.config.replace(**overrides) if overrides else self.config
        text_in = check_text(text)
        if title is not None and not isinstance(title, str):
            raise InputError(f"title must be a str, got {type(title).__name__}")
        method = get_method(config.method)
        article = segment(text, clauses=False)
        if not article.sentences:
            raise InputError("text has no sentences to summarize (only a title or headings)")
        features = compute_features(article, title=title)
        draft = Draft(article, features, method.scorer.score(article, features))
        outputs = Outputs(draft, config, method)
        text_out, units = outputs.style_text(config.style)
        abstractive = config.method == "llm"
        # For the llm method this is its safety net: the news summary, named as such.
        extract = get_method("news") if abstractive else method
        news_config = config.replace(method=extract.name) if abstractive else config
        news = Summary(text=text_out, units=units, method=extract.name, style=config.style,
                       settings=_settings(news_config, extract), source_length=len(text_in), parts=outputs)
        if not abstractive:
            return news
        from mujaz.llm_method import llm_summary

        return llm_summary(text, title=title, config=config, news=news, total_words=int(features.word_counts.sum()),
                           settings=self.llm if self.llm is not None else _llm_settings({}))

    def summarize_many(self, texts: Iterable[str], *, titles: Iterable[str | None] | None = None,
                       errors: str = "raise") -> Iterator[Summary | MujazError]:
        """Summarize each text in turn, lazily.

        Args:
            texts: the articles.
            titles: one headline (or ``None``) per text, for articles whose title is kept
                apart from the text (see :meth:`summarize`).
            errors: ``"raise"`` stops at the first bad text; ``"return"`` yields the
                :class:`~mujaz.errors.MujazError` in that text's place and goes on.

        Yields:
            One :class:`Summary` (or, with ``errors="return"``, an error) per text, in order.

        Raises:
            ConfigError: ``errors`` is neither ``"raise"`` nor ``"return"`` (at once), or
                ``titles`` and ``texts`` differ in length (when the shorter one runs out).
        """
        if errors not in ("raise", "return"):
            raise ConfigError(f"errors must be 'raise' or 'return', got {errors!r}")
        return self._summarize_each(texts, titles, errors)

    def _summarize_each(self, texts: Iterable[str], titles: Iterable[str | None] | None,
                        errors: str) -> Iterator[Summary | MujazError]:
        title_iter = iter(titles) if titles is not None else None
        for text in texts:
            title = None
            if title_iter is not None:
                title = next(title_iter, _NO_TITLE)
                if title is _NO_TITLE:
                    raise ConfigError("titles ran out before texts: give one title (or None) per text")
            try:
                yield self.summarize(text, title=title)  # type: ignore[arg-type]
            except MujazError as exc:
                if errors == "raise":
                    raise
                yield exc
        if title_iter is not None and next(title_iter, _NO_TITLE) is not _NO_TITLE:
            raise ConfigError("more titles than texts: give one title (or None) per text")

def summarize(
    text: str,
    *,
    max_words: int | None = None,
    max_sentences: int | None = None,
    ratio: float | None = None,
    style: str = "lead",
    method: str = "news",
    title: str | None = None,
    llm_url: str | None = None,
    llm_model: str | None = None,
    llm_timeout: float | None = None,
    **unknown: Any,
) -> Summary:
    """Summarize one Arabic news article.

    Without a budget the summary is a lead paragraph of at most 60 words
    (:data:`mujaz.config.DEFAULT_MAX_WORDS`). Give at most one of ``max_words``,
    ``max_sentences`` and ``ratio``; the budget applies to the chosen ``style`` (see
    :class:`mujaz.SummaryConfig`). Whatever the style, the result also carries the lead
    paragraph, the headline and the key points.

    Args:
        text: the article as plain text, one paragraph per line.
        max_words: budget in words.
        max_sentences: budget in whole source sentences.
        ratio: budget as a share of the article's words, in ``(0, 1]``.
        style: ``"lead"`` (default), ``"headline"`` or ``"points"``.
        method: a registered method (:func:`mujaz.available_methods`): ``"news"``
            (default), or the baselines ``"lead"``, ``"textrank"`` and ``"lexrank"``.
        title: the headline, when it is kept apart from ``text``.
        llm_url, llm_model, llm_timeout: the server for ``method="llm"`` (see :class:`Summarizer`).

    Returns:
        A :class:`~mujaz.types.Summary`.

    Raises:
        InputError: the text cannot be summarized (empty, no Arabic, binary...).
        ConfigError: an option is invalid or unknown.
        DataError: the method's resources are missing or malformed (a broken install).
    """
    summarizer = Summarizer(
        method=method, style=style, max_words=max_words, max_sentences=max_sentences, ratio=ratio,
        llm_url=llm_url, llm_model=llm_model, llm_timeout=llm_timeout, **unknown
    )
    return summarizer.summarize(text, title=title)
