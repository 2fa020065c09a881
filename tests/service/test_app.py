"""Tests for mujaz.service.app: the JSON routes, their errors and the API key."""

from __future__ import annotations

import json

import pytest

import mujaz
from mujaz.errors import ConfigError
from mujaz.service import ServiceConfig, create_app
from mujaz.service.models import BatchOut, ErrorOut, HealthOut, MethodsOut, SummaryOut
from tests._support import count_headline_model_loads

ARTICLE_WITH_TITLE = (
    "افتتاح مكتبة عامة جديدة في وسط المدينة\n"
    "افتتحت البلدية اليوم مكتبة عامة جديدة في وسط المدينة، بحضور عدد من المسؤولين والكتاب.\n"
    "وتضم المكتبة أكثر من عشرين ألف كتاب في مختلف المجالات، إضافة إلى قاعة للأطفال.\n"
    "وقال رئيس البلدية إن المكتبة ستفتح أبوابها كل يوم من التاسعة صباحا حتى المساء.\n"
)


def _error(response) -> dict:
    body = response.json()
    ErrorOut.model_validate(body)
    assert set(body) == {"error"}
    return body["error"]


def _check_units(summary: dict, text: str) -> None:
    units = summary["units"] + summary["headline_units"] + [u for p in summary["points"] for u in p["units"]]
    assert summary["units"]
    for unit in units:
        assert text[unit["start"] : unit["end"]] == unit["text"]


@pytest.mark.parametrize("style", ["lead", "headline", "points"])
def test_service_summarize_returns_summary_with_offsets(client, seed_text, style):
    response = client.post("/v1/summarize", json={"text": seed_text, "style": style})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    SummaryOut.model_validate(body)
    assert body["style"] == style
    assert body["headline"] and body["lead"] and body["points"]
    _check_units(body, seed_text)
    timings = body["timings"]
    assert set(timings) == {"queue_ms", "extract_ms", "summarize_ms", "total_ms"}
    assert timings["total_ms"] >= timings["summarize_ms"] > 0
    assert body["settings"]["style"] == style


@pytest.mark.parametrize(
    "options",
    [
        {"max_words": 20},
        {"max_sentences": 1},
        {"ratio": 0.2},
        {"method": "lead"},
        {"method": "textrank", "style": "points", "max_words": 12},
        {"method": "lexrank", "style": "headline", "max_words": 8},
    ],
)
def test_service_summarize_matches_python_api(client, seed_text, options):
    response = client.post("/v1/summarize", json={"text": seed_text, **options})
    assert response.status_code == 200
    body = response.json()
    body.pop("timings")
    expected = mujaz.summarize(seed_text, **options).to_dict()
    assert body == json.loads(json.dumps(expected, ensure_ascii=False))


def test_service_summarize_title_option(client):
    text = ARTICLE_WITH_TITLE.split("\n", 1)[1]
    response = client.post("/v1/summarize", json={"text": text, "title": "مكتبة عامة جديدة", "max_words": 20})
    assert response.status_code == 200
    assert response.json()["text"]


def test_service_summarize_emoji_offsets_are_code_points(client):
    text = "😀🎉 " + ARTICLE_WITH_TITLE.replace("اليوم", "اليوم 🙂")
    body = client.post("/v1/summarize", json={"text": text}).json()
    _check_units(body, text)


def test_service_summarize_html_input(client):
    pytest.importorskip("mujaz.io.html")
    pytest.importorskip("trafilatura")
    paragraphs = ARTICLE_WITH_TITLE.strip().split("\n")
    html = (
        "<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>" + paragraphs[0] + "</title></head>"
        "<body><nav><a href='/'>الرئيسية</a></nav><article><h1>" + paragraphs[0] + "</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs[1:])
        + "</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    response = client.post("/v1/summarize", json={"html": html, "max_words": 25})
    assert response.status_code == 200, response.text
    body = response.json()
    source = body["source_text"]
    assert "مكتبة" in source and "الرئيسية" not in source
    _check_units(body, source)
    assert body["timings"]["extract_ms"] > 0


def test_service_summarize_html_without_article_is_422(client):
    pytest.importorskip("mujaz.io.html")
    pytest.importorskip("trafilatura")
    response = client.post("/v1/summarize", json={"html": "<html><body></body></html>"})
    assert response.status_code == 422
    assert _error(response)["type"] == "input_error"


def test_service_batch_summarizes_each_document(client, seed_text):
    docs = [{"id": "seed", "text": seed_text}, {"id": "empty", "text": "  "}, {"text": ARTICLE_WITH_TITLE}]
    response = client.post("/v1/summarize/batch", json={"documents": docs, "max_words": 30})
    assert response.status_code == 200
    body = response.json()
    BatchOut.model_validate(body)
    assert [r["index"] for r in body["results"]] == [0, 1, 2]
    assert [r["id"] for r in body["results"]] == ["seed", "empty", None]
    assert body["errors"] == 1
    assert body["results"][1]["error"] == {"type": "input_error", "message": "text is empty"}
    _check_units(body["results"][0]["summary"], seed_text)
    _check_units(body["results"][2]["summary"], ARTICLE_WITH_TITLE)
    assert body["results"][0]["summary"]["word_count"] <= 30


def test_service_batch_too_many_documents_is_413(make_client):
    client = make_client(max_documents=2)
    docs = [{"text": ARTICLE_WITH_TITLE}] * 3
    response = client.post("/v1/summarize/batch", json={"documents": docs})
    assert response.status_code == 413
    error = _error(response)
    assert error["type"] == "too_many_documents"
    assert error["details"] == {"max_documents": 2}
    assert client.post("/v1/summarize/batch", json={"documents": docs[:2]}).status_code == 200


def test_service_methods_lists_registry(client):
    response = client.get("/v1/methods")
    assert response.status_code == 200
    body = MethodsOut.model_validate(response.json())
    assert {m.name for m in body.methods} == set(mujaz.available_methods())
    assert body.default == "news"
    assert body.styles == list(mujaz.STYLES)


def test_service_healthz_reports_limits(make_client):
    client = make_client(max_body_bytes=1000, max_documents=3, timeout_s=2.5)
    body = HealthOut.model_validate(client.get("/healthz").json())
    assert body.status == "ok" and body.version == mujaz.__version__
    assert body.limits == {"max_body_bytes": 1000, "max_documents": 3, "timeout_s": 2.5}


def test_service_docs_page_needs_no_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-static/swagger-ui-bundle.js" in page.text and "/openapi.json" in page.text
    assert "https://" not in page.text and "http://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        response = client.get(f"/docs-static/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000
    assert client.get("/redoc").status_code == 404


def test_service_openapi_documents_request_bodies(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/v1/summarize"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/SummarizeRequest"}
    components = schema["components"]["schemas"]
    assert {"SummarizeRequest", "BatchRequest", "BatchDocument", "SummaryOut", "ErrorOut"} <= set(components)
    assert components["SummarizeRequest"]["additionalProperties"] is False
    assert "/v1/summarize/batch" in schema["paths"] and "/healthz" in schema["paths"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error_type"),
    [
        # Types are the model's (strict: "5" is no budget); values are SummaryConfig's: config_error.
        (b'{"text": ""}', "application/json", 422, "input_error"),
        (b'{"text": "hello world, no Arabic here."}', "application/json", 422, "input_error"),
        (b'{"text": "\\u0000\\u0001\\u0002\\u0003\\u0004"}', "application/json", 422, "input_error"),
        (b'{"text": "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "colour": "red"}', "application/json", 422,
         "validation_error"),
        (b'{}', "application/json", 422, "validation_error"),
        (b'{"text": "a", "html": "b"}', "application/json", 422, "validation_error"),
        (b'{"text": 5}', "application/json", 422, "validation_error"),
        (b'{"text": ["a"]}', "application/json", 422, "validation_error"),
        (b'{"text": "\xd9\x85", "max_words": "5"}', "application/json", 422, "validation_error"),
        (b'{"text": "\xd9\x85", "max_words": 5.5}', "application/json", 422, "validation_error"),
        (b'{"text": "\xd9\x85", "max_words": 0}', "application/json", 422, "config_error"),
        (b'{"text": "\xd9\x85", "max_words": true}', "application/json", 422, "validation_error"),
        (b'{"text": "\xd9\x85", "ratio": NaN}', "application/json", 422, "config_error"),
        (b'{"text": "\xd9\x85", "ratio": 1.5}', "application/json", 422, "config_error"),
        (b'{"text": "\xd9\x85", "style": "essay"}', "application/json", 422, "config_error"),
        (b'{"text": "\xd9\x85.", "method": "gpt"}', "application/json", 422, "unknown_method"),
        (b'{"text": "\xd9\x85.", "max_words": 5, "ratio": 0.5}', "application/json", 422, "config_error"),
        (b'{"text": "\xd9\x85.", "style": "headline", "max_sentences": 2}', "application/json", 422, "config_error"),
        (b'[]', "application/json", 422, "validation_error"),
        (b'"text"', "application/json", 422, "validation_error"),
        (b'', "application/json", 422, "invalid_json"),
        (b'{"text": "abc"', "application/json", 422, "invalid_json"),
        (b'{"text": "\xff\xfe"}', "application/json", 422, "invalid_json"),
        (b'{"text": "\\ud800"}', "application/json", 422, "invalid_json"),
        (b'[' * 100_000, "application/json", 422, "invalid_json"),
        (b'{"text": "a"} trailing', "application/json", 422, "invalid_json"),
        (b'{"text": "\xd9\x85"}', "text/plain", 415, "unsupported_media_type"),
        (b'text=abc', "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"text": "\xd9\x85"}', "application/json; charset=latin-1", 415, "unsupported_media_type"),
        (b'{"text": "\xd9\x85"}', "", 415, "unsupported_media_type"),
    ],
)
def test_service_bad_requests_get_json_errors(client, body, content_type, status, error_type):
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/v1/summarize", "/v1/summarize/batch"):
        if path.endswith("batch") and body.startswith(b'{"text"') and status == 422 and error_type != "invalid_json":
            continue  # a single-article body is simply a wrong batch body; checked below
        response = client.post(path, content=body, headers=headers)
        assert response.status_code == status, response.text
        error = _error(response)
        assert error["type"] == error_type
        assert error["message"]


@pytest.mark.parametrize(
    ("body", "error_type"),
    [
        ({"documents": []}, "validation_error"),
        ({"documents": [{"text": "x", "extra": 1}]}, "validation_error"),
        ({"documents": [{"id": 5, "text": "x"}]}, "validation_error"),
        ({"documents": "x"}, "validation_error"),
        ({"documents": [{"text": "\u0645."}], "method": "nope"}, "unknown_method"),
        ({"documents": [{"text": "\u0645."}], "max_words": 3, "max_sentences": 1}, "config_error"),
    ],
)
def test_service_batch_bad_requests_are_422(client, body, error_type):
    response = client.post("/v1/summarize/batch", json=body)
    assert response.status_code == 422
    assert _error(response)["type"] == error_type


def test_service_validation_errors_do_not_echo_input(client):
    secret = "x" * 5000
    response = client.post("/v1/summarize", json={"text": secret, "max_words": secret})
    assert response.status_code == 422
    assert secret not in response.text
    details = _error(response)["details"]
    assert details == [{"loc": ["max_words"], "msg": "Input should be a valid integer", "type": "int_type"}]


@pytest.mark.parametrize(("method", "path", "status", "error_type"),
                         [("GET", "/nowhere", 404, "not_found"), ("DELETE", "/v1/summarize", 405, "method_not_allowed"),
                          ("GET", "/v1/summarize", 405, "method_not_allowed"), ("GET", "/static/../app.py", 404, "not_found"),
                          ("GET", "/static/secret.py", 404, "not_found")])
def test_service_unknown_routes_get_json_errors(client, method, path, status, error_type):
    response = client.request(method, path)
    assert response.status_code == status
    assert _error(response)["type"] == error_type


KEY = "k3y-for-tests_0123456789"


@pytest.mark.parametrize("path", ["/v1/summarize", "/v1/summarize/batch"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}, {"Authorization": KEY},
     {"Authorization": "Basic " + KEY}, {"X-API-Key": KEY[:-1]}, {"X-API-Key": KEY + "x"}],
)
def test_service_api_key_required_on_v1(make_client, path, headers):
    client = make_client(api_key=KEY)
    response = client.post(path, json={"text": ARTICLE_WITH_TITLE}, headers=headers)
    assert response.status_code == 401
    assert _error(response)["type"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/v1/methods", headers=headers).status_code == 401


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer " + KEY}, {"authorization": "bearer  " + KEY},
                                     {"X-API-Key": KEY}])
def test_service_api_key_accepted(make_client, headers):
    client = make_client(api_key=KEY)
    assert client.post("/v1/summarize", json={"text": ARTICLE_WITH_TITLE}, headers=headers).status_code == 200
    assert client.get("/v1/methods", headers=headers).status_code == 200


def test_service_api_key_checked_before_the_body(make_client):
    client = make_client(api_key=KEY)
    response = client.post("/v1/summarize", content=b"not json", headers={"content-type": "text/plain"})
    assert response.status_code == 401


def test_service_api_key_not_needed_outside_v1(make_client):
    client = make_client(api_key=KEY)
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_service_api_key_compared_in_constant_time(make_client, monkeypatch):
    import mujaz.service.routes as routes_module

    calls = []
    real = routes_module.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(routes_module.hmac, "compare_digest", spy)
    client = make_client(api_key=KEY)
    client.post("/v1/summarize", json={"text": "x"}, headers={"X-API-Key": "guess"})
    assert calls == [(b"guess", KEY.encode())]


def test_service_api_key_never_in_repr():
    assert KEY not in repr(ServiceConfig(api_key=KEY))


def test_service_last_resort_handler_answers_json_500(monkeypatch):
    """The handler exists (and counts); the hostile-input tests show nothing reaches it."""
    from mujaz.service.work import Worker
    from tests.service.conftest import TestClient

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Worker, "run", boom)
    app = create_app(ServiceConfig(engine="thread"))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/v1/summarize", json={"text": ARTICLE_WITH_TITLE})
    assert response.status_code == 500
    assert response.json() == {"error": {"type": "internal_error", "message": "an unexpected error occurred"}}
    assert "a bug" not in response.text
    assert app.state.internal_errors == 1


def test_service_create_app_rejects_other_configs():
    with pytest.raises(ConfigError, match="ServiceConfig"):
        create_app({"max_body_bytes": 10})  # type: ignore[arg-type]


def test_service_workers_load_the_headline_model_in_the_lifespan(monkeypatch) -> None:
    """Building the app loads nothing; starting it loads the model before the first request."""
    from tests.service.conftest import TestClient

    calls = count_headline_model_loads(monkeypatch)
    app = create_app(ServiceConfig(threads=1, engine="thread"))
    assert calls == []
    with TestClient(app, raise_server_exceptions=False):
        assert len(calls) == 1
