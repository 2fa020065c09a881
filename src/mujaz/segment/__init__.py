"""Segmentation: an article's text -> blocks, sentences and clauses, all as spans.

The stages, each in its own module:

* :mod:`mujaz.segment.blocks` splits lines into a title, subheadings and paragraphs;
* :mod:`mujaz.segment.sentences` splits a paragraph into sentences;
* :mod:`mujaz.segment.clauses` splits a sentence into clauses.

:func:`segment` runs them all and returns an :class:`~mujaz.types.Article`.
"""

from __future__ import annotations

from mujaz.segment.blocks import split_blocks
from mujaz.segment.clauses import split_clauses
from mujaz.segment.sentences import TERMINATOR, MAX_SENTENCE_WORDS, split_sentences
from mujaz.types import Article, BlockKind, Sentence

# A stretch this short cannot exceed MAX_SENTENCE_WORDS words (k words need 2k - 1 chars).
_ONE_SENTENCE_MAX_CHARS = 2 * MAX_SENTENCE_WORDS

__all__ = ["segment", "split_blocks", "split_sentences", "split_clauses", "MAX_SENTENCE_WORDS"]


def segment(text: str, *, detect_title: bool = True, clauses: bool = True) -> Article:
    """Segment ``text`` into blocks, sentences and clauses.

    Args:
        text: the article as plain text, paragraphs separated by line breaks.
        detect_title: treat a short first line without final punctuation as the title.
        clauses: split every sentence into clauses. The summarizer passes ``False`` and
            splits only the few sentences it needs to cut (``split_clauses``), which
            saves a third of the segmentation time.

    Returns:
        An :class:`Article` whose spans all index into ``text``.
    """
    blocks = split_blocks(text, detect_title=detect_title)
    sentences: list[Sentence] = []
    paragraph = BlockKind.PARAGRAPH
    for block in blocks:
        if block.kind is not paragraph:
            continue
        span = block.span
        first_end = TERMINATOR.search(text, span.start, span.end)
        if (first_end is None or first_end.end() == span.end) and len(span) <= _ONE_SENTENCE_MAX_CHARS:
            # Most news paragraphs are one short-enough sentence: skip the splitter.
            spans = (span,)
        else:
            spans = split_sentences(text, span)
        for span in spans:
            sentences.append(
                # positional: span, index, block, section, clauses
                Sentence(span, len(sentences), block.index, block.section,
                         split_clauses(text, span) if clauses else ())
            )
    return Article(text=text, blocks=blocks, sentences=tuple(sentences))
