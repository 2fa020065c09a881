"""Lead baselines: summaries cut from the start of the article.

On news, copying the opening is a strong baseline (the inverted pyramid puts the story's
gist first), so every system is reported next to these.
"""

from __future__ import annotations

from mujaz.errors import ConfigError
from mujaz.segment import segment

__all__ = ["first_sentence", "first_line", "first_n_words"]


def first_sentence(text: str) -> str:
    """The article's first body sentence, as :func:`mujaz.segment.segment` splits it.

    Args:
        text: the article.

    Returns:
        The sentence, or ``""`` when the segmenter finds no body sentence.
    """
    article = segment(text)
    if not article.sentences:
        return ""
    return article.sentence_text(0).strip()


def first_line(text: str) -> str:
    """The first non-blank ``\\n``-separated line of ``text``, stripped.

    Args:
        text: the article.

    Returns:
        The line, or ``""`` when every line is blank.
    """
    # Only \n, as the data files separate paragraphs; splitlines() would also cut at
    # form feeds and Unicode separators and disagree with the dataset's own lead-line figure.
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def first_n_words(text: str, n: int) -> str:
    """The first ``n`` whitespace-separated words of ``text``, joined by single spaces.

    Args:
        text: the article.
        n: how many words, at least 1.

    Returns:
        The words (fewer when the text is shorter).

    Raises:
        ConfigError: ``n`` is not a positive integer.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"n must be a positive integer, got {n!r}")
    # maxsplit stops splitting after n words, so a long article is not split in full.
    return " ".join(text.split(maxsplit=n)[:n])
