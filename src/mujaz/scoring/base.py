"""The contract every scorer follows: it rates sentences, and does nothing else.

How the rated sentences become a summary is the method's assembly policy
(:class:`mujaz.assembly.AssemblyPolicy`) and headline cutter
(:mod:`mujaz.headline.cut`); a method (:mod:`mujaz.methods`) puts the three together.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from mujaz.features import Features
from mujaz.types import Article

__all__ = ["Scorer", "MAX_GRAPH_SENTENCES"]

# Graph methods build a dense sentence-by-sentence matrix. Past this many sentences (a
# 5 MB dump, not a news story) only the first ones take part and the rest score 0, which
# keeps memory bounded (500 sentences by their distinct terms stays in tens of MB) and time linear in the input.
MAX_GRAPH_SENTENCES = 500


@runtime_checkable
class Scorer(Protocol):
    """Rates each body sentence of an article; higher is better.

    A scorer holds only immutable resources (weights), so one instance serves every
    thread.

    Attributes:
        name: the name of the method it belongs to (``"news"``).
    """

    name: str

    def score(self, article: Article, features: Features) -> np.ndarray:
        """Return one float per sentence of ``article``."""
        ...
