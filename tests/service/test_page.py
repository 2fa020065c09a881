"""Tests for the web page's files as the service serves them (no browser needed)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

STATIC = ("index.html", "app.js", "style.css")


def _static(name: str) -> str:
    return resources.files("mujaz.service").joinpath("static", name).read_text(encoding="utf-8")


def test_page_index_is_rtl_arabic(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'role="alert"' in html
    assert '<script src="/static/app.js" defer></script>' in html


@pytest.mark.parametrize("name", STATIC)
def test_page_static_files_served_with_csp(client, name):
    response = client.get("/" if name == "index.html" else f"/static/{name}")
    assert response.status_code == 200
    assert response.content == _static(name).encode("utf-8")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "default-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", STATIC)
def test_page_loads_nothing_from_elsewhere(name):
    text = _static(name)
    assert not re.search(r"(?i)\b(src|href)\s*=\s*[\"']?(https?:)?//", text)
    assert not re.search(r"(?i)https?://", text), "no CDN or remote resource in the page"
    assert "@import" not in text and "@font-face" not in text


def test_page_script_never_writes_html():
    script = _static("app.js")
    assert not re.search(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write\b|\beval\(", script)
    assert "textContent" in script


def test_page_style_uses_arabic_font_stack():
    css = _static("style.css")
    assert '"Noto Naskh Arabic", "Amiri"' in css
    assert "Tahoma" in css and "sans-serif" in css
    assert "@media (max-width:" in css
