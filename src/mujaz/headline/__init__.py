"""The headline: a word model of what journalists keep (:mod:`~mujaz.headline.model`) and the
cutters that turn a summary's draft into one line (:mod:`~mujaz.headline.cut`)."""

from __future__ import annotations

from mujaz.headline.cut import BestSentenceHeadline, HeadlineCutter, ModelHeadline, headline_window, select_headline
from mujaz.headline.model import HeadlineModel, Lexicon, shipped_headline_model

__all__ = ["HeadlineModel", "Lexicon", "shipped_headline_model", "HeadlineCutter", "ModelHeadline",
           "BestSentenceHeadline", "select_headline", "headline_window"]
