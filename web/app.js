// vigie's web page: filters, a clustered map of places, a timeline with a
// brush, a sortable list and an explain view, over /api. Every view is in
// the URL (filters, sort and page, selected event, map position, colour
// scheme, timeline bucket, phone tab), so it can be bookmarked and shared;
// Back and Forward walk through filter changes.
//
// Modules: util.js (DOM, fetching, dates, labels, colours), map.js,
// timeline.js, table.js, explain.js. Vendored libraries (served from
// node_modules): Leaflet, Leaflet.markercluster, topojson-client, d3,
// Tom Select.
import { $, el, getJson, num, loadCodebook, codebook, cameoLabel, debounce, dateText } from './util.js';
import { initMap, drawPlaces, view, setView, selectPlace, openPopup, closePopup, invalidate } from './map.js';
import { drawTimeline } from './timeline.js';
import { drawTable, markRow, scrollToRow } from './table.js';
import { showExplain, hideExplain } from './explain.js';

const LIST = ['code', 'plover', 'acled', 'country', 'modality'];
const KIND_PARAM = { cameo: 'code', plover: 'plover', acled: 'acled' };

function defaults() {
  return {
    types: [], actor: '', country: [], from: '', to: '', q: '', min_fatalities: '', modality: [], background: '',
    inview: false, color: 'plover', bucket: 'auto', sort: '-date', offset: 0, event: null, map: null, tab: 'map',
  };
}
let state = defaults();
const cache = { places: null, timeline: null, timelineKey: null, page: null };
const selects = {};
let inflight = null;

// ---- URL state -------------------------------------------------------------

function fromUrl(search) {
  const p = new URLSearchParams(search);
  const s = defaults();
  const all = (k) => p.getAll(k).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const [kind, param] of Object.entries(KIND_PARAM)) for (const v of all(param)) s.types.push(`${kind}:${v}`);
  s.country = all('country').map((c) => c.toUpperCase());
  s.modality = all('modality');
  for (const k of ['actor', 'from', 'to', 'q', 'min_fatalities', 'background']) s[k] = p.get(k) || '';
  s.inview = p.get('inview') === '1';
  if (p.get('color') === 'acled') s.color = 'acled';
  if (['day', 'week', 'month', 'year'].includes(p.get('bucket'))) s.bucket = p.get('bucket');
  if (p.get('sort')) s.sort = p.get('sort');
  s.offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
  s.event = p.get('event') || null;
  const m = (p.get('map') || '').split(',').map(Number);
  if (m.length === 3 && m.every(Number.isFinite)) s.map = { lat: m[0], lon: m[1], zoom: m[2] };
  if (p.get('tab') === 'list') s.tab = 'list';
  return s;
}

function toUrl(s) {
  const p = filterParams(s, { bbox: false });
  if (s.inview) p.set('inview', '1');
  if (s.color !== 'plover') p.set('color', s.color);
  if (s.bucket !== 'auto') p.set('bucket', s.bucket);
  if (s.sort !== '-date') p.set('sort', s.sort);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.event) p.set('event', s.event);
  if (s.map) p.set('map', `${s.map.lat.toFixed(3)},${s.map.lon.toFixed(3)},${s.map.zoom}`);
  if (s.tab !== 'map') p.set('tab', s.tab);
  const q = p.toString();
  return location.pathname + (q ? '?' + q : '');
}

function saveUrl(push) {
  const url = toUrl(state);
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

// The API's parameters for the filters of `s`.
function filterParams(s, { dates = true, bbox = true } = {}) {
  const p = new URLSearchParams();
  for (const t of s.types) {
    const i = t.indexOf(':');
    const param = KIND_PARAM[t.slice(0, i)];
    if (param) p.append(param, t.slice(i + 1));
  }
  for (const c of s.country) p.append('country', c);
  if (s.actor) p.set('actor', s.actor);
  if (dates && s.from) p.set('from', s.from);
  if (dates && s.to) p.set('to', s.to);
  if (s.q) p.set('q', s.q);
  if (s.min_fatalities !== '') p.set('min_fatalities', s.min_fatalities);
  for (const m of s.modality) p.append('modality', m);
  if (s.background) p.set('background', s.background);
  if (bbox && s.inview && s.map && s.bounds) {
    const b = s.bounds, clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
    p.set('bbox', [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((x) => x.toFixed(4)).join(','));
  }
  return p;
}

// ---- the form --------------------------------------------------------------

const form = () => $('#filters');

function readForm() {
  const f = form().elements;
  // Copies: Tom Select hands out its own array, which setValue clears.
  state.types = [...selects.types.getValue()];
  state.country = [...selects.country.getValue()];
  state.modality = [...selects.modality.getValue()];
  for (const k of ['actor', 'from', 'to', 'q', 'min_fatalities', 'background']) state[k] = f[k].value.trim();
  state.inview = f.inview.checked;
  state.color = f.color.value || 'plover';
}

function writeForm() {
  const f = form().elements;
  for (const t of state.types) if (!selects.types.options[t]) selects.types.addOption({ value: t, text: t.replace(':', ' '), group: t.split(':')[0] });
  for (const c of state.country) if (!selects.country.options[c]) selects.country.addOption({ value: c, text: c });
  selects.types.setValue(state.types, true);
  selects.country.setValue(state.country, true);
  selects.modality.setValue(state.modality, true);
  for (const k of ['actor', 'from', 'to', 'q', 'min_fatalities', 'background']) f[k].value = state[k];
  f.inview.checked = state.inview;
  for (const r of f.color) r.checked = r.value === state.color;
  $('#bucket').value = state.bucket;
  const active = state.types.length + state.country.length + state.modality.length +
    ['actor', 'from', 'to', 'q', 'min_fatalities', 'background'].filter((k) => state[k]).length + (state.inview ? 1 : 0);
  $('#toggle-filters').textContent = active ? `filters (${active})` : 'filters';
}

function buildSelects(facets) {
  const count = (list, key) => new Map((list || []).map((x) => [x[key], x.count]));
  const ploverCount = count(facets.plover, 'value'), acledCount = count(facets.acled, 'value'), rootCount = count(facets.cameo_roots, 'value');
  const typeOptions = [];
  for (const [name, p] of codebook.plover)
    typeOptions.push({ value: 'plover:' + name, text: name, desc: p.description, n: ploverCount.get(name) || 0, group: 'plover' });
  for (const [name, a] of codebook.acled)
    typeOptions.push({ value: 'acled:' + name, text: name, desc: a.description, n: acledCount.get(name) || 0, group: 'acled' });
  for (const [code, c] of codebook.cameo)
    typeOptions.push({ value: 'cameo:' + code, text: `${code} ${c.label}`, desc: code.length === 2 ? `every ${code}x code` : c.plover || '',
      n: code.length === 2 ? rootCount.get(code) || 0 : null, group: 'cameo' });
  const render = {
    option: (d, esc) => `<div class="opt"><span>${esc(d.text)}</span>${d.n !== null && d.n !== undefined ? `<b>${num(d.n)}</b>` : ''}`
      + `${d.desc ? `<small>${esc(d.desc)}</small>` : ''}</div>`,
    item: (d, esc) => `<div title="${esc(d.desc || '')}">${esc(d.group === 'cameo' ? 'CAMEO ' + d.text : d.text)}</div>`,
  };
  selects.types = new TomSelect(form().elements.types, {
    options: typeOptions, plugins: ['remove_button'], maxOptions: 600, hidePlaceholder: true, closeAfterSelect: true,
    optgroups: [{ value: 'plover', label: 'PLOVER types' }, { value: 'acled', label: 'ACLED event types' }, { value: 'cameo', label: 'CAMEO codes' }],
    optgroupField: 'group', lockOptgroupOrder: true, searchField: ['text', 'desc', 'value'], render, onChange: onFilterChange,
  });
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const countryName = (c) => { try { return names.of(c); } catch { return c; } };
  selects.country = new TomSelect(form().elements.country, {
    options: (facets.countries || []).map((c) => ({ value: c.alpha2, text: `${countryName(c.alpha2)} (${c.alpha2}/${c.alpha3 || '?'})`, alpha3: c.alpha3 || '', n: c.count })),
    plugins: ['remove_button'], maxOptions: 300, hidePlaceholder: true, closeAfterSelect: true, searchField: ['text', 'value', 'alpha3'],
    // A code typed that the database does not hold: the server says whether it is one.
    create: (input) => ({ value: input.trim().toUpperCase(), text: input.trim().toUpperCase() }),
    createFilter: /^[A-Za-z]{2,3}$/,
    render: { option: render.option, item: (d, esc) => `<div>${esc(d.text)}</div>` },
    onChange: onFilterChange,
  });
  selects.modality = new TomSelect(form().elements.modality, {
    options: ['asserted', 'reported', 'hypothetical', 'negated'].map((m) => ({ value: m, text: m })),
    plugins: ['remove_button'], hidePlaceholder: true, closeAfterSelect: true, onChange: onFilterChange,
  });
  // A country given as alpha-3 in a shared URL is the alpha-2 option.
  const by3 = new Map((facets.countries || []).filter((c) => c.alpha3).map((c) => [c.alpha3, c.alpha2]));
  state.country = state.country.map((c) => by3.get(c) || c);
}

function onFilterChange() {
  readForm();
  state.offset = 0;
  state.event = null;
  hideExplain();
  saveUrl(true);
  writeForm();
  refresh({ fit: !state.inview });
}

// ---- loading ---------------------------------------------------------------

function setStatus(text, error = false) {
  const s = $('#status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

function busy(on) { document.body.dataset.busy = on ? 'true' : 'false'; }

function updateExports() {
  const p = filterParams(state);
  p.set('sort', state.sort);
  p.set('limit', '100000');
  for (const [id, format] of [['#export-csv', 'csv'], ['#export-geojson', 'geojson']]) {
    p.set('format', format);
    $(id).href = '/api/events?' + p;
    $(id).title = `download the ${num(cache.page ? cache.page.count : 0)} events of this view as ${format === 'csv' ? 'CSV' : 'GeoJSON'}`
      + (cache.page && cache.page.count > 100000 ? ' (the first 100,000)' : '');
  }
}

// Fetches what the state shows: places (map), the timeline (all dates, the
// brush shows the range) and one page of the list. A newer call cancels an
// older one, so a slow answer never overwrites a newer view.
// The requests of a view, started at once (the first view's are started
// before the map is ready).
function fetchView(signal, { list = true, places = true } = {}) {
  const filters = filterParams(state);
  const page = new URLSearchParams(filters);
  page.set('limit', '100');
  page.set('offset', String(state.offset));
  // The status line and the pager say how many: counted in full (the
  // places of the same view are read in full anyway).
  page.set('count', 'exact');
  page.set('sort', state.sort);
  const timelineKey = filterParams(state, { dates: false }).toString();
  return Promise.all([
    list ? getJson('/api/events?' + page, signal) : Promise.resolve(cache.page),
    places ? getJson('/api/places?' + filters, signal) : Promise.resolve(cache.places),
    timelineKey === cache.timelineKey ? Promise.resolve(cache.timeline) : getJson('/api/timeline?' + timelineKey, signal),
    timelineKey,
  ]);
}

async function refresh({ fit = false, list = true, places = true, prefetched = null } = {}) {
  if (inflight) inflight.abort();
  const controller = prefetched ? prefetched.controller : new AbortController();
  inflight = controller;
  busy(true);
  try {
    const [events, placeData, timeline, timelineKey] = await (prefetched ? prefetched.data : fetchView(controller.signal, { list, places }));
    if (controller.signal.aborted) return;
    cache.page = events;
    cache.places = placeData;
    cache.timeline = timeline;
    cache.timelineKey = timelineKey;
    render({ fit });
    const onMap = placeData.count;
    setStatus(`${num(events.count)} events${onMap !== events.count ? ` · ${num(onMap)} on the map` : ''} · ${num(placeData.places.length)} places`);
    $('#status').dataset.count = String(events.count);
  } catch (err) {
    if (err.name === 'AbortError') return;
    // A refused filter empties the view: old rows under a new filter mislead.
    cache.page = { count: 0, returned: 0, offset: 0, limit: 100, events: [] };
    cache.places = { count: 0, places: [] };
    setStatus('filter refused: ' + err.message, true);
    $('#status').dataset.count = '0';
    render({ fit: false, empty: 'no events: ' + err.message });
  } finally {
    if (inflight === controller) { inflight = null; busy(false); }
  }
}

function render({ fit = false, empty } = {}) {
  drawPlaces(cache.places.places, state.color, fit);
  if (cache.timeline) drawTimeline(cache.timeline, { from: state.from, to: state.to, bucket: state.bucket }, onBrush);
  drawList(empty);
  updateExports();
}

function drawList(empty) {
  drawTable(cache.page, {
    sort: state.sort, selected: state.event, scheme: state.color, empty,
    onOpen: (id) => openEvent(id),
    onSort: (sort) => { state.sort = sort; state.offset = 0; saveUrl(true); refresh({ places: false }); },
    onPage: (offset) => { state.offset = offset; saveUrl(true); refresh({ places: false }); $('#list').scrollTop = 0; },
  });
}

function onBrush(from, to) {
  state.from = from || '';
  state.to = to || '';
  state.offset = 0;
  writeForm();
  saveUrl(true);
  refresh({ fit: !state.inview });
}

// ---- map popups and the explain view ----------------------------------------

async function onPlace(place) {
  const p = filterParams(state);
  const d = 0.00001;
  const lon = ((place.lon + 540) % 360) - 180;
  p.set('bbox', [lon - d, place.lat - d, lon + d, place.lat + d].map((x) => Math.max(-180, Math.min(180, x)).toFixed(5)).join(','));
  p.set('limit', '50');
  p.set('sort', state.sort);
  const box = el('div', { class: 'popup' }, el('strong', {}, `${place.name}${place.country ? ' (' + place.country + ')' : ''}`),
    el('div', { class: 'popup-sum' }, `${num(place.count)} events · ${num(place.fatalities)} reported killed`));
  const popup = openPopup(place, box);
  try {
    const page = await getJson('/api/events?' + p);
    for (const e of page.events) {
      box.append(el('div', { class: 'popup-event', 'data-id': e.id },
        el('span', { class: 'when' }, dateText(e.date)), ' ',
        el('b', {}, e.cameo.code), ` ${cameoLabel(e.cameo.code)}: ${e.source ? e.source.name : '?'}${e.target ? ' → ' + e.target.name : ''} `,
        el('small', {}, `(${e.fatalities !== null && e.fatalities !== undefined ? num(e.fatalities) + ' killed, ' : ''}${e.counts.articles} articles, ${e.counts.sources} sources) `),
        el('button', { type: 'button', class: 'explain-button', onclick: () => openEvent(e.id) }, 'explain')));
    }
    if (page.count > page.returned) box.append(el('div', { class: 'popup-more' }, `and ${num(page.count - page.returned)}${page.count_exact === false ? '+' : ''} more: filter to see them all`));
  } catch (err) {
    box.append(el('div', { class: 'error' }, err.message));
  }
  // Grown with its events: laid out and panned into view again.
  if (popup.isOpen()) popup.update();
}

async function openEvent(id, { push = true } = {}) {
  state.event = String(id);
  if (push) saveUrl(true);
  markRow(state.event);
  closePopup();
  if (isPhone()) setTab('list', false);
  try {
    const record = await showExplain(state.event);
    if (record.place && record.place.lat !== undefined) selectPlace(record.place);
    document.body.dataset.explain = state.event;
  } catch (err) {
    setStatus(`event ${id}: ${err.message}`, true);
  }
}

function closeEvent() {
  const id = state.event;
  state.event = null;
  hideExplain();
  selectPlace(null);
  delete document.body.dataset.explain;
  saveUrl(true);
  markRow(id);  // stays marked: the last one looked at
  if (id) scrollToRow(id);
}

// ---- phone layout -------------------------------------------------------------

const isPhone = () => window.matchMedia('(max-width: 760px)').matches;

function setTab(tab, push = true) {
  state.tab = tab;
  $('main').dataset.tab = tab;
  for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-selected', b.dataset.tab === tab ? 'true' : 'false');
  if (tab === 'map') setTimeout(invalidate, 0);
  saveUrl(push);
}

// ---- start ---------------------------------------------------------------------

async function start() {
  performance.mark('vigie:start');
  state = fromUrl(location.search);
  // Everything at once: the first view's data (unless it depends on the
  // map's bounds), the codebook and facets, the map and its shapes.
  let prefetched = null;
  if (!state.inview) {
    const controller = new AbortController();
    prefetched = { controller, data: fetchView(controller.signal) };
    prefetched.data.catch(() => {});  // reported by refresh
  }
  const mapReady = initMap({
    onMove: (v) => {
      state.map = { lat: v.lat, lon: v.lon, zoom: v.zoom };
      state.bounds = v.bounds;
      saveUrl(false);
      if (state.inview) refresh({ fit: false });
    },
    onPlace,
  });
  const facets = getJson('/api/facets').catch(() => ({}));
  loadCodebook(await getJson('/api/codebook').catch(() => ({})));
  const f = form();
  f.addEventListener('submit', (e) => { e.preventDefault(); onFilterChange(); });
  f.addEventListener('reset', (e) => {
    e.preventDefault();
    const keep = { color: state.color, bucket: state.bucket, map: state.map, tab: state.tab };
    state = { ...defaults(), ...keep };
    writeForm();
    hideExplain();
    saveUrl(true);
    refresh({ fit: true });
  });
  for (const name of ['from', 'to', 'min_fatalities', 'background', 'inview']) f.elements[name].addEventListener('change', onFilterChange);
  for (const name of ['actor', 'q']) {
    f.elements[name].addEventListener('change', onFilterChange);
  }
  for (const r of f.elements.color) r.addEventListener('change', () => {
    state.color = f.elements.color.value;
    saveUrl(false);
    render({ fit: false });
  });
  const suggest = debounce(async () => {
    const v = f.elements.actor.value.trim();
    if (v.length < 2) return;
    try {
      const { actors } = await getJson('/api/actors?q=' + encodeURIComponent(v));
      $('#actor-list').replaceChildren(...actors.map((a) => el('option', { value: a.name }, `${num(a.count)} events`)));
    } catch { /* suggestions are a help only */ }
  }, 200);
  f.elements.actor.addEventListener('input', suggest);
  $('#bucket').addEventListener('change', () => { state.bucket = $('#bucket').value; saveUrl(false); render({ fit: false }); });
  $('#clear-range').addEventListener('click', () => onBrush(null, null));
  $('#close-explain').addEventListener('click', closeEvent);
  $('#toggle-filters').addEventListener('click', () => {
    const open = !f.classList.contains('open');
    f.classList.toggle('open', open);
    $('#toggle-filters').setAttribute('aria-expanded', String(open));
  });
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => setTab(b.dataset.tab));
  setTab(state.tab, false);
  window.matchMedia('(max-width: 760px)').addEventListener('change', () => { if (cache.page) drawList(); invalidate(); });
  window.addEventListener('popstate', async () => {
    const wasEvent = state.event;
    state = fromUrl(location.search);
    writeForm();
    setTab(state.tab, false);
    if (state.map) setView(state.map);
    await refresh({ fit: !state.map });
    if (state.event && state.event !== wasEvent) openEvent(state.event, { push: false });
    if (!state.event && wasEvent) { hideExplain(); markRow(wasEvent); }
  });

  await mapReady;
  performance.mark('vigie:map');
  if (state.map) setView(state.map);
  const v = view();
  state.bounds = v.bounds;
  await refresh({ fit: !state.map, prefetched });
  performance.mark('vigie:view');
  // The filter widgets once the first view is drawn (Tom Select with
  // every CAMEO code takes a quarter of a second on a busy machine).
  buildSelects(await facets);
  writeForm();
  performance.mark('vigie:widgets');
  if (state.event) await openEvent(state.event, { push: false });
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', () => {
  start().catch((err) => { setStatus('the page failed to start: ' + err.message, true); console.error(err); });
});
