// The explain view: one fused event, its claims, a tab per contributing
// copy, and the article text with each field's evidence highlighted.
// Offsets from the API are UTF-8 bytes, converted here (the only place
// that counts UTF-16).
import { $, el, getJson, dateText, cameoLabel, num } from './util.js';

const FIELDS = ['trigger', 'source', 'target', 'place', 'date', 'claimed_by', 'claim'];
const actorName = (a) => (a ? a.name || a.group || a.country || '?' : '');

// Shows the event; returns its record (or throws with the server's reason).
export async function showExplain(id) {
  const record = await getJson('/api/events/' + encodeURIComponent(id));
  const box = $('#explain');
  box.hidden = false;
  box.dataset.id = id;
  $('#list').hidden = true;
  const label = cameoLabel(record.cameo.code);
  $('#explain-head').replaceChildren(
    el('h2', {}, `${record.cameo.code} ${label} — ${actorName(record.source) || '?'}${record.target ? ' → ' + actorName(record.target) : ''}`),
    el('div', { class: 'types' }, [record.plover && `PLOVER ${record.plover}`,
      record.acled && record.acled.event_type && `ACLED ${record.acled.event_type}${record.acled.sub_event_type ? ' / ' + record.acled.sub_event_type : ''}`]
      .filter(Boolean).join(' · ')),
    el('div', {}, `${record.place ? record.place.name + (record.place.admin1 ? ', ' + record.place.admin1 : '') + ' (' + record.place.country + ')' : 'no place'} · ${dateText(record.date)} · ${record.modality}${record.background ? ' · background' : ''}`),
    el('div', { class: 'counts' }, `${record.counts.mentions} mentions in ${record.counts.articles} articles from ${record.counts.sources} sources: ${(record.sources || []).join(', ')}`));
  if (record.claims && record.claims.length) {
    const t = el('table', { class: 'claims' }, el('tr', {}, el('th', {}, 'claim'), el('th', {}, 'value'), el('th', {}, 'qualifier'), el('th', {}, 'claimed by'), el('th', {}, 'in')));
    for (const c of record.claims)
      t.append(el('tr', {}, el('td', {}, String(c.quantity || '').replace(/_/g, ' ')),
        el('td', { class: 'num' }, c.value === null || c.value === undefined ? '?' : num(c.value)),
        el('td', {}, String(c.qualifier || '').replace(/_/g, ' ')), el('td', {}, c.claimed_by || '—'), el('td', {}, c.source)));
    $('#explain-head').append(el('div', { class: 'claims-box' }, t));
  }
  const tabs = $('#explain-tabs');
  tabs.replaceChildren();
  const contributions = record.contributions || [];
  contributions.forEach((c) => {
    tabs.append(el('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-article': c.article, 'data-event': c.event_id,
      onclick: (ev) => showContribution(c, ev.currentTarget) }, `${c.source} (${c.language || '?'})`));
  });
  $('#explain-legend').replaceChildren(...FIELDS.map((f) => el('mark', { class: 'f-' + f }, f)),
    el('mark', { class: 'sentence' }, 'sentence'));
  $('#explain-text').replaceChildren();
  if (contributions.length) await showContribution(contributions[0], tabs.firstChild);
  else $('#explain-text').append(el('div', { class: 'meta' }, 'no article text stored for this event'));
  return record;
}

async function showContribution(c, tab) {
  for (const b of $('#explain-tabs').children) b.setAttribute('aria-selected', b === tab ? 'true' : 'false');
  const text = $('#explain-text');
  const article = await getJson('/api/articles/' + c.article);
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
  let holder = out;
  for (let i = 0; i + 1 < edges.length; ++i) {
    const [a, b] = [edges[i], edges[i + 1]];
    if (sentence && a === sentence.begin) {
      const sentenceMark = el('mark', { class: 'sentence', 'data-field': 'sentence', title: 'sentence: ' + sentence.rule });
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

export function hideExplain() {
  $('#explain').hidden = true;
  delete $('#explain').dataset.id;
  $('#list').hidden = false;
}
