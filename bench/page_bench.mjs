// Load and filter times of the web page in Debian's headless Chromium
// (playwright-core), against a running `vigie serve` (bench/serve_bench.sh
// starts one on 100,000 synthetic events). Measured, never asserted.
//
//   node bench/page_bench.mjs http://127.0.0.1:PORT/ [RUNS]
//
// load: from navigation start to the first complete view (map places
// clustered, timeline, first page of the list: the page's 'vigie:view'
// mark), and as the driver sees it (goto to body[data-ready]); filter: from a
// change of the type, country or date widgets to the redrawn view
// (body[data-busy="false"] with the new count), timed inside the page.
// The server caches list answers per state of the database, and computes
// the unfiltered first view when it starts: the first run's filters are
// cold, the later runs' cached.
import { chromium } from 'playwright-core';

const [address, runsArg] = process.argv.slice(2);
if (!address) {
  console.error('usage: node bench/page_bench.mjs http://127.0.0.1:PORT/ [RUNS]');
  process.exit(2);
}
const runs = Math.max(2, Number(runsArg || 5));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The first run asks the server for views it has not answered yet (cold);
// later runs repeat them (answered from its cache).
const fmt = (xs) => `first ${xs[0].toFixed(0)} ms; then median ${median(xs.slice(1)).toFixed(0)} ms, min ${Math.min(...xs.slice(1)).toFixed(0)}, max ${Math.max(...xs.slice(1)).toFixed(0)}`;

const load = [], view = [], apis = {}, filters = { type: [], country: [], dates: [], clear: [] };
let events = 0, places = 0;
for (let i = 0; i < runs; ++i) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(address);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
  load.push(Date.now() - t0);
  // The page's own clock: navigation start to the first complete view.
  view.push(await page.evaluate(() => performance.getEntriesByName('vigie:view')[0].startTime));
  const timing = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => r.name.includes('/api/')).map((r) => [new URL(r.name).pathname, r.duration, r.transferSize]));
  for (const [path, ms] of timing) (apis[path] = apis[path] || []).push(ms);
  ({ events, places } = await page.evaluate(() => ({
    events: Number(document.querySelector('#status').dataset.count),
    places: document.querySelectorAll('#map .vmarker, #map .vcluster').length })));
  // Each filter change timed in the page, up to the redrawn view.
  const change = (action) => page.evaluate(async (act) => {
    const before = document.querySelector('#status').dataset.count;
    const t = performance.now();
    const f = document.querySelector('#filters');
    if (act === 'type') f.elements.types.tomselect.addItem('plover:PROTEST');
    if (act === 'country') f.elements.country.tomselect.addItem('SY');
    if (act === 'dates') { f.elements.from.value = '2020-01-01'; f.elements.to.value = '2021-12-31'; f.elements.to.dispatchEvent(new Event('change')); }
    if (act === 'clear') f.querySelector('#reset').click();
    await new Promise((resolve) => {
      const check = () => (document.body.dataset.busy === 'false' && document.querySelector('#status').dataset.count !== before
        ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    return performance.now() - t;
  }, action);
  for (const k of ['type', 'country', 'dates', 'clear']) filters[k].push(await change(k));
  await context.close();
}
await browser.close();
console.log(`page load (${events} events, ${places} discs drawn), ${runs} runs, as the page clocks it`
  + ` (navigation start to the view drawn): ${fmt(view)}`);
console.log(`  as the test driver sees it (goto to body[data-ready] seen): ${fmt(load)}`);
for (const [path, xs] of Object.entries(apis)) console.log(`  ${path}: ${fmt(xs)} (as the browser saw it)`);
console.log(`filter by a type: ${fmt(filters.type)}`);
console.log(`then by a country: ${fmt(filters.country)}`);
console.log(`then by dates: ${fmt(filters.dates)}`);
console.log(`clear all filters: ${fmt(filters.clear)}`);
