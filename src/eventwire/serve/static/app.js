// eventwire page: filters drive a timeline, an event table, a map and an actor network;
// the event panel shows the evidence. Article text is hostile input: every piece of data
// reaches the page through textContent or DOM attributes, never through innerHTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PAGE_SIZE = 100;
  const QUADS = ["verbal-coop", "material-coop", "verbal-conflict", "material-conflict"];
  const state = { offset: 0, total: 0, map: null, markers: null, network: null, selected: null, quadOf: {} };

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

  // A date range as briefly as it is true: "2005" for the whole year, "2021-09" for
  // a whole month, else its first and last day.
  function dateLabel(date) {
    if (!date || !date.start) return "undated";
    const start = date.start.slice(0, 10), end = (date.end || date.start).slice(0, 10);
    if (start === end) return start;
    if (start.endsWith("-01-01") && end.endsWith("-12-31")) {
      const first = start.slice(0, 4), last = end.slice(0, 4);
      return first === last ? first : first + "–" + last;
    }
    const lastDay = new Date(Date.UTC(+end.slice(0, 4), +end.slice(5, 7), 0)).getUTCDate();
    if (start.slice(0, 7) === end.slice(0, 7) && start.endsWith("-01") && +end.slice(8, 10) === lastDay) {
      return start.slice(0, 7);
    }
    if (start.slice(0, 7) === end.slice(0, 7)) return start + "–" + end.slice(8);
    if (start.slice(0, 4) === end.slice(0, 4)) return start + " – " + end.slice(5);
    return start + " … " + end;
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

  // The filters live in the address too, so a view can be bookmarked or shared.
  function writeAddress(params) {
    const query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
    for (const format of ["csv", "jsonl"]) {
      document.getElementById("download-" + format).href =
        "api/download?" + withParam(params, "format", format).toString();
    }
  }

  function readAddress() {
    const form = document.getElementById("filters");
    const given = new URLSearchParams(location.search);
    for (const name of ["type", "status", "date_from", "date_to", "text", "actor_country", "recipient_country"]) {
      if (given.has(name)) form.elements[name].value = given.get(name);
    }
    const dyad = (given.get("dyad") || "").split("-");
    if (dyad.length === 2) {
      form.elements.actor_country.value = dyad[0];
      form.elements.recipient_country.value = dyad[1];
      form.elements.either_direction.checked = true;
    }
  }

  async function loadMeta() {
    const meta = await getJSON("api/meta");
    const typeSelect = document.getElementById("f-type");
    for (const type of meta.types) {
      typeSelect.append(el("option", { value: type.name }, type.name));
      state.quadOf[type.name] = type.quad;
    }
    // events that took place are shown first; the others are one choice away
    const statusSelect = document.getElementById("f-status");
    for (const status of meta.statuses) {
      const option = el("option", { value: status }, status);
      if (status === "occurred") { option.defaultSelected = true; option.selected = true; }
      statusSelect.append(option);
    }
  }

  async function refresh() {
    const params = filterParams();
    writeAddress(params);
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
      document.getElementById("status-note").hidden = params.get("status") !== "occurred";
    } catch (error) {
      setStatus("Could not load events: " + error.message, true);
    }
  }

  function withParam(params, key, value) {
    const copy = new URLSearchParams(params);
    copy.set(key, value);
    return copy;
  }

  // the table shows the latest events first
  function withPage(params, offset) {
    const paged = withParam(withParam(params, "limit", String(PAGE_SIZE)), "offset", String(offset));
    return withParam(paged, "order", "newest");
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
        el("td", { class: "date" }, dateLabel(event.date)),
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
    // Antarctica's outline runs along the pole and rings that cross the date line
    // jump from +180 to -180: both draw false lines across a flat map
    countries.features = countries.features.filter((f) => f.id !== "010");
    for (const feature of countries.features) unwrapLongitudes(feature.geometry);
    L.geoJSON(countries, {
      style: { color: "#8a97a8", weight: 0.7, fillColor: "#fbfbf8", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    state.map = map;
    // nearby events gather into one numbered marker until the map is zoomed in
    state.markers = L.markerClusterGroup({ maxClusterRadius: 35, showCoverageOnHover: false }).addTo(map);
  }

  // Make each ring's longitudes continuous (a step of more than 180° is the same
  // line crossing the date line), so Leaflet draws it as one shape.
  function unwrapLongitudes(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] :
      geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 1; i < ring.length; i++) {
          const step = ring[i][0] - ring[i - 1][0];
          if (step > 180) ring[i][0] -= 360 * Math.round(step / 360);
          else if (step < -180) ring[i][0] += 360 * Math.round(-step / 360);
        }
      }
    }
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
  // Cytoscape draws the graph (layout, zoom, pan, taps); a list of the same pairs
  // beside it is what keyboards and screen readers use. Labels go in as data, which
  // Cytoscape paints on a canvas: never markup.
  function renderNetwork(network) {
    const holder = document.getElementById("network");
    const list = document.getElementById("network-list");
    if (state.network) { state.network.destroy(); state.network = null; }
    holder.replaceChildren();
    list.replaceChildren();
    const byId = new Map(network.nodes.map((n) => [n.id, n]));
    const edges = network.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
    if (network.nodes.length === 0) {
      holder.append(el("p", { class: "hint" }, "No actor pairs in these events."));
      return;
    }
    const colour = (quad) => getComputedStyle(document.documentElement).getPropertyValue("--" + quad).trim();
    const maxCount = Math.max(...edges.map((e) => e.count), 1);
    const elements = [];
    network.nodes.forEach((node, i) => elements.push({
      group: "nodes", data: { id: "n" + i, label: node.id, size: 10 + Math.min(Math.sqrt(node.events) * 5, 26) },
    }));
    const nodeKey = new Map(network.nodes.map((node, i) => [node.id, "n" + i]));
    edges.forEach((edge, i) => {
      const quad = dominantQuad(edge.types);
      elements.push({
        group: "edges",
        data: {
          id: "e" + i, source: nodeKey.get(edge.source), target: nodeKey.get(edge.target),
          width: 1.5 + (6 * edge.count) / maxCount, colour: colour(quad),
        },
      });
      const a = byId.get(edge.source), b = byId.get(edge.target);
      const text = edgeText(a, b, edge);
      const pick = el("button", { type: "button", class: "edge", "data-edge": "e" + i, title: text }, text);
      pick.addEventListener("click", () => narrowToDyad(a, b));
      list.append(el("li", {}, pick));
    });
    const cy = cytoscape({
      container: holder,
      elements,
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70, padding: 12 },
      style: [
        { selector: "node", style: {
          label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 10,
          "background-color": "#fff", "border-color": "#1d2430", "border-width": 1.2,
          "text-valign": "top", "text-margin-y": -3, color: "#1d2430",
          "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
        } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85,
        } },
        { selector: ".faded", style: { opacity: 0.12 } },
        { selector: "node:selected", style: { "border-width": 3 } },
      ],
      minZoom: 0.3, maxZoom: 4, wheelSensitivity: 0.3,
    });
    // a node: light up who it dealt with; an edge: filter to that pair of countries
    cy.on("tap", "node", (e) => {
      const near = e.target.closedNeighborhood();
      cy.elements().addClass("faded");
      near.removeClass("faded");
      const node = byId.get(e.target.data("label"));
      setStatus(node.id + ": " + node.events + " event" + (node.events === 1 ? "" : "s") + " in this view");
    });
    cy.on("tap", (e) => { if (e.target === cy) cy.elements().removeClass("faded"); });
    cy.on("tap", "edge", (e) => {
      const edge = edges[Number(e.target.id().slice(1))];
      narrowToDyad(byId.get(edge.source), byId.get(edge.target));
    });
    state.network = cy;
    holder.dataset.nodes = String(cy.nodes().length);
  }

  function edgeText(a, b, edge) {
    return a.id + " → " + b.id + ": " + edge.count + " event" + (edge.count === 1 ? "" : "s") +
      " (" + Object.entries(edge.types).map(([t, n]) => t + " " + n).join(", ") + ")";
  }

  function dominantQuad(types) {
    const totals = {};
    for (const [type, count] of Object.entries(types || {})) {
      const quad = state.quadOf[type] || "verbal-coop";
      totals[quad] = (totals[quad] || 0) + count;
    }
    return Object.entries(totals).sort((x, y) => y[1] - x[1])[0]?.[0] || "verbal-coop";
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
      el("a", { href: "articles/" + encodeURIComponent(article.article_id), target: "_blank", rel: "noopener" }, "stored text"));
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
      readAddress();
      await initMap();
    } catch (error) {
      setStatus("Could not start: " + error.message, true);
    }
    await refresh();
    document.body.dataset.ready = "true";
  }

  start();
})();
