/**
 * The report view: KPI cards, the SVG chart, findings, input checks with A1 addresses, notes and
 * the report's tables, in English or Spanish. `reportHtml` is pure (markup from an analysis);
 * `renderReport` puts it into the page.
 */
import type { Analysis, Finding, Kpi, Lang, ReportTable, Severity } from '../shared/analysis';
import { chartSvg, esc, type ChartSize } from './chart-svg';
import { formatChange, formatValue, systemName, t, tr, type MessageKey } from './i18n';

/** Most table rows and input issues listed in the pane (the sheet report has them all). */
export const MAX_ROWS = 200;
export const MAX_ISSUES = 50;

const SEVERITY_KEY: Record<Severity, MessageKey> = {
  info: 'sevInfo',
  warning: 'sevWarning',
  alert: 'sevAlert',
};
const SEVERITY_COLOR: Record<Severity, string> = {
  info: 'informative',
  warning: 'warning',
  alert: 'danger',
};

function kpiCard(k: Kpi, lang: Lang): string {
  const value = formatValue(k.value, k.format, lang);
  let change = '';
  if (typeof k.change === 'number' && Number.isFinite(k.change)) {
    const dir = k.change > 0 ? 'up' : k.change < 0 ? 'down' : 'flat';
    const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
    change = `<div class="kpi-change ${dir}" title="${esc(t(lang, 'vsPrevious'))}"><span aria-hidden="true">${arrow}</span> ${esc(formatChange(k.change, lang))}</div>`;
  }
  const missing = k.value === null ? ` title="${esc(t(lang, 'noValue'))}"` : '';
  return (
    `<div class="kpi card" data-testid="kpi" data-key="${esc(k.key)}">` +
    `<div class="kpi-label">${esc(tr(k.label, lang))}</div>` +
    `<div class="kpi-value"${missing}>${esc(value)}</div>${change}</div>`
  );
}

function findingItem(f: Finding, lang: Lang): string {
  return (
    `<li class="finding sev-${esc(f.severity)}" data-testid="finding" data-key="${esc(f.key)}">` +
    `<fluent-badge appearance="tint" color="${SEVERITY_COLOR[f.severity] ?? 'informative'}" size="small">${esc(t(lang, SEVERITY_KEY[f.severity] ?? 'sevInfo'))}</fluent-badge> ` +
    `<span>${esc(tr(f.text, lang))}</span></li>`
  );
}

function tableHtml(table: ReportTable, lang: Lang): string {
  if (table.rows.length === 0) return `<p class="muted">${esc(t(lang, 'noRows'))}</p>`;
  const numeric = (i: number) => (table.formats[i] ?? 'number') !== 'date';
  const head = table.columns
    .map((c, i) => `<th scope="col"${numeric(i) ? ' class="num"' : ''}>${esc(tr(c, lang))}</th>`)
    .join('');
  const rows = table.rows
    .slice(0, MAX_ROWS)
    .map((r) => {
      const cells = r.map((v, i) => {
        const f = table.formats[i] ?? 'number';
        const cls = typeof v === 'number' && numeric(i) ? ' class="num"' : '';
        return `<td${cls}>${esc(formatValue(v, f, lang))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const more =
    table.rows.length > MAX_ROWS
      ? `<p class="muted">${esc(t(lang, 'moreIssues', { n: table.rows.length - MAX_ROWS }))}</p>`
      : '';
  return `<div class="table-wrap"><table class="data" data-testid="table" data-key="${esc(table.key)}"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>${more}`;
}

function tablesSection(a: Analysis, lang: Lang): string {
  const tables = a.report.tables;
  if (tables.length === 0) return '';
  const tabs = tables
    .map(
      (tb) =>
        `<fluent-tab id="tab-${esc(tb.key)}" aria-controls="panel-${esc(tb.key)}">${esc(tr(tb.title, lang))} (${tb.rows.length})</fluent-tab>`,
    )
    .join('');
  const panels = tables
    .map(
      (tb, i) =>
        `<div id="panel-${esc(tb.key)}" class="tab-panel"${i === 0 ? '' : ' hidden'}>${tableHtml(tb, lang)}</div>`,
    )
    .join('');
  const first = tables[0] ? `tab-${esc(tables[0].key)}` : '';
  return (
    `<section class="report-section" aria-labelledby="h-tables"><h3 id="h-tables">${esc(t(lang, 'tablesHeading'))}</h3>` +
    `<fluent-tablist activeid="${first}" size="small">${tabs}</fluent-tablist>${panels}</section>`
  );
}

function checksSection(a: Analysis, lang: Lang): string {
  const v = a.validation;
  const issues = v?.issues ?? [];
  const items = issues
    .slice(0, MAX_ISSUES)
    .map(
      (i) =>
        `<li class="issue sev-${esc(i.severity)}" data-testid="issue"><code class="cell">${esc(i.cell)}</code> ${esc(i.message)}</li>`,
    )
    .join('');
  const more =
    issues.length > MAX_ISSUES ? `<li class="muted">${esc(t(lang, 'moreIssues', { n: issues.length - MAX_ISSUES }))}</li>` : '';
  const header = v?.header?.reason
    ? `<p class="muted">${esc(t(lang, 'columnsRead', { reason: v.header.reason }))}</p>`
    : '';
  const list = issues.length
    ? `<ul class="issues">${items}${more}</ul>`
    : `<p class="muted">${esc(t(lang, 'noIssues'))}</p>`;
  return `<section class="report-section" aria-labelledby="h-checks"><h3 id="h-checks">${esc(t(lang, 'checksHeading'))}</h3>${header}${list}</section>`;
}

/** The chart size for a report `width` pixels wide: text stays legible in a narrow task pane. */
export function chartSizeFor(width: number): ChartSize {
  const w = Math.round(Math.min(960, Math.max(280, width)));
  return { width: w, height: Math.round(Math.min(340, Math.max(220, w * 0.5))) };
}

/** The markup of the whole report view for `a` in `lang`, its charts `size` SVG units large. */
export function reportHtml(a: Analysis, lang: Lang, size: ChartSize = chartSizeFor(640)): string {
  const r = a.report;
  const out: string[] = [];
  out.push(
    `<header class="report-head"><h2>${esc(tr(r.title, lang))}</h2>` +
      `<p class="detection"><fluent-badge appearance="tint" color="brand">${esc(systemName(a.detection.system, lang))}</fluent-badge> ` +
      `<span data-testid="detection">${esc(tr(a.detection.reason, lang))}</span></p></header>`,
  );
  out.push(
    `<section class="report-section" aria-labelledby="h-kpis"><h3 id="h-kpis">${esc(t(lang, 'kpisHeading'))}</h3>` +
      `<div class="kpis">${r.kpis.map((k) => kpiCard(k, lang)).join('')}</div></section>`,
  );
  for (const c of r.charts) {
    out.push(
      `<section class="report-section" aria-labelledby="h-chart-${esc(c.key)}"><h3 id="h-chart-${esc(c.key)}">${esc(tr(c.title, lang) || t(lang, 'chartHeading'))}</h3>` +
        `<div class="chart-wrap" data-chart-key="${esc(c.key)}">${chartSvg(c, lang, size)}</div></section>`,
    );
  }
  const findings = r.findings.length
    ? `<ol class="findings">${r.findings.map((f) => findingItem(f, lang)).join('')}</ol>`
    : `<p class="muted">${esc(t(lang, 'noFindings'))}</p>`;
  out.push(
    `<section class="report-section" aria-labelledby="h-findings"><h3 id="h-findings">${esc(t(lang, 'findingsHeading'))}</h3>${findings}</section>`,
  );
  out.push(checksSection(a, lang));
  if (r.notes.length) {
    out.push(
      `<section class="report-section" aria-labelledby="h-notes"><h3 id="h-notes">${esc(t(lang, 'notesHeading'))}</h3>` +
        `<ul class="notes">${r.notes.map((n) => `<li>${esc(tr(n, lang))}</li>`).join('')}</ul></section>`,
    );
  }
  out.push(tablesSection(a, lang));
  return out.join('');
}

/** The width available to charts inside `container` (its content box less a section's padding). */
function chartWidth(container: HTMLElement): number {
  return (container.clientWidth || 640) - 30;
}

/** Shows the report for `a` in `container` (replacing what was there), charts sized to fit. */
export function renderReport(container: HTMLElement, a: Analysis, lang: Lang): void {
  const guess = chartSizeFor(640);
  container.innerHTML = reportHtml(a, lang, guess);
  container.lang = lang;
  container.dataset.chartWidth = String(guess.width);
  // Now that the report is laid out, draw the charts at the width they really have.
  resizeCharts(container, a, lang);
}

/** Redraws the charts of a shown report when the pane's width changed noticeably. */
export function resizeCharts(container: HTMLElement, a: Analysis, lang: Lang): void {
  const size = chartSizeFor(chartWidth(container));
  if (Math.abs(size.width - Number(container.dataset.chartWidth ?? 0)) < 24) return;
  container.dataset.chartWidth = String(size.width);
  container.querySelectorAll<HTMLElement>('.chart-wrap[data-chart-key]').forEach((wrap) => {
    const chart = a.report.charts.find((c) => c.key === wrap.dataset.chartKey);
    if (chart) wrap.innerHTML = chartSvg(chart, lang, size);
  });
}
