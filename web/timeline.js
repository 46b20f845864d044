// The timeline: a real time axis (d3's UTC scale) with the matching events
// counted per day, week, month or year (chosen from the span, or by the
// user), events dated by a range drawn as ranges in a lane of their own
// under the bars, undated events counted apart, and a brush to pick a date
// range. It always shows the whole span of the other filters, so that the
// brush narrows the rest of the page without losing the overview.
import { $, el, num } from './util.js';

const DAY = 86400000;
const parse = (s) => new Date(s + 'T00:00:00Z');
const iso = (d) => d.toISOString().slice(0, 10);

const INTERVALS = {
  day: () => d3.utcDay, week: () => d3.utcMonday, month: () => d3.utcMonth, year: () => d3.utcYear,
};

export function autoBucket(first, last) {
  const days = (last - first) / DAY;
  if (days > 365 * 25) return 'year';
  if (days > 365 * 2) return 'month';
  if (days > 120) return 'week';
  return 'day';
}

const tl = { data: null, options: null, onBrush: null, observer: null };

// data: /api/timeline; options: {from, to, bucket}; onBrush(from, to) with
// two ISO days, or (null, null) when the brush is cleared.
export function drawTimeline(data, options, onBrush) {
  tl.data = data;
  tl.options = options;
  tl.onBrush = onBrush;
  if (!tl.observer) {
    let width = 0;
    tl.observer = new ResizeObserver(() => {
      const w = $('#timeline-chart').clientWidth;
      if (w !== width && tl.data) { width = w; render(); }
    });
    tl.observer.observe($('#timeline-chart'));
  }
  render();
}

function render() {
  const { data, options } = tl;
  const box = $('#timeline-chart');
  box.replaceChildren();
  $('#undated').textContent = data.undated ? `${num(data.undated)} undated` : '';
  $('#undated').title = data.undated ? 'events with no date: they are in the list and on the map, not on the axis' : '';
  if (!data.days.length) {
    box.append(el('div', { class: 'empty' }, 'no dated events'));
    $('#timeline-range').textContent = '';
    return;
  }
  // Point events per day: a day's count less the ranges that begin on it.
  const points = new Map(data.days.map((d) => [d.day, d.count]));
  let lastDay = parse(data.days[data.days.length - 1].day);
  for (const r of data.ranges) {
    points.set(r.earliest, (points.get(r.earliest) || 0) - r.count);
    const end = parse(r.latest);
    if (end > lastDay) lastDay = end;
  }
  const firstDay = parse(data.days[0].day);
  const bucket = options.bucket === 'auto' || !INTERVALS[options.bucket] ? autoBucket(firstDay, lastDay) : options.bucket;
  const interval = INTERVALS[bucket]();
  const start = interval.floor(firstDay), end = interval.offset(interval.floor(lastDay), 1);
  const bins = new Map();
  for (const [day, n] of points) {
    if (n <= 0) continue;
    const k = +interval.floor(parse(day));
    bins.set(k, (bins.get(k) || 0) + n);
  }

  const width = Math.max(280, box.clientWidth || 600);
  const margin = { left: 34, right: 10, top: 6 };
  const barsHeight = 70, laneRows = 3, laneRow = 5, laneGap = 4, axisHeight = 20;
  const laneTop = margin.top + barsHeight + laneGap;
  const height = laneTop + laneRows * laneRow + axisHeight;
  const x = d3.scaleUtc().domain([start, end]).range([margin.left, width - margin.right]);
  const maxCount = Math.max(1, ...bins.values());
  const y = d3.scaleLinear().domain([0, maxCount]).nice().range([margin.top + barsHeight, margin.top]);

  const svg = d3.select(box).append('svg').attr('width', width).attr('height', height)
    .attr('data-bucket', bucket).attr('role', 'img')
    .attr('aria-label', `events per ${bucket} from ${iso(start)} to ${iso(end)}`);
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(3).tickSizeOuter(0).tickFormat(d3.format('~s')));
  const label = { day: d3.utcFormat('%-d %b %Y'), week: (d) => 'week of ' + d3.utcFormat('%-d %b %Y')(d),
    month: d3.utcFormat('%B %Y'), year: d3.utcFormat('%Y') }[bucket];
  svg.append('g').attr('class', 'bars').selectAll('rect').data([...bins].sort((a, b) => a[0] - b[0])).join('rect')
    .attr('class', 'bar')
    .attr('x', ([k]) => x(new Date(k)))
    .attr('width', ([k]) => Math.max(1, x(interval.offset(new Date(k), 1)) - x(new Date(k)) - (bucket === 'day' ? 0 : 1)))
    .attr('y', ([, n]) => y(n))
    .attr('height', ([, n]) => Math.max(1, y(0) - y(n)))
    .attr('data-start', ([k]) => iso(new Date(k)))
    .attr('data-count', ([, n]) => n)
    .append('title').text(([k, n]) => `${label(new Date(k))}: ${num(n)} events`);

  // Ranges, packed greedily into a few rows.
  const rowsEnd = new Array(laneRows).fill(-Infinity);
  const lane = svg.append('g').attr('class', 'ranges');
  for (const r of [...data.ranges].sort((a, b) => (a.earliest < b.earliest ? -1 : 1))) {
    const x0 = x(parse(r.earliest)), x1 = Math.max(x0 + 2, x(new Date(+parse(r.latest) + DAY)));
    let row = rowsEnd.findIndex((e) => e <= x0);
    if (row < 0) row = laneRows - 1;
    rowsEnd[row] = x1 + 1;
    lane.append('rect').attr('class', 'range').attr('x', x0).attr('width', x1 - x0)
      .attr('y', laneTop + row * laneRow).attr('height', laneRow - 1)
      .attr('data-earliest', r.earliest).attr('data-latest', r.latest)
      .attr('opacity', Math.min(1, 0.35 + 0.15 * Math.log2(r.count)))
      .append('title').text(`${r.earliest} – ${r.latest}: ${num(r.count)} events dated by this range`);
  }
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${laneTop + laneRows * laneRow})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickSizeOuter(0));

  const brush = d3.brushX().extent([[margin.left, margin.top - 2], [width - margin.right, laneTop + laneRows * laneRow]])
    .on('end', (event) => {
      if (!event.sourceEvent) return;  // moved by the program
      if (!event.selection) { tl.onBrush(null, null); return; }
      const [a, b] = event.selection.map((v) => x.invert(v));
      const from = interval.floor(a);
      let to = interval.ceil(b);
      if (+to === +from) to = interval.offset(from, 1);
      const fromDay = iso(from), toDay = iso(new Date(+to - DAY));
      // Snap the brush to whole buckets.
      g.call(brush.move, [x(from), x(to)]);
      tl.onBrush(fromDay, toDay);
    });
  const g = svg.append('g').attr('class', 'brush').call(brush);
  if (options.from || options.to) {
    const a = options.from ? parse(options.from) : start;
    const b = options.to ? new Date(+parse(options.to) + DAY) : end;
    g.call(brush.move, [Math.max(x.range()[0], x(a)), Math.min(x.range()[1], x(b))]);
    $('#timeline-range').textContent = `${options.from || '…'} to ${options.to || '…'}`;
    $('#timeline-range').classList.remove('hint');
  } else {
    $('#timeline-range').textContent = 'drag across the chart to pick dates';
    $('#timeline-range').classList.add('hint');
  }
  $('#clear-range').hidden = !(options.from || options.to);
  box.dataset.bucket = bucket;
}
