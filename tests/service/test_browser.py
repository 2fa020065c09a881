"""Browser tests of the web page: Debian's Chromium driven by Playwright, against a real uvicorn.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
``make test`` when it runs as root). Without it the tests are skipped, saying why.
Screenshots go to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.service.conftest import ARTIFACTS

CHROMIUM = Path(os.environ.get("MUJAZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium), "
                "or run `make test` as root, which does", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (dev extra)")

ARTICLE = (
    "افتتاح مكتبة عامة جديدة في وسط المدينة\n"
    "افتتحت البلدية اليوم مكتبة عامة جديدة في وسط المدينة، بحضور عدد من المسؤولين والكتاب.\n"
    "وتضم المكتبة أكثر من عشرين ألف كتاب في مختلف المجالات، إضافة إلى قاعة للأطفال.\n"
    "الخدمات الرقمية\n"
    "وقال رئيس البلدية إن المكتبة ستفتح أبوابها كل يوم من التاسعة صباحا حتى المساء.\n"
    "وأضاف أن المكتبة ستقدم خدمة الإعارة الرقمية للكتب عبر تطبيق خاص بالهاتف.\n"
)


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator["sync_api.Page"]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    # (Chromium logs every 4xx answer as "Failed to load resource"; those are expected here.)
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    # Nothing outside the server may be fetched (no CDN): any such request fails the test.
    page.on("request", lambda req: problems.append(f"outside request: {req.url}")
            if not req.url.startswith((live_server, "data:")) else None)
    page.goto(live_server + "/")
    page.wait_for_load_state("networkidle")
    yield page
    context.close()
    assert problems == []


def _summarize(page, text: str, *, style: str = "lead") -> None:
    page.fill("#article", text)
    page.check(f'input[name="style"][value="{style}"]')
    page.click("#submit")
    page.wait_for_selector("#results:not([hidden])", timeout=15_000)


def _api(live_server: str, text: str, **options) -> dict:
    response = httpx.post(live_server + "/v1/summarize", json={"text": text, **options}, timeout=30)
    assert response.status_code == 200
    return response.json()


def _kept_marks(page) -> list[str]:
    return page.eval_on_selector_all("#source mark.kept", "els => els.map(e => e.textContent)")


def test_browser_paste_article_shows_summary_and_highlights(page, live_server, seed_text):
    _summarize(page, seed_text)
    expected = _api(live_server, seed_text, style="lead", method="news", max_words=60)
    # The summary lines are the units as printed (their rewrites applied; a line before one
    # that opens with a connective loses its full stop), in order; the article marks
    # exactly the source text of the units.
    lines = page.eval_on_selector_all("#summary .line", "els => els.map(e => e.textContent)")
    printed = [" ".join(u.get("rendered", u["text"]).split()) for u in expected["units"]]
    for i in range(len(printed) - 1):
        if printed[i + 1].startswith("،"):
            printed[i] = printed[i].removesuffix(".")
    assert lines == printed
    assert "".join(_kept_marks(page)) == "".join(u["text"] for u in expected["units"])
    assert page.inner_text("#headline").strip() == expected["headline"]
    assert page.locator("#points li").count() == len(expected["points"])
    # The whole article is shown, unchanged, around the marks.
    assert page.eval_on_selector("#source", "e => e.textContent") == seed_text
    assert page.is_hidden("#error")
    # Hovering a summary line lights up where it came from.
    assert page.locator("#source .seg.active").count() == 0
    page.hover("#summary .line >> nth=0")
    active = page.eval_on_selector_all("#source .seg.active", "els => els.map(e => e.textContent)")
    assert "".join(active) == expected["units"][0]["text"]
    page.hover("#headline .line")
    active = page.eval_on_selector_all("#source .seg.active", "els => els.map(e => e.textContent)")
    assert "".join(active) == "".join(u["text"] for u in expected["headline_units"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.hover("#summary .line >> nth=0")
    page.screenshot(path=str(ARTIFACTS / "page-desktop.png"), full_page=True)


def test_browser_empty_input_shows_error(page):
    page.fill("#article", "   \n ")
    page.click("#submit")
    alert = page.locator('[role="alert"]')
    alert.wait_for(state="visible")
    assert "الرجاء لصق نص الخبر" in alert.inner_text()
    assert page.is_hidden("#results")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-empty-error.png"))


def test_browser_shows_the_server_error_message(page):
    page.fill("#article", "This text has no Arabic letters at all.")
    page.click("#submit")
    alert = page.locator('[role="alert"]')
    alert.wait_for(state="visible")
    text = alert.inner_text()
    assert "تعذّر تلخيص هذا النص" in text
    assert "no Arabic letters" in text  # the API's InputError message
    # A good request afterwards clears the error.
    _summarize(page, ARTICLE)
    assert page.is_hidden("#error")


def test_browser_offsets_survive_emoji(page, live_server):
    """Python counts code points, JavaScript UTF-16 units: emoji before the kept text must not shift marks."""
    text = "🎉📚 " + ARTICLE.replace("اليوم", "اليوم 🙂").replace("الأطفال", "الأطفال 👶🏽")
    _summarize(page, text)
    expected = _api(live_server, text, style="lead", method="news", max_words=60)
    assert "".join(_kept_marks(page)) == "".join(u["text"] for u in expected["units"])
    assert page.eval_on_selector("#source", "e => e.textContent") == text
    conversion = page.evaluate("() => Array.from(window.mujazPage.utf16Offsets('a😀b👶🏽c', [0, 1, 2, 3, 5, 6, 99]))")
    assert conversion == [[0, 0], [1, 1], [2, 3], [3, 4], [5, 8], [6, 9], [99, 9]]


@pytest.mark.parametrize("style", ["headline", "points"])
def test_browser_other_styles(page, live_server, style):
    _summarize(page, ARTICLE, style=style)
    expected = _api(live_server, ARTICLE, style=style, method="news",
                    max_words={"headline": 15, "points": 30}[style])
    assert "".join(_kept_marks(page)) == "".join(u["text"] for u in expected["units"])
    if style == "points":
        items = page.locator("#summary li")
        assert items.count() == len(expected["points"])
        assert page.is_hidden("#points-card") and page.is_visible("#headline-card")
    else:
        assert page.inner_text("#summary").strip() == expected["text"]
        assert page.is_hidden("#headline-card") and page.is_visible("#points-card")


def test_browser_html_file_upload(page, tmp_path):
    pytest.importorskip("mujaz.io.html")
    lines = ARTICLE.strip().split("\n")
    html = ("<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>" + lines[0] + "</title></head><body>"
            "<nav>الرئيسية | رياضة | اقتصاد</nav><article><h1>" + lines[0] + "</h1>"
            + "".join(f"<p>{line}</p>" for line in lines[1:]) + "</article></body></html>")
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#file-name:not([hidden])")
    assert "article.html" in page.inner_text("#file-name")
    page.click("#submit")
    page.wait_for_selector("#results:not([hidden])", timeout=15_000)
    source = page.eval_on_selector("#source", "e => e.textContent")
    assert "مكتبة" in source and "رياضة" not in source
    assert _kept_marks(page)


def test_browser_text_file_upload_fills_the_box(page, tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))  # an old Windows Arabic file
    page.set_input_files("#file", str(path))
    page.wait_for_function("() => document.querySelector('#article').value.length > 0")
    assert page.input_value("#article") == ARTICLE


def test_browser_phone_width_has_no_sideways_scroll(browser, live_server, seed_text):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, locale="ar")
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        _summarize(page, seed_text)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375
        # One column: the article comes below the summary.
        summary_box = page.locator(".summary-card").bounding_box()
        article_box = page.locator(".article-card").bounding_box()
        assert article_box["y"] > summary_box["y"] + summary_box["height"] - 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page-phone.png"), full_page=True)
    finally:
        context.close()


def test_browser_api_key_prompt(browser, tmp_path):
    """With a key set, the page asks for it on 401 and then works."""
    import subprocess
    import sys

    from tests.service.conftest import REPO, free_port, wait_healthy

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUJAZ_")}
    env["MUJAZ_API_KEY"] = "page-test-key"
    proc = subprocess.Popen([sys.executable, "-m", "mujaz", "serve", "--port", str(port), "--no-access-log",
                             "--log-level", "warning"], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    context = browser.new_context(locale="ar")
    try:
        wait_healthy(url, proc)
        page = context.new_page()
        page.goto(url + "/")
        page.fill("#article", ARTICLE)
        page.click("#submit")
        alert = page.locator('[role="alert"]')
        alert.wait_for(state="visible")
        assert "مفتاح" in alert.inner_text()
        assert page.is_visible("#api-key")
        page.fill("#api-key", "page-test-key")
        page.click("#submit")
        page.wait_for_selector("#results:not([hidden])", timeout=15_000)
        assert page.is_hidden("#error")
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=15)
