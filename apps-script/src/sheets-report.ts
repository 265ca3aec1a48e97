/**
 * "Insert report" for Google Sheets: writes an analysis into a new sheet — the data table
 * (Date | Actual | Forecast | Lower | Upper | Anomaly) from A1 with a bold, frozen header and
 * number formats, a conditional format rule that highlights the anomaly rows, the title, KPI
 * block and findings beside it, and an embedded line chart of actual, forecast and bounds. The
 * blocks themselves are the task pane's (`excel-report.ts`), so both hosts write the same cells.
 */
import type { Analysis, Lang } from '../../taskpane/src/shared/analysis';
import { tr } from '../../taskpane/src/taskpane/i18n';
import { dataBlock, kpiBlock, mainChart, reportSheetName, textCell } from '../../taskpane/src/taskpane/excel-report';

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
}

/** First column (1-based) of the title, KPI and findings blocks, right of the data table. */
const SIDE_COLUMN = 8;

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
  if (chart && chart.x.length > 0) {
    const data = dataBlock(chart, lang);
    const rows = data.values.length;
    lastDataRow = rows;
    const range = sheet.getRange(1, 1, rows, 6);
    range.setValues(data.values);
    range.setNumberFormats(data.formats);
    tableAddress = range.getA1Notation();
    sheet
      .getRange(1, 1, 1, 6)
      .setFontWeight('bold')
      .setBackground(REPORT_COLORS.header);
    sheet.setFrozenRows(1);

    if (data.historyRows > 0) {
      const cf = sheet.getRange(2, 1, data.historyRows, 6);
      anomalyFormatAddress = cf.getA1Notation();
      const rule = SpreadsheetApp.newConditionalFormatRule()
        .whenFormulaSatisfied('=$F2=TRUE')
        .setBackground(REPORT_COLORS.anomalyFill)
        .setFontColor(REPORT_COLORS.anomalyFont)
        .setBold(true)
        .setRanges([cf])
        .build();
      sheet.setConditionalFormatRules([rule]);
    }
  }

  // Title, what was analysed, KPIs and findings to the right of the table.
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

  // Line chart of Date | Actual | Forecast | Lower | Upper below the side blocks.
  if (chart && lastDataRow > 1) {
    const source = sheet.getRange(1, 1, lastDataRow, 5);
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
      .setOption('series', {
        0: { color: REPORT_COLORS.actual },
        1: { color: REPORT_COLORS.forecast, lineWidth: 3 },
        2: { color: REPORT_COLORS.bound, lineDashStyle: [4, 4] },
        3: { color: REPORT_COLORS.bound, lineDashStyle: [4, 4] },
      })
      .build();
    sheet.insertChart(embedded);
  }

  sheet.autoResizeColumns(1, 6);
  sheet.activate();
  return { sheetName, tableAddress, kpiAddress, findingsAddress, chartSourceAddress, anomalyFormatAddress };
}
