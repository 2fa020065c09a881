"""The headline: a word model of what journalists keep (:mod:`~mujaz.headline.model`), the
cutters that turn a summary's draft into one line (:mod:`~mujaz.headline.cut`) and the
editor's syntax they write it in (:mod:`~mujaz.headline.syntax`)."""

from __future__ import annotations

from mujaz.headline.cut import (BestSentenceHeadline, HeadlineCutter, ModelHeadline, cut_headline, headline_window,
                                select_headline)
from mujaz.headline.model import HeadlineModel, Lexicon, shipped_headline_model
from mujaz.headline.syntax import VerbTable, shipped_verbs

__all__ = ["HeadlineModel", "Lexicon", "shipped_headline_model", "HeadlineCutter", "ModelHeadline",
           "BestSentenceHeadline", "select_headline", "headline_window", "cut_headline", "VerbTable", "shipped_verbs"]
