/**
 * "Insert report sheet": writes an analysis into a new worksheet through Office.js — a KPI block,
 * the findings, a data table of the main chart (sales: Date | Actual | Forecast | Lower | Upper |
 * Anomaly; P&L: Date | Revenue | … ) formatted as an Excel table with number formats, a native
 * line chart of it, a conditional format that highlights the anomalies, and the report's own
 * tables (statement, reorder suggestions …) and bar charts beside it.
 */
import type { Analysis, Chart, Kpi, Lang, ReportTable, SeriesRole, ValueFormat } from '../shared/analysis';
import { SERIES_PALETTE } from './chart-svg';
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
    category: 'Category',
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
    category: 'Categoría',
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

/** One numeric column of the data table: which series it holds. */
export interface DataColumn {
  role: SeriesRole;
  /** 0-based index among the chart's history (actual) series, for its colour. */
  index: number;
}

/** Roles that get a numeric column in the data table, in the chart's series order. */
const DATA_ROLES: readonly SeriesRole[] = ['actual', 'forecast', 'lower', 'upper'];

/**
 * The data table: header then one row per period — Date | one column per history, forecast and
 * bound series (sales: Actual | Forecast | Lower | Upper; P&L: Revenue | Costs | Net income …) |
 * Anomaly (TRUE/FALSE where there is a history value) when the chart has anomaly markers.
 * Missing values are "" (blank cells, gaps in the chart). `historyRows` counts the rows up to the
 * last history value; `flagColumn` is the 0-based column of the anomaly flags, if any.
 */
export function dataBlock(
  chart: Chart,
  lang: Lang,
): { values: Cell[][]; formats: string[][]; historyRows: number; columns: DataColumn[]; flagColumn: number | null } {
  const L = LABELS[lang];
  const numeric = chart.series.filter((s) => DATA_ROLES.includes(s.role));
  const actuals = numeric.filter((s) => s.role === 'actual');
  const anomaly = chart.series.find((s) => s.role === 'anomaly');
  const columns: DataColumn[] = numeric.map((s) => ({ role: s.role, index: s.role === 'actual' ? actuals.indexOf(s) : 0 }));
  const header: Cell[] = [
    chart.xIsDate ? L.date : L.category,
    ...numeric.map((s) => textCell(tr(s.name, lang) || L[s.role as 'actual' | 'forecast' | 'lower' | 'upper'])),
  ];
  if (anomaly) header.push(textCell(tr(anomaly.name, lang) || L.anomaly));
  const num = (v: number | null | undefined): Cell => (typeof v === 'number' && Number.isFinite(v) ? v : '');
  const values: Cell[][] = [header];
  const dateFormat = chart.xIsDate ? NUMBER_FORMATS.date : GENERAL;
  const amount = NUMBER_FORMATS.currency;
  const formats: string[][] = [header.map(() => GENERAL)];
  let historyRows = 0;
  chart.x.forEach((x, i) => {
    const hasActual = actuals.some((s) => num(s.values[i]) !== '');
    if (hasActual) historyRows = i + 1;
    const label = chart.labels?.[i];
    const row: Cell[] = [label ? textCell(tr(label, lang)) : num(x), ...numeric.map((s) => num(s.values[i]))];
    const rowFormats = [dateFormat, ...numeric.map(() => amount)];
    if (anomaly) {
      row.push(hasActual ? typeof anomaly.values[i] === 'number' : '');
      rowFormats.push(GENERAL);
    }
    values.push(row);
    formats.push(rowFormats);
  });
  return { values, formats, historyRows, columns, flagColumn: anomaly ? numeric.length + 1 : null };
}

/** The cells of a report table: header then its rows, with the column formats. */
export function tableBlock(table: ReportTable, lang: Lang): { values: Cell[][]; formats: string[][] } {
  const header: Cell[] = table.columns.map((c) => textCell(tr(c, lang)));
  const values: Cell[][] = [header];
  const formats: string[][] = [header.map(() => GENERAL)];
  for (const r of table.rows) {
    values.push(
      header.map((_, i) => {
        const v = r[i];
        if (typeof v === 'number') return Number.isFinite(v) ? v : '';
        if (typeof v === 'boolean') return v;
        if (typeof v === 'string') return textCell(v);
        return '';
      }),
    );
    formats.push(header.map((_, i) => NUMBER_FORMATS[table.formats[i] ?? 'number'] ?? GENERAL));
  }
  return { values, formats };
}

/** The line colour and style of a data column in the native chart. */
export function lineStyleOf(c: DataColumn): [string, 'Continuous' | 'Dash'] {
  switch (c.role) {
    case 'forecast':
      return [COLORS.forecast, 'Continuous'];
    case 'lower':
    case 'upper':
      return [COLORS.bound, 'Dash'];
    default:
      return [SERIES_PALETTE[c.index % SERIES_PALETTE.length] ?? COLORS.actual, 'Continuous'];
  }
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
  /** The report's tables and extra chart blocks, right of the data table. */
  tableAddresses: string[];
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
  let dataWidth = 6;
  const chart = mainChart(analysis);
  if (chart && chart.x.length > 0) {
    const data = dataBlock(chart, lang);
    const top = row;
    const last = top + data.values.length - 1;
    dataWidth = data.values[0]?.length ?? 1;
    tableAddress = a1(top, 0, last, dataWidth - 1);
    const dataRange = sheet.getRange(tableAddress);
    dataRange.values = data.values;
    dataRange.numberFormat = data.formats;
    const table = sheet.tables.add(qualified(sheetName, tableAddress), true);
    table.style = 'TableStyleMedium2';
    dataRange.format.autofitColumns();

    if (data.columns.length > 0) {
      chartSourceAddress = a1(top, 1, last, data.columns.length);
      const xl = sheet.charts.add('Line', sheet.getRange(chartSourceAddress), 'Columns');
      xl.title.text = tr(chart.title, lang);
      xl.legend.position = 'Bottom';
      xl.setPosition(a1(kpiTop, 4), a1(kpiTop + 18, 12));
      if (excelApiSupported('1.7')) {
        const dates = sheet.getRange(a1(top + 1, 0, last, 0));
        data.columns.forEach((c, i) => {
          const [color, style] = lineStyleOf(c);
          const s = xl.series.getItemAt(i);
          s.setXAxisValues(dates);
          s.markerStyle = 'None';
          s.format.line.color = color;
          s.format.line.lineStyle = style;
        });
      }
    }

    if (data.historyRows > 0 && data.flagColumn !== null) {
      anomalyFormatAddress = a1(top + 1, 1, top + data.historyRows, 1);
      const cf = sheet.getRange(anomalyFormatAddress).conditionalFormats.add('Custom');
      cf.custom.rule.formula = `=$${columnLetters(data.flagColumn)}${top + 1}=TRUE`;
      cf.custom.format.fill.color = COLORS.anomalyFill;
      cf.custom.format.font.color = COLORS.anomalyFont;
      cf.custom.format.font.bold = true;
    }
  }

  // The report's tables, and its other charts as a block plus a native chart, right of the data
  // table and below the main chart.
  const tableAddresses: string[] = [];
  const side = dataWidth + 1;
  let sideRow = kpiTop + 20;
  const placeBlock = (
    titleText: string,
    block: { values: Cell[][]; formats: string[][] },
  ): { top: number; last: number; width: number; address: string } => {
    sheet.getRange(a1(sideRow, side)).values = [[textCell(titleText)]];
    sheet.getRange(a1(sideRow, side)).format.font.bold = true;
    const top = sideRow + 1;
    const width = block.values[0]?.length ?? 1;
    const last = top + block.values.length - 1;
    const address = a1(top, side, last, side + width - 1);
    const range = sheet.getRange(address);
    range.values = block.values;
    range.numberFormat = block.formats;
    range.format.autofitColumns();
    tableAddresses.push(address);
    sideRow = last + 2;
    return { top, last, width, address };
  };
  for (const t of report.tables) {
    const block = tableBlock(t, lang);
    if (block.values[0]?.length === 0) continue;
    const { address } = placeBlock(tr(t.title, lang), block);
    if (t.rows.length > 0) sheet.tables.add(qualified(sheetName, address), true).style = 'TableStyleLight9';
  }
  for (const c of report.charts) {
    if (c === chart || (c.kind !== 'column' && c.kind !== 'bar') || c.x.length === 0) continue;
    const block = dataBlock(c, lang);
    const { top, last, width } = placeBlock(tr(c.title, lang), block);
    const bars = sheet.charts.add(
      c.kind === 'bar' ? 'BarClustered' : 'ColumnClustered',
      sheet.getRange(a1(top, side, last, side + width - 1)),
      'Columns',
    );
    bars.title.text = tr(c.title, lang);
    bars.legend.position = 'Bottom';
    bars.setPosition(a1(top, side + width + 1), a1(top + 15, side + width + 8));
    sideRow = Math.max(sideRow, top + 17);
  }

  sheet.activate();
  sheet.getRange('A1').select();
  await context.sync();
  return { sheetName, kpiAddress, findingsAddress, tableAddress, chartSourceAddress, anomalyFormatAddress, tableAddresses };
}
