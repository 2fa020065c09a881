"""Methods: a scorer, an assembly policy and a headline cutter, built once per process.

A method is what :mod:`mujaz.registry` names (``"news"``, ``"news.v3"``), made of three
parts that each do one thing:

* a :class:`~mujaz.scoring.base.Scorer` rates the sentences;
* an :class:`~mujaz.assembly.AssemblyPolicy` says how rated sentences become a lead or
  points (compression, clause cuts, redundancy);
* a :class:`~mujaz.headline.cut.HeadlineCutter` cuts the headline.

Every resource a method needs (the stop words, the fitted news weights, the headline
model) is read when the method is first built, once per process and thread-safely, so a
summary never fails later for a broken installation; every
:class:`~mujaz.Summarizer`, thread, batch worker and service thread shares the same
:class:`Method`, which holds only immutable parts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

from mujaz._resources import resource
from mujaz.assembly import AssemblyPolicy
from mujaz.features import shared_vocabulary
from mujaz.headline.cut import BestSentenceHeadline, HeadlineCutter, ModelHeadline
from mujaz.headline.model import shipped_headline_model
from mujaz.registry import METHODS, MethodInfo, method_info
from mujaz.scoring import LeadScorer, LexRankScorer, NewsScorer, Scorer, TextRankScorer
from mujaz.scoring.news import NEWS_VERSION

__all__ = ["Method", "get_method", "NEWS_POLICY", "BASELINE_POLICY"]

# What the news method does with its scores: compress (leaving out asides inside a
# sentence too), cut at clauses, skip repeats (cosine above 0.5 repeats a kept sentence;
# fitted with the weights, see make train), and cover every section when the budget allows.
NEWS_POLICY = AssemblyPolicy(compress=True, clause_cuts=True, redundancy=0.5, drop_asides=True, cover_sections=True)
# Baselines take sentences as they are, so that they stay the published baselines.
BASELINE_POLICY = AssemblyPolicy()


@dataclass(frozen=True, slots=True)
class Method:
    """A registered method, ready to run (immutable; shared by every thread)."""

    info: MethodInfo
    scorer: Scorer
    policy: AssemblyPolicy
    headline: HeadlineCutter

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def version(self) -> str:
        """The versioned name recorded in summaries (``"news.v3"``)."""
        return self.info.version


def _baseline(scorer: Scorer) -> Callable[[MethodInfo], Method]:
    return lambda info: Method(info, scorer, BASELINE_POLICY, BestSentenceHeadline(BASELINE_POLICY))


def _news(info: MethodInfo) -> Method:
    if info.version != NEWS_VERSION:  # the registry and the scorer's data must agree
        raise AssertionError(f"registry says {info.version}, scoring.news implements {NEWS_VERSION}")
    return Method(info, NewsScorer(), NEWS_POLICY, ModelHeadline(shipped_headline_model(), NEWS_POLICY))


_BUILDERS: Mapping[str, Callable[[MethodInfo], Method]] = MappingProxyType({
    "lead": _baseline(LeadScorer()),
    "textrank": _baseline(TextRankScorer()),
    "lexrank": _baseline(LexRankScorer()),
    "news": _news,
    # The llm method's extractive parts are news's: they write its safety-net summary.
    "llm": lambda info: dataclasses.replace(get_method("news"), info=info),
})


def _loader(name: str) -> Callable[[], Method]:
    def build() -> Method:
        shared_vocabulary()  # the stop words and token tables every method analyzes with
        return _BUILDERS[name](METHODS[name])

    return resource(build)


_LOADED: Mapping[str, Callable[[], Method]] = MappingProxyType({name: _loader(name) for name in METHODS})


def get_method(name: str) -> Method:
    """The method registered as ``name``, built on first use (once per process).

    Raises:
        UnknownMethodError: ``name`` is not registered (the message lists the valid names).
        DataError: a resource the method needs is missing or malformed (a broken install).
    """
    return _LOADED[method_info(name).name]()
