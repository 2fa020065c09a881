"""Tests for mujaz.service.work: bodies parsed and checked in a worker, collections counted before models."""

from __future__ import annotations

import json
import threading
import time

import pytest

from mujaz.service.errors import ApiError
from mujaz.service.work import BATCH, SUMMARIZE, Job, Worker
from tests.service.conftest import HealthWatch, post, raw_request

ARTICLE = "هطلت أمطار غزيرة على العاصمة مساء الأحد.\nودعت السلطات السكان إلى تجنب السفر.\n"


def _job(route: str, body: object, *, max_documents: int = 32, remaining_s: float = 10.0) -> Job:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Job(route=route, body=raw, max_documents=max_documents, timeout_s=10.0, remaining_s=remaining_s,
               queue_ms=0.0)


@pytest.fixture(scope="module")
def worker() -> Worker:
    return Worker()


@pytest.mark.parametrize("count", [33, 500_000])
def test_work_too_many_documents_refused_before_models(worker, count):
    started = time.perf_counter()
    with pytest.raises(ApiError) as info:
        worker.run(_job(BATCH, {"documents": [{}] * count}))
    assert (info.value.status, info.value.type) == (413, "too_many_documents")
    assert info.value.details == {"max_documents": 32}
    assert time.perf_counter() - started < 1.0  # pydantic building 500,000 models took 1.4 s alone


def test_work_batch_within_the_limit_is_summarized(worker):
    result = worker.run(_job(BATCH, {"documents": [{"text": ARTICLE, "id": "a"}, {"text": ""}]}))
    assert result["errors"] == 1
    assert result["results"][0]["summary"]["text"]
    assert result["results"][1]["error"]["type"] == "input_error"


@pytest.mark.parametrize("depth", [201, 5_000])
def test_work_json_deeper_than_200_is_invalid_json(worker, depth):
    with pytest.raises(ApiError) as info:
        worker.run(_job(BATCH, b'{"documents":' + b"[" * depth + b"]" * depth + b"}"))
    assert (info.value.status, info.value.type) == (422, "invalid_json")


def test_work_options_are_checked_by_summary_config(worker):
    with pytest.raises(ApiError) as info:
        worker.run(_job(SUMMARIZE, {"text": ARTICLE, "style": "headline", "max_sentences": 2}))
    assert info.value.type == "config_error"
    assert "max_sentences does not apply" in info.value.message


def test_work_a_batch_past_its_deadline_is_a_timeout(worker):
    with pytest.raises(ApiError) as info:
        worker.run(_job(BATCH, {"documents": [{"text": ARTICLE}]}, remaining_s=0.0))
    assert info.value.status == 504


def test_work_api_error_survives_pickling():
    import pickle

    from mujaz.service.errors import BodyTooLarge

    error = pickle.loads(pickle.dumps(ApiError(503, "overloaded", "busy", details={"n": 1}, headers={"Retry-After": "1"})))
    assert (error.status, error.type, error.message, error.details, error.headers) == (
        503, "overloaded", "busy", {"n": 1}, {"Retry-After": "1"})
    assert pickle.loads(pickle.dumps(BodyTooLarge(10))).body() == BodyTooLarge(10).body()


def test_work_huge_collections_refused_over_a_socket_while_healthz_answers(strict_server):
    """Issue 10 row 4: six 2 MB bodies of 500,000 documents at once."""
    body = json.dumps({"documents": [{}] * 500_000}).encode()
    replies = []

    def send() -> None:
        replies.append(raw_request(strict_server.address, post("/v1/summarize/batch", body)))

    with HealthWatch(strict_server.url) as health:
        senders = [threading.Thread(target=send) for _ in range(6)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
    assert [r.status for r in replies] == [413] * 6, replies
    assert all(r.json()["error"]["type"] == "too_many_documents" for r in replies)
    assert max(r.seconds for r in replies) < 3.0  # before: 4.9 s each, 31 s for a request behind six
    assert health.worst < 1.0 and health.failures == 0
