/**
 * "Insert report" for Google Sheets: writes an analysis into a new sheet — the data table
 * (Date | Actual | Forecast | Lower | Upper | Anomaly) from A1 with a bold, frozen header and
 * number formats, a conditional format rule that highlights the anomaly rows, the title, KPI
 * block and findings beside it, and an embedded line chart of actual, forecast and bounds. The
 * blocks themselves are the task pane's (`excel-report.ts`), so both hosts write the same cells.
 */
import type { Analysis, Lang } from '../../taskpane/src/shared/analysis';
import { tr } from '../../taskpane/src/taskpane/i18n';
import {
  columnLetters,
  dataBlock,
  type DataColumn,
  kpiBlock,
  lineStyleOf,
  mainChart,
  reportSheetName,
  tableBlock,
  textCell,
} from '../../taskpane/src/taskpane/excel-report';

/** Colours of the report (the task pane's Fluent palette). */
export const REPORT_COLORS = {
  actual: '#424242',
  forecast: '#0F6CBD',
  bound: '#77B7F7',
  header: '#EBF3FC',
  anomalyFill: '#FDE7E9',
  anomalyFont: '#B10E1C',
} as const;

/** Where each part of the report sheet went (A1 addresses on the report sheet). */
export interface SheetsReportLayout {
  sheetName: string;
  tableAddress: string | null;
  kpiAddress: string;
  findingsAddress: string | null;
  chartSourceAddress: string | null;
  anomalyFormatAddress: string | null;
  /** The report's tables and extra chart blocks, below the chart. */
  tableAddresses: string[];
}


/** Writes the report of `a` in `lang` into a new sheet of `ss`, activates it, returns its layout. */
export function writeReportSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  a: Analysis,
  lang: Lang,
): SheetsReportLayout {
  const report = a.report;
  const taken = new Set(ss.getSheets().map((s) => s.getName()));
  const sheetName = reportSheetName(taken);
  const sheet = ss.insertSheet(sheetName);

  // Data table from A1, its header frozen.
  let tableAddress: string | null = null;
  let chartSourceAddress: string | null = null;
  let anomalyFormatAddress: string | null = null;
  const chart = mainChart(a);
  let lastDataRow = 0;
  let width = 6;
  const data = chart && chart.x.length > 0 ? dataBlock(chart, lang) : null;
  if (data) {
    const rows = data.values.length;
    lastDataRow = rows;
    width = data.values[0]?.length ?? 1;
    const range = sheet.getRange(1, 1, rows, width);
    range.setValues(data.values);
    range.setNumberFormats(data.formats);
    tableAddress = range.getA1Notation();
    sheet
      .getRange(1, 1, 1, width)
      .setFontWeight('bold')
      .setBackground(REPORT_COLORS.header);
    sheet.setFrozenRows(1);

    if (data.historyRows > 0 && data.flagColumn !== null) {
      const cf = sheet.getRange(2, 1, data.historyRows, width);
      anomalyFormatAddress = cf.getA1Notation();
      const rule = SpreadsheetApp.newConditionalFormatRule()
        .whenFormulaSatisfied(`=$${columnLetters(data.flagColumn)}2=TRUE`)
        .setBackground(REPORT_COLORS.anomalyFill)
        .setFontColor(REPORT_COLORS.anomalyFont)
        .setBold(true)
        .setRanges([cf])
        .build();
      sheet.setConditionalFormatRules([rule]);
    }
  }

  // Title, what was analysed, KPIs and findings to the right of the table.
  const SIDE_COLUMN = width + 2;
  sheet
    .getRange(1, SIDE_COLUMN)
    .setValue(textCell(tr(report.title, lang)))
    .setFontWeight('bold')
    .setFontSize(14);
  sheet.getRange(2, SIDE_COLUMN).setValue(textCell(tr(a.detection.reason, lang)));
  const kpis = kpiBlock(report.kpis, lang);
  const kpiTop = 4;
  const kpiRange = sheet.getRange(kpiTop, SIDE_COLUMN, kpis.values.length, 3);
  kpiRange.setValues(kpis.values);
  kpiRange.setNumberFormats(kpis.formats);
  sheet.getRange(kpiTop, SIDE_COLUMN, 1, 3).setFontWeight('bold').setBackground(REPORT_COLORS.header);
  const kpiAddress = kpiRange.getA1Notation();
  let row = kpiTop + kpis.values.length + 1;

  let findingsAddress: string | null = null;
  if (report.findings.length > 0) {
    const lines = [[tr({ en: 'Findings', es: 'Hallazgos' }, lang)], ...report.findings.map((f) => [textCell(`• ${tr(f.text, lang)}`)])];
    const fr = sheet.getRange(row, SIDE_COLUMN, lines.length, 1);
    fr.setValues(lines);
    sheet.getRange(row, SIDE_COLUMN).setFontWeight('bold');
    findingsAddress = fr.getA1Notation();
    row += lines.length + 1;
  }

  // Line chart of the date and series columns (not the anomaly flags) below the side blocks.
  if (chart && data && lastDataRow > 1 && data.columns.length > 0) {
    const source = sheet.getRange(1, 1, lastDataRow, 1 + data.columns.length);
    chartSourceAddress = source.getA1Notation();
    const embedded = sheet
      .newChart()
      .setChartType(Charts.ChartType.LINE)
      .addRange(source)
      .setNumHeaders(1)
      .setPosition(row, SIDE_COLUMN, 0, 0)
      .setOption('title', tr(chart.title, lang))
      .setOption('legend', { position: 'bottom' })
      .setOption('width', 720)
      .setOption('height', 360)
      .setOption('series', seriesOptions(data.columns))
      .build();
    sheet.insertChart(embedded);
    row += 20;
  }

  // The report's tables, then its bar charts (a block and an embedded chart each), below.
  const tableAddresses: string[] = [];
  const placeBlock = (title: string, block: { values: (string | number | boolean)[][]; formats: string[][] }) => {
    sheet.getRange(row, SIDE_COLUMN).setValue(textCell(title)).setFontWeight('bold');
    const cols = block.values[0]?.length ?? 1;
    const range = sheet.getRange(row + 1, SIDE_COLUMN, block.values.length, cols);
    range.setValues(block.values);
    range.setNumberFormats(block.formats);
    sheet.getRange(row + 1, SIDE_COLUMN, 1, cols).setFontWeight('bold').setBackground(REPORT_COLORS.header);
    tableAddresses.push(range.getA1Notation());
    const placed = { range, top: row + 1, cols };
    row += block.values.length + 2;
    return placed;
  };
  for (const t of report.tables) {
    const block = tableBlock(t, lang);
    if ((block.values[0]?.length ?? 0) > 0) placeBlock(tr(t.title, lang), block);
  }
  for (const c of report.charts) {
    if (c === chart || (c.kind !== 'column' && c.kind !== 'bar') || c.x.length === 0) continue;
    const placed = placeBlock(tr(c.title, lang), dataBlock(c, lang));
    const bars = sheet
      .newChart()
      .setChartType(c.kind === 'bar' ? Charts.ChartType.BAR : Charts.ChartType.COLUMN)
      .addRange(placed.range)
      .setNumHeaders(1)
      .setPosition(placed.top, SIDE_COLUMN + placed.cols + 1, 0, 0)
      .setOption('title', tr(c.title, lang))
      .setOption('legend', { position: 'bottom' })
      .build();
    sheet.insertChart(bars);
    row = Math.max(row, placed.top + 18);
  }

  sheet.autoResizeColumns(1, width);
  sheet.activate();
  return { sheetName, tableAddress, kpiAddress, findingsAddress, chartSourceAddress, anomalyFormatAddress, tableAddresses };
}

/** The embedded chart's `series` option: colour and dash of each line, forecast drawn thicker. */
function seriesOptions(columns: readonly DataColumn[]): Record<number, object> {
  const out: Record<number, object> = {};
  columns.forEach((c, i) => {
    const [color, style] = lineStyleOf(c);
    out[i] = style === 'Dash' ? { color, lineDashStyle: [4, 4] } : c.role === 'forecast' ? { color, lineWidth: 3 } : { color };
  });
  return out;
}
