// The regionkg workbench: a query editor with the library of questions, search, entity pages
// with evidence, networks and a map. Every request goes to the server that sent the page.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("access_token");
const ENTITY_PREFIX = "https://w3id.org/regionkg/id/entity/";
const TOP = 30; // associated entities listed, of all types or of one
const TYPE_COLOURS = {
  Place: "#2b7bb9", Zone: "#2e9e57", Institution: "#c2571a", Project: "#8a4baf", Plan: "#9a7b0a",
};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** GET or POST to the server; throws an Error with the server's message on a failure. */
async function call(path, params, options) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) url.searchParams.set(k, v);
  if (TOKEN) url.searchParams.set("access_token", TOKEN);
  const response = await fetch(url, options || {});
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text.trim()}`);
  return { text, type: response.headers.get("content-type") || "" };
}

async function json(path, params) {
  return JSON.parse((await call(path, params)).text);
}

function entityLink(id, name) {
  return el("a", { class: "entity", href: `#entity/${encodeURIComponent(id)}` }, name);
}

function badge(type) {
  return el("span", { class: `badge t-${type}` }, type);
}

// ---- Tabs and routing ---------------------------------------------------------------------

function show(tab) {
  for (const section of document.querySelectorAll(".tab")) {
    section.hidden = section.id !== `tab-${tab}`;
  }
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("active", a.dataset.tab === tab);
  }
}

function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("entity/")) {
    show("entity");
    openEntity(hash.slice("entity/".length));
  } else if (hash === "network") {
    show("network");
    drawNetwork();
  } else if (hash === "map") {
    show("map");
    drawMap();
  } else {
    show(hash === "entity" ? "entity" : "query");
  }
}

// ---- Query editor and the library ---------------------------------------------------------

let editor;
let questions = [];
let current = null; // the library question shown, if any

function selectQuestion(q) {
  current = q;
  for (const li of document.querySelectorAll("#questions li")) {
    li.classList.toggle("active", li.dataset.name === q.name);
  }
  $("question-form").hidden = false;
  $("question-title").textContent = q.name;
  $("question-text").textContent = q.question;
  const form = $("params");
  form.replaceChildren();
  for (const p of q.params) {
    form.append(el("label", {}, `${p.name}${p.note ? ` (${p.note})` : ""}`,
      el("input", { name: p.name, value: p.default })));
  }
  editor.setValue(q.sparql);
}

async function loadLibrary() {
  questions = await json("/api/queries");
  const list = $("questions");
  list.replaceChildren();
  for (const q of questions) {
    list.append(el("li", { "data-name": q.name, onclick: () => selectQuestion(q) },
      q.question, el("span", { class: "name" }, q.name)));
  }
  const first = questions.find((q) => q.name === "projects-linking-regions") || questions[0];
  if (first) selectQuestion(first);
}

/** A cell of a SPARQL JSON result: entities link to their page. */
function cell(term) {
  if (!term) return el("td", {});
  if (term.type === "uri" && term.value.startsWith(ENTITY_PREFIX)) {
    const id = decodeURIComponent(term.value.slice(ENTITY_PREFIX.length));
    return el("td", {}, entityLink(id, id));
  }
  const numeric = term.datatype && /#(integer|decimal|double|float|long|int)$/.test(term.datatype);
  const text = numeric && term.datatype.endsWith("double") ? Number(term.value).toFixed(4) : term.value;
  return el("td", numeric ? { class: "num" } : {}, text);
}

function renderResults(result) {
  const box = $("results");
  box.replaceChildren();
  if (result.type.includes("sparql-results+json")) {
    const data = JSON.parse(result.text);
    if ("boolean" in data) {
      box.append(el("p", {}, String(data.boolean)));
      return 1;
    }
    const vars = data.head.vars;
    const table = el("table", { id: "result-table" },
      el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", {}, v)))));
    const body = el("tbody", {});
    for (const row of data.results.bindings) {
      body.append(el("tr", {}, ...vars.map((v) => cell(row[v]))));
    }
    table.append(body);
    box.append(table);
    return data.results.bindings.length;
  }
  box.append(el("pre", {}, result.text));
  return result.text.split("\n").filter((l) => l.trim()).length;
}

async function run() {
  const button = $("run");
  const status = $("status");
  button.disabled = true;
  status.className = "";
  status.textContent = "…";
  const started = performance.now();
  try {
    const text = editor.getValue();
    let result;
    const accept = "application/sparql-results+json, application/n-triples;q=0.9";
    if (current && text === current.sparql) {
      const params = {};
      for (const input of $("params").querySelectorAll("input")) params[input.name] = input.value;
      result = await call(`/api/queries/${encodeURIComponent(current.name)}`, params,
        { headers: { Accept: accept } });
    } else {
      result = await call("/sparql", {}, {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: accept },
        body: text,
      });
    }
    const rows = renderResults(result);
    status.textContent = `${rows} rows, ${Math.round(performance.now() - started)} ms`;
  } catch (e) {
    $("results").replaceChildren();
    status.className = "error";
    status.textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

// ---- Search -------------------------------------------------------------------------------

/** A search box with its dropdown: `pick` gets the chosen hit. */
function searchBox(input, list, pick) {
  let timer;
  const lookup = async () => {
    const q = input.value.trim();
    if (!q) {
      list.hidden = true;
      return;
    }
    try {
      const hits = await json("/api/search", { q, limit: 12 });
      list.replaceChildren();
      for (const h of hits) {
        list.append(el("li", {
          "data-id": h.id,
          onclick: () => { list.hidden = true; pick(h); },
        }, badge(h.type), " ", h.name, h.parent ? ` · ${h.parent}` : "",
        h.matched !== h.name ? ` (${h.matched})` : "", ` · ${h.mentions}`));
      }
      if (!hits.length) list.append(el("li", {}, "没有找到 nothing found"));
      list.hidden = false;
    } catch (e) {
      list.replaceChildren(el("li", { class: "error" }, e.message));
      list.hidden = false;
    }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 200); });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = list.querySelector("li[data-id]");
      if (first) first.click();
    }
  });
  document.addEventListener("click", (ev) => {
    if (!input.parentElement.contains(ev.target)) list.hidden = true;
  });
}

// ---- Entity page --------------------------------------------------------------------------

let entity = null;
const filters = { npmi: null, count: null, common: null };

function timeline(points) {
  const box = $("timeline");
  box.replaceChildren();
  if (!points.length) {
    box.append(el("p", { class: "hint" }, "no dated documents"));
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const w = 1000, h = 120, pad = 18;
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const max = Math.max(...points.map((p) => p.documents));
  const bw = (w - 2 * pad) / points.length;
  points.forEach((p, i) => {
    const bh = ((h - 2 * pad) * p.documents) / max;
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", pad + i * bw + 1);
    rect.setAttribute("y", h - pad - bh);
    rect.setAttribute("width", Math.max(1, bw - 2));
    rect.setAttribute("height", bh);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${p.month}: ${p.documents}`;
    rect.append(title);
    svg.append(rect);
    if (points.length <= 24 || i % Math.ceil(points.length / 12) === 0) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", pad + i * bw);
      t.setAttribute("y", h - 4);
      t.textContent = p.month;
      svg.append(t);
    }
  });
  box.append(svg);
}

function linkTable(kind) {
  const table = $(kind === "npmi" ? "by-npmi" : "by-count");
  const rows = (kind === "npmi" ? entity.by_npmi : entity.by_count)
    .filter((x) => !filters[kind] || x.type === filters[kind])
    .slice(0, TOP);
  table.replaceChildren(el("tr", {}, el("th", {}, "entity"), el("th", {}, "sentences"),
    el("th", {}, "NPMI"), el("th", {}, "")));
  for (const x of rows) {
    table.append(el("tr", {},
      el("td", {}, badge(x.type), " ", entityLink(x.id, x.name)),
      el("td", { class: "num" }, x.windows),
      el("td", { class: "num" }, x.npmi === null ? "" : x.npmi.toFixed(3)),
      el("td", {}, el("button", { class: "evidence", onclick: () => showEvidence(x) }, "证据 evidence"))));
  }
  filterButtons(kind, () => linkTable(kind));
}

/** The type buttons above a list: All, or one type; `redraw` shows the list again. */
function filterButtons(kind, redraw) {
  const box = document.querySelector(`.filters[data-list="${kind}"]`);
  box.replaceChildren();
  for (const t of [null, "Place", "Zone", "Institution", "Project", "Plan"]) {
    box.append(el("button", {
      class: filters[kind] === t ? "on" : "",
      onclick: () => { filters[kind] = t; redraw(); },
    }, t || "All"));
  }
}

async function showEvidence(other, from) {
  const one = from || entity;
  const box = $("evidence");
  box.hidden = false;
  $("evidence-title").textContent = `证据 Evidence: ${one.name} — ${other.name}`;
  const list = $("evidence-list");
  list.replaceChildren(el("li", {}, "…"));
  try {
    const ev = await json("/api/evidence", { a: one.id, b: other.id, limit: 10 });
    list.replaceChildren();
    for (const s of ev.sentences) {
      const text = s.segments
        ? s.segments.map((g) => (g.mark ? el("mark", { class: g.mark }, g.text) : g.text))
        : [el("span", { class: "hint" }, s.source)];
      list.append(el("li", {}, ...text,
        el("span", { class: "doc" }, `${s.title || s.id}${s.date ? ` · ${s.date.slice(0, 10)}` : ""}`)));
    }
    if (!ev.sentences.length) {
      list.append(el("li", { class: "hint" }, "no sentence names both (they may meet through a name built on one of them)"));
    } else if (ev.total > ev.sentences.length) {
      list.append(el("li", { class: "hint" }, `… ${ev.total - ev.sentences.length} more`));
    }
    box.scrollIntoView({ behavior: "smooth", block: "nearest" });
  } catch (e) {
    list.replaceChildren(el("li", { class: "error" }, e.message));
  }
}

let common = null;

function commonTable() {
  const rows = common.common
    .filter((x) => !filters.common || x.type === filters.common)
    .slice(0, TOP);
  $("common-title").textContent =
    `${common.total} entities are linked with both ${common.a.name} and ${common.b.name}` +
    "（与两者都共现的实体；数字为各自的共现句数 sentences shared with each）";
  const table = $("common");
  table.replaceChildren(el("tr", {}, el("th", {}, "entity"), el("th", {}, common.a.name),
    el("th", {}, common.b.name), el("th", {}, "")));
  for (const x of rows) {
    table.append(el("tr", {},
      el("td", {}, badge(x.type), " ", entityLink(x.id, x.name)),
      el("td", { class: "num" }, x.windows_a),
      el("td", { class: "num" }, x.windows_b),
      el("td", {},
        el("button", { class: "evidence", onclick: () => showEvidence(x, common.a) }, `证据 ${common.a.name}`), " ",
        el("button", { class: "evidence", onclick: () => showEvidence(x, common.b) }, `证据 ${common.b.name}`))));
  }
  filterButtons("common", commonTable);
}

async function showCommon(other) {
  $("common-search").value = other.name;
  $("common-box").hidden = false;
  try {
    common = await json("/api/common", { a: entity.id, b: other.id, top: TOP });
    commonTable();
  } catch (e) {
    $("common").replaceChildren(el("tr", {}, el("td", { class: "error" }, e.message)));
  }
}

async function openEntity(id) {
  $("evidence").hidden = true;
  $("common-box").hidden = true;
  $("common-search").value = "";
  try {
    entity = await json("/api/entity", { id, top: TOP });
  } catch (e) {
    $("entity").hidden = true;
    $("entity-empty").hidden = false;
    $("entity-empty").textContent = e.message;
    return;
  }
  $("entity-empty").hidden = true;
  $("entity").hidden = false;
  $("entity-name").textContent = entity.name;
  $("entity-type").className = `badge t-${entity.type}`;
  $("entity-type").textContent = entity.type + (entity.subtype ? ` · ${entity.subtype}` : "");
  const chain = $("entity-chain");
  chain.replaceChildren(entity.name);
  for (const p of entity.chain) chain.append(" → ", entityLink(p.id, p.name));
  const facts = $("entity-facts");
  facts.replaceChildren();
  const fact = (k, v) => { if (v !== null && v !== undefined && v !== "") facts.append(el("dt", {}, k), el("dd", {}, v)); };
  fact("id", entity.id);
  fact("别名 aliases", entity.aliases.join("、"));
  fact("代码 code", entity.code);
  if (entity.lat !== null) fact("坐标 coordinates", `${entity.lat.toFixed(4)}, ${entity.lon.toFixed(4)}`);
  if (entity.members.length) {
    const dd = el("span", {});
    entity.members.forEach((m, i) => dd.append(i ? "、" : "", entityLink(m.id, m.name)));
    fact("成员 members", dd);
  }
  fact("提及 mentions", entity.mentions);
  fact("文档 documents", entity.documents);
  fact("共现实体 linked entities", entity.neighbours);
  timeline(entity.timeline);
  linkTable("npmi");
  linkTable("count");
  drawEgo(id);
}

// ---- Networks -----------------------------------------------------------------------------

const graphs = {};

function graph(container, elements, layout, onTap) {
  if (graphs[container]) graphs[container].destroy();
  const cy = cytoscape({
    container: $(container),
    elements,
    layout,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", width: "data(size)",
        height: "data(size)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 2,
        "font-family": "Noto Sans CJK SC, Noto Sans SC, sans-serif", color: "#1f2328",
        "text-wrap": "ellipsis", "text-max-width": 120 } },
      { selector: "node.ego", style: { "border-width": 3, "border-color": "#1f2328" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#8aa4c1", opacity: 0.55, "curve-style": "haystack" } },
    ],
  });
  cy.on("tap", "node", (ev) => onTap(ev.target.data()));
  graphs[container] = cy;
  return cy;
}

async function drawEgo(id) {
  const ego = await json("/api/ego", { id, top: 20 });
  const maxW = Math.max(1, ...ego.edges.map((e) => e.weight));
  const maxM = Math.max(1, ...ego.nodes.map((n) => n.mentions));
  const elements = [
    ...ego.nodes.map((n) => ({
      data: { id: n.id, label: n.name, colour: TYPE_COLOURS[n.type] || "#888",
        size: 14 + 30 * Math.sqrt(n.mentions / maxM) },
      classes: n.ego ? "ego" : "",
    })),
    ...ego.edges.map((e) => ({
      data: { id: `${e.source}|${e.target}`, source: e.source, target: e.target,
        width: 1 + 7 * (e.weight / maxW) },
    })),
  ];
  graph("ego", elements, { name: "concentric", concentric: (n) => (n.hasClass("ego") ? 2 : 1), levelWidth: () => 1, animate: false },
    (d) => { location.hash = `#entity/${encodeURIComponent(d.id)}`; });
}

let networkLevel = null;

async function drawNetwork() {
  const level = $("level").value;
  if (networkLevel === level && graphs["city-network"]) return;
  networkLevel = level;
  const net = await json("/api/network", { level, nodes: 80, edges: 300 });
  const names = new Set(net.nodes.map((n) => n.name));
  const maxP = Math.max(...net.nodes.map((n) => n.pagerank));
  const edges = net.edges.filter((e) => names.has(e.source) && names.has(e.target));
  const maxW = Math.max(1, ...edges.map((e) => e.documents));
  const elements = [
    ...net.nodes.map((n) => ({
      data: { id: n.name, code: String(n.id), label: n.name, colour: TYPE_COLOURS.Place,
        size: 8 + 30 * Math.sqrt(n.pagerank / maxP) },
    })),
    ...edges.map((e) => ({
      data: { id: `${e.source}|${e.target}`, source: e.source, target: e.target,
        width: 0.5 + 6 * (e.documents / maxW) },
    })),
  ];
  graph("city-network", elements, { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000 },
    (d) => { location.hash = `#entity/${encodeURIComponent(d.code)}`; });
}

// ---- Map ----------------------------------------------------------------------------------

let mapData = null;
let outline = undefined;

async function drawMap() {
  const level = $("map-level").value;
  if (!mapData || mapData.level !== level) {
    mapData = { level, ...(await json("/api/network", { level, nodes: 400, edges: 3000 })) };
    // The slider spans the links' weights and starts at a tenth of the strongest.
    const strongest = Math.max(1, ...mapData.edges.map((e) => e.documents));
    $("min-weight").max = strongest;
    $("min-weight").value = Math.max(1, Math.round(strongest / 10));
  }
  if (outline === undefined) {
    outline = await json("/api/outline");
  }
  const min = Number($("min-weight").value);
  $("min-weight-value").textContent = min;
  const svg = $("map");
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  const places = mapData.nodes.filter((n) => typeof n.lat === "number" && typeof n.lng === "number");
  if (!places.length) return;
  const lats = places.map((p) => p.lat), lngs = places.map((p) => p.lng);
  const [lat0, lat1, lng0, lng1] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const k = Math.cos(((lat0 + lat1) / 2) * Math.PI / 180);
  const spanX = Math.max(1, (lng1 - lng0) * k), spanY = Math.max(1, lat1 - lat0);
  const scale = Math.min(940 / spanX, 740 / spanY);
  const x = (lng) => 30 + (lng - lng0) * k * scale;
  const y = (lat) => 770 - (lat - lat0) * scale;
  if (outline) {
    const rings = [];
    const collect = (g) => {
      if (!g) return;
      if (g.type === "FeatureCollection") g.features.forEach((f) => collect(f.geometry));
      else if (g.type === "Feature") collect(g.geometry);
      else if (g.type === "Polygon") rings.push(...g.coordinates);
      else if (g.type === "MultiPolygon") g.coordinates.forEach((p) => rings.push(...p));
    };
    collect(outline);
    for (const ring of rings) {
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", ring.map(([lng, lat], i) => `${i ? "L" : "M"}${x(lng).toFixed(1)},${y(lat).toFixed(1)}`).join("") + "Z");
      svg.append(path);
    }
  }
  const at = new Map(places.map((p) => [p.name, p]));
  const maxW = Math.max(1, ...mapData.edges.map((e) => e.documents));
  for (const e of mapData.edges) {
    const a = at.get(e.source), b = at.get(e.target);
    if (!a || !b || e.documents < min) continue;
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", x(a.lng)); line.setAttribute("y1", y(a.lat));
    line.setAttribute("x2", x(b.lng)); line.setAttribute("y2", y(b.lat));
    line.setAttribute("stroke-width", 0.5 + 5 * (e.documents / maxW));
    svg.append(line);
  }
  const maxP = Math.max(...places.map((p) => p.pagerank));
  places.forEach((p, i) => {
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", x(p.lng)); c.setAttribute("cy", y(p.lat));
    c.setAttribute("r", 2 + 14 * Math.sqrt(p.pagerank / maxP));
    const title = document.createElementNS(ns, "title");
    title.textContent = `${p.name}: ${p.documents} documents, PageRank ${p.pagerank.toFixed(4)}`;
    c.append(title);
    c.addEventListener("click", () => { location.hash = `#entity/${encodeURIComponent(String(p.id))}`; });
    svg.append(c);
    if (i < 25) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", x(p.lng) + 6); t.setAttribute("y", y(p.lat) - 6);
      t.textContent = p.name;
      svg.append(t);
    }
  });
}

// ---- Start --------------------------------------------------------------------------------

window.addEventListener("DOMContentLoaded", async () => {
  editor = CodeMirror.fromTextArea($("editor"), { mode: "application/sparql-query", lineNumbers: true });
  $("run").addEventListener("click", run);
  searchBox($("search"), $("search-results"),
    (h) => { location.hash = `#entity/${encodeURIComponent(h.id)}`; });
  searchBox($("common-search"), $("common-results"), showCommon);
  $("level").addEventListener("change", drawNetwork);
  $("map-level").addEventListener("change", drawMap);
  $("min-weight").addEventListener("input", drawMap);
  window.addEventListener("hashchange", route);
  route();
  try {
    await loadLibrary();
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = e.message;
  }
});
