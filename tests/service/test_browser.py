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


# ---- the check mode ----------------------------------------------------------------------


def _seed_lead_and_body() -> tuple[str, str]:
    from tests._support import load_seed

    lead, body = load_seed().split("\n", 1)
    return lead, body


def _check(page, summary: str, article: str) -> None:
    page.click("#mode-check")
    page.fill("#check-summary", summary)
    page.fill("#article", article)
    page.click("#submit")
    page.wait_for_selector("#check-results:not([hidden])", timeout=15_000)


def _api_check(live_server: str, summary: str, text: str) -> dict:
    response = httpx.post(live_server + "/v1/check", json={"summary": summary, "text": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def _marked(page, box: str, problem: int, *, active: bool = False) -> str:
    """The text of the marks in ``box`` that belong to problem number ``problem``, joined."""
    return page.eval_on_selector_all(
        f"{box} mark" + (".active" if active else ""),
        "(els, i) => els.filter(e => e.dataset.problems.split(' ').includes(String(i)))"
        ".map(e => e.textContent).join('')", problem)


def test_browser_check_marks_the_seed_lead_and_its_evidence(page, live_server):
    lead, body = _seed_lead_and_body()
    _check(page, lead, body)
    expected = _api_check(live_server, lead, body)
    problems = expected["problems"]
    assert not expected["consistent"] and problems
    assert "غير متسق" in page.inner_text("#verdict")
    assert f"{expected['score']:.2f}" in page.inner_text("#check-meta")
    # The summary and the article are shown whole, unchanged, around the marks.
    assert page.eval_on_selector("#checked-summary", "e => e.textContent") == lead
    assert page.eval_on_selector("#check-source", "e => e.textContent") == body
    # Every problem is listed with its kind and message, and its marks cover exactly its words.
    items = page.locator("#problems li.problem")
    assert items.count() == len(problems)
    for i, (shown, problem) in enumerate(zip(items.all_inner_texts(), problems)):
        assert problem["message"] in shown
        assert _marked(page, "#checked-summary", i) == problem["text"]
        if problem["evidence"] is not None:
            assert _marked(page, "#check-source", i) == problem["evidence_text"]
    # The name «ترامب» sits in a marked region (the attribution), and the dropped «السابق»
    # is a qualifier problem whose words carry the qualifier colour and say why.
    assert any("ترامب" in _marked(page, "#checked-summary", i) for i in range(len(problems)))
    q = next(i for i, p in enumerate(problems) if p["kind"] == "qualifier" and "السابق" in p["message"])
    inner = page.eval_on_selector_all(
        "#checked-summary mark.kind-qualifier", "els => els.map(e => [e.textContent, e.title])")
    assert any(text == problems[q]["text"] and "السابق" in title and "صفة" in title for text, title in inner)
    # Clicking the problem marks its evidence in the article, which contains «السابق».
    assert page.locator("#check-source mark.active").count() == 0
    items.nth(q).click()
    evidence = _marked(page, "#check-source", q, active=True)
    assert "السابق" in evidence and evidence == problems[q]["evidence_text"]
    assert _marked(page, "#checked-summary", q, active=True) == problems[q]["text"]
    assert items.nth(q).get_attribute("aria-current") == "true"
    page.wait_for_function("() => { const r = document.querySelector('#check-source mark.active')"
                           ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-check-desktop.png"), full_page=True)


def test_browser_check_marks_survive_emoji(page, live_server):
    """Emoji before the problems (two UTF-16 units, one code point) must not shift the marks."""
    lead, body = _seed_lead_and_body()
    lead, body = "🎉📰 " + lead, "👶🏽 " + body.replace("مثيرة،", "مثيرة 🙂،")
    _check(page, lead, body)
    problems = _api_check(live_server, lead, body)["problems"]
    assert any(p["evidence"] and p["evidence"][0] > 3 for p in problems)
    for i, problem in enumerate(problems):
        assert _marked(page, "#checked-summary", i) == problem["text"]
        if problem["evidence"] is not None:
            assert _marked(page, "#check-source", i) == problem["evidence_text"]


def test_browser_check_a_verbatim_sentence_is_consistent(page, live_server):
    _, body = _seed_lead_and_body()
    sentence = next(line for line in body.splitlines() if len(line.split()) > 20).split("، حيث")[0] + "."
    expected = _api_check(live_server, sentence, body)
    assert expected["consistent"] and expected["problems"] == []
    _check(page, sentence, body)
    verdict = page.locator("#verdict")
    assert "متسق" in verdict.inner_text() and "غير" not in verdict.inner_text()
    assert "ok" in verdict.get_attribute("class")
    assert page.locator("#checked-summary mark, #check-source mark").count() == 0
    assert page.eval_on_selector("#checked-summary", "e => e.textContent") == sentence


def test_browser_check_mujaz_own_summary(page, live_server, seed_text):
    _summarize(page, seed_text)
    produced = _api(live_server, seed_text, style="lead", method="news", max_words=60)["text"]
    page.click("#check-own")
    page.wait_for_selector("#check-results:not([hidden])", timeout=15_000)
    assert page.input_value("#check-summary") == produced
    assert page.get_attribute("#mode-check", "aria-selected") == "true"
    assert page.is_hidden("#results")
    expected = _api_check(live_server, produced, seed_text)
    assert page.locator("#problems li.problem").count() == len(expected["problems"])
    assert f"{expected['score']:.2f}" in page.inner_text("#check-meta")
    assert ("غير متسق" in page.inner_text("#verdict")) is not expected["consistent"]
    # Back to summarizing: the summary is still there, the check is put away.
    page.click("#mode-summarize")
    assert page.is_visible("#results") and page.is_hidden("#check-results")


def test_browser_check_against_an_uploaded_html_page(page, live_server, tmp_path):
    """With an HTML article, the evidence offsets index the extracted source_text, which is shown."""
    pytest.importorskip("mujaz.io.html")
    lead, body = _seed_lead_and_body()
    paragraphs = [line for line in body.splitlines() if line.strip()]
    html = ("<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>" + paragraphs[0] + "</title></head>"
            "<body><nav>الرئيسية | رياضة | اقتصاد</nav><article><h1>" + paragraphs[0] + "</h1>"
            + "".join(f"<p>{line}</p>" for line in paragraphs[1:]) + "</article></body></html>")
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    page.click("#mode-check")
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#file-name:not([hidden])")
    page.fill("#check-summary", lead)
    page.click("#submit")
    page.wait_for_selector("#check-results:not([hidden])", timeout=15_000)
    response = httpx.post(live_server + "/v1/check", json={"summary": lead, "html": html}, timeout=30)
    expected = response.json()
    assert page.eval_on_selector("#check-source", "e => e.textContent") == expected["source_text"]
    assert "رياضة" not in expected["source_text"]
    with_evidence = [(i, p) for i, p in enumerate(expected["problems"]) if p["evidence"] is not None]
    assert with_evidence
    for i, problem in with_evidence:
        assert _marked(page, "#check-source", i) == problem["evidence_text"]


def test_browser_check_errors(page):
    _, body = _seed_lead_and_body()
    page.click("#mode-check")
    page.fill("#article", body)
    page.click("#submit")
    alert = page.locator('[role="alert"]')
    alert.wait_for(state="visible")
    assert "الرجاء لصق الملخص" in alert.inner_text()
    page.fill("#check-summary", "No Arabic here.")
    page.click("#submit")
    page.wait_for_function("() => document.querySelector('#error').textContent.includes('Arabic')")
    text = alert.inner_text()
    assert "تعذّر التحقق من هذا الملخص" in text and "no Arabic text" in text  # the API's InputError
    assert page.is_hidden("#check-results")


def test_browser_check_phone_width(browser, live_server):
    lead, body = _seed_lead_and_body()
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, locale="ar")
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        _check(page, lead, body)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        verdict_box = page.locator(".verdict-card").bounding_box()
        article_box = page.locator(".check-article-card").bounding_box()
        assert article_box["y"] > verdict_box["y"] + verdict_box["height"] - 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page-check-phone.png"), full_page=True)
        page.locator(".verdict-card").screenshot(path=str(ARTIFACTS / "page-check-phone-result.png"))
    finally:
        context.close()
