"""Tests for mujaz.service.engine: work past its deadline is stopped, and memory does not ratchet up."""

from __future__ import annotations

import json
import threading
import time

import pytest

from mujaz.service import ServiceConfig, create_app
from tests.service.conftest import HealthWatch, TestClient, child_pids, post, raw_request, tree_rss_mb

ARTICLE = "هطلت أمطار غزيرة على العاصمة مساء الأحد.\nودعت السلطات السكان إلى تجنب السفر.\n"
# Issue 10 row 5: 1.8 MB of paragraphs; extracting them took 21 s, long after the 504.
# mujaz now refuses pages of more than 20,000 elements before parsing (mujaz.io.html), so
# the page that stays slow is one just under that, of long paragraphs (1.9 MB, under the
# 2 MiB body limit): over a second of extraction, against a 0.5 s request limit here.
_PARAGRAPH = "<p>هطلت أمطار غزيرة على العاصمة مساء الأحد ودعت السلطات السكان</p>"
HTML_BOMB = json.dumps({"html": _PARAGRAPH * 18_000}, ensure_ascii=False).encode()
LIMIT_S = 0.5


@pytest.fixture
def html_extra():
    pytest.importorskip("trafilatura")
    pytest.importorskip("mujaz.io.html")


def test_engine_process_kills_work_past_the_deadline(html_extra):
    """In-process client, process engine: the 504 comes at the limit and the worker is replaced."""
    app = create_app(ServiceConfig(engine="process", threads=1, timeout_s=LIMIT_S))
    with TestClient(app, raise_server_exceptions=False) as client:
        engine = app.state.engine
        (first_pid,) = engine.worker_pids()
        started = time.perf_counter()
        response = client.post("/v1/summarize", content=HTML_BOMB, headers={"content-type": "application/json"})
        assert response.status_code == 504
        assert response.json()["error"]["type"] == "timeout"
        assert time.perf_counter() - started < 2.0
        deadline = time.monotonic() + 30
        while engine.pending and time.monotonic() < deadline:
            time.sleep(0.05)
        assert engine.pending == 0
        assert engine.restarts == 1
        assert engine.worker_pids() != [first_pid]
        assert client.post("/v1/summarize", json={"text": ARTICLE}).status_code == 200
        assert app.state.internal_errors == 0


def test_engine_process_answers_like_the_thread_engine():
    bodies = [{"text": ARTICLE, "style": "points"}, {"text": ""}, {"text": ARTICLE, "max_words": 0},
              {"text": ARTICLE, "method": "gpt"}, {"documents": [{"text": ARTICLE}, {"text": "abc"}]}]
    answers = {}
    for engine in ("process", "thread"):
        app = create_app(ServiceConfig(engine=engine, threads=1))
        with TestClient(app, raise_server_exceptions=False) as client:
            answers[engine] = []
            for body in bodies:
                path = "/v1/summarize/batch" if "documents" in body else "/v1/summarize"
                response = client.post(path, json=body).json()
                response.pop("timings", None)
                for item in response.get("results", []):
                    item.get("summary", {}).pop("timings", None)
                answers[engine].append(response)
    assert answers["process"] == answers["thread"]


def test_engine_without_a_lifespan_starts_on_the_first_request():
    import asyncio

    import httpx

    app = create_app(ServiceConfig(engine="process", threads=1))

    async def call() -> int:
        transport = httpx.ASGITransport(app=app)  # runs no lifespan
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return (await http.post("/v1/summarize", json={"text": ARTICLE})).status_code

    try:
        assert asyncio.run(call()) == 200
    finally:
        app.state.engine.shutdown()


def test_engine_abandoned_work_stops_over_a_socket(quick_server, html_extra):
    """Issue 10 row 5 on a real server: two slow pages get 504 at the limit, and the next request is served."""
    before = child_pids(quick_server.pid)
    replies = []

    def send() -> None:
        replies.append(raw_request(quick_server.address, post("/v1/summarize", HTML_BOMB)))

    with HealthWatch(quick_server.url) as health:
        senders = [threading.Thread(target=send) for _ in range(2)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        time.sleep(1.5)  # the killed workers' replacements finish starting
        after = raw_request(quick_server.address, post("/v1/summarize", json.dumps({"text": ARTICLE}).encode()))
    assert [r.status for r in replies] == [504, 504], replies
    assert all(r.json()["error"]["type"] == "timeout" and r.seconds < LIMIT_S + 1.5 for r in replies)
    assert after.status == 200, after  # before: 504 too, the workers still extracting
    assert health.worst < 1.0 and health.failures == 0
    assert len(before - child_pids(quick_server.pid)) >= 2  # both busy workers were killed and replaced


def test_engine_memory_after_hostile_bodies_within_twice_normal(strict_server, html_extra):
    """Issue 10 row 14: 77 MB -> 825 MB before; now within 2x of the memory after normal load."""
    import httpx

    with httpx.Client(base_url=strict_server.url, timeout=30) as http:
        for _ in range(20):
            assert http.post("/v1/summarize", json={"text": ARTICLE, "style": "points"}).status_code == 200
            assert http.post("/v1/summarize/batch", json={"documents": [{"text": ARTICLE}] * 8}).status_code == 200
    normal = tree_rss_mb(strict_server.pid)
    hostile = [post("/v1/summarize/batch", json.dumps({"documents": [{}] * 500_000}).encode()),
               post("/v1/summarize", b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}'),
               post("/v1/summarize", json.dumps({"text": "م " * 900_000}).encode()),
               post("/v1/summarize", HTML_BOMB)]
    for raw in hostile * 2:
        assert raw_request(strict_server.address, raw).status in (200, 413, 422, 504)
    time.sleep(2.0)  # replaced workers finish starting
    assert tree_rss_mb(strict_server.pid) < 2 * normal


@pytest.mark.parametrize("engine", ["process", "thread"])
def test_engine_after_shutdown_answers_503(engine):
    from tests.service.conftest import TestClient

    app = create_app(ServiceConfig(engine=engine, threads=1))
    with TestClient(app, raise_server_exceptions=False):
        pass  # the lifespan started and stopped the workers
    client = TestClient(app, raise_server_exceptions=False)  # requests without a lifespan
    response = client.post("/v1/summarize", json={"text": ARTICLE})
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "shutting_down"
    assert app.state.engine.pending == 0
