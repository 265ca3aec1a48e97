/**
 * "Insert report sheet": writes an analysis into a new worksheet through Office.js — a KPI block,
 * the findings, a data table (Date | Actual | Forecast | Lower | Upper | Anomaly) formatted as an
 * Excel table with number formats, a native line chart of actual, forecast and bounds, and a
 * conditional format that highlights the anomalies.
 */
import type { Analysis, Chart, Kpi, Lang, ValueFormat } from '../shared/analysis';
import { tr } from './i18n';

/** Base name of the report sheet; "AISM Report 2", "AISM Report 3" … when taken. */
export const REPORT_SHEET_NAME = 'AISM Report';

/** Excel number formats (invariant codes) for the report's value formats. */
export const NUMBER_FORMATS: Readonly<Record<ValueFormat, string>> = {
  number: '#,##0.00',
  currency: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  integer: '#,##0',
};
const CHANGE_FORMAT = '+0.0%;-0.0%;0.0%';
const GENERAL = 'General';

const LABELS = {
  en: {
    indicator: 'Indicator',
    value: 'Value',
    change: 'Change',
    findings: 'Findings',
    date: 'Date',
    actual: 'Actual',
    forecast: 'Forecast',
    lower: 'Lower',
    upper: 'Upper',
    anomaly: 'Anomaly',
  },
  es: {
    indicator: 'Indicador',
    value: 'Valor',
    change: 'Cambio',
    findings: 'Hallazgos',
    date: 'Fecha',
    actual: 'Real',
    forecast: 'Pronóstico',
    lower: 'Mínimo',
    upper: 'Máximo',
    anomaly: 'Anomalía',
  },
} as const;

/** The colours of the report (Fluent palette). */
const COLORS = {
  actual: '#424242',
  forecast: '#0F6CBD',
  bound: '#77B7F7',
  anomalyFill: '#FDE7E9',
  anomalyFont: '#B10E1C',
};

/** Column letters of a zero-based column index (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** An A1 range address from 1-based rows and 0-based columns. */
export function a1(row1: number, col1: number, row2 = row1, col2 = col1): string {
  const first = `${columnLetters(col1)}${row1}`;
  return row2 === row1 && col2 === col1 ? first : `${first}:${columnLetters(col2)}${row2}`;
}

/** A sheet-qualified address: `'AISM Report'!A1:F10`. */
export function qualified(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}

/** Text as a cell value that Excel keeps as text (a leading = + - @ would start a formula). */
export function textCell(s: string): string {
  return /^[=+\-@]/.test(s) ? `'${s}` : s;
}

/** The first report sheet name not in `taken`: "AISM Report", then "AISM Report 2" … */
export function reportSheetName(taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((n) => n.toLowerCase()));
  if (!lower.has(REPORT_SHEET_NAME.toLowerCase())) return REPORT_SHEET_NAME;
  for (let i = 2; ; i++) {
    const name = `${REPORT_SHEET_NAME} ${i}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

type Cell = string | number | boolean;

/** The KPI block: header row then one row per KPI (label, value, change), with number formats. */
export function kpiBlock(kpis: readonly Kpi[], lang: Lang): { values: Cell[][]; formats: string[][] } {
  const L = LABELS[lang];
  const values: Cell[][] = [[L.indicator, L.value, L.change]];
  const formats: string[][] = [[GENERAL, GENERAL, GENERAL]];
  for (const k of kpis) {
    const v = typeof k.value === 'number' && Number.isFinite(k.value) ? k.value : '';
    const c = typeof k.change === 'number' && Number.isFinite(k.change) ? k.change : '';
    values.push([textCell(tr(k.label, lang)), v, c]);
    formats.push([GENERAL, NUMBER_FORMATS[k.format] ?? GENERAL, CHANGE_FORMAT]);
  }
  return { values, formats };
}

/** The chart the data table is built from: the first line chart over dates. */
export function mainChart(a: Analysis): Chart | undefined {
  return a.report.charts.find((c) => c.kind === 'line' && c.xIsDate) ?? a.report.charts[0];
}

/**
 * The data table: header then one row per period — Date | Actual | Forecast | Lower | Upper |
 * Anomaly (TRUE/FALSE where there is an actual value). Missing values are "" (blank cells, gaps
 * in the chart). `historyRows` counts the rows up to the last actual value.
 */
export function dataBlock(
  chart: Chart,
  lang: Lang,
): { values: Cell[][]; formats: string[][]; historyRows: number } {
  const L = LABELS[lang];
  const pick = (role: string) => chart.series.find((s) => s.role === role);
  const actual = pick('actual');
  const forecast = pick('forecast');
  const lower = pick('lower');
  const upper = pick('upper');
  const anomaly = pick('anomaly');
  const header: Cell[] = [
    L.date,
    textCell(tr(actual?.name, lang) || L.actual),
    textCell(tr(forecast?.name, lang) || L.forecast),
    textCell(tr(lower?.name, lang) || L.lower),
    textCell(tr(upper?.name, lang) || L.upper),
    textCell(tr(anomaly?.name, lang) || L.anomaly),
  ];
  const num = (v: number | null | undefined): Cell => (typeof v === 'number' && Number.isFinite(v) ? v : '');
  const values: Cell[][] = [header];
  const dateFormat = chart.xIsDate ? NUMBER_FORMATS.date : GENERAL;
  const amount = NUMBER_FORMATS.currency;
  const formats: string[][] = [[GENERAL, GENERAL, GENERAL, GENERAL, GENERAL, GENERAL]];
  let historyRows = 0;
  chart.x.forEach((x, i) => {
    const act = num(actual?.values[i]);
    if (act !== '') historyRows = i + 1;
    const flagged = typeof anomaly?.values[i] === 'number';
    values.push([
      num(x),
      act,
      num(forecast?.values[i]),
      num(lower?.values[i]),
      num(upper?.values[i]),
      act === '' ? '' : flagged,
    ]);
    formats.push([dateFormat, amount, amount, amount, amount, GENERAL]);
  });
  return { values, formats, historyRows };
}

function excelApiSupported(version: string): boolean {
  if (typeof Office === 'undefined') return true;
  const req = Office.context?.requirements;
  if (!req || typeof req.isSetSupported !== 'function') return true;
  return req.isSetSupported('ExcelApi', version);
}

/** Where each part of the report sheet went (for the caller and the tests). */
export interface ReportSheetLayout {
  sheetName: string;
  kpiAddress: string;
  findingsAddress: string | null;
  tableAddress: string | null;
  chartSourceAddress: string | null;
  anomalyFormatAddress: string | null;
}

/**
 * Adds a report sheet for `analysis` in `lang` to the workbook of `context`, activates it and
 * syncs. Returns where everything was written.
 */
export async function insertReportSheet(
  context: Excel.RequestContext,
  analysis: Analysis,
  lang: Lang,
): Promise<ReportSheetLayout> {
  const report = analysis.report;
  const L = LABELS[lang];

  // Find a free name with one round trip.
  const sheets = context.workbook.worksheets;
  const candidates = [REPORT_SHEET_NAME, ...Array.from({ length: 49 }, (_, i) => `${REPORT_SHEET_NAME} ${i + 2}`)];
  const probes = candidates.map((name) => ({ name, sheet: sheets.getItemOrNullObject(name) }));
  await context.sync();
  const taken = new Set(probes.filter((p) => !p.sheet.isNullObject).map((p) => p.name));
  const sheetName = reportSheetName(taken);
  const sheet = sheets.add(sheetName);

  // Title and what was analysed.
  const title = sheet.getRange('A1');
  title.values = [[textCell(tr(report.title, lang))]];
  title.format.font.bold = true;
  title.format.font.size = 14;
  sheet.getRange('A2').values = [[textCell(tr(analysis.detection.reason, lang))]];

  // KPIs.
  const kpis = kpiBlock(report.kpis, lang);
  const kpiTop = 4;
  const kpiAddress = a1(kpiTop, 0, kpiTop + kpis.values.length - 1, 2);
  const kpiRange = sheet.getRange(kpiAddress);
  kpiRange.values = kpis.values;
  kpiRange.numberFormat = kpis.formats;
  sheet.getRange(a1(kpiTop, 0, kpiTop, 2)).format.font.bold = true;
  kpiRange.format.autofitColumns();
  let row = kpiTop + kpis.values.length + 1;

  // Findings.
  let findingsAddress: string | null = null;
  if (report.findings.length > 0) {
    const lines: Cell[][] = [[L.findings], ...report.findings.map((f) => [textCell(`• ${tr(f.text, lang)}`)])];
    findingsAddress = a1(row, 0, row + lines.length - 1, 0);
    sheet.getRange(findingsAddress).values = lines;
    sheet.getRange(a1(row, 0)).format.font.bold = true;
    row += lines.length + 1;
  }

  // Data table, chart, conditional format.
  let tableAddress: string | null = null;
  let chartSourceAddress: string | null = null;
  let anomalyFormatAddress: string | null = null;
  const chart = mainChart(analysis);
  if (chart && chart.x.length > 0) {
    const data = dataBlock(chart, lang);
    const top = row;
    const last = top + data.values.length - 1;
    tableAddress = a1(top, 0, last, 5);
    const dataRange = sheet.getRange(tableAddress);
    dataRange.values = data.values;
    dataRange.numberFormat = data.formats;
    const table = sheet.tables.add(qualified(sheetName, tableAddress), true);
    table.style = 'TableStyleMedium2';
    dataRange.format.autofitColumns();

    chartSourceAddress = a1(top, 1, last, 4);
    const xl = sheet.charts.add('Line', sheet.getRange(chartSourceAddress), 'Columns');
    xl.title.text = tr(chart.title, lang);
    xl.legend.position = 'Bottom';
    xl.setPosition(a1(kpiTop, 4), a1(kpiTop + 18, 12));
    if (excelApiSupported('1.7')) {
      const dates = sheet.getRange(a1(top + 1, 0, last, 0));
      const styles: [string, Excel.ChartLineStyle | 'Continuous' | 'Dash'][] = [
        [COLORS.actual, 'Continuous'],
        [COLORS.forecast, 'Continuous'],
        [COLORS.bound, 'Dash'],
        [COLORS.bound, 'Dash'],
      ];
      styles.forEach(([color, style], i) => {
        const s = xl.series.getItemAt(i);
        s.setXAxisValues(dates);
        s.markerStyle = 'None';
        s.format.line.color = color;
        s.format.line.lineStyle = style;
      });
    }

    if (data.historyRows > 0) {
      anomalyFormatAddress = a1(top + 1, 1, top + data.historyRows, 1);
      const cf = sheet.getRange(anomalyFormatAddress).conditionalFormats.add('Custom');
      cf.custom.rule.formula = `=$F${top + 1}=TRUE`;
      cf.custom.format.fill.color = COLORS.anomalyFill;
      cf.custom.format.font.color = COLORS.anomalyFont;
      cf.custom.format.font.bold = true;
    }
  }

  sheet.activate();
  sheet.getRange('A1').select();
  await context.sync();
  return { sheetName, kpiAddress, findingsAddress, tableAddress, chartSourceAddress, anomalyFormatAddress };
}
