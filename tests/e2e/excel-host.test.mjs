// (b) The task pane inside a (fake) Excel host: "Use selection" reads the selected sales table,
// the report is shown, and "Insert report sheet" writes a new sheet with the KPIs, a data table
// (Date | Actual | Forecast | Lower | Upper | Anomaly) made an Excel table, a native line chart over
// it and a conditional format that highlights exactly the anomalies. The fake host is strict (see
// fake-office.mjs): any API it lacks or that does not exist, any read before load/sync, any write
// of the wrong shape fails the test with the member's name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  assertClose, checkPrerequisites, launchBrowser, nativeReport, openPage, outPath, salesData, startServer, tempFile,
} from './harness.mjs';
import { installFakeOffice } from './fake-office.mjs';
import { excelApi } from './office-api.mjs';
import { highlighted } from './formula.mjs';

const HEADER = ['Date', 'Actual', 'Forecast', 'Lower', 'Upper', 'Anomaly'];
const { csv, rows } = salesData(200);
const csvPath = tempFile('daily-sales.csv', csv);

let server;
let browser;

before(async () => {
  checkPrerequisites();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dirname(csvPath), { recursive: true, force: true });
});

function hostConfig(displayLanguage) {
  return {
    api: excelApi(),
    host: 'Excel',
    platform: 'PC',
    displayLanguage,
    sheets: [{
      name: 'Sheet1',
      values: [['Date', 'Sales'], ...rows.map(([, serial, v]) => [serial, v])],
      numberFormat: [['General', 'General'], ...rows.map(() => ['m/d/yyyy', '#,##0.00'])],
    }],
    selection: { sheet: 'Sheet1', address: `A1:B${rows.length + 1}` },
  };
}

async function openTaskpane(displayLanguage = 'en-US') {
  const opened = await openPage(browser, { officeJs: 'empty', initScript: installFakeOffice, initArg: hostConfig(displayLanguage) });
  await opened.page.goto(`${server.base}/taskpane.html`);
  await opened.page.locator('#use-selection').waitFor({ state: 'visible', timeout: 20_000 });
  return opened;
}

async function excelState(page) {
  return page.evaluate(() => ({ calls: window.__excelCalls, errors: window.__excelErrors, snapshot: window.__excelSnapshot(), apiUsed: window.__excelApiUsed }));
}

async function runOnSelection(page) {
  await page.click('#use-selection');
  await page.waitForSelector('#report[data-state="done"], #report[data-state="error"]', { timeout: 60_000 });
  const state = await page.getAttribute('#report', 'data-state');
  const status = await page.locator('#status').textContent().catch(() => '');
  const { errors } = await excelState(page);
  assert.deepEqual(errors, [], 'the fake Excel host saw errors');
  assert.equal(state, 'done', `the report ended in state "${state}"; #status says: ${status}`);
}

/** Clicks "Insert report sheet" and waits until every Excel.run it started has ended. */
async function insertReport(page) {
  const before = await page.evaluate(() => window.__excelCalls.length);
  await page.click('#insert-report');
  await page.waitForFunction((from) => {
    const calls = window.__excelCalls.slice(from);
    const started = calls.filter((c) => c.op === 'run').length;
    const ended = calls.filter((c) => c.op === 'run.end').length;
    return (started > 0 && started === ended) || window.__excelErrors.length > 0;
  }, before, { timeout: 30_000 });
  await page.waitForTimeout(200);
  const state = await excelState(page);
  assert.deepEqual(state.errors, [], 'the fake Excel host saw errors');
  return { ...state, newCalls: state.calls.slice(before) };
}

const colName = (c) => (c < 26 ? '' : colName(Math.floor(c / 26) - 1)) + String.fromCharCode(65 + (c % 26));
const quoteSheet = (name) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);
const isDateFormat = (f) => typeof f === 'string' && /[dy]/i.test(f.replace(/"[^"]*"|\[[^\]]*\]/g, ''));

/** Locates the data table (header row Date | Actual | …) on a sheet snapshot. */
function findDataTable(sheet, header) {
  for (let r = 0; r < sheet.values.length; r++) {
    const row = sheet.values[r];
    for (let c = 0; c + header.length <= row.length; c++) {
      if (header.every((h, i) => row[c + i] === h)) {
        let last = r;
        while (last + 1 < sheet.values.length && sheet.values[last + 1][c] !== '' && sheet.values[last + 1][c] !== null) last++;
        return { r0: r, c0: c, r1: last, c1: c + header.length - 1 };
      }
    }
  }
  return null;
}

test('task pane in Excel: use the selection, insert the report sheet', async () => {
  const { page, assertClean } = await openTaskpane('en-US');
  assert.notEqual(await page.getAttribute('#insert-report', 'disabled'), null, '"Insert report sheet" is disabled until there is a report');
  await runOnSelection(page);
  const horizonText = await page.inputValue('#horizon-input').catch(() => '');
  const horizon = Number(horizonText) || undefined;
  const native = await nativeReport(csvPath, horizon ? { horizon } : {});
  assert.equal(native.detection.system, 'sales');

  // The report in the pane: the same anomalies as the native analysis of the same data.
  const nativeAnomalies = native.report.tables.find((t) => t.key === 'anomalies').rows.map((r) => r[0]);
  assert.ok(nativeAnomalies.length >= 2);
  assert.equal(await page.locator('#report [data-testid="anomaly"]').count(), nativeAnomalies.length);
  assert.ok((await page.locator('#report [data-testid="series-forecast"]').count()) >= 1);

  const { calls, snapshot, apiUsed, newCalls } = await insertReport(page);

  // A new sheet, activated.
  const added = newCalls.filter((c) => c.op === 'worksheets.add');
  assert.equal(added.length, 1, `one worksheets.add: ${JSON.stringify(added)}`);
  assert.equal(added[0].name, 'AISM Report');
  const sheet = snapshot.sheets.find((s) => s.name === 'AISM Report');
  assert.ok(sheet, 'the sheet "AISM Report" exists');
  assert.equal(snapshot.active, 'AISM Report', 'the report sheet is activated');
  assert.ok(newCalls.some((c) => c.op === 'range.values' && c.sheet === 'AISM Report'), 'range writes on the new sheet');
  assert.ok(!newCalls.some((c) => c.op.startsWith('range.') && c.sheet === 'Sheet1'), 'the data sheet is left alone');

  // The data table: header, then one row per day of history and per forecast period.
  const box = findDataTable(sheet, HEADER);
  assert.ok(box, `a header row ${HEADER.join(' | ')} on the sheet; values: ${JSON.stringify(sheet.values.slice(0, 20))}`);
  const at = (r, i) => sheet.values[r][box.c0 + i];
  const fmtAt = (r, i) => sheet.numberFormat[r][box.c0 + i];
  const forecast = native.report.tables.find((t) => t.key === 'forecast').rows;
  assert.equal(box.r1 - box.r0, rows.length + forecast.length, 'one row per day of history and per forecast period');
  rows.forEach(([iso, serial, v], i) => {
    const r = box.r0 + 1 + i;
    assert.equal(at(r, 0), serial, `row ${r + 1}: the date ${iso} as a serial`);
    assert.ok(isDateFormat(fmtAt(r, 0)), `row ${r + 1}: the date cell has a date format (${fmtAt(r, 0)})`);
    assert.equal(at(r, 1), v, `row ${r + 1}: the actual value of ${iso}`);
  });
  forecast.forEach(([date, f, lo, hi], j) => {
    const r = box.r0 + 1 + rows.length + j;
    assert.equal(at(r, 0), date, `row ${r + 1}: forecast date`);
    assert.ok(at(r, 1) === '' || at(r, 1) === null, `row ${r + 1}: no actual value in the future`);
    assertClose([at(r, 2), at(r, 3), at(r, 4)], [f, lo, hi], `row ${r + 1} forecast/lower/upper`);
  });

  // The Excel table over the data, then one per report table with rows (beside it, not overlapping).
  const reportTables = native.report.tables.filter((t) => t.rows.length > 0);
  assert.equal(sheet.tables.length, 1 + reportTables.length, 'the data table and one per non-empty report table');
  assert.deepEqual(sheet.tables[0].box, { r0: box.r0, c0: box.c0, r1: box.r1, c1: box.c1 }, 'the table covers header and data');
  assert.equal(sheet.tables[0].hasHeaders, true);
  reportTables.forEach((t, i) => {
    const tb = sheet.tables[i + 1].box;
    assert.equal(tb.r1 - tb.r0, t.rows.length, `report table ${t.key}: header and one row per row`);
    assert.equal(tb.c1 - tb.c0 + 1, t.columns.length, `report table ${t.key}: one column per column`);
    assert.ok(tb.c0 > box.c1, `report table ${t.key} is right of the data table`);
  });

  // A native line chart over the data range, one series per column.
  assert.equal(sheet.charts.length, 1, 'one chart');
  const chart = sheet.charts[0];
  assert.match(chart.type, /^Line/, `a line chart, not ${chart.type}`);
  assert.ok(chart.box, `the chart's source is a range (${chart.source})`);
  assert.equal(chart.box.r0, box.r0, 'the chart source starts at the header row (series names)');
  assert.equal(chart.box.r1, box.r1, 'the chart source ends at the last data row');
  assert.ok(chart.box.c0 <= box.c0 + 1 && chart.box.c1 >= box.c0 + 2 && chart.box.c1 <= box.c1,
    `the chart shows the actual and forecast columns (${chart.source})`);
  if (chart.box.c0 === box.c0 + 1) {
    // Dates outside the source: every series takes them as its categories (ChartSeries.setXAxisValues).
    const dates = `${quoteSheet(sheet.name)}!${colName(box.c0)}${box.r0 + 2}:${colName(box.c0)}${box.r1 + 1}`;
    chart.series.forEach((s, i) => assert.equal(s.xValues, dates, `series ${i} has the dates as categories`));
  } else {
    assert.equal(chart.box.c0, box.c0, 'the chart source starts with the dates (categories)');
  }
  assert.ok(chart.seriesBy === 'Columns' || chart.seriesBy === 'Auto', `series by columns (${chart.seriesBy})`);

  // Conditional formatting on the actual values that highlights exactly the anomalies.
  const custom = sheet.cfs.filter((cf) => cf.type === 'Custom');
  assert.ok(custom.length >= 1, `a custom conditional format: ${JSON.stringify(sheet.cfs)}`);
  const cf = custom[0];
  assert.ok(cf.format['fill.color'] || cf.format['font.color'], `the format colours the cells: ${JSON.stringify(cf.format)}`);
  assert.ok(cf.box.c0 === box.c0 + 1 && cf.box.c1 === box.c0 + 1, `the format is on the Actual column (${cf.address})`);
  const hits = highlighted(cf.rule.formula, cf.box, sheet.values);
  const hitDates = hits.map(([r]) => sheet.values[r][box.c0]);
  assert.deepEqual(hitDates, nativeAnomalies, `${cf.rule.formula} highlights the anomaly days`);

  // The KPIs, with their values, are on the sheet.
  for (const k of native.report.kpis.filter((x) => x.value != null)) {
    const r = sheet.values.findIndex((row) => row.includes(k.label.en));
    assert.ok(r >= 0, `KPI "${k.label.en}" on the sheet`);
    const numbers = sheet.values[r].filter((x) => typeof x === 'number');
    assert.ok(numbers.some((x) => Math.abs(x - k.value) <= 1e-9 * Math.max(1, Math.abs(k.value))),
      `KPI "${k.label.en}" = ${k.value} on its row: ${JSON.stringify(sheet.values[r])}`);
  }

  // Inserting again makes a second sheet instead of failing on the taken name.
  const again = await insertReport(page);
  assert.ok(again.snapshot.sheets.some((s) => s.name === 'AISM Report 2'), `second sheet: ${again.snapshot.sheets.map((s) => s.name)}`);

  const sets = [...new Set(Object.values(apiUsed))].sort();
  console.log(`Excel API sets used by the task pane: ${sets.join(', ')}; calls: ${calls.length}`);
  await page.screenshot({ path: outPath('excel-taskpane.png'), fullPage: true });
  assertClean();
});

test('task pane in Excel follows Office.context.displayLanguage (Spanish)', async () => {
  const { page, assertClean } = await openTaskpane('es-ES');
  await runOnSelection(page);
  const horizon = Number(await page.inputValue('#horizon-input').catch(() => '')) || undefined;
  const native = await nativeReport(csvPath, horizon ? { horizon } : {});
  const shown = (await page.locator('#report [data-testid="finding"]').allTextContents()).join('\n');
  for (const f of native.report.findings) assert.ok(shown.includes(f.text.es), `Spanish finding shown: ${f.text.es}`);
  const { snapshot } = await insertReport(page);
  const sheet = snapshot.sheets.find((s) => s !== snapshot.sheets[0] && s.name.startsWith('AISM'));
  assert.ok(sheet, 'a report sheet');
  const names = native.report.charts[0].series.map((s) => s.name.es);
  for (const n of ['Real', 'Pronóstico']) assert.ok(names.includes(n));
  assert.ok(sheet.values.some((row) => row.includes('Real') && row.includes('Pronóstico')), 'Spanish column headers on the sheet');
  assertClean();
});
