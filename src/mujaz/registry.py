"""The registered summarization methods, by versioned name: the one list of what exists.

This module only names and describes the methods (no numpy, nothing loaded), so that
validating options (:mod:`mujaz.config`) costs nothing. What a method is made of — its
scorer, assembly policy and headline cutter — is built by :mod:`mujaz.methods` the first
time the method is used.

====================  ============  =================================================
name                  version       what it does
====================  ============  =================================================
``lead``              ``lead.v1``   the first sentences, in order (baseline)
``textrank``          ``textrank.v1``  TextRank over shared-term similarity (baseline)
``lexrank``           ``lexrank.v1``   LexRank over thresholded tf-idf cosine (baseline)
``news``              ``news.v3``   lead prior + centrality + title/heading overlap,
                                    compression; headlines by a learned word model (default)
``llm``               ``llm.v1``    a language model's summary checked part by part, with
                                    ``news`` as the safety net (:mod:`mujaz.llm_method`)
====================  ============  =================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from mujaz.errors import UnknownMethodError

__all__ = ["MethodInfo", "METHODS", "DEFAULT_METHOD", "available_methods", "method_info"]


@dataclass(frozen=True, slots=True)
class MethodInfo:
    """A registered method's name, versioned name and one-line description."""

    name: str
    version: str
    description: str


METHODS: Mapping[str, MethodInfo] = MappingProxyType({
    info.name: info
    for info in (
        MethodInfo("lead", "lead.v1", "the first sentences, in order (baseline)"),
        MethodInfo("textrank", "textrank.v1", "TextRank over shared-term similarity (baseline)"),
        MethodInfo("lexrank", "lexrank.v1", "LexRank over thresholded tf-idf cosine (baseline)"),
        MethodInfo("news", "news.v3", "lead prior + centrality + title/heading overlap, clause-aware; headlines cut "
                                      "by a learned word model (default)"),
        MethodInfo("llm", "llm.v1", "an OpenAI-compatible language model's summary, each part checked against the "
                                    "article, news where a part fails (needs MUJAZ_LLM_BASE_URL and MUJAZ_LLM_MODEL)"),
    )
})
DEFAULT_METHOD = "news"


def method_info(name: object) -> MethodInfo:
    """The registered method ``name``.

    Raises:
        UnknownMethodError: ``name`` is not registered (the message lists the valid names).
    """
    info = METHODS.get(name) if isinstance(name, str) else None
    if info is None:
        raise UnknownMethodError(str(name), sorted(METHODS))
    return info


def available_methods() -> dict[str, str]:
    """Registered method names with a one-line description each."""
    return {name: info.description for name, info in METHODS.items()}
