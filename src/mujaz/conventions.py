"""Outlet conventions: the parts of a news text that are the outlet's, not the story's.

Each outlet frames its stories in a few common forms, and mujaz knows the forms, not the
outlets: the vocabulary (agency and outlet names, the words of a disclaimer or a
"read also" line) is data, in ``mujaz/data/conventions-ar.json``, so an outlet that was
never seen is handled when it uses a common form. Three kinds of thing:

* **datelines and bylines** that open a paragraph (:func:`dateline_end`):
  ``دبي، الإمارات العربية المتحدة (CNN) --``، ``(CNN)--``، ``باريس (أ ف ب) -``،
  ``القاهرة - رويترز -``، ``دبي - سكاي نيوز عربية``: dropped from every summary unit by
  :func:`mujaz.compress.core_span`;
* **boilerplate lines** (:func:`boilerplate_kind`): an opinion piece's disclaimer
  (``هذا المقال بقلم …، والآراء الواردة أدناه تعبر عن رأي الكاتب``), "read also" and
  related-story lines (``اقرأ أيضا: …``، ``قد يعجبك``), photo captions and credit lines
  (``فرانس24/ أ ف ب``) and social embeds (``pic.twitter.com/…``، ``— Name (@handle) date``):
  :func:`mujaz.segment.segment` marks them :attr:`~mujaz.types.BlockKind.BOILERPLATE`,
  so they yield no sentence and are never summarized;
* **hashtags** (:func:`hashtag_rewrites`): ``#الرئيس_اليمني`` is printed as
  ``الرئيس اليمني`` through a :attr:`~mujaz.types.RewriteKind.HASHTAG` rewrite, so the
  unit still quotes the source exactly.

``benchmarks/conventions.py`` counts, per outlet of the dev data, what each form removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from mujaz._resources import read_package_json, resource
from mujaz.charset import DIACRITICS, TATWEEL
from mujaz.errors import DataError
from mujaz.features import shipped_stopwords
from mujaz.normalize import normalize
from mujaz.types import Rewrite, RewriteKind, Span

__all__ = ["Conventions", "shipped_conventions", "dateline_end", "boilerplate_kind", "hashtag_rewrites",
           "hashtag_spans", "BOILERPLATE_KINDS", "CONVENTIONS_FILE", "CONVENTIONS_VERSION", "MIN_STORY_WORDS"]

CONVENTIONS_FILE = "data/conventions-ar.json"
CONVENTIONS_VERSION = "conventions.v1"
BOILERPLATE_KINDS = ("opinion_disclaimer", "read_also", "caption", "social_embed")
"""The kinds of boilerplate line, in the order they are tested."""
# A dateline is followed by the story: at least this many words must remain after it.
MIN_STORY_WORDS = 4

# A word of a place name: no sentence punctuation, quotes or brackets; not opening on a digit.
_PLACE_WORD = r"[^\s\d.!?؟،,:;؛\"«»“”()\[\]{dashes}][^\s.!?؟،,:;؛\"«»“”()\[\]]*"
# A hashtag: '#' then letters/digits, marks and tatweel, '_' or '-' joining its words.
_HASHTAG = re.compile(rf"#((?:[^\W_]|[{DIACRITICS}{TATWEEL}])+(?:[_-](?:[^\W_]|[{DIACRITICS}{TATWEEL}])+)*)")
_HASHTAG_JOINER = re.compile(r"[_-]+")
# Boilerplate lines are short; longer ones are not even tested (a pattern could match prose).
_MAX_LINE_CHARS = 1200


def _fold(text: str) -> str:
    """A source name as compared: no marks or tatweel, hamza forms folded, spaces single."""
    text = re.sub(f"[{DIACRITICS}{TATWEEL}]", "", text)
    text = text.translate(str.maketrans("أإآٱ", "اااا")).replace(".", " ")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Conventions:
    """The compiled forms of ``conventions-ar.json`` (see the module docstring).

    Build one with :meth:`from_dict` or use :func:`shipped_conventions`.
    """

    sources: frozenset[str]
    """Folded agency and outlet names (:func:`_fold`)."""
    tagged: re.Pattern[str]
    """``[PLACE[، PLACE]] (TAG) [DASH|:]`` at a paragraph's start."""
    dashed: re.Pattern[str]
    """``PLACE[، PLACE] DASH`` at a paragraph's start."""
    source_prefix: re.Pattern[str]
    """A known source name (then an optional dash) right after a dateline."""
    boilerplate: tuple[tuple[str, re.Pattern[str], int], ...]
    """(kind, pattern, most words) per boilerplate kind."""
    bare_read_also: re.Pattern[str]
    """A "read also" line with nothing after it (the next line is the related title)."""
    dashes: str = "-–—"
    """The dash characters a dateline may use."""

    stopwords: frozenset[str] = frozenset()
    """Normalized stop words: a dateline's place has none (``وقال نتنياهو -`` is prose)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], stopwords: frozenset[str] = frozenset()) -> "Conventions":
        """Compile the conventions file's data (``stopwords``: see :attr:`stopwords`).

        Raises:
            DataError: a field is missing or a pattern does not compile.
        """
        try:
            names = sorted({str(s) for s in data["sources"]}, key=len, reverse=True)
            dashes = re.escape(str(data["dashes"]))
            places = int(data["max_place_words"])
            tag_chars = int(data["max_tag_chars"])
            word = _PLACE_WORD.format(dashes=dashes)
            place = rf"{word}(?:\s+{word}){{0,{places - 1}}}"
            alternation = "|".join(re.escape(n).replace(r"\ ", r"\s*") for n in names)
            tagged = re.compile(rf"(?:{place}(?:\s*[،,]\s*{place})?\s*[،,]?\s*(?P<before>[{dashes}]+)?\s*)?"
                                rf"\(\s*(?P<tag>[^()\n]{{1,{tag_chars}}}?)\s*\)\s*(?P<dash>[{dashes}]+|:)?\s*")
            city = rf"{word}(?:\s+{word}){{0,{int(data['max_city_words']) - 1}}}"
            dashed = re.compile(rf"{city}(?:\s*[،,]\s*{place})?\s*[{dashes}]+\s+")
            source_prefix = re.compile(rf"(?:{alternation})(?![^\W_])\s*(?:[{dashes}]+|:)?\s*")
            limits = data["max_boilerplate_words"]
            boilerplate = []
            for kind in BOILERPLATE_KINDS:
                patterns = [str(p).replace("{sources}", alternation) for p in data["boilerplate"][kind]]
                boilerplate.append((kind, re.compile("|".join(f"(?:{p})" for p in patterns)), int(limits[kind])))
            bare = re.compile("(?:" + "|".join(str(p) for p in data["boilerplate"]["read_also"]) + r")\W*$")
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise DataError(f"malformed conventions data: {exc!r}") from None
        return cls(frozenset(_fold(n) for n in names), tagged, dashed, source_prefix, tuple(boilerplate), bare,
                   str(data["dashes"]), stopwords)

    def is_source(self, tag: str) -> bool:
        """Whether ``tag`` (the text inside a dateline's brackets) names an agency or outlet,
        alone or several joined by ``/`` or ``،`` (``أ ف ب/رويترز``)."""
        parts = [p for p in re.split(r"\s*[/،,+]\s*|\s+و(?=\S)", tag) if p.strip()]
        return bool(parts) and all(_fold(p) in self.sources for p in parts)

    def dateline_end(self, text: str, span: Span, *, opening: bool = True) -> int:
        """Where the story starts in ``span`` after a dateline or byline (``span.start`` if none).

        The forms, at the span's start: ``[PLACE[، PLACE]] (TAG) [DASH]`` (see
        :meth:`_tagged_dateline`); ``CITY[، COUNTRY] DASH``, once or twice (``القاهرة -
        رويترز -``), the city one or two words; then a known source name left over
        (``دبي - سكاي نيوز عربية``). A place never holds a stop word. At least
        :data:`MIN_STORY_WORDS` words must follow. The dash form is tried only on the
        story's opening paragraph (``opening``): later in a story ``وترك الرعاة - ...``
        is prose with a dash.
        """
        end = span.start
        tagged = self.tagged.match(text, end, span.end)
        if tagged is not None and self._tagged_dateline(text, tagged):
            end = tagged.end()
        elif opening:
            for _ in range(2):  # "place - source - story"
                match = self.dashed.match(text, end, span.end)
                if match is None or self._prose(match.group()):
                    break
                end = match.end()
            if end != span.start:
                after = self.tagged.match(text, end, span.end)  # "الرباط - (أ ف ب) -"
                if after is not None and after.start("tag") - end <= 2 and self.is_source(after.group("tag")):
                    end = after.end()
        if end == span.start:
            return span.start
        source = self.source_prefix.match(text, end, span.end)
        if source is not None and len(text[source.end() : span.end].split()) >= MIN_STORY_WORDS:
            end = source.end()
        return end if len(text[end : span.end].split()) >= MIN_STORY_WORDS else span.start

    def _prose(self, prefix: str) -> bool:
        """Whether a would-be place holds a stop word (``وقال``، ``كانت``): prose, not a place."""
        for word in re.findall(r"[^\W\d_]+", normalize(prefix)):
            if word in self.stopwords or (word[:1] in "وف" and word[1:] in self.stopwords):
                return True
        return False

    def _tagged_dateline(self, text: str, match: re.Match[str]) -> bool:
        """Whether ``PLACE (TAG) [DASH]`` is a dateline: a dash after a tag without digits
        (``(CNN)--``), or a known source with a dash or colon, after ``CITY، COUNTRY`` or
        with no place before it (``باريس (أ ف ب):``، ``(رويترز)``); never when the place holds a stop word
        (``وقالت وكالة الأنباء الرسمية (سانا)`` is prose)."""
        tag, dash = match.group("tag"), match.group("dash") or match.group("before") or ""
        place = text[match.start() : match.start("tag")].rstrip("( \t").rstrip(str(self.dashes)).rstrip("،, \t")
        if place and self._prose(place):
            return False
        if dash and dash != ":" and not any(ch.isdigit() for ch in tag):
            return True
        # A known source after "CITY، COUNTRY" needs no dash (أتلانتا، الولايات المتحدة (CNN) نفى).
        return self.is_source(tag) and (bool(dash) or not place or "،" in place or "," in place)

    def boilerplate_kind(self, line: str) -> str | None:
        """The boilerplate kind of ``line`` (one of :data:`BOILERPLATE_KINDS`), or ``None``."""
        if len(line) > _MAX_LINE_CHARS:
            return None
        words = len(line.split())
        for kind, pattern, most in self.boilerplate:
            if words <= most and pattern.search(line) is not None:
                return kind
        return None

    def is_bare_read_also(self, line: str) -> bool:
        """Whether ``line`` is a "read also" label alone (``اقرأ أيضاً:``), whose related
        story's title is the next line."""
        return self.bare_read_also.match(line) is not None


@resource
def shipped_conventions() -> Conventions:
    """The conventions in ``mujaz/data/conventions-ar.json``, compiled once per process.

    Raises:
        DataError: the file is missing, malformed or for another version.
    """
    data = read_package_json(CONVENTIONS_FILE, "outlet conventions", "conventions", version=CONVENTIONS_VERSION)
    return Conventions.from_dict(data, shipped_stopwords())


def dateline_end(text: str, span: Span, *, opening: bool = True) -> int:
    """:meth:`Conventions.dateline_end` with the shipped conventions."""
    return shipped_conventions().dateline_end(text, span, opening=opening)


def boilerplate_kind(line: str) -> str | None:
    """:meth:`Conventions.boilerplate_kind` with the shipped conventions."""
    return shipped_conventions().boilerplate_kind(line)


def hashtag_spans(text: str, span: Span) -> list[tuple[int, int, str]]:
    """Each hashtag inside ``span`` of ``text``: (start, end, its words joined by spaces)."""
    if "#" not in text[span.start : span.end]:
        return []
    return [(m.start(), m.end(), _HASHTAG_JOINER.sub(" ", m.group(1)))
            for m in _HASHTAG.finditer(text, span.start, span.end)]


def hashtag_rewrites(text: str, span: Span) -> tuple[Rewrite, ...]:
    """A :attr:`~mujaz.types.RewriteKind.HASHTAG` rewrite for each hashtag inside ``span``:
    ``#الرئيس_اليمني`` is written ``الرئيس اليمني`` (the words it is made of, so no fact
    changes); ``origin`` is the hashtag's own span."""
    return tuple(Rewrite(RewriteKind.HASHTAG, Span(a, b), words, Span(a, b)) for a, b, words in hashtag_spans(text, span))
