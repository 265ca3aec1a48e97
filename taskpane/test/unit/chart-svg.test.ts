import { describe, expect, it } from 'vitest';
import { chartSvg, dateTicks, esc, niceTicks } from '../../src/taskpane/chart-svg';
import { sampleChart } from './fixtures';

function count(svg: string, testid: string): number {
  return svg.split(`data-testid="${testid}"`).length - 1;
}

function attr(svg: string, testid: string, name: string): string {
  const m = new RegExp(`data-testid="${testid}"[^>]*?\\s${name}="([^"]*)"`).exec(svg);
  return m?.[1] ?? '';
}

describe('chartSvg', () => {
  const svg = chartSvg(sampleChart(), 'en');

  it('draws history, forecast, interval and one marker per anomaly', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(count(svg, 'chart')).toBe(1);
    expect(count(svg, 'series-history')).toBe(1);
    expect(count(svg, 'series-forecast')).toBe(1);
    expect(count(svg, 'interval')).toBe(1);
    expect(count(svg, 'anomaly')).toBe(1);
  });

  it('breaks the history line at the missing day and joins the forecast to the last actual', () => {
    const history = attr(svg, 'series-history', 'd');
    expect(history.match(/M/g)).toHaveLength(2);
    expect(history.match(/[ML]/g)).toHaveLength(9);
    const forecast = attr(svg, 'series-forecast', 'd');
    expect(forecast.match(/[ML]/g)).toHaveLength(4);
    const lastActual = history.split(/[ML]/).pop();
    expect(forecast.startsWith(`M${lastActual}`)).toBe(true);
  });

  it('shades the interval as one closed band over the forecast days', () => {
    const band = attr(svg, 'interval', 'd');
    expect(band.match(/M/g)).toHaveLength(1);
    expect(band.endsWith('Z')).toBe(true);
    expect(band.match(/[ML]/g)).toHaveLength(6);
  });

  it('places the anomaly above the other points (larger value = smaller y)', () => {
    const cy = Number(/data-testid="anomaly"[^>]*cy="([\d.]+)"/.exec(svg)?.[1]);
    const ys = attr(svg, 'series-history', 'd')
      .split(/[ML]/)
      .filter(Boolean)
      .map((p) => Number(p.split(',')[1]));
    expect(cy).toBe(Math.min(...ys));
  });

  it('labels the x axis with dates in the language', () => {
    const labels = [...svg.matchAll(/data-testid="x-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels[0]).toMatch(/Mar 1/);
    const es = chartSvg(sampleChart(), 'es');
    expect(es).toContain('mar');
    expect(es).toContain('Intervalo de predicción');
    expect(es).toContain('<title>Sales: real, esperado y pronóstico</title>');
  });

  it('escapes texts from the data', () => {
    const c = sampleChart();
    c.title = { en: '<script>alert(1)</script>', es: 'x' };
    const out = chartSvg(c, 'en');
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(esc(`a&"'<>`)).toBe('a&amp;&quot;&#39;&lt;&gt;');
  });

  it('copes with a flat series and no forecast', () => {
    const c = sampleChart();
    c.series = [{ name: { en: 'Actual', es: 'Real' }, role: 'actual', values: c.x.map(() => 5) }];
    const out = chartSvg(c, 'en');
    expect(attr(out, 'series-forecast', 'd')).toBe('');
    expect(attr(out, 'series-history', 'd')).not.toContain('NaN');
  });
});

describe('ticks', () => {
  it('frames the data with round values', () => {
    expect(niceTicks(612, 2373, 5)).toEqual([500, 1000, 1500, 2000, 2500]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3, 7, 5)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('steps dates by days, months or years depending on the span', () => {
    const days = dateTicks(45352, 45356, 'en', 6);
    expect(days.map((d) => d.x)).toEqual([45352, 45353, 45354, 45355, 45356]);
    const months = dateTicks(45292, 45411, 'en', 6); // 1 Jan – 29 Apr 2024
    expect(months.map((d) => d.label)).toEqual(['Jan 2024', 'Feb', 'Mar', 'Apr']);
    const esMonths = dateTicks(45292, 45411, 'es', 6);
    expect(esMonths[1]?.label).toBe('feb');
    const years = dateTicks(43831, 46022, 'en', 6); // 2020 – 2025
    expect(years.map((d) => d.label)).toEqual(['2020', '2021', '2022', '2023', '2024', '2025']);
  });
});

describe('several lines and bar charts', () => {
  it('draws every history series in its own colour with a legend entry', () => {
    const c = sampleChart();
    c.series.push({ name: { en: 'Costs', es: 'Costes' }, role: 'actual', values: c.x.map((_, i) => (i < 10 ? 50 : null)) });
    const svg = chartSvg(c, 'en');
    expect(count(svg, 'series-history')).toBe(1);
    expect(count(svg, 'series-history-2')).toBe(1);
    expect(svg).toContain('style="stroke:#C50F1F"');
    expect(svg).toContain('>Costs</text>');
  });

  it('draws one bar per category and series, negative values below the zero line', () => {
    const svg = chartSvg(
      {
        key: 'drivers',
        kind: 'column',
        title: { en: 'Drivers', es: 'Causas' },
        x: [0, 1, 2],
        xIsDate: false,
        labels: [
          { en: 'Revenue', es: 'Ingresos' },
          { en: 'Salaries', es: 'Sueldos' },
          { en: 'Rent', es: 'Alquiler' },
        ],
        series: [
          { name: { en: 'Budget', es: 'Presupuesto' }, role: 'actual', values: [10, -4, 2] },
          { name: { en: 'Actual', es: 'Real' }, role: 'actual', values: [12, -5, null] },
        ],
      },
      'es',
    );
    expect(count(svg, 'bar')).toBe(5);
    expect(count(svg, 'category-label')).toBe(3);
    expect(svg).toContain('>Sueldos</text>');
    expect(svg).toContain('>Presupuesto</text>');
    // Bars of negative values start at the zero line and go down: their y is the zero line's.
    const rects = [...svg.matchAll(/data-testid="bar" class="bar" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/g)];
    const ys = rects.map((m) => Number(m[1]));
    expect(ys[1]).toBeGreaterThan(ys[0] ?? 0);
    expect(ys[1]).toBeCloseTo(ys[4] ?? NaN, 5);
  });

  it('draws horizontal bars for a bar chart with long labels', () => {
    const svg = chartSvg(
      {
        key: 'abc',
        kind: 'bar',
        title: { en: 'Value by class', es: 'Valor por clase' },
        x: [0, 1],
        xIsDate: false,
        labels: [
          { en: 'A very long category name that does not fit', es: 'x' },
          { en: 'B', es: 'B' },
        ],
        series: [{ name: { en: 'Value', es: 'Valor' }, role: 'actual', values: [3, 1] }],
      },
      'en',
    );
    expect(count(svg, 'bar')).toBe(2);
    expect(svg).toContain('…</text>');
    expect(svg).not.toContain('class="legend"');
  });
});
