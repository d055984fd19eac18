// The reading room: reads the JSON API and draws the page. Every text from
// the corpus goes into the page through textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE = 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The page's state; every part of it is in the URL.
const state = {
  q: "", exact: false, lang: [], nolang: [], src: [], nosrc: [], without: [],
  from: "", to: "", offset: 0, view: "hits", cmp: "", doc: "", passage: "",
};
const LISTS = ["lang", "nolang", "src", "nosrc", "without"];

let results = null;      // the last search answer drawn
let selected = -1;       // the hit the keyboard is on
let asked = 0;           // the number of the last search asked for
let kwicRows = [];
let kwicSort = null;

// ---- state and URL -------------------------------------------------------

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.q = p.get("q") || "";
  state.exact = p.get("exact") === "1";
  for (const k of LISTS) state[k] = p.getAll(k);
  state.from = p.get("from") || "";
  state.to = p.get("to") || "";
  state.offset = parseInt(p.get("offset") || "0", 10) || 0;
  state.view = p.get("view") === "kwic" ? "kwic" : "hits";
  state.cmp = p.get("cmp") || "";
  state.doc = p.get("doc") || "";
  state.passage = p.get("passage") || "";
}

function params(extra) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.exact) p.set("exact", "1");
  for (const k of LISTS) for (const v of state[k]) p.append(k, v);
  if (state.from) p.set("from", state.from);
  if (state.to) p.set("to", state.to);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p;
}

function pageUrl() {
  const p = params();
  if (state.offset) p.set("offset", String(state.offset));
  if (state.view !== "hits") p.set("view", state.view);
  if (state.cmp) p.set("cmp", state.cmp);
  if (state.doc) { p.set("doc", state.doc); if (state.passage !== "") p.set("passage", state.passage); }
  const s = p.toString();
  return s ? "?" + s : location.pathname;
}

// push: a step the Back button should return to; otherwise the address is
// only kept in step (typing).
function commit(push) {
  const url = pageUrl();
  if (url === location.search || (url === location.pathname && !location.search)) return;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

// ---- text with marks -----------------------------------------------------

// Pieces of `text` with the byte ranges `marks` flagged.
function pieces(text, marks) {
  const bytes = encoder.encode(text);
  const out = [];
  let at = 0;
  for (const [a, b] of marks) {
    if (a < at || b > bytes.length) continue;
    if (a > at) out.push({ t: decoder.decode(bytes.subarray(at, a)), m: false });
    out.push({ t: decoder.decode(bytes.subarray(a, b)), m: true });
    at = b;
  }
  if (at < bytes.length) out.push({ t: decoder.decode(bytes.subarray(at)), m: false });
  return out;
}

// A window of about `width` characters around the first match.
function snippetPieces(text, marks, width) {
  const all = pieces(text, marks);
  const first = all.findIndex((p) => p.m);
  if (first < 0) return [{ t: cut(text, width), m: false }];
  const before = all.slice(0, first).map((p) => p.t).join("");
  const lead = before.length > width / 3 ? "…" + before.slice(before.length - Math.floor(width / 3)) : before;
  const out = [{ t: lead, m: false }];
  let used = lead.length;
  for (const p of all.slice(first)) {
    if (used > width) { out.push({ t: "…", m: false }); break; }
    const room = width - used;
    out.push({ t: p.m || p.t.length <= room ? p.t : p.t.slice(0, room) + "…", m: p.m });
    used += p.t.length;
  }
  return out;
}

function cut(text, n) { return text.length > n ? text.slice(0, n) + "…" : text; }

function drawPieces(parent, list) {
  for (const p of list) {
    if (p.m) { const m = document.createElement("mark"); m.textContent = p.t; parent.append(m); }
    else parent.append(document.createTextNode(p.t));
  }
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

function where(hit) {
  const parts = [];
  if (hit.page) parts.push("p. " + hit.page);
  parts.push("line " + hit.line);
  if (hit.section) parts.push("§ " + hit.section);
  if (hit.ocr) parts.push("OCR");
  return parts.join(", ");
}

// ---- API -----------------------------------------------------------------

async function api(path, p) {
  const response = await fetch(path + "?" + p.toString(), { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new Error((body && body.error) || response.status + " " + response.statusText);
  return body;
}

function showError(message) {
  const e = $("error");
  e.textContent = message || "";
  e.hidden = !message;
}

// ---- search --------------------------------------------------------------

let timer = 0;
function searchSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => { state.offset = 0; commit(false); search(); }, 250);
}

async function search() {
  const mine = ++asked;
  if (!state.q.trim()) {
    results = null;
    drawEmpty();
    return;
  }
  const p = params({ limit: String(PAGE), offset: String(state.offset) });
  try {
    const answer = await api("/api/search", p);
    if (mine !== asked) return; // a newer search was asked for meanwhile
    showError("");
    results = answer;
    selected = -1;
    draw();
    drawTimeline(mine);
  } catch (e) {
    if (mine !== asked) return;
    showError(e.message);
  }
}

function drawEmpty() {
  showError("");
  for (const id of ["hits", "kwic-rows", "f-lang", "f-decade", "f-source", "timeline"]) $(id).replaceChildren();
  $("summary").textContent = "Type a name, a place or a word, in any language.";
  $("expansion").hidden = true;
  drawChips();
  $("pager").hidden = true;
}

function draw() {
  const r = results;
  const shown = r.hits.length ? `${state.offset + 1}–${state.offset + r.hits.length} of ${r.total}` : "0";
  $("summary").textContent = `${r.total} passage${r.total === 1 ? "" : "s"} · showing ${shown} · ${r.took_ms.toFixed(1)} ms${r.typos ? " · with typos" : ""}` +
    (r.suggestions && r.suggestions.length ? ` · did you mean: ${r.suggestions.join(", ")}?` : "");
  drawExpansion(r.expanded);
  drawChips();
  drawFacets(r.facets);
  drawHits(r.hits);
  drawKwic(r.hits);
  $("pager").hidden = r.total <= PAGE;
  $("prev-page").disabled = state.offset === 0;
  $("next-page").disabled = state.offset + PAGE >= r.total;
  $("export-csv").href = "/api/export?" + params({ format: "csv" }).toString();
  $("export-json").href = "/api/export?" + params({ format: "json" }).toString();
  showView();
}

function drawExpansion(expanded) {
  const box = $("expansion");
  box.replaceChildren();
  const words = Object.keys(expanded || {});
  const off = state.without;
  if (!words.length && !off.length) { box.hidden = true; return; }
  box.hidden = false;
  box.append(el("span", {}, "Also searched as:"));
  const forms = new Set();
  for (const w of words) for (const f of expanded[w]) forms.add(f);
  for (const f of off) forms.add(f);
  for (const f of forms) {
    const isOff = off.includes(f);
    const b = el("button", { type: "button", class: "chip" + (isOff ? " off" : ""), "aria-pressed": String(!isOff),
      title: isOff ? "Search this spelling again" : "Stop searching this spelling" }, f);
    b.addEventListener("click", () => {
      state.without = isOff ? off.filter((x) => x !== f) : off.concat([f]);
      state.offset = 0; commit(true); search();
    });
    box.append(b);
  }
}

function drawChips() {
  const box = $("chips");
  box.replaceChildren();
  const chips = [];
  for (const l of state.lang) chips.push(["lang", l, "language " + l, false]);
  for (const l of state.nolang) chips.push(["nolang", l, "not language " + l, true]);
  for (const s of state.src) chips.push(["src", s, "source " + s, false]);
  for (const s of state.nosrc) chips.push(["nosrc", s, "not source " + s, true]);
  if (state.from || state.to) chips.push(["dates", "", `dates ${state.from || "…"} – ${state.to || "…"}`, false]);
  if (state.exact) chips.push(["exact", "", "exact words only", false]);
  box.hidden = !chips.length;
  for (const [kind, value, label, exclude] of chips) {
    const b = el("button", { type: "button", class: "chip" + (exclude ? " exclude" : ""), title: "Remove this filter" }, label + " ✕");
    b.addEventListener("click", () => {
      if (kind === "dates") { state.from = ""; state.to = ""; }
      else if (kind === "exact") { state.exact = false; $("exact").checked = false; }
      else state[kind] = state[kind].filter((x) => x !== value);
      state.offset = 0; commit(true); search();
    });
    box.append(b);
  }
  $("clear-range").hidden = !(state.from || state.to);
}

// A facet value cycles: neutral → kept → left out → neutral.
function facetList(id, counts, keep, drop, label) {
  const ul = $(id);
  ul.replaceChildren();
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const v of state[drop]) if (!counts[v]) entries.push([v, 0]);
  for (const [value, n] of entries) {
    const kept = state[keep].includes(value);
    const left = state[drop].includes(value);
    const b = el("button", { type: "button", class: kept ? "keep" : left ? "exclude" : "",
      "aria-pressed": String(kept), "data-value": value });
    b.append(el("span", {}, label ? label(value) : value), el("span", { class: "count" }, String(n)));
    b.addEventListener("click", () => {
      if (kept) { state[keep] = state[keep].filter((x) => x !== value); state[drop] = state[drop].concat([value]); }
      else if (left) state[drop] = state[drop].filter((x) => x !== value);
      else state[keep] = state[keep].concat([value]);
      state.offset = 0; commit(true); search();
    });
    const li = el("li");
    li.append(b);
    ul.append(li);
  }
}

const LANG_NAMES = { en: "English", ru: "Russian", ko: "Korean", ja: "Japanese", zh: "Chinese", de: "German", fr: "French", und: "not told" };

function drawFacets(f) {
  facetList("f-lang", f.lang, "lang", "nolang", (c) => `${LANG_NAMES[c] || c} (${c})`);
  facetList("f-source", f.source, "src", "nosrc");
  const ul = $("f-decade");
  ul.replaceChildren();
  for (const [decade, n] of Object.entries(f.decade).sort()) {
    const from = decade, to = String(parseInt(decade, 10) + 9);
    const on = state.from === from && state.to === to;
    const b = el("button", { type: "button", class: on ? "keep" : "", "aria-pressed": String(on) });
    b.append(el("span", {}, decade + "s"), el("span", { class: "count" }, String(n)));
    b.addEventListener("click", () => {
      if (on) { state.from = ""; state.to = ""; } else { state.from = from; state.to = to; }
      state.offset = 0; commit(true); search();
    });
    const li = el("li");
    li.append(b);
    ul.append(li);
  }
}

function drawHits(hits) {
  const ol = $("hits");
  ol.replaceChildren();
  hits.forEach((hit, i) => {
    const li = el("li", { class: "hit", tabindex: "-1", "data-index": String(i) });
    const meta = el("div", { class: "meta" });
    meta.append(el("span", { class: "src" }, hit.source), el("span", {}, where(hit)),
      el("span", { class: "lang", title: LANG_NAMES[hit.lang] || hit.lang }, hit.lang));
    if (hit.years.length) meta.append(el("span", { title: "years the passage mentions" }, hit.years.join(", ")));
    const p = el("p", { class: "snippet", lang: hit.lang === "und" ? "" : hit.lang });
    drawPieces(p, snippetPieces(hit.text, hit.marks, 320));
    li.append(meta, p);
    if (hit.matched.length) {
      const read = (hit.variants || []).map((v) => `${v.text} (${v.rule})`);
      li.append(el("div", { class: "matched" }, "matched as " + hit.matched.join(", ") +
        (read.length ? "; read as " + read.join(", ") : "")));
    }
    const actions = el("div", { class: "actions" });
    const open = el("button", { type: "button", class: "open" }, "Read in document");
    open.addEventListener("click", () => openReader(hit.source, hit.passage, true));
    const cite = el("details", { class: "cite" });
    cite.append(el("summary", {}, "Cite"));
    const area = el("textarea", { rows: "3", readonly: "", "aria-label": "Citation" });
    area.value = citation(hit);
    cite.append(area);
    actions.append(open, cite);
    li.append(actions);
    li.addEventListener("click", (e) => { if (!e.target.closest("button,summary,textarea")) select(i); });
    ol.append(li);
  });
}

function citation(hit) {
  const dates = hit.dates.map((d) => d.text).join("; ");
  const today = new Date().toISOString().slice(0, 10);
  return `${hit.source}, ${where(hit)} (passage ${hit.passage}, ${hit.lang}): “${cut(hit.text, 400)}”` +
    (dates ? ` Dates mentioned: ${dates}.` : "") + ` Found with shimoda for “${state.q}”, ${today}.`;
}

function select(i) {
  const items = $("hits").children;
  if (!items.length) return;
  selected = Math.max(0, Math.min(items.length - 1, i));
  for (const it of items) it.classList.remove("selected");
  const it = items[selected];
  it.classList.add("selected");
  it.focus({ preventScroll: true });
  it.scrollIntoView({ block: "nearest" });
}

// ---- keywords in context -------------------------------------------------

function drawKwic(hits) {
  kwicRows = [];
  for (const hit of hits) {
    const all = pieces(hit.text, hit.marks);
    all.forEach((p, i) => {
      if (!p.m) return;
      const left = all.slice(0, i).map((x) => x.t).join("");
      const right = all.slice(i + 1).map((x) => x.t).join("");
      kwicRows.push({ left: left.slice(-60), match: p.t, right: right.slice(0, 60), hit });
    });
  }
  if (kwicSort) sortKwic(kwicSort, false);
  drawKwicRows();
}

function drawKwicRows() {
  const body = $("kwic-rows");
  body.replaceChildren();
  for (const row of kwicRows) {
    const tr = el("tr");
    const src = el("td");
    const a = el("button", { type: "button", class: "open" }, `${row.hit.source} (${where(row.hit)})`);
    a.addEventListener("click", () => openReader(row.hit.source, row.hit.passage, true));
    src.append(a);
    const left = el("td", { class: "left" });
    left.append(el("span", {}, row.left));
    tr.append(left, el("td", { class: "hitword" }, row.match),
      el("td", {}, row.right), src);
    body.append(tr);
  }
}

function sortKwic(side, redraw) {
  kwicSort = side;
  const key = side === "left"
    ? (r) => [...r.left].reverse().join("").toLowerCase()
    : (r) => r.right.toLowerCase();
  kwicRows.sort((a, b) => key(a).localeCompare(key(b)));
  if (redraw) drawKwicRows();
}

function kwicCsv() {
  const cell = (t) => /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  const lines = ["left,match,right,source,line"];
  for (const r of kwicRows) lines.push([r.left, r.match, r.right, r.hit.source, String(r.hit.line)].map(cell).join(","));
  const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
  const a = el("a", { href: URL.createObjectURL(blob), download: "shimoda-kwic.csv" });
  document.body.append(a);
  a.click();
  a.remove();
}

function showView() {
  const kwic = state.view === "kwic";
  $("hits").hidden = kwic;
  $("kwic").hidden = !kwic;
  $("export-kwic").hidden = !kwic;
  $("view-hits").setAttribute("aria-pressed", String(!kwic));
  $("view-kwic").setAttribute("aria-pressed", String(kwic));
}

// ---- timeline ------------------------------------------------------------

let bins = [];      // [{from, to, label}] of the bars drawn, left to right
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

async function drawTimeline(mine) {
  const terms = [state.q].concat(state.cmp.split(",").map((t) => t.trim()).filter(Boolean)).slice(0, 3);
  let series;
  let relative = false;
  if (terms.length > 1) {
    const p = params();
    p.delete("q");
    for (const t of terms) p.append("q", t);
    p.delete("from"); p.delete("to");
    try {
      const tl = await api("/api/timeline", p);
      if (mine !== asked) return;
      relative = true;
      series = tl.series.map((s) => ({ query: s.query, year: Object.fromEntries(
        Object.entries(s.year).map(([y, n]) => [y, n / (tl.all[y] || 1)])) }));
    } catch (e) {
      showError(e.message);
      return;
    }
  } else {
    series = [{ query: state.q, year: results.facets.year }];
  }
  const years = new Set();
  for (const s of series) for (const y of Object.keys(s.year)) years.add(parseInt(y, 10));
  const box = $("timeline");
  box.replaceChildren();
  if (!years.size) { $("timeline-note").textContent = "No dated passages."; bins = []; return; }
  const lo = Math.min(...years), hi = Math.max(...years);
  const step = hi - lo > 80 ? 10 : 1;
  const first = Math.floor(lo / step) * step;
  bins = [];
  for (let y = first; y <= hi; y += step) bins.push({ from: y, to: y + step - 1, label: step === 10 ? y + "s" : String(y) });
  const values = series.map((s) => bins.map((b) => {
    let n = 0;
    for (const [y, c] of Object.entries(s.year)) { const v = parseInt(y, 10); if (v >= b.from && v <= b.to) n += c; }
    return n;
  }));
  const max = Math.max(...values.flat(), 1e-9);
  const W = 800, H = 120, w = W / bins.length;
  values.forEach((vals, si) => {
    vals.forEach((v, i) => {
      if (!v) return;
      const h = Math.max(2, (v / max) * (H - 14));
      const bw = w / values.length;
      const r = svg("rect", { x: i * w + si * bw, y: H - h, width: Math.max(1, bw - 1), height: h, class: "bar" + si });
      const t = svg("title", {});
      t.textContent = `${series[si].query}: ${bins[i].label}: ${relative ? (v * 100).toFixed(2) + " % of passages" : v + " passages"}`;
      r.append(t);
      box.append(r);
    });
  });
  const every = Math.ceil(bins.length / 8);
  bins.forEach((b, i) => {
    if (i % every) return;
    const t = svg("text", { x: i * w + 2, y: 136 });
    t.textContent = b.label;
    box.append(t);
  });
  if (state.from || state.to) {
    const a = bins.findIndex((b) => !state.from || b.to >= parseInt(state.from, 10));
    let z = bins.length - 1;
    while (z > 0 && state.to && bins[z].from > parseInt(state.to, 10)) z--;
    if (a >= 0 && z >= a) box.append(svg("rect", { x: a * w, y: 0, width: (z - a + 1) * w, height: H, class: "sel" }));
  }
  const legend = relative ? " Bars: share of all passages mentioning the year." : "";
  $("timeline-note").textContent = "Drag across the bars to keep only those years." + legend +
    (series.length > 1 ? " " + series.map((s, i) => `${["blue", "orange", "green"][i]}: ${s.query}`).join(" · ") : "");
}

function binAt(event) {
  const box = $("timeline").getBoundingClientRect();
  const x = Math.min(Math.max(event.clientX - box.left, 0), box.width - 1);
  return Math.floor((x / box.width) * bins.length);
}

let dragFrom = null;
function dragStart(event) {
  if (!bins.length) return;
  dragFrom = binAt(event);
  $("timeline").setPointerCapture(event.pointerId);
}
function dragMove(event) {
  if (dragFrom === null) return;
  const a = Math.min(dragFrom, binAt(event)), z = Math.max(dragFrom, binAt(event));
  const box = $("timeline");
  let sel = box.querySelector(".sel");
  if (!sel) { sel = svg("rect", { class: "sel", y: 0, height: 120 }); box.append(sel); }
  const w = 800 / bins.length;
  sel.setAttribute("x", a * w);
  sel.setAttribute("width", (z - a + 1) * w);
}
function dragEnd(event) {
  if (dragFrom === null) return;
  const a = Math.min(dragFrom, binAt(event)), z = Math.max(dragFrom, binAt(event));
  dragFrom = null;
  state.from = String(bins[a].from);
  state.to = String(bins[z].to);
  state.offset = 0; commit(true); search();
}

// ---- reader --------------------------------------------------------------

let readerMarks = [];
let readerAt = -1;

async function openReader(source, passage, push) {
  state.doc = source;
  state.passage = passage === undefined || passage === null ? "" : String(passage);
  if (push) commit(true);
  const p = new URLSearchParams({ source, q: state.q });
  if (state.exact) p.set("exact", "1");
  let doc;
  try { doc = await api("/api/document", p); } catch (e) { showError(e.message); return; }
  const body = $("reader-body");
  body.replaceChildren();
  $("reader-title").textContent = doc.source;
  const bar = $("reader-bar");
  bar.replaceChildren();
  let target = null;
  doc.passages.forEach((ps, i) => {
    const div = el("div", { class: "passage", lang: ps.lang === "und" ? "" : ps.lang, "data-passage": String(ps.passage) });
    const whereText = [where(ps), ps.lang].concat(ps.dates.length ? ["dates: " + ps.dates.map((d) => d.text).join("; ")] : []).join(" · ");
    div.append(el("div", { class: "where" }, whereText));
    const p = el("p");
    drawPieces(p, pieces(ps.text, ps.marks));
    div.append(p);
    if (String(ps.passage) === state.passage) { div.classList.add("hit-passage"); target = div; }
    if (ps.marks.length) {
      const tick = el("span");
      tick.style.left = ((i / Math.max(1, doc.passages.length)) * 100).toFixed(2) + "%";
      bar.append(tick);
    }
    body.append(div);
  });
  readerMarks = [...body.querySelectorAll("mark")];
  $("reader").hidden = false;
  readerAt = -1;
  if (target) {
    const inTarget = readerMarks.findIndex((m) => target.contains(m));
    if (inTarget >= 0) goToMark(inTarget); else target.scrollIntoView({ block: "center" });
  } else if (readerMarks.length) goToMark(0);
  countMarks();
  $("reader-close").focus();
}

function goToMark(i) {
  if (!readerMarks.length) return;
  if (readerAt >= 0) readerMarks[readerAt].classList.remove("current");
  readerAt = (i + readerMarks.length) % readerMarks.length;
  const m = readerMarks[readerAt];
  m.classList.add("current");
  m.scrollIntoView({ block: "center" });
  countMarks();
}

function countMarks() {
  $("reader-count").textContent = readerMarks.length
    ? `match ${readerAt + 1} of ${readerMarks.length}` : "no match of the query in this document";
}

function closeReader(push) {
  $("reader").hidden = true;
  state.doc = ""; state.passage = "";
  if (push) commit(true);
  if (selected >= 0) select(selected); else $("q").focus();
}

// ---- status --------------------------------------------------------------

async function status() {
  try {
    const s = await api("/api/status", new URLSearchParams());
    const langs = Object.entries(s.languages).map(([l, n]) => `${l} ${n}`).join(", ");
    const when = s.updated ? new Date(s.updated * 1000).toLocaleString() : "never";
    const text = s.state === "building"
      ? "Building the index of " + s.corpus + "… searches will answer when it is ready."
      : `Index: ${s.files} files, ${s.passages} passages (${langs}); updated ${when}` +
        (s.state === "updating" ? " · updating…" : "") + (s.message ? " · " + s.message : "");
    $("status").textContent = text;
    if (s.state === "building" || s.state === "updating") setTimeout(status, 1000);
    else setTimeout(status, 10000);
    if (s.state === "ready" && waitingForIndex) { waitingForIndex = false; search(); }
    if (s.state === "building") waitingForIndex = true;
  } catch (e) {
    $("status").textContent = "The server does not answer.";
    setTimeout(status, 5000);
  }
}
let waitingForIndex = false;

// ---- wiring --------------------------------------------------------------

function fromUrl() {
  readUrl();
  $("q").value = state.q;
  $("exact").checked = state.exact;
  $("compare").value = state.cmp;
  showView();
  search().then(() => {
    if (state.doc) openReader(state.doc, state.passage === "" ? null : state.passage, false);
    else if (!$("reader").hidden) { $("reader").hidden = true; }
  });
}

function typing() {
  return document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
}

document.addEventListener("DOMContentLoaded", () => {
  $("q").addEventListener("input", () => { state.q = $("q").value; state.without = []; searchSoon(); });
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    state.q = $("q").value; state.offset = 0; commit(true); search();
  });
  $("exact").addEventListener("change", () => { state.exact = $("exact").checked; state.offset = 0; commit(true); search(); });
  $("compare").addEventListener("change", () => { state.cmp = $("compare").value; commit(true); if (results) drawTimeline(asked); });
  $("clear-range").addEventListener("click", () => { state.from = ""; state.to = ""; state.offset = 0; commit(true); search(); });
  $("prev-page").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); commit(true); search(); });
  $("next-page").addEventListener("click", () => { state.offset += PAGE; commit(true); search(); });
  $("view-hits").addEventListener("click", () => { state.view = "hits"; commit(true); showView(); });
  $("view-kwic").addEventListener("click", () => { state.view = "kwic"; commit(true); showView(); });
  $("sort-left").addEventListener("click", () => sortKwic("left", true));
  $("sort-right").addEventListener("click", () => sortKwic("right", true));
  $("export-kwic").addEventListener("click", kwicCsv);
  $("reader-close").addEventListener("click", () => closeReader(true));
  $("reader-next").addEventListener("click", () => goToMark(readerAt + 1));
  $("reader-prev").addEventListener("click", () => goToMark(readerAt - 1));
  const tl = $("timeline");
  tl.addEventListener("pointerdown", dragStart);
  tl.addEventListener("pointermove", dragMove);
  tl.addEventListener("pointerup", dragEnd);
  window.addEventListener("popstate", fromUrl);
  document.addEventListener("keydown", (e) => {
    const reading = !$("reader").hidden;
    if (e.key === "Escape" && reading) { e.preventDefault(); closeReader(true); return; }
    if (reading) {
      if (e.key === "n" || e.key === "ArrowDown" && e.altKey) { e.preventDefault(); goToMark(readerAt + 1); }
      if (e.key === "p") { e.preventDefault(); goToMark(readerAt - 1); }
      return;
    }
    if (typing()) {
      if (e.key === "ArrowDown" && document.activeElement === $("q") && results && results.hits.length) { e.preventDefault(); select(0); }
      return;
    }
    if (e.key === "/") { e.preventDefault(); $("q").focus(); $("q").select(); }
    else if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
    else if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
    else if (e.key === "Enter" && selected >= 0 && results && e.target.classList.contains("hit")) {
      e.preventDefault();
      const hit = results.hits[selected];
      openReader(hit.source, hit.passage, true);
    }
  });
  status();
  fromUrl();
  if (!state.q) $("q").focus();
});
