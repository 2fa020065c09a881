"""Property tests: whatever a client sends, the service answers with JSON and never a 5xx."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mujaz.service import ServiceConfig, create_app
from mujaz.service.models import ErrorOut, SummaryOut
from tests.service.conftest import TestClient

# Small alphabets find the interesting cases fast (spaCy's habit): Arabic letters and
# marks, sentence punctuation, newlines, controls, an emoji and a lone surrogate escape.
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوية"
ALPHABET = ARABIC + "ًٌٍَُِّْ" + " .،؛؟!\n\t\r" + "0123456789" + "abc" + "\x00\x07\u200f\u0640" + "😀"
arabic_text = st.text(alphabet=ALPHABET, max_size=400)
SUMMARY_KEYS = ["text", "html", "title", "style", "method", "max_words", "max_sentences", "ratio", "documents", "id"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), arabic_text, st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(SUMMARY_KEYS), st.text(max_size=8)), children, max_size=5),
    ),
    max_leaves=20,
)
# Bodies shaped like real requests, with each field drawn from anything.
request_like = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(arabic_text, json_values),
        "style": st.one_of(st.sampled_from(["lead", "headline", "points"]), json_values),
        "method": st.one_of(st.sampled_from(["news", "lead", "textrank", "lexrank"]), json_values),
        "max_words": st.one_of(st.integers(min_value=-5, max_value=200), json_values),
        "max_sentences": st.one_of(st.integers(min_value=-5, max_value=20), json_values),
        "ratio": st.one_of(st.floats(min_value=-1, max_value=2), json_values),
        "title": st.one_of(arabic_text, json_values),
        "documents": st.lists(st.fixed_dictionaries({"text": arabic_text}, optional={"id": json_values}), max_size=4),
    },
)

_APP = None


def _client() -> TestClient:
    # One app for every example: hypothesis calls the test many times and a TestClient
    # per example would start a thread pool each time.
    global _APP
    if _APP is None:
        _APP = TestClient(create_app(ServiceConfig(max_documents=3, max_body_bytes=64 * 1024, engine="thread")),
                          raise_server_exceptions=False)
    return _APP


@pytest.fixture(autouse=True, scope="module")
def _close_client():
    yield
    global _APP
    if _APP is not None:
        assert _APP.app.state.internal_errors == 0
        _APP.close()
        _APP = None


def _check(response, sent_text: object = None) -> None:
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    if response.status_code == 200:
        if "results" in body:
            for item in body["results"]:
                assert ("summary" in item) != ("error" in item)
        else:
            SummaryOut.model_validate(body)
            if isinstance(sent_text, str):
                for unit in body["units"]:
                    assert sent_text[unit["start"] : unit["end"]] == unit["text"]
    else:
        assert response.status_code in {413, 415, 422}
        ErrorOut.model_validate(body)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(body=json_values, path=st.sampled_from(["/v1/summarize", "/v1/summarize/batch"]))
def test_service_any_json_never_5xx(body, path):
    _check(_client().post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"}))


@SETTINGS
@given(body=request_like, path=st.sampled_from(["/v1/summarize", "/v1/summarize/batch"]))
def test_service_request_shaped_json_never_5xx(body, path):
    response = _client().post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"})
    _check(response, body.get("text") if path == "/v1/summarize" else None)


@SETTINGS
@given(text=arabic_text, style=st.sampled_from(["lead", "headline", "points"]),
       max_words=st.one_of(st.none(), st.integers(min_value=1, max_value=80)))
def test_service_arabic_text_gives_summary_or_input_error(text, style, max_words):
    body = {"text": text, "style": style}
    if max_words is not None:
        body["max_words"] = max_words
    response = _client().post("/v1/summarize", json=body)
    _check(response, text)
    if response.status_code != 200:
        assert response.json()["error"]["type"] == "input_error"


@SETTINGS
@given(body=st.binary(max_size=300), content_type=st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/plain", "application/problem+json",
     "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "application/json; charset=utf-16"]))
def test_service_any_bytes_never_5xx(body, content_type):
    headers = {"content-type": content_type} if content_type else {}
    _check(_client().post("/v1/summarize", content=body, headers=headers))


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=10_000), data=st.data())
def test_service_truncated_bodies_never_5xx(cut, data):
    body = json.dumps({"text": data.draw(arabic_text), "style": "points", "max_words": 20}).encode()
    truncated = body[: cut % (len(body) + 1)]
    _check(_client().post("/v1/summarize", content=truncated, headers={"content-type": "application/json"}))


@pytest.mark.parametrize("depth", [10, 200, 1_000, 50_000])
@pytest.mark.parametrize("opener", ["[", '{"a":', '{"text":['])
def test_service_deeply_nested_json_is_422(depth, opener):
    closer = {"[": "]", '{"a":': "}", '{"text":[': "]}"}[opener]
    body = (opener * depth + "1" + closer * depth).encode()
    response = _client().post("/v1/summarize", content=body, headers={"content-type": "application/json"})
    _check(response)
    assert response.status_code in (413, 422)  # the deepest ones are larger than this app's 64 KiB limit


TAGS = ["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<h2>",
        "<script>", "</script>", "<style>", "<!--", "-->", "<meta charset='windows-1256'>", "<meta charset='nope'>",
        "<br>", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<table><tr><td>", "<", ">", "\x00", "<![CDATA[", "<?xml ?>"]
html_soup = st.lists(st.one_of(st.sampled_from(TAGS), arabic_text), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=html_soup, path=st.sampled_from(["/v1/summarize", "/v1/summarize/batch"]))
def test_service_any_html_never_5xx(html, path):
    pytest.importorskip("mujaz.io.html")
    pytest.importorskip("trafilatura")
    body = {"html": html} if path == "/v1/summarize" else {"documents": [{"html": html}]}
    response = _client().post(path, json=body)
    _check(response)
    if response.status_code == 200 and path == "/v1/summarize":
        source = response.json()["source_text"]
        for unit in response.json()["units"]:
            assert source[unit["start"] : unit["end"]] == unit["text"]
