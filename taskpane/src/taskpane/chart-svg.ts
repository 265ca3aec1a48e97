/**
 * The pane's charts, drawn as SVG from a report chart spec. Line charts: one or more history
 * lines, expected values, the shaded prediction interval, the forecast line, anomaly markers, and
 * axes with date labels. Column and bar charts: one group of bars per category (`labels`), one bar
 * per series, negative values below the zero line. Pure (returns markup), so it is unit-tested
 * without a browser.
 */
import type { Chart, Lang, Series, SeriesRole } from '../shared/analysis';
import { formatDate, formatValue, locale, serialToDate, t, tr } from './i18n';

/** Size of the drawing in SVG units (it scales to the pane's width). */
export interface ChartSize {
  width: number;
  height: number;
}

const DEFAULT_SIZE: ChartSize = { width: 640, height: 300 };

/**
 * Colours of the history lines and bar series, in order (the first history line is #424242; the
 * forecast's brand blue #0F6CBD is left out so a forecast never looks like history).
 */
export const SERIES_PALETTE = ['#424242', '#C50F1F', '#107C10', '#8764B8', '#CA5010', '#038387', '#B146C2'] as const;
const MARGIN = { left: 52, right: 14, bottom: 34 };

/** Escapes text for HTML/SVG content and attribute values. */
export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Round, readable tick values (about `count` of them) from the last round value at or below `min`
 * to the first at or above `max`, so the ticks frame the data.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  const out: number[] = [];
  for (let i = 0; first + i * step <= last + step * 1e-9 && i <= 50; i++) {
    const v = first + i * step;
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

/** A date tick: its serial and its label. */
export interface DateTick {
  x: number;
  label: string;
}

function utcParts(serial: number): { y: number; m: number; d: number } {
  const dt = serialToDate(serial);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth(), d: dt.getUTCDate() };
}

function serialOf(y: number, m: number, d: number): number {
  const ms = Date.UTC(y, m, d);
  const s = ms / 86_400_000 + 25569;
  return s < 61 ? s - 1 : s;
}

function monthTicks(min: number, max: number, step: number, lang: Lang): DateTick[] {
  const monthFmt = new Intl.DateTimeFormat(locale(lang), { month: 'short', timeZone: 'UTC' });
  const monthYearFmt = new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const start = utcParts(min);
  // First of a month at or after min, on a multiple of the step (Jan, Apr, Jul, Oct for 3).
  let y = start.y;
  let m = start.m;
  if (serialOf(y, m, 1) < min) m += 1;
  while (m % step !== 0) m += 1;
  const out: DateTick[] = [];
  let lastYear = NaN;
  for (;;) {
    y += Math.floor(m / 12);
    m %= 12;
    const x = serialOf(y, m, 1);
    if (x > max || out.length > 400) break;
    out.push({ x, label: (y !== lastYear ? monthYearFmt : monthFmt).format(serialToDate(x)) });
    lastYear = y;
    m += step;
  }
  return out;
}

function yearTicks(min: number, max: number, step: number): DateTick[] {
  const out: DateTick[] = [];
  for (let y = Math.ceil(utcParts(min).y / step) * step; out.length <= 400; y += step) {
    const x = serialOf(y, 0, 1);
    if (x > max) break;
    if (x >= min) out.push({ x, label: String(y) });
  }
  return out;
}

function dayTicks(min: number, max: number, step: number, lang: Lang): DateTick[] {
  const multiYear = utcParts(min).y !== utcParts(max).y;
  const out: DateTick[] = [];
  let lastYear = NaN;
  for (let x = Math.ceil(min); x <= max && out.length <= 400; x += step) {
    const y = utcParts(x).y;
    out.push({ x, label: formatDate(x, lang, multiYear && y !== lastYear) });
    lastYear = y;
  }
  return out;
}

/**
 * Ticks for a date axis from serial `min` to `max`, at most `maxTicks` (at least two where the
 * span allows): every 1, 2, 7 or 14 days, else on the first of every 1, 2, 3 or 6 months, else on
 * 1 January every 1, 2, 5 … years — the finest that fits.
 */
export function dateTicks(min: number, max: number, lang: Lang, maxTicks = 6): DateTick[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const span = max - min;
  const candidates: (() => DateTick[])[] = [
    ...[1, 2, 7, 14].filter((d) => span / d <= maxTicks).map((d) => () => dayTicks(min, max, d, lang)),
    ...[1, 2, 3, 6].map((m) => () => monthTicks(min, max, m, lang)),
    ...[1, 2, 5, 10, 20, 50, 100, 200, 500].map((y) => () => yearTicks(min, max, y)),
  ];
  let last: DateTick[] = [];
  for (const make of candidates) {
    const ticks = make();
    if (ticks.length <= maxTicks) return ticks.length >= 2 || last.length === 0 ? ticks : last;
    last = ticks;
  }
  return last;
}

function seriesOf(chart: Chart, role: SeriesRole): Series | undefined {
  return chart.series.find((s) => s.role === role);
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A line path through the defined points, broken where values are missing. */
function linePath(points: (readonly [number, number] | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${fmt(p[0])},${fmt(p[1])}`;
    pen = true;
  }
  return d;
}

/** Closed band between two lines, one polygon per run of indices where both are defined. */
function bandPath(upper: (readonly [number, number] | null)[], lower: (readonly [number, number] | null)[]): string {
  let d = '';
  let run: number[] = [];
  const close = () => {
    if (run.length > 0) {
      const top = run.map((i) => upper[i] as readonly [number, number]);
      const bottom = run.map((i) => lower[i] as readonly [number, number]).reverse();
      d += `M${[...top, ...bottom].map((p) => `${fmt(p[0])},${fmt(p[1])}`).join('L')}Z`;
    }
    run = [];
  };
  for (let i = 0; i < upper.length; i++) {
    if (upper[i] && lower[i]) run.push(i);
    else close();
  }
  close();
  return d;
}

/** The SVG markup of a report chart in `lang`: bars for column and bar charts, lines otherwise. */
export function chartSvg(chart: Chart, lang: Lang, size: ChartSize = DEFAULT_SIZE): string {
  if (chart.kind === 'column' || chart.kind === 'bar') return barChartSvg(chart, lang, size);
  const { width: W, height: H } = size;
  const n = chart.x.length;
  const actuals = chart.series.filter((s) => s.role === 'actual');
  const actual = actuals[0];
  const extraActuals = actuals.slice(1);
  const expected = seriesOf(chart, 'expected');
  const forecast = seriesOf(chart, 'forecast');
  const lower = seriesOf(chart, 'lower');
  const upper = seriesOf(chart, 'upper');
  const anomaly = seriesOf(chart, 'anomaly');

  const ys: number[] = [];
  for (const s of [...actuals, expected, forecast, lower, upper]) {
    for (const v of s?.values ?? []) if (finite(v)) ys.push(v);
  }
  let ymin = ys.length ? Math.min(...ys) : 0;
  let ymax = ys.length ? Math.max(...ys) : 1;
  if (ymax === ymin) {
    ymin -= 1;
    ymax += 1;
  }
  const yTicks = niceTicks(ymin, ymax, 5);
  ymin = Math.min(ymin, yTicks[0] ?? ymin);
  ymax = Math.max(ymax, yTicks[yTicks.length - 1] ?? ymax);

  const xs = chart.x.filter(finite);
  let xmin = xs.length ? Math.min(...xs) : 0;
  let xmax = xs.length ? Math.max(...xs) : 1;
  if (xmax === xmin) {
    xmin -= 1;
    xmax += 1;
  }
  // Legend, wrapped onto as many rows as the width needs.
  const legend: [string, string][] = [];
  if (actual) legend.push(['history', tr(actual.name, lang) || t(lang, 'legendActual')]);
  extraActuals.forEach((s, i) => legend.push([`extra-${i + 1}`, tr(s.name, lang)]));
  if (expected) legend.push(['expected', tr(expected.name, lang) || t(lang, 'legendExpected')]);
  if (forecast) legend.push(['forecast', tr(forecast.name, lang) || t(lang, 'legendForecast')]);
  if (upper && lower) legend.push(['interval', t(lang, 'legendInterval')]);
  if (anomaly && anomaly.values.some(finite)) legend.push(['anomaly', tr(anomaly.name, lang) || t(lang, 'legendAnomaly')]);
  const legendParts: string[] = ['<g class="legend">'];
  let lx = MARGIN.left;
  let ly = 15;
  for (const [cls, label] of legend) {
    const w = 24 + label.length * 5.8;
    if (lx > MARGIN.left && lx + w > W - MARGIN.right) {
      lx = MARGIN.left;
      ly += 16;
    }
    const swatch =
      cls === 'interval'
        ? `<rect class="interval" x="${lx}" y="${ly - 5}" width="14" height="10"/>`
        : cls === 'anomaly'
          ? `<circle class="anomaly" cx="${lx + 7}" cy="${ly}" r="4"/>`
          : cls.startsWith('extra-')
            ? `<line class="line history" style="stroke:${paletteColor(Number(cls.slice(6)))}" x1="${lx}" x2="${lx + 14}" y1="${ly}" y2="${ly}"/>`
            : `<line class="line ${cls}" x1="${lx}" x2="${lx + 14}" y1="${ly}" y2="${ly}"/>`;
    legendParts.push(swatch, `<text x="${lx + 18}" y="${ly}" dominant-baseline="middle">${esc(label)}</text>`);
    lx += w + 10;
  }
  legendParts.push('</g>');
  const legendSvg = legendParts.join('');

  const left = MARGIN.left;
  const right = W - MARGIN.right;
  const top = ly + 19;
  const bottom = H - MARGIN.bottom;
  const sx = (x: number) => left + ((x - xmin) / (xmax - xmin)) * (right - left);
  const sy = (y: number) => bottom - ((y - ymin) / (ymax - ymin)) * (bottom - top);
  const pts = (s: Series | undefined) =>
    Array.from({ length: n }, (_, i) => {
      const v = s?.values[i];
      const x = chart.x[i];
      return finite(v) && finite(x) ? ([sx(x), sy(v)] as const) : null;
    });

  const title = tr(chart.title, lang);
  const yLabel = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" data-testid="chart" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(t(lang, 'chartLabel', { title }))}" preserveAspectRatio="xMidYMid meet">`,
    `<title>${esc(title)}</title>`,
  );

  // Grid and y axis.
  parts.push('<g class="axis axis-y">');
  for (const v of yTicks) {
    const y = fmt(sy(v));
    parts.push(
      `<line class="grid" x1="${left}" x2="${right}" y1="${y}" y2="${y}"/>`,
      `<text x="${left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(yLabel.format(v))}</text>`,
    );
  }
  parts.push('</g>');

  // X axis with date (or number) labels.
  const xTicks: DateTick[] = chart.xIsDate
    ? dateTicks(xmin, xmax, lang, Math.max(2, Math.floor((right - left) / 90)))
    : niceTicks(xmin, xmax, 6)
        .filter((x) => x >= xmin && x <= xmax)
        .map((x) => ({ x, label: yLabel.format(x) }));
  parts.push(`<g class="axis axis-x"><line class="axis-line" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`);
  for (const tk of xTicks) {
    const x = fmt(sx(tk.x));
    parts.push(
      `<line class="tick" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}"/>`,
      `<text data-testid="x-label" x="${x}" y="${bottom + 16}" text-anchor="middle">${esc(tk.label)}</text>`,
    );
  }
  parts.push('</g>');

  // Where the forecast starts.
  const fPts = pts(forecast);
  const firstF = fPts.findIndex((p) => p !== null);
  if (firstF >= 0 && finite(chart.x[firstF])) {
    const x = fmt(sx(chart.x[firstF] as number));
    parts.push(`<line class="forecast-start" x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/>`);
  }

  // Interval, expected, history, forecast, anomalies (back to front).
  parts.push(`<path data-testid="interval" class="interval" d="${bandPath(pts(upper), pts(lower))}"/>`);
  if (expected) {
    parts.push(`<path data-testid="series-expected" class="line expected" d="${linePath(pts(expected))}"/>`);
  }
  const hPts = pts(actual);
  parts.push(`<path data-testid="series-history" class="line history" d="${linePath(hPts)}"/>`);
  extraActuals.forEach((s, i) => {
    parts.push(
      `<path data-testid="series-history-${i + 2}" class="line history" style="stroke:${paletteColor(i + 1)}" d="${linePath(pts(s))}"/>`,
    );
  });
  // The forecast line starts from the last observed point, so the two lines join.
  const joined = [...fPts];
  if (firstF > 0 && hPts[firstF - 1] && !joined[firstF - 1]) joined[firstF - 1] = hPts[firstF - 1] ?? null;
  parts.push(`<path data-testid="series-forecast" class="line forecast" d="${linePath(joined)}"/>`);
  if (anomaly) {
    const valueFmt = actual ? 'currency' : 'number';
    anomaly.values.forEach((v, i) => {
      const x = chart.x[i];
      if (!finite(v) || !finite(x)) return;
      const when = chart.xIsDate ? formatDate(x, lang) : String(x);
      parts.push(
        `<circle data-testid="anomaly" class="anomaly" cx="${fmt(sx(x))}" cy="${fmt(sy(v))}" r="4.5"><title>${esc(`${t(lang, 'legendAnomaly')}: ${when}, ${formatValue(v, valueFmt, lang)}`)}</title></circle>`,
      );
    });
  }

  parts.push(legendSvg, '</svg>');
  return parts.join('');
}

/** The colour of the `i`-th (0-based) history line or bar series. */
function paletteColor(i: number): string {
  return SERIES_PALETTE[i % SERIES_PALETTE.length] ?? SERIES_PALETTE[0];
}

/** A label cut to `max` characters with an ellipsis. */
function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * A column chart (vertical bars) or bar chart (horizontal bars, for long category names): one
 * group per category, one bar per series in the palette's colours, with a zero line.
 */
function barChartSvg(chart: Chart, lang: Lang, size: ChartSize): string {
  const { width: W, height: H } = size;
  const horizontal = chart.kind === 'bar';
  const series = chart.series.filter((s) => s.role !== 'anomaly' && s.role !== 'lower' && s.role !== 'upper');
  const n = chart.x.length;
  const labels = Array.from({ length: n }, (_, i) => {
    const l = chart.labels?.[i];
    if (l) return tr(l, lang);
    const x = chart.x[i];
    return finite(x) ? (chart.xIsDate ? formatDate(x, lang) : String(x)) : '';
  });
  const vals: number[] = [0];
  for (const s of series) for (const v of s.values) if (finite(v)) vals.push(v);
  let vmin = Math.min(...vals);
  let vmax = Math.max(...vals);
  if (vmin === vmax) vmax = vmin + 1;
  const ticks = niceTicks(vmin, vmax, 5);
  vmin = Math.min(vmin, ticks[0] ?? vmin);
  vmax = Math.max(vmax, ticks[ticks.length - 1] ?? vmax);
  const valueFmt = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const title = tr(chart.title, lang);

  // Legend (only when there are several series).
  const parts: string[] = [];
  let top = 12;
  const legendParts: string[] = [];
  if (series.length > 1) {
    let lx = MARGIN.left;
    let ly = 15;
    series.forEach((s, i) => {
      const label = tr(s.name, lang);
      const w = 24 + label.length * 5.8;
      if (lx > MARGIN.left && lx + w > W - MARGIN.right) {
        lx = MARGIN.left;
        ly += 16;
      }
      legendParts.push(
        `<rect x="${lx}" y="${ly - 5}" width="14" height="10" style="fill:${paletteColor(i)}"/>`,
        `<text x="${lx + 18}" y="${ly}" dominant-baseline="middle">${esc(label)}</text>`,
      );
      lx += w + 10;
    });
    top = ly + 19;
  }
  const labelChars = horizontal ? Math.min(24, Math.max(4, ...labels.map((l) => l.length))) : 0;
  const left = horizontal ? Math.max(MARGIN.left, 10 + labelChars * 6) : MARGIN.left;
  const right = W - MARGIN.right;
  const bottom = H - MARGIN.bottom;
  // Value axis: vertical for columns, horizontal for bars.
  const span = vmax - vmin;
  const sv = horizontal
    ? (v: number) => left + ((v - vmin) / span) * (right - left)
    : (v: number) => bottom - ((v - vmin) / span) * (bottom - top);
  const bandLen = ((horizontal ? bottom - top : right - left) / Math.max(1, n));
  const barLen = (bandLen * 0.8) / Math.max(1, series.length);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" data-testid="chart" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(t(lang, 'chartLabel', { title }))}" preserveAspectRatio="xMidYMid meet">`,
    `<title>${esc(title)}</title>`,
    '<g class="axis axis-value">',
  );
  for (const v of ticks) {
    const p = fmt(sv(v));
    parts.push(
      horizontal
        ? `<line class="grid" x1="${p}" x2="${p}" y1="${top}" y2="${bottom}"/><text x="${p}" y="${bottom + 16}" text-anchor="middle">${esc(valueFmt.format(v))}</text>`
        : `<line class="grid" x1="${left}" x2="${right}" y1="${p}" y2="${p}"/><text x="${left - 6}" y="${p}" text-anchor="end" dominant-baseline="middle">${esc(valueFmt.format(v))}</text>`,
    );
  }
  parts.push('</g><g class="axis axis-category">');
  const zero = fmt(sv(0));
  parts.push(
    horizontal
      ? `<line class="axis-line" x1="${zero}" x2="${zero}" y1="${top}" y2="${bottom}"/>`
      : `<line class="axis-line" x1="${left}" x2="${right}" y1="${zero}" y2="${zero}"/>`,
  );
  const maxColumnLabel = Math.max(3, Math.floor(bandLen / 6.2));
  labels.forEach((label, i) => {
    const mid = (horizontal ? top : left) + bandLen * (i + 0.5);
    parts.push(
      horizontal
        ? `<text data-testid="category-label" x="${left - 6}" y="${fmt(mid)}" text-anchor="end" dominant-baseline="middle">${esc(shorten(label, labelChars))}</text>`
        : `<text data-testid="category-label" x="${fmt(mid)}" y="${bottom + 16}" text-anchor="middle">${esc(shorten(label, maxColumnLabel))}</text>`,
    );
  });
  parts.push('</g><g class="bars">');
  series.forEach((s, j) => {
    s.values.forEach((v, i) => {
      if (!finite(v) || i >= n) return;
      const start = (horizontal ? top : left) + bandLen * (i + 0.1) + barLen * j;
      const a = sv(0);
      const b = sv(v);
      const lo = Math.min(a, b);
      const len = Math.max(Math.abs(b - a), 0.5);
      const tip = `${labels[i] ?? ''}${series.length > 1 ? ` · ${tr(s.name, lang)}` : ''}: ${formatValue(v, 'number', lang)}`;
      const geom = horizontal
        ? `x="${fmt(lo)}" y="${fmt(start)}" width="${fmt(len)}" height="${fmt(barLen)}"`
        : `x="${fmt(start)}" y="${fmt(lo)}" width="${fmt(barLen)}" height="${fmt(len)}"`;
      parts.push(`<rect data-testid="bar" class="bar" ${geom} style="fill:${paletteColor(j)}"><title>${esc(tip)}</title></rect>`);
    });
  });
  parts.push('</g>', ...legendParts, '</svg>');
  return parts.join('');
}
