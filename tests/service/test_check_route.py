"""POST /v1/check: any summary against its article, through the real app (both engines)."""

from __future__ import annotations

import pytest

pytest.importorskip("mujaz.check", reason="the check route needs mujaz.check")
fastapi = pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from mujaz.service import ServiceConfig, create_app  # noqa: E402
from tests._support import load_seed  # noqa: E402

SEED = load_seed()
LEAD, BODY = SEED.split("\n", 1)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ServiceConfig(threads=1, engine="thread"))) as client:
        yield client


def test_check_route_flags_the_seeds_lead_against_its_body(client) -> None:
    response = client.post("/v1/check", json={"summary": LEAD, "text": BODY})
    assert response.status_code == 200
    data = response.json()
    assert data["consistent"] is False and 0.0 <= data["score"] < 1.0
    kinds = {p["kind"] for p in data["problems"]}
    assert "qualifier" in kinds  # السابق dropped
    for problem in data["problems"]:
        start, end = problem["span"]
        assert 0 <= start < end <= len(LEAD)
    assert data["alignment"] and data["timings"]["check_ms"] >= 0


def test_check_route_a_verbatim_sentence_is_consistent(client) -> None:
    sentence = BODY.splitlines()[1]
    data = client.post("/v1/check", json={"summary": sentence, "text": BODY}).json()
    assert data["consistent"] is True and data["score"] == 1.0 and data["problems"] == []


@pytest.mark.parametrize("body", [{"summary": "نص"}, {"summary": "نص", "text": "أ", "html": "<p>ب</p>"},
                                  {"text": BODY}, {"summary": 3, "text": BODY}, {"summary": "نص", "text": BODY, "x": 1}])
def test_check_route_refuses_bad_bodies_with_json(client, body) -> None:
    response = client.post("/v1/check", json=body)
    assert response.status_code == 422 and "error" in response.json()


def test_check_route_is_in_the_openapi_schema(client) -> None:
    schema = client.get("/openapi.json").json()
    assert "/v1/check" in schema["paths"] and "CheckRequest" in schema["components"]["schemas"]
