// mujaz web page: vanilla JavaScript, no build step, nothing loaded from elsewhere.
// All text from the user or the server goes into the page as text nodes (textContent),
// never as HTML.
"use strict";

(function () {
  // Word budgets per style: [default, min, max, step]. The points budget is per point.
  const LENGTHS = {
    lead: [60, 10, 150, 5],
    headline: [15, 5, 30, 1],
    points: [30, 10, 60, 5],
    outline: [60, 10, 150, 5],
  };
  const UNIT_LABEL = { lead: "كلمة", headline: "كلمة", points: "كلمة لكل نقطة", outline: "كلمة للفقرة الافتتاحية" };
  const SUMMARY_TITLE = { lead: "الملخص: فقرة افتتاحية", headline: "الملخص: عنوان", points: "الملخص: نقاط رئيسية",
    outline: "الملخص: مخطط الخبر" };
  const ERROR_TEXT = {
    empty: "الرجاء لصق نص الخبر أو رفع ملف أولاً.",
    input_error: "تعذّر تلخيص هذا النص.",
    body_too_large: "النص أو الملف أكبر من الحد المسموح به.",
    file_too_large: "الملف أكبر من الحد المسموح به.",
    file_type: "نوع الملف غير مدعوم؛ ارفع ملفاً نصياً أو صفحة ويب.",
    unauthorized: "الخادم يطلب مفتاح الواجهة البرمجية؛ أدخله في خانة المفتاح ثم أعد المحاولة.",
    timeout: "استغرق التلخيص وقتاً أطول من المسموح به.",
    request_timeout: "استغرق إرسال النص وقتاً أطول من المسموح به.",
    overloaded: "الخادم مشغول الآن؛ أعد المحاولة بعد قليل.",
    validation_error: "الخيارات المرسلة غير صالحة.",
    config_error: "الخيارات المرسلة غير صالحة.",
    unknown_method: "طريقة التلخيص غير معروفة.",
    invalid_json: "تعذّر إرسال النص: فيه محارف غير صالحة.",
    html_unsupported: "لا يقرأ هذا الخادم صفحات HTML؛ ارفع ملفاً نصياً.",
    missing_dependency: "ينقص الخادمَ مكوّن لازم لهذا الطلب.",
    network: "تعذّر الاتصال بالخادم.",
    other: "حدث خطأ أثناء التلخيص.",
  };
  // In the check mode a few messages name the check instead of the summarizing.
  const CHECK_ERROR_TEXT = {
    empty: "الرجاء لصق نص الخبر أو رفع ملف أولاً.",
    empty_summary: "الرجاء لصق الملخص المراد التحقق منه أولاً.",
    input_error: "تعذّر التحقق من هذا الملخص.",
    timeout: "استغرق التحقق وقتاً أطول من المسموح به.",
    other: "حدث خطأ أثناء التحقق.",
  };
  // The checker's problem kinds (mujaz.check.ProblemKind), named for a reader.
  const KIND_LABEL = {
    number: "رقم",
    date: "تاريخ",
    name: "اسم",
    place: "مكان",
    negation: "نفي",
    polarity: "قلب المعنى",
    qualifier: "صفة",
    attribution: "نسبة القول",
    unsupported: "غير مسنود",
  };

  const $ = (id) => document.getElementById(id);
  const state = { html: null, fileName: null, limits: null, mode: "summarize", produced: null,
    shown: { summarize: false, check: false } };

  // ---- offsets ---------------------------------------------------------------------
  // The server counts offsets in Unicode code points (Python); JavaScript strings index
  // UTF-16 code units. They differ after any character outside the BMP (emoji, some
  // symbols), so each offset is converted by walking the text once.
  function utf16Offsets(text, codePointOffsets) {
    const wanted = Array.from(new Set(codePointOffsets)).sort((a, b) => a - b);
    const map = new Map();
    let cp = 0;
    let u = 0;
    let k = 0;
    while (k < wanted.length) {
      if (wanted[k] <= cp) {
        map.set(wanted[k], u);
        k += 1;
        continue;
      }
      if (u >= text.length) break;
      const c = text.charCodeAt(u);
      const pair = c >= 0xd800 && c <= 0xdbff && u + 1 < text.length &&
        (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00;
      u += pair ? 2 : 1;
      cp += 1;
    }
    for (; k < wanted.length; k += 1) map.set(wanted[k], text.length);
    return map;
  }

  // ---- small DOM helpers -----------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function squash(text) {
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  // ---- status and errors -----------------------------------------------------------
  function showError(kind, detail) {
    const box = $("error");
    clear(box);
    const own = state.mode === "check" ? CHECK_ERROR_TEXT : {};
    box.appendChild(el("span", "message", own[kind] || ERROR_TEXT[kind] || own.other || ERROR_TEXT.other));
    if (detail) {
      const d = el("span", "detail", detail);
      d.setAttribute("dir", "ltr");
      box.appendChild(d);
    }
    box.hidden = false;
  }

  function hideError() {
    const box = $("error");
    clear(box);
    box.hidden = true;
  }

  function setStatus(text) {
    $("status").textContent = text || "";
  }

  // ---- options ---------------------------------------------------------------------
  function currentStyle() {
    const checked = document.querySelector('input[name="style"]:checked');
    return checked ? checked.value : "lead";
  }

  function applyStyleLength() {
    const style = currentStyle();
    const [value, min, max, step] = LENGTHS[style];
    const slider = $("length");
    slider.min = String(min);
    slider.max = String(max);
    slider.step = String(step);
    slider.value = String(value);
    $("length-value").textContent = String(value);
    $("length-unit").textContent = UNIT_LABEL[style];
  }

  function headers() {
    const h = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }

  async function loadMethods() {
    try {
      const response = await fetch("/v1/methods", { headers: headers() });
      if (!response.ok) return;
      const data = await response.json();
      const select = $("method");
      clear(select);
      for (const m of data.methods) {
        const option = el("option", null, m.name);
        option.value = m.name;
        option.title = m.description;
        option.selected = m.name === data.default;
        select.appendChild(option);
      }
    } catch (_) {
      // Keep the built-in list: the page still works.
    }
  }

  async function loadLimits() {
    try {
      const response = await fetch("/healthz");
      if (response.ok) state.limits = (await response.json()).limits;
    } catch (_) {
      state.limits = null;
    }
  }

  // ---- files -----------------------------------------------------------------------
  function decode(buffer) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    } catch (_) {
      // Older Arabic files are often in the Windows Arabic code page.
      return new TextDecoder("windows-1256").decode(buffer);
    }
  }

  function clearFile() {
    state.html = null;
    state.fileName = null;
    $("file").value = "";
    $("file-name").hidden = true;
    $("file-clear").hidden = true;
  }

  async function onFile() {
    hideError();
    const file = $("file").files[0];
    if (!file) return;
    const name = file.name.toLowerCase();
    const isHtml = name.endsWith(".html") || name.endsWith(".htm") || file.type === "text/html";
    const isText = name.endsWith(".txt") || file.type === "text/plain";
    if (!isHtml && !isText) {
      clearFile();
      showError("file_type", file.name);
      return;
    }
    const limit = state.limits ? state.limits.max_body_bytes : null;
    if (limit && file.size * 1.1 + 1024 > limit) {
      clearFile();
      showError("file_too_large", file.name + ": " + file.size.toLocaleString("en") + " bytes; limit " +
        limit.toLocaleString("en"));
      return;
    }
    const text = decode(await file.arrayBuffer());
    if (isHtml) {
      state.html = text;
      state.fileName = file.name;
      $("file-name").textContent = "صفحة ويب: " + file.name + " (سيُستخرج منها نص الخبر)";
      $("file-name").hidden = false;
      $("file-clear").hidden = false;
    } else {
      clearFile();
      $("article").value = text;
    }
  }

  // ---- rendering -------------------------------------------------------------------
  // Each summary line knows the ids of the source pieces behind it; the article is cut at
  // every piece boundary into segments that know which ids cover them.
  function renderSource(text, pieces) {
    const container = $("source");
    clear(container);
    const offsets = [];
    for (const p of pieces) offsets.push(p.start, p.end);
    const map = utf16Offsets(text, offsets);
    const spans = pieces.map((p) => ({ id: p.id, kept: p.kept, start: map.get(p.start), end: map.get(p.end) }))
      .filter((p) => p.end > p.start);
    const cuts = new Set([0, text.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    const byId = new Map();
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const a = bounds[i];
      const b = bounds[i + 1];
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      const piece = text.slice(a, b);
      if (covering.length === 0) {
        fragment.appendChild(document.createTextNode(piece));
        continue;
      }
      const kept = covering.some((s) => s.kept);
      const node = el(kept ? "mark" : "span", kept ? "seg kept" : "seg", piece);
      node.dataset.ids = covering.map((s) => s.id).join(" ");
      for (const s of covering) {
        if (!byId.has(s.id)) byId.set(s.id, []);
        byId.get(s.id).push(node);
      }
      fragment.appendChild(node);
    }
    container.appendChild(fragment);
    return byId;
  }

  function makeLine(tag, text, ids, byId) {
    const node = el(tag, "line", text);
    node.tabIndex = 0;
    node.dataset.ids = ids.join(" ");
    const targets = () => ids.flatMap((id) => byId.get(id) || []);
    const on = () => {
      node.classList.add("hovered");
      for (const t of targets()) t.classList.add("active");
    };
    const off = () => {
      node.classList.remove("hovered");
      for (const t of targets()) t.classList.remove("active");
    };
    node.addEventListener("mouseenter", on);
    node.addEventListener("mouseleave", off);
    node.addEventListener("focus", on);
    node.addEventListener("blur", off);
    node.addEventListener("click", () => {
      const first = targets()[0];
      if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    });
    return node;
  }

  function pointNode(point, ids, byId) {
    const li = makeLine("li", null, ids, byId);
    if (point.heading) li.appendChild(el("span", "point-heading", point.heading));
    li.appendChild(document.createTextNode(point.text));
    return li;
  }

  // The outline: headline, lead, then each section's subheading over its key point. Each
  // part lights up its source span (the units carry the offsets; an own subheading its block).
  function outlineNode(result, byId) {
    const box = el("div", "outline");
    const spanIds = (u) => result.units.flatMap((v, i) => (v.start === u.start && v.end === u.end ? ["u" + i] : []));
    box.appendChild(makeLine("h3", result.headline, result.headline_units.flatMap(spanIds), byId));
    box.appendChild(makeLine("p", result.lead, [], byId));
    for (const section of result.outline || []) {
      const part = el("section", "outline-section");
      part.appendChild(makeLine("h4", section.heading, section.heading_units.flatMap(spanIds), byId));
      part.appendChild(makeLine("p", section.point.text, section.point.units.flatMap(spanIds), byId));
      box.appendChild(part);
    }
    return box;
  }

  function render(result, sourceText) {
    const style = result.style;
    const pieces = [];
    result.units.forEach((u, i) => pieces.push({ id: "u" + i, kept: true, start: u.start, end: u.end }));
    if (style !== "headline") {
      result.headline_units.forEach((u, i) => pieces.push({ id: "h" + i, kept: false, start: u.start, end: u.end }));
    }
    if (style !== "points") {
      result.points.forEach((p, i) => p.units.forEach((u, j) =>
        pieces.push({ id: "p" + i + "-" + j, kept: false, start: u.start, end: u.end })));
    }
    const byId = renderSource(sourceText, pieces);

    const summary = $("summary");
    clear(summary);
    $("summary-title").textContent = SUMMARY_TITLE[style] || "الملخص";
    if (style === "outline") {
      summary.appendChild(outlineNode(result, byId));
    } else if (style === "points") {
      const list = el("ol", "points");
      let k = 0;
      for (const p of result.points) {
        const ids = p.units.map(() => "u" + k++);
        list.appendChild(pointNode(p, ids, byId));
      }
      summary.appendChild(list);
    } else if (style === "headline") {
      summary.appendChild(makeLine("p", result.text, result.units.map((_, i) => "u" + i), byId));
    } else {
      const p = el("p");
      // Units print with their documented rewrites (u.rendered); one that opens with a
      // connective ("، كما") continues the sentence before it, whose full stop goes.
      result.units.forEach((u, i) => {
        const piece = squash(u.rendered || u.text);
        const joins = piece.startsWith("،");
        if (i > 0 && joins) {
          const last = p.lastChild;
          if (last && last.textContent.endsWith(".")) last.textContent = last.textContent.slice(0, -1);
        } else if (i > 0) {
          p.appendChild(document.createTextNode(" "));
        }
        p.appendChild(makeLine("span", piece, ["u" + i], byId));
      });
      summary.appendChild(p);
    }

    const headlineCard = $("headline-card");
    headlineCard.hidden = style === "headline" || style === "outline";
    const headline = $("headline");
    clear(headline);
    if (style !== "headline") {
      headline.appendChild(makeLine("span", result.headline, result.headline_units.map((_, i) => "h" + i), byId));
    }

    const pointsCard = $("points-card");
    pointsCard.hidden = style === "points" || style === "outline";
    const points = $("points");
    clear(points);
    if (style !== "points") {
      result.points.forEach((p, i) => points.appendChild(pointNode(p, p.units.map((_, j) => "p" + i + "-" + j), byId)));
    }

    const ms = result.timings ? Math.round(result.timings.total_ms) : null;
    $("meta").textContent = "عدد الكلمات: " + result.word_count + " · الطريقة: " + result.method +
      (ms !== null ? " · الزمن: " + ms + " ميلي ثانية" : "");
    $("results").hidden = false;
  }

  // ---- the check mode -------------------------------------------------------------
  // Cuts text at every span boundary (spans in code points) into pieces that know which
  // spans cover them; overlapping spans (a name inside an unsupported clause) nest.
  function cutSegments(text, spans) {
    const offsets = [];
    for (const s of spans) offsets.push(s.start, s.end);
    const map = utf16Offsets(text, offsets);
    const units = spans.map((s) => ({ ref: s, start: map.get(s.start), end: map.get(s.end) }))
      .filter((s) => s.end > s.start);
    const cuts = new Set([0, text.length]);
    for (const s of units) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const a = bounds[i];
      const b = bounds[i + 1];
      const covering = units.filter((s) => s.start <= a && s.end >= b)
        .sort((x, y) => (x.end - x.start) - (y.end - y.start));
      out.push({ text: text.slice(a, b), covering: covering.map((s) => s.ref) });
    }
    return out;
  }

  // Paints text into container with one node per covered piece; the narrowest covering
  // span gives the colour. Returns, per span id, its nodes.
  function paintSpans(container, text, spans, tag, baseClass) {
    clear(container);
    const byId = new Map();
    const fragment = document.createDocumentFragment();
    for (const seg of cutSegments(text, spans)) {
      if (seg.covering.length === 0) {
        fragment.appendChild(document.createTextNode(seg.text));
        continue;
      }
      // "nested": a narrower span inside a wider one (the dropped «السابق» inside the
      // sentence an unsupported clause was checked against) stands out from it.
      const inner = seg.covering[0];
      const outer = seg.covering[seg.covering.length - 1];
      const nested = inner.end - inner.start < outer.end - outer.start;
      const node = el(tag, baseClass + " kind-" + inner.kind + (nested ? " nested" : ""), seg.text);
      node.dataset.problems = seg.covering.map((s) => s.id).join(" ");
      for (const s of seg.covering) {
        if (!byId.has(s.id)) byId.set(s.id, []);
        byId.get(s.id).push(node);
      }
      fragment.appendChild(node);
    }
    container.appendChild(fragment);
    return byId;
  }

  function renderCheck(data, summaryText, sourceText) {
    const problems = data.problems;
    const verdict = $("verdict");
    verdict.className = "verdict " + (data.consistent ? "ok" : "bad");
    verdict.textContent = data.consistent
      ? "✓ الملخص متسق مع المقال: لم يُعثر فيه على ما لا يسنده المقال."
      : "✗ الملخص غير متسق مع المقال: فيه ما لا يسنده المقال.";
    const ms = data.timings ? Math.round(data.timings.total_ms) : null;
    $("check-meta").textContent = "درجة الإسناد: " + data.score.toFixed(2) + " من 1 · عدد المشكلات: " +
      problems.length + (ms !== null ? " · الزمن: " + ms + " ميلي ثانية" : "");

    const summarySpans = problems.map((p, i) => ({ id: i, kind: p.kind, start: p.span[0], end: p.span[1] }));
    const inSummary = paintSpans($("checked-summary"), summaryText, summarySpans, "mark", "prob");
    const evidenceSpans = problems.flatMap((p, i) => (p.evidence
      ? [{ id: i, kind: p.kind, start: p.evidence[0], end: p.evidence[1] }] : []));
    const inSource = paintSpans($("check-source"), sourceText, evidenceSpans, "mark", "ev");

    const list = $("problems");
    clear(list);
    const items = [];
    const select = (i, scroll) => {
      for (const node of document.querySelectorAll("#check-results .active")) node.classList.remove("active");
      items.forEach((item, k) => item.setAttribute("aria-current", k === i ? "true" : "false"));
      items[i].classList.add("active");
      for (const node of inSummary.get(i) || []) node.classList.add("active");
      const evidence = inSource.get(i) || [];
      for (const node of evidence) node.classList.add("active");
      if (scroll && evidence.length) evidence[0].scrollIntoView({ block: "center", behavior: "smooth" });
    };
    problems.forEach((p, i) => {
      const item = el("li", "problem kind-" + p.kind);
      item.tabIndex = 0;
      item.dataset.problem = String(i);
      item.appendChild(el("span", "badge kind-" + p.kind, KIND_LABEL[p.kind] || p.kind));
      item.appendChild(el("span", "problem-message", p.message));
      if (!p.evidence) item.appendChild(el("span", "problem-note", "لا يجد المدقق في المقال نصاً قريباً منه."));
      item.addEventListener("click", () => select(i, true));
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(i, true);
        }
      });
      items.push(item);
      list.appendChild(item);
    });
    if (problems.length === 0) list.appendChild(el("li", "no-problems", "لا شيء."));

    // A highlighted piece of the summary says why (title) and leads to its narrowest problem.
    for (const node of $("checked-summary").querySelectorAll("mark.prob")) {
      const ids = node.dataset.problems.split(" ").map(Number);
      node.title = ids.map((i) => (KIND_LABEL[problems[i].kind] || problems[i].kind) + ": " + problems[i].message)
        .join("\n");
      node.tabIndex = 0;
      node.addEventListener("click", () => select(ids[0], true));
      node.addEventListener("focus", () => select(ids[0], false));
    }
    $("check-results").hidden = false;
    state.shown.check = true;
  }

  // ---- requests --------------------------------------------------------------------
  // POSTs body to path; on success calls done(data), otherwise shows the error.
  async function post(path, body, busyText, done) {
    const button = $("submit");
    button.disabled = true;
    setStatus(busyText);
    const controller = new AbortController();
    const seconds = state.limits ? state.limits.timeout_s + 5 : 30;
    const timer = setTimeout(() => controller.abort(), seconds * 1000);
    const section = state.mode === "check" ? $("check-results") : $("results");
    try {
      const response = await fetch(path, {
        method: "POST", headers: headers(), body: JSON.stringify(body), signal: controller.signal,
      });
      let data = null;
      try {
        data = await response.json();
      } catch (_) {
        data = null;
      }
      if (!response.ok) {
        const error = data && data.error ? data.error : { type: "other", message: "HTTP " + response.status };
        section.hidden = true;
        showError(error.type, error.message);
        if (error.type === "unauthorized") {
          $("key-box").open = true;
          $("api-key").focus();
        }
        setStatus("");
        return;
      }
      done(data);
      setStatus("تم.");
    } catch (err) {
      section.hidden = true;
      showError(err && err.name === "AbortError" ? "timeout" : "network", err ? String(err.message || err) : "");
      setStatus("");
    } finally {
      clearTimeout(timer);
      button.disabled = false;
    }
  }

  // The article as the request carries it: the uploaded page, or the box's text.
  function articleSource() {
    if (state.html !== null) return { html: state.html };
    const text = $("article").value;
    return text.trim() ? { text: text } : null;
  }

  async function onSubmit(event) {
    event.preventDefault();
    hideError();
    const source = articleSource();
    const section = state.mode === "check" ? $("check-results") : $("results");
    if (!source) {
      section.hidden = true;
      showError("empty");
      $("article").focus();
      return;
    }
    if (state.mode === "check") {
      const summary = $("check-summary").value;
      if (!summary.trim()) {
        section.hidden = true;
        showError("empty_summary");
        $("check-summary").focus();
        return;
      }
      await runCheck(summary, source);
      return;
    }
    const style = currentStyle();
    const body = Object.assign({ style: style, method: $("method").value, max_words: Number($("length").value) },
      source);
    await post("/v1/summarize", body, "جارٍ التلخيص…", (data) => {
      render(data, source.html !== undefined ? data.source_text : source.text);
      state.produced = { summary: data.text, source: source };
      state.shown.summarize = true;
    });
  }

  async function runCheck(summary, source) {
    await post("/v1/check", Object.assign({ summary: summary }, source), "جارٍ التحقق…", (data) => {
      renderCheck(data, summary, source.html !== undefined ? data.source_text : source.text);
    });
  }

  // ---- modes -----------------------------------------------------------------------
  function setMode(mode) {
    state.mode = mode;
    const checking = mode === "check";
    $("mode-summarize").setAttribute("aria-selected", checking ? "false" : "true");
    $("mode-check").setAttribute("aria-selected", checking ? "true" : "false");
    $("check-box").hidden = !checking;
    $("options").hidden = checking;
    $("submit").textContent = checking ? "تحقق" : "لخّص";
    $("results").hidden = checking || !state.shown.summarize;
    $("check-results").hidden = !checking || !state.shown.check;
    hideError();
    setStatus("");
  }

  // Checks the summary the page just produced, against the article it came from.
  async function checkOwn() {
    if (!state.produced) return;
    setMode("check");
    $("check-summary").value = state.produced.summary;
    hideError();
    await runCheck(state.produced.summary, state.produced.source);
    const results = $("check-results");
    if (!results.hidden) results.scrollIntoView({ block: "start" });
  }

  function init() {
    applyStyleLength();
    for (const radio of document.querySelectorAll('input[name="style"]')) {
      radio.addEventListener("change", applyStyleLength);
    }
    $("length").addEventListener("input", () => {
      $("length-value").textContent = $("length").value;
    });
    $("file").addEventListener("change", onFile);
    $("file-clear").addEventListener("click", clearFile);
    $("article").addEventListener("input", () => {
      if (state.html !== null) clearFile();
    });
    $("form").addEventListener("submit", onSubmit);
    $("mode-summarize").addEventListener("click", () => setMode("summarize"));
    $("mode-check").addEventListener("click", () => setMode("check"));
    $("check-own").addEventListener("click", checkOwn);
    loadLimits();
    loadMethods();
  }

  // For the browser tests: the offset conversion is the one piece worth checking alone.
  window.mujazPage = { utf16Offsets: utf16Offsets, cutSegments: cutSegments };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
