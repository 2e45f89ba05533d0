// eventwire page: filters drive a timeline, an event table, a map and an actor network;
// the event panel shows the evidence. Article text is hostile input: every piece of data
// reaches the page through textContent or DOM attributes, never through innerHTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PAGE_SIZE = 100;
  const QUADS = ["verbal-coop", "material-coop", "verbal-conflict", "material-conflict"];
  const state = { offset: 0, total: 0, map: null, markers: null, selected: null, quadOf: {} };

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function setStatus(text, isError) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  async function getJSON(path, params) {
    const query = params ? "?" + params.toString() : "";
    const response = await fetch(path + query, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : response.statusText;
      throw new Error(detail);
    }
    return body;
  }

  function actorLabel(ref) {
    if (!ref) return "";
    if (ref.name) return ref.name + (ref.country ? " (" + ref.country + ")" : "");
    return [ref.country, ref.sector].filter(Boolean).join("/") || ref.text || "?";
  }

  function partyLabel(refs) {
    return (refs || []).map(actorLabel).join("; ") || "–";
  }

  function dateLabel(date) {
    if (!date || !date.start) return "undated";
    return date.start === date.end || !date.end ? date.start : date.start + " … " + date.end;
  }

  // ---------------------------------------------------------------- filters
  function filterParams() {
    const form = document.getElementById("filters");
    const params = new URLSearchParams();
    for (const name of ["type", "status", "date_from", "date_to", "text"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    const actor = form.elements.actor_country.value.trim().toUpperCase();
    const recipient = form.elements.recipient_country.value.trim().toUpperCase();
    if (form.elements.either_direction.checked && actor && recipient) {
      params.set("dyad", actor + "-" + recipient);
    } else {
      if (actor) params.set("actor_country", actor);
      if (recipient) params.set("recipient_country", recipient);
    }
    return params;
  }

  async function loadMeta() {
    const meta = await getJSON("api/meta");
    const typeSelect = document.getElementById("f-type");
    for (const type of meta.types) {
      typeSelect.append(el("option", { value: type.name }, type.name));
      state.quadOf[type.name] = type.quad;
    }
    const statusSelect = document.getElementById("f-status");
    for (const status of meta.statuses) statusSelect.append(el("option", { value: status }, status));
  }

  async function refresh() {
    const params = filterParams();
    setStatus("Loading…");
    try {
      const [events, monthly, network] = await Promise.all([
        getJSON("api/events", withPage(params, 0)),
        getJSON("api/aggregates", withParam(params, "by", "month")),
        getJSON("api/network", params),
      ]);
      state.offset = events.events.length;
      state.total = events.total;
      renderTable(events.events, false);
      await renderTimeline(params, monthly);
      renderMap(events.events);
      renderNetwork(network);
      setStatus(events.total + " event" + (events.total === 1 ? "" : "s"));
    } catch (error) {
      setStatus("Could not load events: " + error.message, true);
    }
  }

  function withParam(params, key, value) {
    const copy = new URLSearchParams(params);
    copy.set(key, value);
    return copy;
  }

  function withPage(params, offset) {
    return withParam(withParam(params, "limit", String(PAGE_SIZE)), "offset", String(offset));
  }

  async function loadMore() {
    const params = filterParams();
    try {
      const events = await getJSON("api/events", withPage(params, state.offset));
      state.offset += events.events.length;
      renderTable(events.events, true);
      renderMap(null, events.events);
    } catch (error) {
      setStatus("Could not load more events: " + error.message, true);
    }
  }

  // ---------------------------------------------------------------- table
  function renderTable(events, append) {
    const body = document.querySelector("#events tbody");
    if (!append) body.replaceChildren();
    for (const event of events) {
      const open = () => openEvent(event.id);
      const row = el(
        "tr",
        { class: "event-row", "data-event-id": event.id, onclick: open },
        el("td", {}, dateLabel(event.date)),
        el("td", {}, el("button", { type: "button", "aria-label": "Open event " + event.type + " " + dateLabel(event.date) }, event.type)),
        el("td", {}, partyLabel(event.actor)),
        el("td", {}, partyLabel(event.recipient)),
        el("td", {}, event.place ? event.place.name || event.place.text : "–"),
        el("td", {}, String(event.source_count)),
      );
      if (event.id === state.selected) row.classList.add("selected");
      body.append(row);
    }
    document.getElementById("more").hidden = state.offset >= state.total;
  }

  // ---------------------------------------------------------------- timeline
  async function renderTimeline(params, monthly) {
    let data = monthly;
    const isPeriod = (key) => /^\d{4}/.test(key || ""); // undated events come as "unknown"
    const keys = monthly.counts.map((c) => c.key).filter(isPeriod).sort();
    if (keys.length > 0 && keys[0] === keys[keys.length - 1]) {
      data = await getJSON("api/aggregates", withParam(params, "by", "day"));
    } else if (keys.length > 0 && periods("month", keys[0], keys[keys.length - 1]).length > 240) {
      data = await getJSON("api/aggregates", withParam(params, "by", "year"));
    }
    const holder = document.getElementById("timeline");
    holder.replaceChildren();
    const given = new Map(data.counts.filter((c) => isPeriod(c.key)).map((c) => [c.key, c.count]));
    if (given.size === 0) {
      holder.append(el("p", { class: "hint" }, "No dated events."));
      return;
    }
    const sorted = [...given.keys()].sort();
    // every period from the first to the last, empty ones included, so the axis is time
    const counts = periods(data.by, sorted[0], sorted[sorted.length - 1]).map((key) => ({ key, count: given.get(key) || 0 }));
    const width = 600, height = 140, left = 28, bottom = 22, top = 8;
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none" });
    const max = Math.max(...counts.map((c) => c.count));
    const slot = (width - left) / counts.length;
    counts.forEach((c, i) => {
      if (c.count === 0) return;
      const h = ((height - bottom - top) * c.count) / max;
      const bar = svg("rect", {
        class: "bar", x: left + i * slot + 1, y: height - bottom - h,
        width: Math.max(slot - 2, 1), height: h, tabindex: 0, role: "button",
      });
      const title = svg("title");
      title.textContent = c.key + ": " + c.count + " event" + (c.count === 1 ? "" : "s");
      bar.append(title);
      bar.setAttribute("aria-label", title.textContent);
      const pick = () => narrowToPeriod(data.by, c.key);
      bar.addEventListener("click", pick);
      bar.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") pick(); });
      chart.append(bar);
    });
    const step = Math.max(1, Math.ceil(counts.length / 8));
    counts.forEach((c, i) => {
      if (i % step !== 0) return;
      const label = svg("text", { class: "axis", x: left + i * slot + 1, y: height - 6 });
      label.textContent = c.key;
      chart.append(label);
    });
    const maxLabel = svg("text", { class: "axis", x: 0, y: top + 8 });
    maxLabel.textContent = String(max);
    chart.append(maxLabel);
    holder.append(chart);
  }

  // The keys of every day, month or year from first to last (ISO strings).
  function periods(by, first, last) {
    const out = [];
    if (by === "year") {
      for (let y = Number(first); y <= Number(last); y++) out.push(String(y));
    } else if (by === "month") {
      let [y, m] = first.split("-").map(Number);
      const [ly, lm] = last.split("-").map(Number);
      while (y < ly || (y === ly && m <= lm)) {
        out.push(y + "-" + String(m).padStart(2, "0"));
        m += 1;
        if (m > 12) { m = 1; y += 1; }
      }
    } else {
      const end = Date.parse(last + "T00:00:00Z");
      for (let t = Date.parse(first + "T00:00:00Z"); t <= end && out.length < 2000; t += 86400000) {
        out.push(new Date(t).toISOString().slice(0, 10));
      }
    }
    return out.length ? out : [first];
  }

  function narrowToPeriod(by, key) {
    const form = document.getElementById("filters");
    let start = key, end = key;
    if (by === "year") {
      start = key + "-01-01";
      end = key + "-12-31";
    } else if (by === "month") {
      const [y, m] = key.split("-").map(Number);
      start = key + "-01";
      end = key + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return;
    form.elements.date_from.value = start;
    form.elements.date_to.value = end;
    refresh();
  }

  // ---------------------------------------------------------------- map
  async function initMap() {
    const map = L.map("map", { worldCopyJump: false, minZoom: 1, maxZoom: 8, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
    map.setView([30, 15], 1);
    const topo = await fetch("static/vendor/world-atlas/countries-110m.json").then((r) => r.json());
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      style: { color: "#8a97a8", weight: 0.7, fillColor: "#fbfbf8", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    state.map = map;
    state.markers = L.layerGroup().addTo(map);
  }

  function renderMap(events, extra) {
    if (!state.map) return;
    if (events) state.markers.clearLayers();
    const points = [];
    for (const event of events || extra || []) {
      const place = event.place;
      if (!place || typeof place.lat !== "number" || typeof place.lon !== "number") continue;
      const quad = state.quadOf[event.type] || "verbal-coop";
      const marker = L.circleMarker([place.lat, place.lon], {
        radius: 5 + Math.min(event.source_count, 6), weight: 1, color: "#1d2430",
        fillColor: getComputedStyle(document.documentElement).getPropertyValue("--" + quad).trim(),
        fillOpacity: 0.8,
      });
      // a DOM node, not an HTML string: Leaflet would parse a string as markup
      marker.bindTooltip(el("span", {}, event.type + " · " + dateLabel(event.date) + " · " + (place.name || place.text)));
      marker.on("click", () => openEvent(event.id));
      marker.addTo(state.markers);
      points.push([place.lat, place.lon]);
    }
    if (events && points.length) state.map.fitBounds(points, { maxZoom: 4, padding: [20, 20] });
  }

  // ---------------------------------------------------------------- network
  function renderNetwork(network) {
    const holder = document.getElementById("network");
    holder.replaceChildren();
    const nodes = network.nodes.map((n) => ({ ...n, label: n.id, x: 0, y: 0, vx: 0, vy: 0 }));
    if (nodes.length === 0) {
      holder.append(el("p", { class: "hint" }, "No actor pairs in these events."));
      return;
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const edges = network.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
    layout(nodes, edges, byId);
    const width = 600, height = 320;
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height });
    const defs = svg("defs");
    for (const quad of QUADS) {
      const marker = svg("marker", { id: "arrow-" + quad, viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" });
      const path = svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "var(--" + quad + ")" });
      marker.append(path);
      defs.append(marker);
    }
    chart.append(defs);
    const maxCount = Math.max(...edges.map((e) => e.count), 1);
    for (const edge of edges) {
      const a = byId.get(edge.source), b = byId.get(edge.target);
      const quad = dominantQuad(edge.types);
      const line = svg("line", {
        class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "var(--" + quad + ")",
        "stroke-width": 1.5 + (5 * edge.count) / maxCount, "marker-end": "url(#arrow-" + quad + ")",
        tabindex: 0, role: "button",
      });
      const title = svg("title");
      title.textContent = a.label + " → " + b.label + ": " + edge.count + " event" + (edge.count === 1 ? "" : "s") +
        " (" + Object.entries(edge.types).map(([t, n]) => t + " " + n).join(", ") + ")";
      line.append(title);
      line.setAttribute("aria-label", title.textContent);
      const pick = () => narrowToDyad(a, b);
      line.addEventListener("click", pick);
      line.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
      chart.append(line);
    }
    for (const node of nodes) {
      const group = svg("g", { class: "node", transform: "translate(" + node.x + "," + node.y + ")" });
      group.append(svg("circle", { r: 4 + Math.min(Math.sqrt(node.events) * 2, 10) }));
      const label = svg("text", { x: 8, y: -8 });
      label.textContent = node.label;
      group.append(label);
      chart.append(group);
    }
    holder.append(chart);
  }

  function dominantQuad(types) {
    const totals = {};
    for (const [type, count] of Object.entries(types || {})) {
      const quad = state.quadOf[type] || "verbal-coop";
      totals[quad] = (totals[quad] || 0) + count;
    }
    return Object.entries(totals).sort((x, y) => y[1] - x[1])[0]?.[0] || "verbal-coop";
  }

  // A small force layout: nodes repel, edges pull, a weak pull to the centre; fixed
  // iteration count and a deterministic start (a circle) so the picture is stable.
  function layout(nodes, edges, byId) {
    const width = 600, height = 320, cx = width / 2, cy = height / 2;
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / nodes.length;
      n.x = cx + 120 * Math.cos(angle);
      n.y = cy + 100 * Math.sin(angle);
    });
    for (let step = 0; step < 300; step++) {
      const heat = 1 - step / 300;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(dx * dx + dy * dy, 25);
          const force = 2400 / d2;
          const d = Math.sqrt(d2);
          dx /= d; dy /= d;
          a.vx += dx * force; a.vy += dy * force;
          b.vx -= dx * force; b.vy -= dy * force;
        }
      }
      for (const e of edges) {
        const a = byId.get(e.source), b = byId.get(e.target);
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const pull = (d - 90) * 0.02;
        a.vx += (dx / d) * pull; a.vy += (dy / d) * pull;
        b.vx -= (dx / d) * pull; b.vy -= (dy / d) * pull;
      }
      for (const n of nodes) {
        n.vx += (cx - n.x) * 0.01; n.vy += (cy - n.y) * 0.01;
        n.x += Math.max(-10, Math.min(10, n.vx * heat));
        n.y += Math.max(-10, Math.min(10, n.vy * heat));
        n.vx *= 0.5; n.vy *= 0.5;
      }
    }
    // stretch the result to fill the box, leaving room for labels on the right
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (const n of nodes) {
      n.x = x1 > x0 ? 30 + ((n.x - x0) * (width - 170)) / (x1 - x0) : cx;
      n.y = y1 > y0 ? 24 + ((n.y - y0) * (height - 44)) / (y1 - y0) : cy;
    }
  }

  function narrowToDyad(a, b) {
    if (!a.country || !b.country) return;
    const form = document.getElementById("filters");
    form.elements.actor_country.value = a.country;
    form.elements.recipient_country.value = b.country;
    form.elements.either_direction.checked = false;
    refresh();
  }

  // ---------------------------------------------------------------- event panel
  async function openEvent(id) {
    state.selected = id;
    for (const row of document.querySelectorAll("tr.event-row")) {
      row.classList.toggle("selected", row.dataset.eventId === id);
    }
    const body = document.getElementById("panel-body");
    try {
      const event = await getJSON("api/events/" + encodeURIComponent(id));
      renderPanel(event);
    } catch (error) {
      body.replaceChildren(el("p", { class: "hint" }, "Could not load the event: " + error.message));
    }
  }

  function renderPanel(event) {
    document.getElementById("panel-hint").hidden = true;
    const body = document.getElementById("panel-body");
    const quad = event.quad;
    const facts = el("dl", {},
      el("dt", {}, "Type"), el("dd", {}, el("span", { class: "quad " + quad }, event.type + (event.mode ? " (" + event.mode + ")" : ""))),
      el("dt", {}, "Status"), el("dd", {}, event.status + (event.historical ? ", historical" : "")),
      el("dt", {}, "Date"), el("dd", {}, dateLabel(event.date) + (event.date && event.date.text ? " — “" + event.date.text + "”" : "")),
      el("dt", {}, "Actor"), el("dd", {}, partyLabel(event.actor)),
      el("dt", {}, "Recipient"), el("dd", {}, partyLabel(event.recipient)),
      el("dt", {}, "Place"), el("dd", {}, event.place ? (event.place.name || event.place.text) + (event.place.country ? ", " + event.place.country : "") : "–"),
      el("dt", {}, "Confidence"), el("dd", {}, String(event.confidence)),
      el("dt", {}, "Id"), el("dd", {}, el("code", {}, event.id)),
    );
    const legend = el("p", { class: "hint legend" }, "Evidence: ",
      el("mark", { class: "trigger" }, "trigger"), " ", el("mark", { class: "actor" }, "actor"), " ",
      el("mark", { class: "recipient" }, "recipient"));
    const sources = el("div", { id: "sources" },
      el("h3", {}, event.articles.length + " source" + (event.articles.length === 1 ? "" : "s")));
    for (const article of event.articles) sources.append(renderSource(article));
    body.replaceChildren(facts, legend, sources);
    document.getElementById("panel").focus({ preventScroll: true });
  }

  function renderSource(article) {
    const title = article.title || "(untitled article " + article.article_id + ")";
    const safeUrl = /^https?:\/\//i.test(article.url || "") ? article.url : null;
    const heading = el("h3", {}, safeUrl
      ? el("a", { href: safeUrl, target: "_blank", rel: "noopener noreferrer" }, title)
      : title);
    const meta = el("p", { class: "meta" },
      (article.outlet || "unknown outlet") + (article.published ? " · " + article.published.slice(0, 10) : "") + " · ",
      el("a", { href: "api/articles/" + encodeURIComponent(article.article_id), target: "_blank", rel: "noopener" }, "stored text"));
    const box = el("div", { class: "source", "data-article-id": article.article_id }, heading, meta);
    for (const evidence of article.evidence) box.append(renderEvidence(evidence));
    return box;
  }

  // Build the sentence from text nodes and <mark> elements cut at the given offsets.
  function renderEvidence(evidence) {
    const quote = el("blockquote", { class: "evidence" });
    const text = evidence.sentence;
    const spans = (evidence.highlights || [])
      .filter((h) => h.start >= 0 && h.end <= text.length && h.start < h.end)
      .sort((a, b) => a.start - b.start);
    let at = 0;
    for (const span of spans) {
      if (span.start < at) continue; // overlapping spans: the first one wins
      quote.append(document.createTextNode(text.slice(at, span.start)));
      quote.append(el("mark", { class: span.role, title: span.role }, text.slice(span.start, span.end)));
      at = span.end;
    }
    quote.append(document.createTextNode(text.slice(at)));
    quote.append(el("span", { class: "rule" }, "rule " + evidence.rule + (evidence.in_caption ? ", in a caption" : "")));
    return quote;
  }

  // ---------------------------------------------------------------- start
  async function start() {
    const form = document.getElementById("filters");
    form.addEventListener("submit", (e) => { e.preventDefault(); if (form.reportValidity()) refresh(); });
    form.addEventListener("reset", () => setTimeout(refresh, 0));
    document.getElementById("more").addEventListener("click", loadMore);
    try {
      await loadMeta();
      await initMap();
    } catch (error) {
      setStatus("Could not start: " + error.message, true);
    }
    await refresh();
    document.body.dataset.ready = "true";
  }

  start();
})();
