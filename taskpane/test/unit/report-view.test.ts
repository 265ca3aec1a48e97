import { describe, expect, it } from 'vitest';
import { chartSizeFor, MAX_ROWS, reportHtml } from '../../src/taskpane/report-view';
import { sampleAnalysis } from './fixtures';

function count(html: string, testid: string): number {
  return html.split(`data-testid="${testid}"`).length - 1;
}

describe('reportHtml', () => {
  it('shows every KPI, the chart, every finding and every input issue with its address', () => {
    const a = sampleAnalysis();
    const html = reportHtml(a, 'en');
    expect(count(html, 'kpi')).toBe(a.report.kpis.length);
    expect(count(html, 'chart')).toBe(1);
    expect(count(html, 'anomaly')).toBe(1);
    expect(count(html, 'finding')).toBe(a.report.findings.length);
    expect(count(html, 'issue')).toBe(1);
    expect(html).toContain('<code class="cell">D9</code>');
    expect(html).toContain('Daily sales report: Sales');
    expect(html).toContain('Daily sales monitoring');
    expect(html).toContain('1 of 10 periods had no data.');
  });

  it('formats KPI values and changes by their format, with a dash for a missing value', () => {
    const html = reportHtml(sampleAnalysis(), 'en');
    expect(html).toContain('>Mar 10, 2024<');
    expect(html).toMatch(/data-key="last_day".*?>125<.*?\+3\.3 %/s);
    expect(html).toMatch(/data-key="mtd_last_year".*?>—</s);
    expect(html).toMatch(/data-key="share".*?>25\.0 %<.*?class="kpi-change down".*?−10\.0 %/s);
  });

  it('speaks Spanish', () => {
    const html = reportHtml(sampleAnalysis(), 'es');
    expect(html).toContain('Informe de ventas diarias: Sales');
    expect(html).toContain('Cifras clave');
    expect(html).toContain('Hallazgos');
    expect(html).toContain('Sales del 7 mar 2024 estuvieron 12,5 DE');
    expect(html).toContain('>Alerta<');
    expect(html).toContain('Seguimiento de ventas diarias');
    expect(html).toMatch(/data-key="share".*?>25,0 %</s);
  });

  it('lists the tables in tabs, and says when a table is empty', () => {
    const html = reportHtml(sampleAnalysis(), 'en');
    expect(html).toContain('<fluent-tab id="tab-forecast" aria-controls="panel-forecast">Forecast (3)</fluent-tab>');
    expect(html).toContain('<div id="panel-changepoints" class="tab-panel" hidden><p class="muted">No rows.</p></div>');
    expect(count(html, 'table')).toBe(1);
  });

  it('cuts long tables short', () => {
    const a = sampleAnalysis();
    const t = a.report.tables[0];
    if (!t) throw new Error('fixture has a table');
    t.rows = Array.from({ length: MAX_ROWS + 5 }, (_, i) => [45352 + i, 1, 0, 2]);
    const html = reportHtml(a, 'en');
    expect(html.split('<tr>').length - 1).toBe(MAX_ROWS + 1);
    expect(html).toContain('5 more');
  });

  it('escapes what comes from the data', () => {
    const a = sampleAnalysis();
    a.validation.issues[0] = { cell: 'A1', severity: 'warning', message: '<img src=x onerror=alert(1)>' };
    const html = reportHtml(a, 'en');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('sizes charts for the pane', () => {
    expect(chartSizeFor(100)).toEqual({ width: 280, height: 220 });
    expect(chartSizeFor(640)).toEqual({ width: 640, height: 320 });
    expect(chartSizeFor(5000)).toEqual({ width: 960, height: 340 });
  });
});
