// vigie's web page: a map of fused events (Leaflet over world-atlas country
// shapes, no tiles, no network), a timeline of events per day, a filterable
// table, and an explain view that shows an article with each field's
// evidence highlighted. Everything comes from /api; offsets from the API are
// UTF-8 bytes, converted here (the only place that counts UTF-16).
'use strict';

const state = { events: [], markers: null, map: null };
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

function setStatus(text) { $('#status').textContent = text; }

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function filterParams() {
  const form = $('#filters');
  const p = new URLSearchParams();
  for (const name of ['from', 'to', 'code', 'actor', 'country', 'q']) {
    const v = form.elements[name].value.trim();
    if (v) p.set(name, v);
  }
  if (form.elements.inview.checked && state.map) {
    const b = state.map.getBounds();
    const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
    p.set('bbox', [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
                   clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((x) => x.toFixed(4)).join(','));
  }
  return p;
}

const actorName = (a) => (a ? a.name : '');
const dateText = (d) => (!d || !d.earliest ? '' : d.earliest === d.latest ? d.earliest : `${d.earliest}..${d.latest}`);
const countsText = (c) => (c ? `${c.mentions}/${c.articles}/${c.sources}` : '');

async function refresh() {
  const p = filterParams();
  try {
    const list = new URLSearchParams(p);
    list.set('limit', '1000');
    const [events, timeline] = await Promise.all([
      getJson('/api/events?' + list), getJson('/api/timeline?' + p)]);
    state.events = events.events;
    drawTable(state.events);
    drawMarkers(state.events, !state.fitted);
    state.fitted = true;
    drawTimeline(timeline.days);
    setStatus(`${events.count} events`);
  } catch (err) {
    setStatus(err.message);
  }
}

function drawTable(events) {
  const body = $('#events tbody');
  body.replaceChildren();
  for (const e of events) {
    body.append(el('tr', { 'data-id': e.id, onclick: () => openExplain(e.id) },
      el('td', {}, dateText(e.date)), el('td', {}, e.cameo.code), el('td', {}, e.plover || ''),
      el('td', {}, actorName(e.source)), el('td', {}, actorName(e.target)),
      el('td', {}, e.place ? e.place.name : ''), el('td', {}, countsText(e.counts))));
  }
}

async function initMap() {
  const map = L.map('map', { worldCopyJump: true, zoomSnap: 0.5, fadeAnimation: false, zoomAnimation: false })
    .setView([25, 20], 2);
  state.map = map;
  try {
    const world = await getJson('/vendor/world-atlas/countries-110m.json');
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: { color: '#8a8a8a', weight: 0.6, fillColor: '#f3efe6', fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
  } catch (err) {
    setStatus('no basemap: ' + err.message);
  }
  state.markers = L.layerGroup().addTo(map);
  map.on('moveend', () => { if ($('#filters').elements.inview.checked) refresh(); });
}

function drawMarkers(events, fit = false) {
  state.markers.clearLayers();
  state.byId = new Map();
  const byPlace = new Map();
  for (const e of events) {
    if (!e.place || e.place.lat === undefined) continue;
    const key = `${e.place.lat},${e.place.lon}`;
    if (!byPlace.has(key)) byPlace.set(key, { place: e.place, events: [] });
    byPlace.get(key).events.push(e);
  }
  for (const { place, events: here } of byPlace.values()) {
    const icon = L.divIcon({
      className: 'vmarker', iconSize: null,
      html: `<span data-place="${escapeAttr(place.name)}" title="${escapeAttr(place.name)}">${here.length}</span>`,
    });
    const marker = L.marker([place.lat, place.lon], { icon, title: place.name, alt: place.name });
    marker.bindPopup(() => popupFor(place, here), { maxWidth: 360 });
    state.markers.addLayer(marker);
    for (const e of here) state.byId.set(e.id, marker);
  }
  const layers = state.markers.getLayers();
  if (fit && layers.length) state.map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2), { maxZoom: 6 });
}

function escapeAttr(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function popupFor(place, events) {
  const box = el('div', { class: 'popup' }, el('strong', {}, `${place.name}${place.admin1 ? ', ' + place.admin1 : ''} (${place.country})`));
  for (const e of events) {
    box.append(el('div', { class: 'popup-event', 'data-id': e.id },
      `${dateText(e.date)} ${e.cameo.code} ${e.plover || ''}: ${actorName(e.source) || '?'}${e.target ? ' → ' + actorName(e.target) : ''} `,
      el('small', {}, `(${e.counts.articles} articles, ${e.counts.sources} sources) `),
      el('button', { class: 'explain-button', onclick: () => openExplain(e.id) }, 'explain')));
  }
  return box;
}

function drawTimeline(days) {
  const box = $('#timeline');
  box.replaceChildren();
  if (!days.length) { box.append('no dated events'); return; }
  const ns = 'http://www.w3.org/2000/svg';
  const max = Math.max(...days.map((d) => d.count));
  const bar = Math.max(6, Math.min(30, Math.floor(900 / days.length)));
  const width = days.length * (bar + 2) + 70, height = 100;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  days.forEach((d, i) => {
    const h = Math.max(2, Math.round((d.count / max) * (height - 30)));
    const r = document.createElementNS(ns, 'rect');
    Object.entries({ x: 5 + i * (bar + 2), y: height - 18 - h, width: bar, height: h, 'data-day': d.day })
      .forEach(([k, v]) => r.setAttribute(k, v));
    const t = document.createElementNS(ns, 'title');
    t.textContent = `${d.day}: ${d.count} events`;
    r.append(t);
    r.addEventListener('click', () => {
      const f = $('#filters').elements;
      f.from.value = d.day;
      f.to.value = d.day;
      refresh();
    });
    svg.append(r);
    const every = Math.ceil(70 / (bar + 2));
    if ((i % every === 0 && days.length - 1 - i >= every) || i === days.length - 1) {
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', 5 + i * (bar + 2));
      label.setAttribute('y', height - 4);
      label.textContent = d.day;
      svg.append(label);
    }
  });
  box.append(svg);
}

// --- explain view ---------------------------------------------------------

const FIELDS = ['trigger', 'source', 'target', 'place', 'date', 'claimed_by', 'claim'];

async function openExplain(id) {
  let record;
  try {
    record = await getJson('/api/events/' + encodeURIComponent(id));
  } catch (err) { setStatus(err.message); return; }
  if (state.map) {
    state.map.closePopup();
    // Show where it happened, its marker picked out.
    document.querySelectorAll('.vmarker.selected').forEach((m) => m.classList.remove('selected'));
    const marker = state.byId && state.byId.get(String(id));
    if (record.place && record.place.lat !== undefined) state.map.setView([record.place.lat, record.place.lon], 6, { animate: false });
    if (marker && marker.getElement()) marker.getElement().classList.add('selected');
  }
  $('#events').hidden = true;
  const box = $('#explain');
  box.hidden = false;
  box.dataset.id = id;
  const head = $('#explain-head');
  head.replaceChildren(
    el('h2', {}, `${record.cameo.code} ${record.plover || ''} — ${actorName(record.source) || '?'}${record.target ? ' → ' + actorName(record.target) : ''}`),
    el('div', {}, `${record.place ? record.place.name + ' (' + record.place.country + ')' : 'no place'} · ${dateText(record.date)} · ${record.modality}${record.background ? ' · background' : ''}`),
    el('div', { class: 'counts' }, `${record.counts.mentions} mentions in ${record.counts.articles} articles from ${record.counts.sources} sources: ${record.sources.join(', ')}`));
  if (record.claims.length) {
    const t = el('table', { class: 'claims' }, el('tr', {}, el('th', {}, 'claim'), el('th', {}, 'value'), el('th', {}, 'qualifier'), el('th', {}, 'claimed by'), el('th', {}, 'in')));
    for (const c of record.claims)
      t.append(el('tr', {}, el('td', {}, c.quantity), el('td', {}, c.value ?? '?'), el('td', {}, c.qualifier), el('td', {}, c.claimed_by || '—'), el('td', {}, c.source)));
    head.append(t);
  }
  const tabs = $('#explain-tabs');
  tabs.replaceChildren();
  record.contributions.forEach((c, i) => {
    tabs.append(el('button', { role: 'tab', 'aria-selected': 'false', 'data-article': c.article, 'data-event': c.event_id,
      onclick: (ev) => showContribution(c, ev.currentTarget) }, `${c.source} (${c.language || '?'})`));
  });
  $('#explain-legend').replaceChildren(...FIELDS.map((f) => el('mark', { class: 'f-' + f }, f)),
    el('mark', { class: 'sentence' }, 'sentence'));
  if (record.contributions.length) await showContribution(record.contributions[0], tabs.firstChild);
}

async function showContribution(c, tab) {
  for (const b of $('#explain-tabs').children) b.setAttribute('aria-selected', b === tab ? 'true' : 'false');
  const text = $('#explain-text');
  let article;
  try {
    article = await getJson('/api/articles/' + c.article);
  } catch (err) { setStatus(err.message); return; }
  const event = article.events.find((e) => e.event_id === c.event_id);
  text.lang = article.language || '';
  text.dataset.article = article.id;
  text.replaceChildren(el('div', { class: 'meta' },
    `${article.title || article.doc_id} — ${article.outlet || article.agency || ''} ${article.published || ''}`));
  text.append(renderHighlighted(article.text, event ? event.evidence : []));
}

// Splits the text at every span edge and wraps each piece in the marks
// that cover it: the trigger's sentence outside, the fields inside (the
// shortest covering span gives the colour; every covering field and its
// rule are in the tooltip).
function renderHighlighted(text, evidence) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const spans = evidence.filter((s) => s.end > s.begin && s.end <= bytes.length && s.field !== 'sentence');
  const sentence = evidence.find((s) => s.field === 'sentence' && s.end <= bytes.length);
  const cuts = new Set([0, bytes.length]);
  for (const s of spans) { cuts.add(s.begin); cuts.add(s.end); }
  if (sentence) { cuts.add(sentence.begin); cuts.add(sentence.end); }
  const edges = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  let holder = out, sentenceMark = null;
  for (let i = 0; i + 1 < edges.length; ++i) {
    const [a, b] = [edges[i], edges[i + 1]];
    if (sentence && a === sentence.begin) {
      sentenceMark = el('mark', { class: 'sentence', 'data-field': 'sentence', title: 'sentence: ' + sentence.rule });
      out.append(sentenceMark);
      holder = sentenceMark;
    }
    const covering = spans.filter((s) => s.begin <= a && s.end >= b).sort((x, y) => (x.end - x.begin) - (y.end - y.begin));
    const piece = decode(a, b);
    if (covering.length) {
      holder.append(el('mark', {
        class: 'f-' + covering[0].field, 'data-field': covering.map((s) => s.field).join(' '),
        title: covering.map((s) => `${s.field}: ${s.rule}`).join('\n'),
      }, piece));
    } else {
      holder.append(piece);
    }
    if (sentence && b === sentence.end) holder = out;
  }
  return out;
}

function closeExplain() {
  $('#explain').hidden = true;
  $('#events').hidden = false;
}

document.addEventListener('DOMContentLoaded', async () => {
  $('#filters').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  $('#reset').addEventListener('click', () => setTimeout(refresh, 0));
  $('#close-explain').addEventListener('click', closeExplain);
  await initMap();
  await refresh();
  document.body.dataset.ready = 'true';
});
