// The test doubles themselves: the fake Excel host accepts a correct report-writing batch and
// rejects what Excel rejects (so excel-host.test.mjs can fail), and the conditional-format formula
// evaluator computes what Excel would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHROMIUM, launchBrowser, openPage, startServer } from './harness.mjs';
import { existsSync } from 'node:fs';
import { installFakeOffice } from './fake-office.mjs';
import { excelApi } from './office-api.mjs';
import { compile, highlighted } from './formula.mjs';

let server;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: \`apt-get install -y chromium\``);
  server = await startServer();
  browser = await launchBrowser();
  const config = {
    api: excelApi(),
    host: 'Excel',
    platform: 'PC',
    displayLanguage: 'en-US',
    sheets: [{ name: 'Data', values: [['Date', 'Sales'], [45292, 10], [45293, 12]], numberFormat: [['General', 'General'], ['m/d/yyyy', '0'], ['m/d/yyyy', '0']] }],
    selection: { sheet: 'Data', address: 'A1:B3' },
  };
  ({ page } = await openPage(browser, { officeJs: 'empty', initScript: installFakeOffice, initArg: config }));
  // Any loopback page will do: the fake is installed before the page's own scripts.
  await page.goto(`${server.base}/healthz`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const errorsAfter = (fn) => page.evaluate(async (src) => {
  window.__excelErrors.length = 0;
  let rejected = null;
  try {
    // eslint-disable-next-line no-new-func
    await new Function(`return (${src})()`)();
  } catch (e) {
    rejected = e.code || e.message;
  }
  return { errors: [...window.__excelErrors], rejected };
}, fn.toString());

test('office.d.ts is read: classes, members with their API sets, enums', () => {
  const api = excelApi();
  assert.equal(api.classes.Range.values, 'ExcelApi 1.1');
  assert.equal(api.classes.Range.conditionalFormats, 'ExcelApi 1.6');
  assert.equal(api.enums.ChartType.line, 'Line');
  assert.equal(api.enums.ConditionalFormatType.custom, 'Custom');
  assert.ok(!('values' in api.classes.Worksheet));
});

test('a correct batch leaves no error and the workbook as written', async () => {
  const r = await errorsAfter(async () => {
    const info = await Office.onReady();
    if (info.host !== Office.HostType.Excel) throw new Error('not Excel');
    await Excel.run(async (ctx) => {
      const sel = ctx.workbook.getSelectedRange();
      sel.load('values,address');
      const probe = ctx.workbook.worksheets.getItemOrNullObject('Out');
      await ctx.sync();
      if (sel.address !== 'Data!A1:B3' || sel.values[1][1] !== 10 || !probe.isNullObject) throw new Error('bad read');
      const ws = ctx.workbook.worksheets.add('Out');
      const range = ws.getRange('A1:B3');
      range.values = [['Date', 'Sales'], [45292, 10], [45293, 12]];
      range.numberFormat = [['General', 'General'], ['yyyy-mm-dd', '0'], ['yyyy-mm-dd', '0']];
      ws.tables.add("'Out'!A1:B3", true).style = 'TableStyleLight1';
      ws.charts.add(Excel.ChartType.line, ws.getRange('B1:B3'), Excel.ChartSeriesBy.columns).series.getItemAt(0).setXAxisValues(ws.getRange('A2:A3'));
      const cf = ws.getRange('B2:B3').conditionalFormats.add(Excel.ConditionalFormatType.custom);
      cf.custom.rule.formula = '=$B2>11';
      cf.custom.format.fill.color = '#FF0000';
      ws.activate();
      await ctx.sync();
    });
  });
  assert.deepEqual(r, { errors: [], rejected: null });
  const snap = await page.evaluate(() => window.__excelSnapshot());
  const out = snap.sheets.find((s) => s.name === 'Out');
  assert.equal(snap.active, 'Out');
  assert.deepEqual(out.values, [['Date', 'Sales'], [45292, 10], [45293, 12]]);
  assert.equal(out.tables[0].address, 'A1:B3');
  assert.equal(out.charts[0].type, 'Line');
  assert.equal(out.charts[0].series[0].xValues, 'Out!A2:A3');
  assert.deepEqual(highlighted(out.cfs[0].rule.formula, out.cfs[0].box, out.values), [[2, 1]]);
});

test('the fake rejects what Excel rejects', async () => {
  const cases = [
    [async () => Excel.run(async (ctx) => { const r = ctx.workbook.getSelectedRange(); return r.values; }), /PropertyNotLoaded: Range.values/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').getRange('A1').values = [[1, 2]]; await ctx.sync(); }), /1×2 array written to a 1×1 range/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').getRange('A1').values = [[NaN]]; await ctx.sync(); }), /cannot be written/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.add('Data'); await ctx.sync(); }), /ItemAlreadyExists/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').fooBar(); await ctx.sync(); }), /Worksheet.fooBar: not in the Excel API/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').getRange('A1').getSpillingToRange(); await ctx.sync(); }), /Range.getSpillingToRange: real Office.js API/],
    [async () => Excel.run(async (ctx) => { const ws = ctx.workbook.worksheets.getItem('Data'); ws.charts.add('line', ws.getRange('A1:B3')); await ctx.sync(); }), /not an Excel.ChartType/],
    [async () => Excel.run(async (ctx) => { const ws = ctx.workbook.worksheets.getItem('Data'); ws.charts.add('Line', 'A1:B3'); await ctx.sync(); }), /is not a Range/],
    [async () => Excel.run(async (ctx) => { const t = ctx.workbook.worksheets.getItem('Data').tables.add('A1:B3', true); t.name = 'My table'; await ctx.sync(); }), /not a valid table name/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').getRange('A1').format.fill.color = 'rgb(1,2,3)'; await ctx.sync(); }), /is not a color/],
    [async () => Excel.run(async (ctx) => { ctx.workbook.worksheets.getItem('Data').getRange('A1').address = 'B2'; await ctx.sync(); }), /Range.address is read-only/],
    [async () => Excel.run(() => 1), /must return a promise/],
    [async () => { let kept; await Excel.run(async (ctx) => { kept = ctx.workbook.worksheets.getItem('Data'); await ctx.sync(); }); kept.activate(); }, /used after its Excel.run ended/],
    [async () => { Excel.ChartType.lne; }, /Excel.ChartType.lne/],
    [async () => { Office.context.document; }, /Office.context.document/],
  ];
  for (const [fn, expected] of cases) {
    const r = await errorsAfter(fn);
    assert.ok(r.errors.some((e) => expected.test(e)), `${fn.toString().slice(0, 140)} → ${JSON.stringify(r)}`);
  }
});

test('the conditional-format evaluator reads formulas as Excel does', () => {
  const values = [['Date', 'Actual', 'Flag'], [1, 10, true], [2, '', false], [3, 30, true], [4, 40, '']];
  const box = { r0: 1, c0: 1, r1: 4, c1: 1 };
  assert.deepEqual(highlighted('=$C2=TRUE', box, values), [[1, 1], [3, 1]]);
  assert.deepEqual(highlighted('=$C2', box, values), [[1, 1], [3, 1]]);
  assert.deepEqual(highlighted('=AND(ISNUMBER(B2),B2>=30)', box, values), [[3, 1], [4, 1]]);
  assert.deepEqual(highlighted('=$C$2', box, values), [[1, 1], [2, 1], [3, 1], [4, 1]]);
  assert.deepEqual(highlighted('=B2=""', box, values), [[2, 1]]);
  assert.deepEqual(highlighted('=NOT(ISBLANK($C2))*($B2>15)', box, values), [[3, 1]]);
  assert.equal(compile('="a"&"b"="AB"')(() => null, 0, 0), true);
  assert.throws(() => compile('=VLOOKUP(A1,B1,2)'), /not supported/);
  assert.throws(() => compile('B2>1'), /not a formula/);
});
