// Small helpers shared by the page's modules: DOM building, fetching JSON
// (a refused request throws with the server's reason), readable dates and
// numbers, the codebook's labels and the colours of event types.
export const $ = (sel) => document.querySelector(sel);

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    else if (k === 'style') e.style.cssText = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(c));
  return e;
}

export async function getJson(url, signal) {
  const res = await fetch(url, { signal });
  let body;
  try { body = await res.json(); } catch { body = {}; }
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

export const fmt = new Intl.NumberFormat('en');
export const num = (n) => fmt.format(n);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// "11 Dec 2016", "10–11 Dec 2016", "Mar 2016" (a whole month), "2016",
// "28 Nov – 2 Dec 2016"; "undated" when there is none.
export function dateText(d) {
  if (!d || !d.earliest) return 'undated';
  const [y1, m1, d1] = d.earliest.split('-').map(Number);
  const [y2, m2, d2] = (d.latest || d.earliest).split('-').map(Number);
  if (d.earliest === (d.latest || d.earliest)) return `${d1} ${MONTHS[m1 - 1]} ${y1}`;
  if (y1 === y2 && m1 === 1 && d1 === 1 && m2 === 12 && d2 === 31) return `${y1}`;
  if (y1 === y2 && m1 === m2 && d1 === 1 && d2 >= lastDay(y2, m2) - 3) return `${MONTHS[m1 - 1]} ${y1}`;
  if (y1 === y2 && m1 === m2) return `${d1}–${d2} ${MONTHS[m1 - 1]} ${y1}`;
  if (y1 === y2) return `${d1} ${MONTHS[m1 - 1]} – ${d2} ${MONTHS[m2 - 1]} ${y1}`;
  return `${d1} ${MONTHS[m1 - 1]} ${y1} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
}

// Labels of the codebook (/api/codebook), filled once at start.
export const codebook = { cameo: new Map(), plover: new Map(), acled: new Map() };
export function loadCodebook(book) {
  for (const c of book.cameo || []) codebook.cameo.set(c.code, c);
  for (const p of book.plover || []) codebook.plover.set(p.name, p);
  for (const a of book.acled || []) codebook.acled.set(a.event_type, a);
}
export const cameoLabel = (code) => (codebook.cameo.get(code) || {}).label || '';

// Colours by event type. PLOVER: conflict in reds and oranges, pressure in
// purples and browns, talk and cooperation in blues and greens. ACLED:
// the six event types. "none": PLOVER or ACLED has no type for the code.
export const COLORS = {
  plover: {
    ASSAULT: '#c62828', COERCE: '#ef6c00', PROTEST: '#8e24aa', THREATEN: '#d81b60', MOBILIZE: '#6d4c41',
    SANCTION: '#9e9d24', ACCUSE: '#f48fb1', REJECT: '#a1887f', REQUEST: '#00838f', CONSULT: '#1565c0',
    AGREE: '#64b5f6', SUPPORT: '#2e7d32', COOPERATE: '#81c784', AID: '#00897b', RETREAT: '#757575',
    CONCEDE: '#bdbdbd', none: '#37474f',
  },
  acled: {
    Battles: '#c62828', 'Explosions/Remote violence': '#ef6c00', 'Violence against civilians': '#6a1b9a',
    Protests: '#1565c0', Riots: '#d81b60', 'Strategic developments': '#2e7d32', none: '#78909c',
  },
};
export const colorOf = (scheme, type) => COLORS[scheme][type] || COLORS[scheme].none;

// A type's name as shown: PLOVER names as they are, "none" explained.
export function typeName(scheme, type) {
  if (type === 'none') return scheme === 'plover' ? 'no PLOVER type' : 'not an ACLED event';
  return type;
}

// Marker size by reported fatalities: a log scale, so that 1, 10, 100 and
// 1000 killed stay apart (the legend draws the same function).
export const sizeFor = (fatalities) => Math.round(22 + 7 * Math.log10(1 + Math.max(0, fatalities)));

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}
