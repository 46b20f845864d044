// The list: one page of /api/events, sorted by the server (so that a sort
// covers every match, not only the page), with readable dates, the CAMEO
// label, the PLOVER and ACLED types, reported fatalities and the number of
// sources. The row of the event in the explain view stays marked.
import { $, el, num, dateText, cameoLabel, colorOf } from './util.js';

const actorName = (a) => (a ? a.name || a.group || a.country || '?' : '');

// page: /api/events answer; opts: {sort, selected, scheme, onOpen, onSort, onPage}.
export function drawTable(page, opts) {
  // On a phone the actors go under the type, and their column away (a
  // fixed-layout table needs its columns to match its cells).
  const compact = window.matchMedia('(max-width: 760px)').matches;
  const cols = compact ? ['c-date', 'c-type', 'c-place', 'c-num', 'c-num'] : ['c-date', 'c-type', 'c-actors', 'c-place', 'c-num', 'c-num'];
  $('#events colgroup').replaceChildren(...cols.map((c) => el('col', { class: c })));
  $('#events th.actors').hidden = compact;
  const body = $('#events tbody');
  body.replaceChildren();
  for (const e of page.events) {
    const type = opts.scheme === 'acled' ? (e.acled && e.acled.event_type) || 'none' : e.plover || 'none';
    const label = cameoLabel(e.cameo.code);
    const row = el('tr', {
      'data-id': e.id, tabindex: '0', class: e.id === opts.selected ? 'selected' : null,
      'aria-selected': e.id === opts.selected ? 'true' : null,
      onclick: () => opts.onOpen(e.id),
      onkeydown: (ev) => { if (ev.key === 'Enter') opts.onOpen(e.id); },
    },
    el('td', { class: 'date' }, dateText(e.date), e.background ? el('small', { class: 'tag' }, 'background') : null),
    el('td', { class: 'type', title: `${e.cameo.code} ${label}` },
      el('div', { class: 'line' }, el('i', { class: 'swatch', style: `background:${colorOf(opts.scheme, type)}` }),
        el('span', { class: 'code' }, e.cameo.code), ' ', el('span', { class: 'label' }, label || '')),
      el('small', {}, [e.plover, e.acled && e.acled.event_type].filter(Boolean).join(' · ')
        + (e.modality && e.modality !== 'asserted' ? ` · ${e.modality}` : '')),
      compact ? el('small', { class: 'who' }, `${actorName(e.source) || '?'}${e.target ? ' → ' + actorName(e.target) : ''}`) : null),
    compact ? null : el('td', { class: 'actors' }, actorName(e.source) || '?', e.target ? ' → ' + actorName(e.target) : ''),
    el('td', { class: 'place' }, e.place ? `${e.place.name}${e.place.country ? ' (' + e.place.country + ')' : ''}` : '—'),
    el('td', { class: 'num' }, e.fatalities === null || e.fatalities === undefined ? '' : num(e.fatalities)),
    el('td', { class: 'num', title: e.counts ? `${e.counts.mentions} mentions in ${e.counts.articles} articles` : '' },
      e.counts ? String(e.counts.sources) : ''));
    body.append(row);
  }
  if (!page.events.length) body.append(el('tr', { class: 'empty' }, el('td', { colspan: String(cols.length) }, opts.empty || 'no event matches')));
  for (const th of document.querySelectorAll('#events th[data-sort]')) {
    const key = th.dataset.sort;
    th.setAttribute('aria-sort', opts.sort === key ? 'ascending' : opts.sort === '-' + key ? 'descending' : 'none');
    th.querySelector('button').onclick = () => {
      // First click: the most useful direction (newest, most killed, most sources).
      const first = key === 'date' || key === 'fatalities' || key === 'sources' ? '-' + key : key;
      opts.onSort(opts.sort === first ? (first.startsWith('-') ? key : '-' + key) : first);
    };
  }
  const from = page.count ? page.offset + 1 : 0, to = page.offset + page.returned;
  $('#page-text').textContent = `${num(from)}–${num(to)} of ${num(page.count)}${page.count_exact === false ? '+' : ''}`;
  $('#prev').disabled = page.offset <= 0;
  $('#next').disabled = to >= page.count;
  $('#prev').onclick = () => opts.onPage(Math.max(0, page.offset - page.limit));
  $('#next').onclick = () => opts.onPage(page.offset + page.limit);
}

export function markRow(id) {
  for (const tr of document.querySelectorAll('#events tbody tr')) {
    const on = tr.dataset.id === id;
    tr.classList.toggle('selected', on);
    if (on) tr.setAttribute('aria-selected', 'true'); else tr.removeAttribute('aria-selected');
  }
}

export function scrollToRow(id) {
  const tr = document.querySelector(`#events tbody tr[data-id="${CSS.escape(String(id))}"]`);
  if (tr) tr.scrollIntoView({ block: 'nearest' });
}
