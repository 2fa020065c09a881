"""Faithfulness: check a summary against its source and say what the source does not support.

>>> result = mujaz.check(summary_text, article_text)          # doctest: +SKIP
>>> result.consistent, result.score, result.problems           # doctest: +SKIP

Modules, one concern each:

* :mod:`mujaz.check.types`: :class:`Check`, :class:`Problem`, :class:`ProblemKind`,
  :class:`Alignment`;
* :mod:`mujaz.check.text`: tokens, clitic-free bases and match keys;
* :mod:`mujaz.check.lexicon`: the word lists in ``mujaz/data/`` (loaded once per process);
* :mod:`mujaz.check.facts`: numbers and dates read from tokens;
* :mod:`mujaz.check.align`: summary sentences -> supporting source sentences;
* :mod:`mujaz.check.rules`: one rule per kind of problem;
* :mod:`mujaz.check.checker`: :func:`check`, which runs them.

It imports only :mod:`mujaz.normalize`, :mod:`mujaz.segment`, :mod:`mujaz.errors`,
:mod:`mujaz.types`, PyStemmer and numpy, so any part of mujaz can use it.
"""

from mujaz.check.checker import DEFAULT_THRESHOLDS, check
from mujaz.check.rules import Thresholds
from mujaz.check.types import AlignedSentence, Alignment, Check, Problem, ProblemKind

__all__ = ["check", "Check", "Problem", "ProblemKind", "Alignment", "AlignedSentence", "Thresholds",
           "DEFAULT_THRESHOLDS"]
