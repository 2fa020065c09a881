"""One path from what a user sends (text, HTML, bytes) to the text mujaz summarizes.

The batch runner, the Dask engine and the HTTP service all turn a record into a
:class:`Document` here and summarize its ``text``, so a page is read the same way
whichever door it came in by.
"""

from __future__ import annotations

from dataclasses import dataclass

from mujaz.errors import ConfigError

__all__ = ["Document", "read_document", "DOCUMENT_FORMATS"]

DOCUMENT_FORMATS = ("auto", "text", "html")
"""``auto``: HTML when the content looks like a page, else text."""


@dataclass(frozen=True, slots=True)
class Document:
    """A record made ready to summarize.

    Attributes:
        text: the text to summarize (for HTML, the extracted article text, which the
            summary's offsets index).
        title: the headline to report (the page's, else the record's).
        summary_title: the title to pass to the summarizer: the record's own title for
            text; ``None`` for HTML, whose extracted text starts with its title line.
        date: the page's publication date, when HTML gave one.
        url: the page's canonical URL, else the record's.
        html: whether the content was read as HTML.
    """

    text: str
    title: str | None = None
    summary_title: str | None = None
    date: str | None = None
    url: str | None = None
    html: bool = False


def read_document(content: str | bytes, *, input_format: str = "auto", title: str | None = None,
                  url: str | None = None, source: str = "input") -> Document:
    """Turn ``content`` into a :class:`Document`.

    Args:
        content: the record's text or page (bytes are decoded: UTF-8, or the page's
            declared or detected encoding).
        input_format: one of :data:`DOCUMENT_FORMATS`.
        title: the record's title, if it has one.
        url: the record's URL, if it has one.
        source: what to call the content in error messages (a file name, a row id).

    Raises:
        ConfigError: ``input_format`` is not one of :data:`DOCUMENT_FORMATS`.
        InputError: the content cannot be decoded or holds no article.
        MissingDependencyError: HTML needs the ``html`` extra.
    """
    if input_format not in DOCUMENT_FORMATS:
        raise ConfigError(f"unknown input format {input_format!r}; valid formats: {', '.join(DOCUMENT_FORMATS)}")
    from mujaz.io.html import extract_article, looks_like_html

    if input_format == "html" or (input_format == "auto" and looks_like_html(content)):
        article = extract_article(content, url=url)
        return Document(article.text, article.title or title, None, article.date, article.url or url, True)
    from mujaz.io.text import decode_text

    text = decode_text(content, source=source) if isinstance(content, (bytes, bytearray)) else content
    return Document(text, title, title, None, url, False)
