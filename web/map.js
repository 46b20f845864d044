// The map: world-atlas country shapes drawn by Leaflet (no tiles, no
// network), one marker per place from /api/places, clustered by
// Leaflet.markercluster. A marker or cluster is a disc whose size follows
// the reported fatalities and whose colours are the shares of its event
// types (PLOVER or ACLED, the user's choice); its number is the number of
// events. A legend explains both. Rings that cross the antimeridian are
// unwrapped so that no country draws a line across the map, and the shapes
// are drawn once more on either side so that panning east or west of the
// date line still shows land.
import { $, el, num, colorOf, typeName, sizeFor, escapeHtml, COLORS } from './util.js';

const map = { leaflet: null, clusters: null, legend: null, towns: null, byPlace: new Map(), scheme: 'plover', selected: null };

// Longitudes of a ring made continuous: a jump of more than 180 degrees
// between two points is a crossing of the antimeridian, not a line across
// the world.
export function unwrapRing(ring) {
  const out = [];
  let shift = 0;
  for (let i = 0; i < ring.length; ++i) {
    const [lon, lat] = ring[i];
    if (i > 0) {
      const prev = ring[i - 1][0];
      if (lon - prev > 180) shift -= 360;
      else if (prev - lon > 180) shift += 360;
    }
    out.push([lon + shift, lat]);
  }
  return out;
}

function unwrapGeometry(g) {
  const ring = (r) => {
    const u = unwrapRing(r);
    const lons = u.map((p) => p[0]);
    // Antarctica's ring runs round the pole: leave it as it is.
    return Math.max(...lons) - Math.min(...lons) > 359 ? r : u;
  };
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(ring) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(ring)) };
  return g;
}

function shifted(features, dx) {
  const move = (c) => (typeof c[0] === 'number' ? [c[0] + dx, c[1]] : c.map(move));
  return features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: move(f.geometry.coordinates) } }));
}

export async function initMap({ onMove, onPlace, onReady }) {
  const leaflet = L.map('map', {
    worldCopyJump: true, zoomSnap: 0.5, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false,
    minZoom: 1, maxZoom: 12, preferCanvas: false,
  }).setView([25, 20], 2);
  map.leaflet = leaflet;
  try {
    const world = await (await fetch('/vendor/world-atlas/countries-110m.json')).json();
    const features = topojson.feature(world, world.objects.countries).features
      .map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) }));
    const style = { color: '#8a8a8a', weight: 0.6, fillColor: '#f3efe6', fillOpacity: 1 };
    const renderer = L.svg({ padding: 0.5 });
    L.geoJSON({ type: 'FeatureCollection', features }, { style, interactive: false, renderer }).addTo(leaflet);
    // The copies either side once the first view is drawn.
    setTimeout(() => {
      for (const dx of [-360, 360])
        L.geoJSON({ type: 'FeatureCollection', features: shifted(features, dx) }, { style, interactive: false, renderer }).addTo(leaflet);
    }, 300);
  } catch (err) {
    console.warn('no basemap: ' + err.message);
  }
  // Town names from the gazetteer at close zooms: HTML labels under the
  // markers, never in the way of a click.
  leaflet.createPane('labels');
  leaflet.getPane('labels').style.zIndex = 450;
  leaflet.getPane('labels').style.pointerEvents = 'none';
  map.towns = L.layerGroup().addTo(leaflet);
  leaflet.on('moveend', drawTowns);
  map.clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 48, spiderfyOnMaxZoom: true, chunkedLoading: true,
    animate: false, iconCreateFunction: clusterIcon,
  }).addTo(leaflet);
  map.clusters.on('click', (e) => onPlace(e.layer.options.place));
  map.legend = L.control({ position: 'bottomright' });
  map.legend.onAdd = () => el('div', { class: 'legend', id: 'legend' });
  map.legend.addTo(leaflet);
  leaflet.on('moveend', () => { markSelected(); onMove(view()); });
  map.clusters.on('animationend', markSelected);
  if (onReady) onReady();
  return leaflet;
}

let townsRequest = 0;
async function drawTowns() {
  const zoom = map.leaflet.getZoom();
  const request = ++townsRequest;
  if (zoom < 5) { map.towns.clearLayers(); return; }
  const b = map.leaflet.getBounds();
  const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
  const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
    clamp(b.getNorth(), -90, 90)].map((x) => x.toFixed(3)).join(',');
  const limit = zoom < 6 ? 25 : zoom < 7 ? 45 : zoom < 8 ? 70 : 110;
  try {
    const { towns } = await (await fetch(`/api/towns?bbox=${bbox}&limit=${limit}`)).json();
    if (request !== townsRequest) return;
    map.towns.clearLayers();
    // Most populous first; a name that would overlap one already placed is
    // left out (its box estimated from its length).
    const placed = [];
    for (const t of towns || []) {
      const p = map.leaflet.latLngToContainerPoint([t.lat, t.lon]);
      const box = [p.x - 3, p.y - 8, p.x + 8 + 6.2 * t.name.length, p.y + 8];
      if (placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      placed.push(box);
      map.towns.addLayer(L.marker([t.lat, t.lon], {
        pane: 'labels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'town', iconSize: null, html: `<i></i><span>${escapeHtml(t.name)}</span>` }),
      }));
    }
  } catch { /* labels are a help only */ }
}

export function view() {
  const c = map.leaflet.getCenter();
  return { lat: c.lat, lon: c.lng, zoom: map.leaflet.getZoom(), bounds: map.leaflet.getBounds() };
}

export function setView(v) {
  map.leaflet.setView([v.lat, v.lon], v.zoom, { animate: false });
}

// The shares of each type as a conic gradient, largest first.
function pie(counts, scheme) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((s, [, n]) => s + n, 0) || 1;
  let at = 0;
  const stops = entries.map(([type, n]) => {
    const from = at;
    at += (n / total) * 360;
    return `${colorOf(scheme, type)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  });
  return { gradient: `conic-gradient(${stops.join(', ')})`, main: entries.length ? entries[0][0] : 'none' };
}

// A disc element; its size and colours set through the CSSOM, since the
// page's Content-Security-Policy refuses inline style attributes.
function disc(count, fatalities, counts, scheme, title) {
  const size = sizeFor(fatalities);
  const { gradient, main } = pie(counts, scheme);
  const d = el('span', { class: 'disc', 'data-type': main, 'data-count': count, 'data-fatalities': fatalities, title },
    el('b', {}, count >= 10000 ? Math.round(count / 1000) + 'k' : String(count)));
  d.style.width = `${size}px`;
  d.style.height = `${size}px`;
  d.style.background = gradient;
  return { size, element: d };
}

function clusterIcon(cluster) {
  const counts = {};
  let count = 0, fatalities = 0;
  for (const m of cluster.getAllChildMarkers()) {
    const p = m.options.place;
    count += p.count;
    fatalities += p.fatalities;
    for (const [t, n] of Object.entries(p[map.scheme])) counts[t] = (counts[t] || 0) + n;
  }
  const { size, element } = disc(count, fatalities, counts, map.scheme,
    `${num(count)} events at ${cluster.getChildCount()} places, ${num(fatalities)} reported killed: click to zoom in`);
  return L.divIcon({ html: element, className: 'vcluster', iconSize: [size, size] });
}

function placeIcon(p) {
  const { size, element } = disc(p.count, p.fatalities, p[map.scheme], map.scheme,
    `${p.name}: ${num(p.count)} events, ${num(p.fatalities)} reported killed`);
  element.dataset.place = p.name;
  return L.divIcon({ html: element, className: 'vmarker', iconSize: [size, size] });
}

// Draws the places of the current result; fits the map to them when asked.
export function drawPlaces(places, scheme, fit) {
  map.scheme = scheme;
  map.clusters.clearLayers();
  map.byPlace.clear();
  const markers = [];
  for (const p of places) {
    const marker = L.marker([p.lat, p.lon], { icon: placeIcon(p), place: p, title: p.name, alt: p.name, keyboard: true });
    markers.push(marker);
    map.byPlace.set(placeKey(p), marker);
  }
  map.clusters.addLayers(markers);
  drawLegend(places, scheme);
  if (fit && places.length) {
    const bounds = L.latLngBounds(places.map((p) => [p.lat, p.lon]));
    map.leaflet.fitBounds(bounds.pad(0.15), { maxZoom: 7, animate: false });
  }
  markSelected();
}

export const placeKey = (p) => `${Number(p.lat).toFixed(5)},${Number(p.lon).toFixed(5)}`;

function drawLegend(places, scheme) {
  const box = $('#legend');
  if (!box) return;
  const totals = {};
  for (const p of places) for (const [t, n] of Object.entries(p[scheme])) totals[t] = (totals[t] || 0) + n;
  const types = Object.entries(totals).sort((a, b) => b[1] - a[1]);
  // Folded on a phone, open elsewhere; the user's choice is kept.
  const details = el('details', { open: map.legendOpen ?? !window.matchMedia('(max-width: 760px)').matches });
  details.addEventListener('toggle', () => { map.legendOpen = details.open; });
  details.append(el('summary', {}, 'legend'));
  box.replaceChildren(details);
  const body = details;
  body.append(el('div', { class: 'legend-title' }, scheme === 'plover' ? 'PLOVER type' : 'ACLED event type'));
  const grid = el('div', { class: 'legend-types' });
  for (const [t, n] of types)
    grid.append(el('div', { class: 'legend-row', 'data-type': t },
      el('i', { style: `background:${colorOf(scheme, t)}` }), `${typeName(scheme, t)} `, el('small', {}, num(n))));
  body.append(grid);
  if (!types.length) body.append(el('div', {}, 'no event with a place'));
  const sizes = el('div', { class: 'legend-sizes' });
  for (const k of [0, 10, 100, 1000]) {
    const s = sizeFor(k);
    sizes.append(el('span', { class: 'legend-size' }, el('i', { style: `width:${s}px;height:${s}px` }), String(k)));
  }
  body.append(el('div', { class: 'legend-title' }, 'size: reported killed'), sizes,
    el('div', { class: 'legend-note' }, 'number: events; colours: shares of types'));
  box.dataset.scheme = scheme;
  box.dataset.types = String(types.length);
  // Only the types of COLORS get their own colour: say so for the others.
  if (types.some(([t]) => !(t in COLORS[scheme]))) body.append(el('div', { class: 'legend-note' }, 'grey: other types'));
}

// Picks out the marker of the event in the explain view (and shows it).
export function selectPlace(place) {
  map.selected = place ? placeKey(place) : null;
  if (!place) { markSelected(); return; }
  const marker = map.byPlace.get(map.selected);
  const done = () => markSelected();
  if (marker) map.clusters.zoomToShowLayer(marker, done);
  else { map.leaflet.setView([place.lat, place.lon], Math.max(map.leaflet.getZoom(), 7), { animate: false }); done(); }
}

function markSelected() {
  document.querySelectorAll('#map .selected').forEach((e) => e.classList.remove('selected'));
  if (!map.selected) return;
  const marker = map.byPlace.get(map.selected);
  const e = marker && marker.getElement();
  if (e) e.classList.add('selected');
}

export function openPopup(place, content) {
  const marker = map.byPlace.get(placeKey(place));
  const popup = L.popup({ maxWidth: 380, maxHeight: 320, autoPanPadding: [20, 20] }).setContent(content);
  if (marker && marker.getElement()) marker.bindPopup(popup).openPopup();
  else popup.setLatLng([place.lat, place.lon]).openOn(map.leaflet);
  return popup;
}

export function closePopup() { map.leaflet.closePopup(); }
export function invalidate() { if (map.leaflet) map.leaflet.invalidateSize({ animate: false }); }
