"""Property tests over hostile inputs: the readers, the segmenter and the HTML path.

The alphabets are what breaks parsers and backtracking patterns: comment markers, runs of
punctuation (Arabic and Latin), quotes of every kind, brackets and tags nested or left open,
NUL, bidi and zero-width marks, line breaks of every kind. Tokens are repeated into long
runs (up to thousands), because the slow cases are long runs. Every call must return (or
raise :class:`mujaz.InputError`) within a time bound, and keep the invariants each reader
promises: one record per line or record, rows numbered in order, no lost record.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujaz import InputError
from mujaz.io.html import looks_like_html
from mujaz.io.readers import open_records
from mujaz.io.text import decode_text
from mujaz.segment import segment
from tests._support import load_seed

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TIME_BOUND_S = 2.0

COMMENTS = ["<!--", "-->", "<!---->", "<!--a-->", "<?xml version='1.0'?>", "<!doctype html>", "<!", "--", "->"]
TAGS = ["<p>", "</p>", "<div>", "</div>", "<h2>", "</h2>", "<html>", "<body>", "<meta charset=", "<script>",
        "</script>", "<", ">", "/>", "<b", "<title>"]
PUNCTUATION = ["،", "، ", ".", "...", "…", "؟", "?", "!", "؛", ";", ":", "-", "–", "—", ",", " - ", "(", ")", "[", "]"]
QUOTES = ['"', "'", "«", "»", "“", "”", "„", '""', '\\"']
MARKS = ["\x00", "\u200f", "\u200e", "\u202b", "\u202c", "\u2066", "\u2069", "\u200b", "\ufeff", "\ufffd", "\u0640"]
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\n\n", "\t", " ", "\u00a0"]
WORDS = ["خبر", "الرئيس", "أعلن", "في", "من", "ب", "x", "1", "٣", "2018"]

hostile_token = st.sampled_from(COMMENTS + TAGS + PUNCTUATION + QUOTES + MARKS + BREAKS + WORDS)
# (token, repetitions): most tokens once, some in runs of hundreds or thousands.
run = st.tuples(hostile_token, st.one_of(st.just(1), st.just(1), st.integers(2, 50), st.integers(200, 3000)))
hostile_text = st.lists(run, max_size=40).map(lambda runs: "".join(t * n for t, n in runs))


def _timed(fn, *args):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    try:
        return fn(*args), time.perf_counter() - began
    except InputError:
        return None, time.perf_counter() - began


# --- HTML sniffing and extraction --------------------------------------------------------


@SETTINGS
@given(text=hostile_text)
def test_hostile_looks_like_html_is_fast_and_total(text: str) -> None:
    for data in (text, text.encode("utf-8", "surrogatepass")):
        result, seconds = _timed(looks_like_html, data)
        assert isinstance(result, bool) and seconds < TIME_BOUND_S


@SETTINGS
@given(comments=st.lists(st.text(st.sampled_from(["a", " ", "ب", "-", ">", "<", "!", "\n"]), max_size=12)
                         .filter(lambda c: "--" not in c and not c.endswith("-")), max_size=300),
       spaces=st.sampled_from(["", " ", "\n", "\r\n"]))
def test_hostile_comments_before_a_tag_are_html(comments: list[str], spaces: str) -> None:
    prolog = "".join(f"<!--{c}-->{spaces}" for c in comments)
    assert looks_like_html(prolog + "<p>نص</p>")
    if len(prolog) < 3000:  # the sniffer looks at the first 4,096 characters
        assert not looks_like_html(prolog + "عنوان الخبر\nفقرة من الخبر فيها <b> وسم.")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise=hostile_text, where=st.sampled_from(["before", "inside", "after", "heading"]))
def test_hostile_extraction_returns_or_refuses_in_bounded_time(noise: str, where: str) -> None:
    pytest.importorskip("trafilatura")
    from mujaz.io.html import extract_article

    body = "".join(f"<p>{line}</p>" for line in load_seed().splitlines() if line.strip())
    page = {
        "before": f"<html><body>{noise}<article>{body}</article></body></html>",
        "inside": f"<html><body><article><p>{noise}</p>{body}</article></body></html>",
        "after": f"<html><body><article>{body}</article>{noise}</body></html>",
        "heading": f"<html><head><title>{noise}</title></head><body><article><h2>{noise}</h2>{body}</article></body></html>",
    }[where]
    article, seconds = _timed(extract_article, page)
    assert seconds < 10
    if article is not None:
        assert article.text.strip() and "\x00" not in article.text


# --- text decoding -----------------------------------------------------------------------


@SETTINGS
@given(data=st.one_of(st.binary(max_size=5000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      hostile_text.map(lambda t: t.encode("cp1256", "replace"))))
def test_hostile_decode_text_returns_clean_text_or_refuses(data: bytes) -> None:
    text, seconds = _timed(decode_text, data)
    assert seconds < TIME_BOUND_S
    if text is not None:
        assert "\x00" not in text
        # Never "a summary of U+FFFD": what decoding adds (not what the input held) is rare.
        added = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
        assert added <= 0.02 * len(text) + 2


# --- segmenter ---------------------------------------------------------------------------


@SETTINGS
@given(text=hostile_text)
def test_hostile_segmenter_is_fast_and_spans_stay_inside(text: str) -> None:
    article, seconds = _timed(segment, text)
    assert seconds < TIME_BOUND_S
    for block in article.blocks:
        assert 0 <= block.span.start < block.span.end <= len(text)
    for sentence in article.sentences:
        block = article.blocks[sentence.block].span
        assert block.start <= sentence.span.start < sentence.span.end <= block.end
        for clause in sentence.clauses:
            assert sentence.span.start <= clause.start < clause.end <= sentence.span.end


def _quoted_ranges_reference(text: str) -> list[tuple[int, int]]:
    """The first implementation of quoted_ranges (a scan of the stack per closer), as the oracle."""
    from mujaz.segment.quotes import _CLOSERS, _PAIRS, MAX_QUOTE_CHARS

    marks = [(i, ch) for i, ch in enumerate(text) if ch in '«»“”„‹›﴾﴿"']
    ranges: list[tuple[int, int]] = []
    straight = [pos for pos, ch in marks if ch == '"']
    if len(straight) % 2 == 0:
        ranges.extend(zip(straight[0::2], straight[1::2]))
    stack: list[tuple[int, str]] = []
    for pos, ch in marks:
        if ch == '"':
            continue
        if ch in _CLOSERS or ch == "“":
            opener = "„" if ch == "“" else _CLOSERS[ch]
            match_at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == opener), None)
            if match_at is not None:
                ranges.append((stack[match_at][0], pos))
                del stack[match_at:]
                continue
        if ch in _PAIRS:
            stack.append((pos, ch))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[1] - r[0] <= MAX_QUOTE_CHARS):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(list('«»“”„‹›﴾﴿"') + ["ب", " ", "x"]), max_size=80).map("".join))
def test_hostile_quoted_ranges_match_the_reference(text: str) -> None:
    from mujaz.segment.quotes import quoted_ranges

    assert quoted_ranges(text, 0, len(text)) == _quoted_ranges_reference(text)


@pytest.mark.parametrize("mark", ["“", "«", "„", "‹", "﴾", "“ خبر "])
def test_hostile_unmatched_openers_are_linear(mark: str) -> None:
    from mujaz.segment.quotes import quoted_ranges

    text = mark * 50_000
    began = time.perf_counter()
    quoted_ranges(text, 0, len(text))
    segment(text[:20_000])
    assert time.perf_counter() - began < TIME_BOUND_S


# --- batch readers -----------------------------------------------------------------------


@SETTINGS
@given(lines=st.lists(st.one_of(hostile_text, hostile_text.map(lambda t: json.dumps({"id": t[:20], "text": t}))),
                      max_size=20))
def test_hostile_jsonl_gives_one_record_per_non_blank_line(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    began = time.perf_counter()
    with open_records("-", stream=io.BytesIO(data)) as reader:
        records = list(reader)
    assert time.perf_counter() - began < TIME_BOUND_S
    expected = [line for line in data.split(b"\n") if line.strip()]
    assert len(records) == len(expected)
    assert [r.row for r in records] == list(range(len(records)))
    assert all((r.error is None) == (r.content is not None) for r in records)


csv_field = st.lists(st.sampled_from(QUOTES + PUNCTUATION + BREAKS + WORDS + [",", "\t"]), max_size=30).map("".join)


@SETTINGS
@given(rows=st.lists(st.tuples(csv_field, csv_field), max_size=15), delimiter=st.sampled_from([",", "\t"]))
def test_hostile_csv_round_trips_what_the_csv_module_writes(rows: list[tuple[str, str]], delimiter: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    with open_records("-", input_type="tsv" if delimiter == "\t" else "csv", stream=io.BytesIO(data)) as reader:
        records = list(reader)
    # Every record csv.writer wrote is read back as written.
    assert [r.content for r in records] == [t for _, t in rows]
    assert [r.id for r in records] == [i.strip() or f"row-{n}" for n, (i, _) in enumerate(rows, 1)]
    assert all(r.error is None for r in records)


@SETTINGS
@given(text=st.lists(st.sampled_from(QUOTES + [",", "\n", "\r\n", "x", "ب", "a,b", '"x"', " "]), max_size=200)
       .map("".join))
def test_hostile_csv_any_text_gives_records_never_an_exception(text: str) -> None:
    data = ("id,text\n" + text).encode("utf-8")
    began = time.perf_counter()
    with open_records("-", input_type="csv", stream=io.BytesIO(data)) as reader:
        records = list(reader)
    assert time.perf_counter() - began < TIME_BOUND_S
    assert [r.row for r in records] == list(range(len(records)))
    physical = len([line for line in io.StringIO(text, newline="").readlines() if line.strip("\r\n")])
    assert len(records) <= physical  # a record is at least one line
    for record in records:
        if record.error is None and record.content:
            # A record read whole re-splits into the same fields: nothing was run together.
            assert "\n" not in record.content or '"' in text


def _split_clauses_reference(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """split_clauses as first written (recounting the growing clause's words), as the oracle."""
    from mujaz.segment.clauses import MIN_CLAUSE_WORDS, clause_boundaries

    bounds = [start, *clause_boundaries(text, start, end), end]
    merged: list[list[int]] = []
    for a, b in zip(bounds, bounds[1:]):
        if merged and len(text[merged[-1][0]:merged[-1][1]].split()) < MIN_CLAUSE_WORDS:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    if len(merged) > 1 and len(text[merged[-1][0]:merged[-1][1]].split()) < MIN_CLAUSE_WORDS:
        tail = merged.pop()
        merged[-1][1] = tail[1]
    result = []
    for a, b in merged:
        while b > a and text[b - 1].isspace():
            b -= 1
        result.append((a, b))
    return tuple(result)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["،", ",", "؛", ":", " ", "  ", "و", "حيث", "كما", "خبر", "1,000", "«", "»",
                                      "الرئيس", "\u200f", "ثم"]), min_size=1, max_size=60).map("".join))
def test_hostile_split_clauses_match_the_reference(text: str) -> None:
    from mujaz.segment.clauses import split_clauses
    from mujaz.types import Span

    got = tuple((s.start, s.end) for s in split_clauses(text, Span(0, len(text))))
    assert got == _split_clauses_reference(text, 0, len(text))
