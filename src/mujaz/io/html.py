"""Saved web pages -> article text mujaz can summarize, with trafilatura.

:func:`extract_article` keeps what a reader of the page reads as the story: the title, the
body paragraphs and the subheadings (``h2``-``h6`` inside the body); navigation, ads,
captions, share bars, "read also" links and "related stories" blocks are left out. The
result's ``text`` is mujaz's plain-text input format::

    title line
    paragraph
    subheading            <- a short line without final punctuation
    paragraph
    ...

so :func:`mujaz.segment.segment` sees the title and subheadings as such, and a summary's
offsets index into ``ExtractedArticle.text``.

Bytes are decoded the way a browser would, simplified: a byte-order mark first, then a
charset declared in a ``<meta>`` tag (or an XML declaration); a page that declares nothing
is taken as UTF-8 when it decodes as UTF-8 and as windows-1256 (the Arabic Windows code
page that older Arabic news sites still use) when that reads as Arabic.

Pages are bounded before they are parsed (:data:`MAX_HTML_BYTES`, :data:`MAX_HTML_ELEMENTS`):
extraction costs about 0.1 ms of Python work per element, so a page of a million tiny
elements would hold a process (or a service worker) for minutes. Every pattern here runs in
time linear in its input: HTML detection and charset sniffing see untrusted bytes before
anything else does (see ``tests/property/test_regex_budget.py``).

trafilatura is an optional dependency (``pip install 'mujaz[html]'``); it is imported only
when a page is extracted.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any

from mujaz.errors import InputError, MissingDependencyError
from mujaz.io.text import decode_unlabelled, sniff_binary

__all__ = [
    "ExtractedArticle",
    "extract_article",
    "looks_like_html",
    "decode_html",
    "html_charset",
    "MAX_HTML_BYTES",
    "MAX_HTML_ELEMENTS",
]

# News article pages weigh 50 KB to 2 MB (inline scripts and JSON included); past 8 MiB a
# page is a dump, not an article. Scripts cost little to parse; elements are what costs.
MAX_HTML_BYTES = 8 * 1024 * 1024
# A news page has 1,000 to 10,000 elements; extracting one of 20,000 takes about 3 s.
MAX_HTML_ELEMENTS = 20_000

# What a browser's pre-scan reads to find a declared charset: the head of the document.
# 1 KiB is the HTML standard's figure; pages with long inline scripts before <meta> are common
# on news sites, so we look further.
_PRESCAN_BYTES = 8192
# [^<>] rather than [^>]: a scan that starts at one "<meta" stops at the next tag, so many
# unclosed "<meta" in a row cost linear time, not quadratic.
_META_CHARSET = re.compile(
    rb"""<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# Labels the HTML standard maps to another encoding than Python's codec of the same name.
_LABEL_FIXES = {
    # A page cannot be UTF-16 if its <meta> could be read as ASCII (HTML standard).
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
    # Browsers read latin-1 and ASCII labels as windows-1252.
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252",
    "x-mac-arabic": "mac-arabic",
}
_WESTERN = frozenset({"cp1252", "latin_1", "ascii"})

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# The tag an HTML document starts with, once the byte-order mark, blank space, an XML
# declaration and comments are skipped (by _skip_prolog: a pattern with "(?:<!--.*?-->\s*)*"
# backtracks exponentially over many comments).
_HTML_FIRST_TAG = re.compile(
    r"""<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|article|main|section
           |header|nav|p|table|span|h[1-6]|ul|ol|base)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body)\b[^<>]*>|<!doctype\s+html", re.IGNORECASE)
# Start tags, counted against MAX_HTML_ELEMENTS; the bodies of raw-text elements (scripts,
# styles) are skipped.
_START_TAG = re.compile(r"<[A-Za-z]")
_RAW_TEXT_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_RAW_TEXT_CLOSE = {name: re.compile(f"</{name}", re.IGNORECASE) for name in ("script", "style")}
_SNIFF_CHARS = 4096

# Lines that are page furniture rather than story, even inside the article body: "read
# also" and "related" teasers, publication-date lines, share prompts, copyright notices.
# Matched at the start of a short line only (see _is_furniture), so prose that happens to
# begin with one of these words is kept.
_FURNITURE = re.compile(
    r"^\s*(?:"
    # "read also", "see also", "more news", "related topics"
    r"(?:اقرأ|إقرأ|اقرا|طالع|شاهد|يهمك|قد يهمك)\s*(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)"
    r"|(?:المزيد من|لمزيد من|للمزيد)\s|(?:مواضيع|أخبار|اخبار|مقالات|روابط)\s*(?:ذات صلة|متعلقة)"
    # publication and update dates, sources, share and follow prompts
    r"|(?:تاريخ النشر|آخر تحديث|اخر تحديث|تم النشر|تم التحديث|(?:نشر|نُشر) (?:بتاريخ|في\s*[:\d]))"
    r"|(?:المصدر|شارك|مشاركة)\s*:|شارك (?:الخبر|المقال|على|عبر)|تابعونا|تابعنا"
    # copyright lines
    r"|(?:جميع|كل) الحقوق|حقوق (?:النشر|الطبع)|©|\(c\)"
    r"|read (?:more|also)|see also|related (?:stories|articles|news)|share (?:this|on)|copyright"
    r")",
    re.IGNORECASE,
)
_FURNITURE_MAX_WORDS = 14
# A dateline ("الجنوب - 2021/09/14") names a date and little else.
_DATE = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}")
_DATELINE_MAX_WORDS = 6
_LETTER = re.compile(r"[^\W\d_]")
# Menus and link lists that survive extraction (trafilatura's fallback keeps a page's whole
# text) show up as runs of very short lines; a run of this many is dropped.
_SHORT_LINE_WORDS = 4
_MENU_RUN = 3
# An article has at least one sentence of prose; a page of headlines is an index, whose
# lines are short and end without punctuation.
_MIN_SENTENCE_WORDS = 6
_MIN_UNPUNCTUATED_WORDS = 20
# Separators between a headline and the site's name in <title>.
# (?<!\s): a match starts only where a run of spaces starts, so a long run costs linear time.
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+(?:\||-|–|—|::|»|«|/|:)\s+")
# A heading is kept as a short line with no final punctuation, so the segmenter reads it
# as a heading (mujaz.segment.blocks.looks_like_heading). Stripped with str.rstrip, not a
# "[...]+$" pattern: that one is quadratic on a long run of punctuation that does not end
# the string (each start in the run scans to its end).
_TRAILING_PUNCT = ".!?؟…:;؛،,-–—"
_SPACES = re.compile(r"\s+")
_PRUNE = [
    "//figcaption",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]",
    "//*[contains(@class, 'related') or contains(@id, 'related')]",
    "//*[contains(@class, 'read-also') or contains(@class, 'readmore') or contains(@class, 'read-more')]",
]


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """An article read from a web page (or a text file), ready to summarize.

    Attributes:
        text: plain text in mujaz's input format: the title line, then subheadings and
            paragraphs one per line. Summary offsets index into this string.
        title: the page's headline, or ``None``.
        date: the publication date as ``YYYY-MM-DD``, or ``None``.
        url: the page's canonical URL (or the one given), or ``None``.
        headings: the subheadings kept in ``text``, in order.
        input_format: ``"html"`` or ``"text"``: what the source was.
    """

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    headings: tuple[str, ...] = ()
    input_format: str = "html"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["headings"] = list(self.headings)
        return data


def looks_like_html(data: str | bytes) -> bool:
    """Whether ``data`` is an HTML document rather than plain text, judged by its content.

    HTML starts with a doctype or a tag (after a byte-order mark, blank space, an XML
    declaration or comments), or has an ``<html>``/``<body>`` tag near the start. Plain
    Arabic text that merely mentions a ``<tag>`` later on is not HTML.
    """
    if isinstance(data, (bytes, bytearray)):
        head = bytes(data[: _SNIFF_CHARS * 2])
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            sample = head.decode("utf-16", errors="replace")
        else:
            # Tags are ASCII; latin-1 maps every byte, so this never fails.
            sample = head.decode("latin-1")
    else:
        sample = data[:_SNIFF_CHARS]
    start = _skip_prolog(sample)
    if start is not None and _HTML_FIRST_TAG.match(sample, start) is not None:
        return True
    return _HTML_ANYWHERE.search(sample) is not None


def _skip_prolog(sample: str) -> int | None:
    """Where the first tag of ``sample`` starts, past a BOM, blank space, an XML declaration
    and comments; ``None`` when a comment or the declaration is not closed.

    A loop over ``str.find`` rather than a pattern: linear however many comments there are.
    """
    pos = 1 if sample.startswith("\ufeff") else 0
    pos = _skip_space(sample, pos)
    if sample.startswith("<?xml", pos):
        end = sample.find(">", pos)
        if end < 0:
            return None
        pos = _skip_space(sample, end + 1)
    while sample.startswith("<!--", pos):
        end = sample.find("-->", pos + 4)
        if end < 0:
            return None
        pos = _skip_space(sample, end + 3)
    return pos


def _skip_space(sample: str, pos: int) -> int:
    return len(sample) - len(sample[pos:].lstrip())


def html_charset(data: bytes) -> str | None:
    """The Python codec name of the charset ``data`` declares, or ``None``.

    A byte-order mark wins; then ``<meta charset=...>`` or ``<meta http-equiv="Content-Type"
    content="...; charset=...">`` in the first 8 KiB; then an XML declaration. Labels are
    read as browsers read them (``iso-8859-1`` is windows-1252); unknown labels are ignored.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:_PRESCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").strip().lower()
    label = _LABEL_FIXES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, *, source: str = "input") -> str:
    """Decode an HTML page's bytes into text, honouring its declared charset.

    Args:
        data: the page as bytes.
        source: how to name the input in error messages.

    Returns:
        The page as a ``str`` (NUL characters removed).

    Raises:
        InputError: the data is binary (an image, an archive, ...) or over
            :data:`MAX_HTML_BYTES`.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise InputError(f"{source} looks like {kind}, not an HTML page")
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"{source} is {len(data):,} bytes; the limit for a web page is {MAX_HTML_BYTES:,}")
    declared = html_charset(data)
    text: str | None = None
    if declared is not None:
        try:
            text = data.decode("utf-8-sig" if declared == "utf-8" else declared)
        except UnicodeDecodeError:
            # Mislabelled pages are common (a CMS template says one thing, the database
            # another); read what the bytes are rather than trusting the label.
            text = None
        if text is not None and declared in _WESTERN and _NON_ASCII.search(text):
            # An Arabic site whose server or template defaults to latin-1: valid UTF-8 bytes
            # are UTF-8 (a Western page is almost never valid UTF-8 by accident).
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    if text is None:
        text = decode_unlabelled(data, source=source)
    return text.replace("\x00", "")


def _import_trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        # Chained: the real cause shows with --debug (e.g. lxml's html.clean moved to the
        # lxml_html_clean package, which an old pip did not install).
        raise MissingDependencyError("trafilatura", "html", cause=exc) from exc
    return trafilatura


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _strip_trailing(text: str) -> str:
    """``text`` without trailing blank space and punctuation, in linear time."""
    while True:
        stripped = text.rstrip().rstrip(_TRAILING_PUNCT)
        if stripped == text:
            return text
        text = stripped


def _key(text: str) -> str:
    """A comparison key: whitespace collapsed, trailing punctuation gone."""
    return _strip_trailing(_clean(text))


def _is_furniture(line: str) -> bool:
    words = len(line.split())
    if _LETTER.search(line) is None:
        return True
    if words <= _FURNITURE_MAX_WORDS and _FURNITURE.match(line) is not None:
        return True
    return words <= _DATELINE_MAX_WORDS and _DATE.search(line) is not None and not _ends_sentence(line)


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", "؟", "…", ":", "؛", ";", "»", '"', "”", ")"))


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= _MIN_UNPUNCTUATED_WORDS or (words >= _MIN_SENTENCE_WORDS and _ends_sentence(line))


def _is_short(line: str) -> bool:
    return len(line.split()) <= _SHORT_LINE_WORDS and not _ends_sentence(line)


def _drop_menus(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop runs of very short paragraph lines: menus and link lists, not story."""
    kept: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for block in blocks + [("end", "")]:
        if block[0] == "paragraph" and _is_short(block[1]):
            run.append(block)
            continue
        if len(run) < _MENU_RUN:
            kept.extend(run)
        run = []
        if block[0] != "end":
            kept.append(block)
    return kept


def _pick_title(title: str | None, blocks: list[tuple[str, str]]) -> str | None:
    """The headline part of a page title ("headline | site name" -> "headline")."""
    if not title:
        return None
    parts = [p for p in _TITLE_SEPARATOR.split(title) if _LETTER.search(p)]
    lines = {_key(text) for _, text in blocks[:8]}
    if len(parts) < 2 or _key(title) in lines:
        return title
    # Split only on evidence: the part the body repeats is the headline. Otherwise keep the
    # whole title ("-" and ":" also occur inside real headlines).
    for part in parts:
        if _key(part) in lines:
            return part
    return title


_INLINE_TAGS = frozenset({"hi", "ref", "lb", "del", "span", "sub", "sup"})
_SKIPPED_TAGS = frozenset({"table", "code", "graphic", "fw", "note"})


def _flush(run: list[tuple[str, bool]], blocks: list[tuple[str, str]]) -> None:
    """Turn a run of inline content into paragraphs, unless it is mostly links.

    A run whose text is (almost) all link text is a "read also" teaser or a menu, not story.
    """
    text = "".join(piece for piece, _ in run)
    clean = _clean(text)
    if clean:
        linked = sum(len(_clean(piece)) for piece, is_link in run if is_link)
        if linked < 0.8 * len(clean):
            blocks.extend(("paragraph", line) for line in (_clean(p) for p in text.split("\n")) if line)
    run.clear()


def _walk(body: Any) -> list[tuple[str, str]]:
    """(kind, text) blocks of trafilatura's body tree, kind ``"heading"`` or ``"paragraph"``."""
    blocks: list[tuple[str, str]] = []

    def inline(elem: Any, run: list[tuple[str, bool]], in_link: bool) -> None:
        if elem.tag == "lb":
            run.append(("\n", False))
        else:
            link = in_link or elem.tag == "ref"
            if elem.text:
                run.append((elem.text, link))
            for child in elem:
                inline(child, run, link)
        if elem.tail:
            run.append((elem.tail, in_link))

    def visit(elem: Any) -> None:
        if elem.tag == "head":
            # An h1 inside the body repeats the title; _assemble drops it when it does.
            text = _clean("".join(elem.itertext()))
            if text:
                blocks.append(("heading", text))
            return
        if elem.tag in _SKIPPED_TAGS:
            return  # data tables, code and figures do not summarize
        run: list[tuple[str, bool]] = []
        if elem.text:
            run.append((elem.text, False))
        for child in elem:
            if child.tag in _INLINE_TAGS:
                inline(child, run, False)
                continue
            _flush(run, blocks)
            visit(child)
            if child.tail:
                run.append((child.tail, False))
        _flush(run, blocks)

    visit(body)
    return blocks


def _assemble(title: str | None, blocks: list[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """Title and blocks -> the body text (subheadings and paragraphs, one per line) and headings."""
    blocks = _drop_menus([b for b in blocks if not _is_furniture(b[1])])
    lines: list[str] = []
    headings: list[str] = []
    title_key = _key(title) if title else None
    pending: str | None = None  # a heading waits for the paragraph it introduces
    for kind, text in blocks:
        if kind == "heading":
            heading = _strip_trailing(text)
            if not heading or _key(heading) == title_key:
                continue
            pending = heading
            continue
        if title_key is not None and _key(text) == title_key and len(lines) < 3:
            continue  # the headline repeated at the top of the body
        if pending is not None:
            lines.append(pending)
            headings.append(pending)
            pending = None
        lines.append(text)
    return "\n".join(lines), tuple(headings)


def _extract(trafilatura: Any, html: str, url: str | None, *, tables: bool) -> Any:
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=tables,
        include_images=False, include_formatting=True, include_links=True, deduplicate=False,
        prune_xpath=_PRUNE,
    )


def extract_article(html: str | bytes, *, url: str | None = None) -> ExtractedArticle:
    """Extract the article of a web page: title, body, subheadings, date and URL.

    Args:
        html: the page, as text or as bytes (decoded with :func:`decode_html`).
        url: where the page came from; used when the page names no canonical URL.

    Returns:
        An :class:`ExtractedArticle` whose ``text`` is ready for :func:`mujaz.summarize`.

    Raises:
        InputError: the data is binary, the page is over :data:`MAX_HTML_BYTES` (characters,
            for ``str``) or :data:`MAX_HTML_ELEMENTS`, or it has no article text.
        MissingDependencyError: trafilatura is not installed (``pip install 'mujaz[html]'``).
    """
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html))
    elif not isinstance(html, str):
        raise InputError(f"html must be str or bytes, got {type(html).__name__}")
    if len(html) > MAX_HTML_BYTES:
        raise InputError(f"the page has {len(html):,} characters; the limit for a web page is {MAX_HTML_BYTES:,}")
    _check_elements(html)
    if not html.strip():
        raise InputError("the page is empty")
    trafilatura = _import_trafilatura()
    try:
        return _extract_article(trafilatura, html, url)
    except RecursionError:
        # lxml builds trees of any depth; trafilatura's tree walks (and _walk) recurse.
        raise InputError("the page's elements are nested too deeply to be an article") from None


def _check_elements(html: str) -> None:
    """Refuse a page with more than MAX_HTML_ELEMENTS start tags outside scripts and styles.

    Counted up to the limit only, with ``str.find`` jumps over ``<script>``/``<style>``
    bodies (where "<b" in a JavaScript string is no element) rather than a pattern.
    """
    if html.count("<") <= MAX_HTML_ELEMENTS:  # a cheap upper bound, in C
        return
    count, pos, end = 0, 0, len(html)
    while pos < end and count <= MAX_HTML_ELEMENTS:
        raw = _RAW_TEXT_OPEN.search(html, pos)
        stop = raw.start() if raw is not None else end
        count += sum(1 for _ in islice(_START_TAG.finditer(html, pos, stop), MAX_HTML_ELEMENTS + 1 - count))
        if raw is None:
            break
        count += 1
        close = _RAW_TEXT_CLOSE[raw.group(1).lower()].search(html, raw.end())
        pos = end if close is None else close.start() + 2
    if count > MAX_HTML_ELEMENTS:
        raise InputError(f"the page has over {MAX_HTML_ELEMENTS:,} elements; too many to be an article page")


def _extract_article(trafilatura: Any, html: str, url: str | None) -> ExtractedArticle:
    document = _extract(trafilatura, html, url, tables=False)
    title = _clean(document.title) if document is not None and document.title else None
    blocks = _walk(document.body) if document is not None and document.body is not None else []
    if not any(kind == "paragraph" for kind, _ in blocks):
        # Pages laid out with tables lose their body when tables are dropped; try again
        # keeping them (_walk still skips tables trafilatura kept as data tables).
        retry = _extract(trafilatura, html, url, tables=True)
        if retry is not None and retry.body is not None:
            document = retry
            title = title or (_clean(retry.title) if retry.title else None)
            for table in list(retry.body.iter("table")):
                table.tag = "div"
            blocks = _walk(retry.body)
    title = _pick_title(title, blocks)
    body, headings = _assemble(title, blocks)
    if not any(_is_prose(line) for line in body.splitlines()):
        raise InputError("no article text found in the page (a section index, a menu or an empty page?)")
    if title:
        title = _strip_trailing(title) or None
    text = f"{title}\n{body}" if title else body
    date = getattr(document, "date", None) or None
    page_url = getattr(document, "url", None) or url
    return ExtractedArticle(text=text, title=title, date=date, url=page_url, headings=headings, input_format="html")
