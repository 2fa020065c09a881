"""Tests for mujaz.service.errors: the error model, the mapping of mujaz errors, bounded echoes."""

from __future__ import annotations

import pytest

from mujaz.errors import ConfigError, DataError, InputError, MissingDependencyError, UnknownMethodError
from mujaz.service.errors import clip, mujaz_error
from tests.service.conftest import raw_request


@pytest.mark.parametrize(("error", "status", "type_"), [
    (InputError("text is empty"), 422, "input_error"),
    (ConfigError("bad"), 422, "config_error"),
    (UnknownMethodError("gpt", ["lead", "news"]), 422, "unknown_method"),
    (MissingDependencyError("trafilatura", "html"), 501, "missing_dependency"),
    (DataError("news-weights.json: bad version"), 500, "data_error"),
])
def test_errors_mujaz_errors_map_to_http(error, status, type_):
    api = mujaz_error(error)
    assert (api.status, api.type) == (status, type_)


def test_errors_broken_install_is_a_500_not_an_input_error(make_client, monkeypatch):
    """Issue 9: a DataError (a shipped data file that does not load) was answered 422 input_error."""
    from mujaz.api import Summarizer

    def broken(*_args, **_kwargs):
        raise DataError("headline-model.json: unexpected version")

    monkeypatch.setattr(Summarizer, "summarize", broken)
    response = make_client().post("/v1/summarize", json={"text": "مرحبا."})
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["type"] == "data_error"
    assert error["message"] == "the server's mujaz installation is broken: headline-model.json: unexpected version"


@pytest.mark.parametrize("text", ["", "a", "م" * 64, "م" * 65, "x" * 10_000])
def test_errors_clip_bounds_what_is_echoed(text):
    clipped = clip(text)
    assert len(clipped) <= 65
    assert text.startswith(clipped.removesuffix("…"))
    assert (clipped == text) is (len(text) <= 64)


def test_errors_static_404_does_not_echo_a_long_name(live_server):
    """Issue 10 row 15: the 404 echoed all 10,000 characters of the name."""
    host, port = live_server.removeprefix("http://").split(":")
    raw = ("GET /static/" + "a" * 10_000 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode()
    reply = raw_request((host, int(port)), raw)
    assert reply.status == 404
    assert reply.json()["error"]["type"] == "not_found"
    assert len(reply.body) < 200
