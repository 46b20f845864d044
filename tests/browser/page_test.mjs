// Browser test of the web page at scale, in Debian's headless Chromium:
// 20,000 synthetic events (vigie_serve_bench make: about 800 places around
// conflict hotspots and on both sides of the antimeridian). Checks, each
// against the API's own answers:
//   - clustering: far fewer discs than places, their numbers adding up to
//     every event with a place; a legend of types and sizes; colour by
//     PLOVER or ACLED type; actor suggestions;
//   - no country shape drawn across the map (antimeridian);
//   - a type filter and a country filter (typed as alpha-3) chosen in the
//     widgets: the count, the rows and the legend follow, the map refits;
//   - a brush on the timeline: the date range goes to the URL, the list is
//     that range, the timeline keeps the whole span;
//   - sorting the list by fatalities; the explain view's row stays marked;
//   - the URL of that view reopened in a new browser: the same filters,
//     count, event and map position;
//   - the CSV and GeoJSON exports hold the events of the view;
//   - the phone layout (390x844): a small header, map and list as tabs,
//     filters folded away.
// Screenshots go to the screenshot folder.
//
//   node page_test.mjs VIGIE VIGIE_SERVE_BENCH SCREENSHOT_DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Harness, idle } from './harness.mjs';

const [vigie, bench, shots] = process.argv.slice(2);
if (!vigie || !bench || !shots) {
  console.error('usage: node page_test.mjs VIGIE VIGIE_SERVE_BENCH SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const h = new Harness('page');
const fail = (m) => h.fail(m);
const expect = (cond, message) => { if (!cond) fail(message); };

const db = path.join(h.work, 'synthetic.db');
const made = spawnSync(bench, ['make', '--db', db, '--events', '20000'], { encoding: 'utf8' });
if (made.status !== 0) fail('vigie_serve_bench make: ' + made.stderr);
const address = await h.serve(vigie, db);
const api = async (q) => {
  const res = await fetch(address + q.replace(/^\//, ''));
  if (!res.ok) fail(`${q}: ${res.status} ${await res.text()}`);
  return res.json();
};

// Waits for the page to show `count` events after an action.
async function waitCount(page, count, what) {
  try {
    await page.waitForFunction((n) => document.body.dataset.busy === 'false'
      && document.querySelector('#status').dataset.count === String(n), count, { timeout: 60000 });
  } catch (e) {
    fail(`${what}: the page shows ${await page.locator('#status').innerText()} (expected ${count})`);
  }
}

async function discs(page) {
  return page.locator('#map .vcluster .disc, #map .vmarker .disc').evaluateAll((list) => list.map((d) => ({
    count: Number(d.dataset.count), type: d.dataset.type, cluster: !!d.closest('.vcluster'),
    place: d.dataset.place || null, size: d.getBoundingClientRect().width })));
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, name) });
}

// Picks an option of a Tom Select widget as a user does: types into it and
// clicks the option of that value (or the offer to add what was typed).
async function choose(page, field, text, value) {
  await page.locator(`#filters .${field} .ts-control`).click();
  const input = page.locator(`#filters .${field} .ts-control input`);
  await input.fill(text);
  const option = page.locator(value ? `.ts-dropdown .option[data-value="${value}"]` : '.ts-dropdown .create').first();
  await option.waitFor({ timeout: 10000 });
  await option.click();
  await input.press('Escape');
  await page.locator('header h1').click();  // the dropdown closes when the widget loses focus
}

try {
  await h.launch();
  const total = (await api('/api/stats')).fused_events;
  expect(total === 20000, `synthetic database holds ${total} events`);
  const allPlaces = await api('/api/places');

  // ---- first view ------------------------------------------------------------
  const page = await h.page(1440, 900);
  await h.open(page);
  await waitCount(page, 20000, 'first view');
  const first = await discs(page);
  const sum = first.reduce((s, d) => s + d.count, 0);
  expect(first.length > 3 && first.length < allPlaces.places.length / 4,
    `${first.length} discs for ${allPlaces.places.length} places: not clustered`);
  expect(first.some((d) => d.cluster), 'no cluster drawn');
  expect(sum === allPlaces.count, `the discs add up to ${sum} events, the API has ${allPlaces.count} with a place`);
  expect(new Set(first.map((d) => d.size)).size > 1, 'every disc has the same size: sizes do not follow fatalities');
  const legendRows = await page.locator('#legend .legend-row').count();
  expect(legendRows >= 5, `legend has ${legendRows} types`);
  expect((await page.locator('#legend').innerText()).includes('ASSAULT'), 'legend without ASSAULT');
  expect((await page.locator('footer').innerText()).includes('GeoNames'), 'no GeoNames credit');
  expect((await page.locator('#events tbody tr').count()) === 100, 'the list does not show a page of 100');
  expect((await page.locator('#page-text').innerText()).includes('of 20,000'), 'the list does not say how many in all');
  expect(/\d+ undated/.test(await page.locator('#undated').innerText()), 'undated events not counted apart');
  expect((await page.locator('#timeline-chart rect.range').count()) > 0, 'no range drawn on the timeline');
  // No country shape draws a line across the map: a ring crossing the
  // antimeridian (Russia, Fiji) would jump most of the world's width
  // between two points of its outline.
  // (The copies either side of the main world are drawn after the view.)
  await page.waitForFunction(() => document.querySelectorAll('#map .leaflet-overlay-pane path').length > 500, null,
    { timeout: 20000 }).catch(() => fail('the world is not drawn three times'));
  const jump = await page.evaluate(() => {
    const world = 256 * 2 ** Number(new URLSearchParams(location.search).get('map').split(',')[2]);
    let max = 0, shapes = 0;
    for (const p of document.querySelectorAll('#map .leaflet-overlay-pane path')) {
      ++shapes;
      for (const sub of (p.getAttribute('d') || '').split(/[Mm]/)) {
        const xs = [...sub.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => Number(m[1]));
        for (let i = 1; i < xs.length; ++i) max = Math.max(max, Math.abs(xs[i] - xs[i - 1]) / world);
      }
    }
    return { max, shapes };
  });
  expect(jump.shapes > 500, `${jump.shapes} country shapes drawn`);
  expect(jump.max < 0.3, `a country outline jumps ${(jump.max * 100).toFixed(0)}% of the world's width`);
  await shot(page, 'desktop-1-first.png');

  // Colour by ACLED type instead: the legend and the URL follow, and back.
  await page.locator('#filters input[name="color"][value="acled"]').check();
  await page.waitForFunction(() => document.querySelector('#legend').dataset.scheme === 'acled', null, { timeout: 20000 })
    .catch(() => fail('the legend did not switch to ACLED types'));
  expect((await page.locator('#legend').innerText()).includes('Battles'), 'ACLED legend without Battles');
  expect(page.url().includes('color=acled'), 'the colour scheme is not in the URL');
  await page.locator('#filters input[name="color"][value="plover"]').check();
  await page.waitForFunction(() => document.querySelector('#legend').dataset.scheme === 'plover', null, { timeout: 20000 });
  // Actor suggestions come from the database.
  await page.locator('#filters input[name="actor"]').fill('hout');
  await page.locator('#actor-list option[value="Houthis"]').waitFor({ state: 'attached', timeout: 20000 })
    .catch(() => fail('no actor suggestion for "hout"'));
  await page.locator('#filters input[name="actor"]').fill('');

  // ---- a type filter, then a country by its alpha-3 code ---------------------------
  const assault = (await api('/api/events?plover=ASSAULT&limit=1&count=exact')).count;
  // Without count=exact the API stops counting 1,000 matches past the
  // offset, and says so; the page asks for the exact count.
  const bounded = await api('/api/events?plover=ASSAULT&limit=1&offset=5');
  expect(assault <= 1005 ? bounded.count === assault && bounded.count_exact
                          : bounded.count === 1005 && bounded.count_exact === false,
    `bounded count ${JSON.stringify([bounded.count, bounded.count_exact])} of ${assault}`);
  await choose(page, 'f-types', 'ASSAULT', 'plover:ASSAULT');
  await waitCount(page, assault, 'type filter ASSAULT');
  expect(page.url().includes('plover=ASSAULT'), 'the type filter is not in the URL: ' + page.url());
  const types = await page.locator('#events tbody td.type small').allInnerTexts();
  expect(types.length === 100 && types.every((t) => t.includes('ASSAULT')), 'a row of the filtered list is not ASSAULT');
  expect((await page.locator('#legend .legend-row').count()) === 1, 'the legend shows other types than ASSAULT');
  const zoomBefore = await page.evaluate(() => Number(new URLSearchParams(location.search).get('map').split(',')[2]));
  const somalia = (await api('/api/events?plover=ASSAULT&country=SO&limit=1&count=exact')).count;
  await choose(page, 'f-country', 'SOM', 'SO');
  await waitCount(page, somalia, 'country filter SOM');
  await page.waitForFunction((z) => Number(new URLSearchParams(location.search).get('map').split(',')[2]) > z + 2, zoomBefore,
    { timeout: 20000 }).catch(() => fail('the map did not refit to Somalia'));
  const center = await page.evaluate(() => new URLSearchParams(location.search).get('map').split(',').map(Number));
  expect(center[0] > -3 && center[0] < 8 && center[1] > 40 && center[1] < 48, `the map is not on Somalia: ${center}`);
  expect(page.url().includes('country=SO'), 'the country filter is not in the URL');
  await shot(page, 'desktop-2-filtered.png');
  // A country the server does not know: its reason, and no stale rows.
  h.allowBadRequest = true;
  await choose(page, 'f-country', 'QQQ', null);
  await page.waitForFunction(() => document.querySelector('#status').classList.contains('error'), null, { timeout: 20000 })
    .catch(() => fail('a refused filter is not shown as refused'));
  expect((await page.locator('#status').innerText()).includes('QQQ'), 'the server\'s reason is not shown');
  expect((await page.locator('#events tbody tr[data-id]').count()) === 0, 'rows of the old filter are still listed');
  await page.locator('#filters .f-country .ts-control .item[data-value="QQQ"] .remove').click();
  await waitCount(page, somalia, 'after removing QQQ');
  h.allowBadRequest = false;

  // ---- the brush -----------------------------------------------------------------
  const barsBefore = await page.locator('#timeline-chart rect.bar').count();
  const chart = await page.locator('#timeline-chart svg').boundingBox();
  await page.mouse.move(chart.x + chart.width * 0.55, chart.y + 30);
  await page.mouse.down();
  await page.mouse.move(chart.x + chart.width * 0.7, chart.y + 40, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /from=\d{4}-\d\d-\d\d/.test(location.search) && /to=\d{4}/.test(location.search),
    null, { timeout: 20000 }).catch(() => fail('the brush did not set a date range'));
  const url = new URL(page.url());
  const from = url.searchParams.get('from'), to = url.searchParams.get('to');
  expect(from < to, `brushed range ${from}..${to}`);
  const ranged = await api(`/api/events?plover=ASSAULT&country=SO&from=${from}&to=${to}&limit=100&count=exact`);
  await waitCount(page, ranged.count, 'brushed range');
  expect(ranged.count > 0 && ranged.count < somalia, `brushed ${ranged.count} of ${somalia}`);
  const ids = await page.locator('#events tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  expect(JSON.stringify(ids) === JSON.stringify(ranged.events.map((e) => e.id)), 'the list is not the brushed range');
  expect((await page.locator('#timeline-chart rect.bar').count()) === barsBefore, 'the timeline lost its overview');
  expect(await page.locator('#filters input[name="from"]').inputValue() === from, 'the from field does not show the brush');
  await shot(page, 'desktop-3-brush.png');

  // ---- sorting and the explain view ------------------------------------------------------
  await page.locator('#events th[data-sort="fatalities"] button').click();
  await page.waitForFunction(() => location.search.includes('sort=-fatalities') && document.body.dataset.busy === 'false',
    null, { timeout: 20000 }).catch(() => fail('sorting by fatalities did not happen'));
  const byKilled = await api(`/api/events?plover=ASSAULT&country=SO&from=${from}&to=${to}&sort=-fatalities&limit=100`);
  await page.waitForFunction((id) => document.querySelector('#events tbody tr[data-id]').dataset.id === id,
    byKilled.events[0].id, { timeout: 20000 }).catch(() => fail('the list is not sorted by fatalities'));
  const killed = await page.locator('#events tbody td:nth-child(5)').allInnerTexts();
  const values = killed.filter((k) => k !== '').map((k) => Number(k.replace(/,/g, '')));
  expect(values.every((v, i) => i === 0 || values[i - 1] >= v), 'killed column not in decreasing order: ' + values.slice(0, 10));
  expect(await page.locator('#events th[data-sort="fatalities"]').getAttribute('aria-sort') === 'descending', 'no sort mark');
  const second = page.locator('#events tbody tr[data-id]').nth(1);
  const chosen = await second.getAttribute('data-id');
  await second.click();
  await page.locator('#explain').waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForFunction((id) => document.body.dataset.explain === id, chosen, { timeout: 20000 });
  expect(page.url().includes('event=' + chosen), 'the event is not in the URL');
  const sharedUrl = page.url();
  await page.locator('#close-explain').click();
  await page.locator('#events').waitFor({ state: 'visible' });
  expect(await page.locator(`#events tbody tr.selected[data-id="${chosen}"]`).count() === 1, 'the explained row is not marked');

  // ---- exports -----------------------------------------------------------------------------
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  const csvRows = csvText.trim().split('\r\n');
  expect(csvRows[0].startsWith('id,date_earliest'), 'CSV without its header');
  expect(csvRows.length - 1 === ranged.count, `CSV has ${csvRows.length - 1} rows for ${ranged.count} events`);
  expect(csvRows[1].split(',')[0] === byKilled.events[0].id, 'CSV is not in the order of the list');
  const [geo] = await Promise.all([page.waitForEvent('download'), page.locator('#export-geojson').click()]);
  const collection = JSON.parse(readFileSync(await geo.path(), 'utf8'));
  expect(collection.type === 'FeatureCollection' && collection.features.length === ranged.count,
    `GeoJSON has ${collection.features.length} features for ${ranged.count} events`);
  expect(collection.features.every((f) => f.properties.plover === 'ASSAULT' && f.properties.place.country === 'SO'),
    'GeoJSON holds events outside the view');

  // ---- the shared URL in another browser -------------------------------------------------------
  const other = await h.page(1440, 900);
  await h.open(other, new URL(sharedUrl).pathname + new URL(sharedUrl).search);
  await waitCount(other, ranged.count, 'shared URL');
  await other.locator('#explain').waitFor({ state: 'visible', timeout: 20000 });
  expect(await other.evaluate(() => document.querySelector('#explain').dataset.id) === chosen, 'the shared view has another event');
  expect(await other.locator('#filters input[name="to"]').inputValue() === to, 'the shared view lost the date range');
  const chips = await other.locator('#filters .ts-control .item').allInnerTexts();
  expect(chips.some((c) => c.includes('ASSAULT')) && chips.some((c) => c.includes('Somalia')), 'the shared view lost its filters: ' + chips);
  const sharedMap = new URL(sharedUrl).searchParams.get('map');
  // The same place and zoom, to a pixel (Leaflet snaps the centre to one).
  const [la, lo, z] = sharedMap.split(',').map(Number);
  const [la2, lo2, z2] = new URL(other.url()).searchParams.get('map').split(',').map(Number);
  expect(z === z2 && Math.abs(la - la2) < 0.005 && Math.abs(lo - lo2) < 0.005,
    `map ${new URL(other.url()).searchParams.get('map')} for ${sharedMap}`);
  expect(await other.locator('#events th[data-sort="fatalities"]').getAttribute('aria-sort') === 'descending', 'the shared view lost its sort');
  await shot(other, 'desktop-4-shared-explain.png');
  await other.context().close();

  // ---- a phone ----------------------------------------------------------------------------------
  const phone = await h.page(390, 844, { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  await h.open(phone);
  await waitCount(phone, 20000, 'phone');
  const header = await phone.locator('header').boundingBox();
  const mapBox = await phone.locator('#map').boundingBox();
  expect(header.height <= 50, `phone header is ${header.height} px high`);
  expect(mapBox.height >= 450, `phone map is ${mapBox.height} px high`);
  expect(!(await phone.locator('#filters').isVisible()), 'phone filters are not folded away');
  expect(!(await phone.locator('#events').isVisible()), 'phone shows map and list at once');
  await shot(phone, 'phone-1-first.png');
  await phone.locator('#toggle-filters').click();
  await phone.locator('#filters').waitFor({ state: 'visible' });
  await shot(phone, 'phone-2-filters.png');
  await phone.locator('#toggle-filters').click();
  await phone.locator('#tabs button[data-tab="list"]').click();
  await phone.locator('#events').waitFor({ state: 'visible' });
  const width = await phone.evaluate(() => document.querySelector('#list').scrollWidth);
  expect(width <= 392, `phone list is ${width} px wide`);
  expect(phone.url().includes('tab=list'), 'the phone tab is not in the URL');
  await shot(phone, 'phone-3-list.png');
  // The filtered and brushed view on a phone.
  await h.open(phone, new URL(sharedUrl).search.replace(/&?event=\d+/, '').replace(/&?tab=\w+/, '') || '/');
  await waitCount(phone, ranged.count, 'phone filtered');
  await shot(phone, 'phone-4-filtered.png');

  h.checkClean();
  console.log(`browser page test: ok (${address}; ${first.length} discs for ${allPlaces.places.length} places;`
    + ` ASSAULT ${assault}, in Somalia ${somalia}, ${from}..${to} ${ranged.count}; screenshots in ${shots})`);
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await h.close();
}
