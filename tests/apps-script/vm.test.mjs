// The Google Sheets add-on as Apps Script runs it: every apps-script/dist/*.js file loaded into one
// vm context whose global has only the ECMAScript builtins (WebAssembly included), console and
// strict fakes of the Apps Script services (./fakes.mjs). Checks
//  (a) every generated custom function against the native `addin-server call` (1e-9 relative;
//      errors reject with the native code and message; blank cells come back as ""),
//  (b) onOpen → the add-on menu → "Analyze selection" → "Insert report" (each in a fresh context,
//      as each is a separate Apps Script execution) against `addin-server report` of the same data,
//  (c) metrics: bundle size, WASM instantiation (first call vs second), AISM_FORECAST on 1,000 cells.
// (a) and the P&L report run with a Team licence in the user properties (every function and
// report); the sales report and the metrics run signed out (the Free plan keeps them).
//
// Environment: AISM_SERVER_BIN (the built addin-server), AISM_ROOT (repository root),
// AISM_LICENCE_DEV_KEY_FILE (the licence key the WASM embeds).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ROOT, SERVER_BIN, assertClose, nativeCall, nativeReport, salesData, tempFile } from '../e2e/harness.mjs';
import { DIST, FORBIDDEN, distScripts, licensed, loadAddon, plain } from './addon.mjs';
import { a1, columnLetters, createFakes, dateToSerial, parseA1, serialToDate } from './fakes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, 'out');
const execFileP = promisify(execFile);

let catalog;
let generated; // [{ name, params }]
const bySheets = new Map();

before(async () => {
  assert.ok(existsSync(SERVER_BIN), `addin-server binary not found at ${SERVER_BIN}: set AISM_SERVER_BIN`);
  assert.ok(existsSync(join(DIST, 'core.js')), `${DIST}/core.js missing: run \`npm run build\` in apps-script/`);
  const { stdout } = await execFileP(SERVER_BIN, ['catalog'], { maxBuffer: 16 << 20 });
  catalog = JSON.parse(stdout);
  for (const f of catalog) bySheets.set(f.sheetsName, f);
  const src = readFileSync(join(DIST, 'functions.generated.js'), 'utf8');
  generated = [...src.matchAll(/async function ([A-Z0-9_]+)\(([^)]*)\)/g)].map((m) => ({
    name: m[1],
    params: m[2].split(',').map((s) => s.trim()).filter(Boolean),
  }));
});

test('the vm global has no browser or Node APIs (as in Apps Script)', () => {
  const fakes = createFakes({ distDir: DIST });
  const { before: pre, after: post } = loadAddon(fakes);
  assert.deepEqual(Object.fromEntries(FORBIDDEN.map((n, i) => [n, pre[i]])), Object.fromEntries(FORBIDDEN.map((n) => [n, 'undefined'])));
  // Loading the add-on must not need them; it may only polyfill the text codecs (not required).
  const added = FORBIDDEN.filter((n, i) => post[i] !== 'undefined' && !['TextEncoder', 'TextDecoder'].includes(n));
  assert.deepEqual(added, [], 'loading dist/*.js defined Node/browser globals');
  assert.deepEqual(fakes.errors, [], 'loading touched unknown Apps Script APIs');
});

test('functions.generated.js declares one wrapper per registry function, params in registry order', () => {
  assert.deepEqual(generated.map((g) => g.name).sort(), catalog.map((f) => f.sheetsName).sort());
  for (const g of generated) {
    const spec = bySheets.get(g.name);
    assert.deepEqual(g.params, spec.params.map((p) => p.name), g.name);
  }
});

// ------------------------------------------------------------------ (a) custom functions

/** Turns registry-call args into what Sheets passes: omitted → undefined, blanks "" in ranges, 1×1 ranges as scalars. */
function asSheetsArgs(args) {
  return args.map((a) => {
    if (a === null) return undefined;
    if (Array.isArray(a)) {
      const grid = a.map((row) => row.map((v) => (v === null ? '' : v)));
      if (grid.length === 1 && grid[0].length === 1) return grid[0][0];
      return grid;
    }
    return a;
  });
}

/** Pads args with null to the function's parameter count (the native CLI's input). */
function nativeArgs(spec, args) {
  const out = args.map((a) => (a === undefined ? null : a));
  while (out.length < spec.params.length) out.push(null);
  return out;
}

function cases() {
  const golden = JSON.parse(readFileSync(join(ROOT, 'tests', 'golden', 'calls.json'), 'utf8'));
  const byExcel = new Map(catalog.map((f) => [f.excelName, f]));
  const out = golden
    .filter((c) => byExcel.has(c.name))
    .map((c) => ({ spec: byExcel.get(c.name), args: c.args, invalid: Boolean(c.expect_error), from: 'golden' }));
  const weekly = Array.from({ length: 60 }, (_, i) => 100 + 12 * Math.sin((2 * Math.PI * i) / 7) + 0.5 * i + ((i * 37) % 11) / 5);
  const spec = (n) => byExcel.get(n);
  // Invalid inputs for the functions the golden file has none for.
  out.push({ spec: spec('AISM.SEASONALITY'), args: [[['a'], ['b'], ['c']]], invalid: true, from: 'extra' });
  out.push({ spec: spec('AISM.FORECAST.ETS.SEASONALITY'), args: [[[1], [2], [3]], [[45292], [45293]]], invalid: true, from: 'extra' });
  out.push({ spec: spec('AISM.CLEAN'), args: [], invalid: true, from: 'extra' });
  out.push({ spec: spec('AISM.CHANGEPOINTS'), args: [[['x'], ['y'], ['z'], ['w']]], invalid: true, from: 'extra' });
  // Blank cells inside a range, which Sheets passes as "".
  out.push({ spec: spec('AISM.CLEAN'), args: [[['Date', 'Amount'], ['2024-01-02', '1,234.5'], [null, 3], ['2024-01-04', null]]], invalid: false, from: 'extra', blanks: true });
  // Dates as Sheets passes them (Date objects at local midnight) for a timeline.
  const serials = weekly.map((_, i) => 45292 + i);
  // (One side Dates, the other serial numbers, so a Date read a day off changes the result.)
  out.push({
    spec: spec('AISM.FORECAST.ETS'),
    args: [[[45352], [45353], [45360]], weekly.map((x) => [x]), serials.map((s) => [s])],
    dates: { timeline: true },
    invalid: false,
    from: 'extra',
  });
  out.push({
    spec: spec('AISM.FORECAST.ETS'),
    args: [[[45355]], weekly.map((x) => [x]), serials.map((s) => [s])],
    dates: { target: true },
    invalid: false,
    from: 'extra',
  });
  return out;
}

test('(a) every custom function, valid and invalid input, matches addin-server call', async () => {
  const fakes = createFakes({ distDir: DIST });
  // The native call checks no entitlements: a Team licence grants every function.
  licensed(fakes, 'team');
  const { context } = loadAddon(fakes);
  const all = cases();
  const covered = new Map(generated.map((g) => [g.name, { valid: 0, invalid: 0 }]));
  let blanksSeen = false;
  for (const c of all) {
    const name = c.spec.sheetsName;
    const fn = context[name];
    assert.equal(typeof fn, 'function', `${name} is not a global function of dist/functions.generated.js`);
    const native = await nativeCall(c.spec.excelName, nativeArgs(c.spec, c.args));
    let sheetsArgs = asSheetsArgs(c.args);
    if (c.dates) {
      const toDates = (v) => (Array.isArray(v) ? v.map((r) => r.map((s) => serialToDate(s))) : serialToDate(v));
      sheetsArgs = sheetsArgs.map((a, i) => ((i === 0 && c.dates.target) || (i === 2 && c.dates.timeline) ? toDates(c.args[i]) : a));
    }
    const label = `${name}(${JSON.stringify(c.args).slice(0, 120)}) [${c.from}]`;
    let got;
    let thrown;
    try {
      got = await fn(...fakes.toRealmArgs(sheetsArgs));
    } catch (e) {
      thrown = e;
    }
    if (c.invalid) {
      assert.ok(native && native.error, `${label}: expected a native error, got ${JSON.stringify(native).slice(0, 200)}`);
      assert.ok(thrown, `${label}: expected a rejection (${native.error} ${native.message}), got ${JSON.stringify(plain(got)).slice(0, 200)}`);
      assert.equal(Object.prototype.toString.call(thrown), '[object Error]', `${label}: rejected with a non-Error ${String(thrown)}`);
      assert.ok(thrown.message.includes(native.error), `${label}: message "${thrown.message}" lacks the code ${native.error}`);
      assert.ok(thrown.message.includes(native.message), `${label}: message "${thrown.message}" lacks the native message "${native.message}"`);
      covered.get(name).invalid++;
    } else {
      assert.ok(Array.isArray(native), `${label}: native failed: ${JSON.stringify(native)}`);
      assert.equal(thrown, undefined, `${label}: rejected: ${thrown && thrown.message}`);
      const expected = native.map((row) => row.map((v) => (v === null ? '' : v)));
      if (c.blanks) blanksSeen = expected.some((row) => row.includes(''));
      assertClose(plain(got), expected, label);
      covered.get(name).valid++;
    }
  }
  console.log(`# custom functions: ${all.length} calls; ${[...covered].map(([k, n]) => `${k} ${n.valid}+${n.invalid}`).join(', ')}`);
  const missing = [...covered].filter(([, n]) => n.valid === 0 || n.invalid === 0).map(([k, n]) => `${k} ${JSON.stringify(n)}`);
  assert.deepEqual(missing, [], 'every generated function is called with valid and invalid input');
  assert.ok(blanksSeen, 'a case returns blank cells, which must come back as ""');
  assert.deepEqual(fakes.errors, []);
});

// ------------------------------------------------------------------ (b) menu, analysis, report sheet

const HEADER = ['Date', 'Actual', 'Forecast', 'Lower', 'Upper', 'Anomaly'];

/** The data table the report sheet must hold, from the native analysis (as the task pane's dataBlock). */
function expectedTable(analysis) {
  const chart = analysis.report.charts.find((c) => c.kind === 'line' && c.xIsDate) ?? analysis.report.charts[0];
  const pick = (role) => chart.series.find((s) => s.role === role)?.values ?? [];
  const [actual, forecast, lower, upper, anomaly] = ['actual', 'forecast', 'lower', 'upper', 'anomaly'].map(pick);
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : '');
  return chart.x.map((x, i) => {
    const act = num(actual[i]);
    return [num(x), act, num(forecast[i]), num(lower[i]), num(upper[i]), act === '' ? '' : typeof anomaly[i] === 'number'];
  });
}

/** A written cell as the test compares it: Dates as serials, null as "". */
function cellOut(v) {
  if (v === null || v === undefined) return '';
  if (Object.prototype.toString.call(v) === '[object Date]') return dateToSerial(v);
  return v;
}

test('(b) onOpen menu → Analyze selection → Insert report writes the report sheet', async () => {
  const fakes = createFakes({ distDir: DIST });
  const { rows, csv } = salesData(130); // spike on day 120
  const table = [['Date', 'Sales'], ...rows.map(([, serial, v]) => [serialToDate(serial), v])];
  fakes.seedSheet('Sales', table, { row: 2, col: 2 }); // selection B2:C132
  const native = await nativeReport(tempFile('sales.csv', csv));
  assert.ok(native.report, `native report failed: ${JSON.stringify(native).slice(0, 300)}`);

  // Execution 1: the spreadsheet opens.
  const first = loadAddon(fakes);
  const callsBefore = fakes.calls.length;
  first.context.onOpen({ authMode: 'NONE', source: null });
  // With AuthMode.NONE (an add-on in a document where it is not yet used) only the menu is allowed.
  const onOpenApis = [...new Set(fakes.calls.slice(callsBefore).map((c) => c.api))];
  assert.deepEqual(onOpenApis.filter((a) => !/^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.)/.test(a)), [], `onOpen uses only the UI: ${onOpenApis.join(', ')}`);
  const menu = fakes.menus.find((m) => m.added);
  assert.ok(menu, 'onOpen added a menu to the UI');
  assert.equal(menu.kind, 'addon', 'the menu is the add-on menu (createAddonMenu)');
  const items = menu.items.filter((i) => i.caption);
  assert.deepEqual(items.map((i) => i.caption), ['Open sidebar', 'Analyze selection', 'Insert report']);
  for (const i of items) assert.equal(typeof first.context[i.functionName], 'function', `menu item "${i.caption}" → ${i.functionName} is a global function`);
  const fnOf = (caption) => items.find((i) => i.caption === caption).functionName;
  assert.deepEqual(fakes.errors, [], 'onOpen');

  // Execution 2: "Open sidebar".
  await loadAddon(fakes).context[fnOf('Open sidebar')]();
  assert.equal(fakes.sidebars.length, 1, 'a sidebar was shown');
  assert.match(fakes.sidebars[0].content, /id="analyze-selection"/, 'the sidebar is dist/Sidebar.html');
  assert.ok(fakes.sidebars[0].title, 'the sidebar has a title');

  // Execution 3: "Analyze selection".
  const t0 = performance.now();
  await loadAddon(fakes).context[fnOf('Analyze selection')]();
  const analyzeMs = performance.now() - t0;
  assert.deepEqual(fakes.errors, [], `Analyze selection; alerts: ${JSON.stringify(fakes.alerts)}`);
  const stored = [...fakes.userCache.__store.keys(), ...fakes.userProperties.__store.keys(), ...fakes.documentCache.__store.keys(), ...fakes.documentProperties.__store.keys()];
  assert.ok(stored.length > 0, 'the analysis was kept for the next execution (CacheService or PropertiesService)');

  // Execution 4: "Insert report".
  await loadAddon(fakes).context[fnOf('Insert report')]();
  assert.deepEqual(fakes.errors, [], `Insert report; alerts: ${JSON.stringify(fakes.alerts)}`);
  const sheet = fakes.sheet('AISM Report');
  assert.ok(sheet, `a sheet "AISM Report" was inserted (sheets: ${fakes.sheets.map((s) => s.name).join(', ')}; alerts: ${JSON.stringify(fakes.alerts)})`);

  // The data table: one setValues whose first row is the header.
  const writes = fakes.callsOf('Range.setValues', 'AISM Report!');
  const tableWrite = writes.find((c) => Array.isArray(c.args[0]) && JSON.stringify(c.args[0][0]) === JSON.stringify(HEADER));
  assert.ok(tableWrite, `a setValues with the header ${HEADER.join(' | ')}; writes: ${writes.map((w) => `${w.target} ${JSON.stringify(w.args[0][0])}`).join('; ')}`);
  const want = expectedTable(native);
  const got = tableWrite.args[0].slice(1).map((r) => r.map(cellOut));
  assert.equal(got.length, want.length, 'one table row per period (history and forecast)');
  got.forEach((r, i) => {
    assertClose(r.slice(0, 5), want[i].slice(0, 5), `table row ${i + 1}`);
    if (want[i][5] === '') assert.ok(r[5] === '' || r[5] === false, `row ${i + 1}: no anomaly flag without an actual value`);
    else assert.equal(Boolean(r[5]), want[i][5], `row ${i + 1}: anomaly flag`);
  });
  assert.ok(want.some((r) => r[5] === true), 'the native analysis flags the spike');
  const [, tableRef] = tableWrite.target.split('!');
  const { row: top, col: left } = parseA1(tableRef);
  const lastRow = top + want.length;

  // KPI block: the native total is on the sheet.
  const total = native.report.kpis.find((k) => k.key === 'total').value;
  const cells = [...sheet.values.values()].filter((v) => typeof v === 'number');
  assert.ok(cells.some((v) => Math.abs(v - total) <= 1e-9 * Math.abs(total)), `the KPI total ${total} is written`);

  // Formats: bold header, a date format on the dates, a number format on the amounts, a frozen row.
  const key = (r, c) => `${r},${c}`;
  assert.equal(String(sheet.fontWeights.get(key(top, left))), 'bold', 'the table header is bold');
  assert.match(String(sheet.numberFormats.get(key(top + 1, left)) ?? ''), /[dy]/i, 'a date number format on the Date column');
  assert.match(String(sheet.numberFormats.get(key(top + 1, left + 1)) ?? ''), /0/, 'a number format on the Actual column');
  assert.ok(sheet.frozenRows >= 1, 'a frozen row');

  // Conditional format rule on the anomaly rows.
  assert.ok(sheet.conditionalFormatRules.length >= 1, 'a conditional format rule');
  const rule = sheet.conditionalFormatRules[0].__state;
  assert.equal(rule.condition.type, 'CUSTOM_FORMULA', 'whenFormulaSatisfied');
  assert.match(rule.condition.values[0], new RegExp(`\\$?${columnLetters(left + 5)}\\$?${top + 1}`), `the formula tests the Anomaly column (${columnLetters(left + 5)}${top + 1}): ${rule.condition.values[0]}`);
  assert.ok(rule.background, 'the rule sets a background');
  for (const r of rule.ranges) {
    const b = r.__box;
    assert.equal(b.sheet, 'AISM Report');
    assert.ok(b.row >= top + 1 && b.row + b.numRows - 1 <= lastRow, `rule range ${a1(b.row, b.col, b.numRows, b.numCols)} within the table rows`);
  }

  // The embedded chart.
  assert.equal(sheet.charts.length, 1, 'one chart inserted');
  const chart = sheet.charts[0].__state;
  assert.equal(chart.chartType, 'LINE');
  assert.ok(chart.ranges.length >= 1, 'addRange called');
  const cols = new Set();
  for (const r of chart.ranges) {
    const b = r.__box;
    assert.equal(b.sheet, 'AISM Report', 'chart range on the report sheet');
    assert.ok(b.row >= top && b.row + b.numRows - 1 <= lastRow, `chart range ${a1(b.row, b.col, b.numRows, b.numCols)} within the table`);
    assert.ok(b.numRows >= want.length, `chart range ${a1(b.row, b.col, b.numRows, b.numCols)} covers every period`);
    for (let c = b.col; c < b.col + b.numCols; c++) cols.add(c);
  }
  for (const [c, what] of [[left, 'Date'], [left + 1, 'Actual'], [left + 2, 'Forecast']]) assert.ok(cols.has(c), `the chart plots the ${what} column`);
  assert.ok(chart.position, 'setPosition called');
  assert.ok(chart.options.title, 'the chart has a title option');
  const order = fakes.calls.map((c) => c.api);
  for (const api of ['Sheet.newChart', 'EmbeddedChartBuilder.setChartType', 'EmbeddedChartBuilder.addRange', 'EmbeddedChartBuilder.setPosition', 'EmbeddedChartBuilder.build', 'Sheet.insertChart']) {
    assert.ok(order.includes(api), `${api} called`);
  }
  assert.ok(order.lastIndexOf('EmbeddedChartBuilder.build') < order.lastIndexOf('Sheet.insertChart'), 'built before inserted');
  assert.ok(fakes.calls.some((c) => (c.api === 'Sheet.activate' && c.target === 'Sheet(AISM Report)') || c.api === 'Spreadsheet.setActiveSheet'), 'the report sheet is activated');

  // A second report gets its own sheet.
  await loadAddon(fakes).context[fnOf('Insert report')]();
  assert.deepEqual(fakes.errors, []);
  assert.ok(fakes.sheet('AISM Report 2'), `a second report goes to "AISM Report 2" (sheets: ${fakes.sheets.map((s) => s.name).join(', ')})`);
  console.log(`# menu flow: analyze selection ${analyzeMs.toFixed(0)} ms in the vm; ${fakes.calls.length} Apps Script calls`);
});

test('(b) a ledger selection gives the P&L report sheet: statement table, line and column charts', async () => {
  const fakes = createFakes({ distDir: DIST });
  licensed(fakes, 'pro');
  // 24 months of a small ledger: revenue grows, marketing jumps in month 16.
  const accounts = [['4000 Sales', (m) => 10000 + 250 * m], ['5000 Cost of goods sold', (m) => 4000 + 90 * m],
    ['6000 Salaries', () => 2500], ['6100 Rent', () => 800], ['6200 Marketing', (m) => (m === 15 ? 3000 : 400 + 5 * m)],
    ['9000 Income tax', (m) => 300 + 10 * m]];
  const rows = [];
  for (let m = 0; m < 24; m++) {
    const iso = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`;
    for (const [name, f] of accounts) rows.push([iso, name, f(m)]);
  }
  const csv = ['Date,Account,Amount', ...rows.map((r) => r.join(','))].join('\n') + '\n';
  const native = await nativeReport(tempFile('ledger.csv', csv));
  assert.equal(native.detection?.system, 'pnl', JSON.stringify(native).slice(0, 300));
  const toSerial = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) + 25569;
  fakes.seedSheet('Ledger', [['Date', 'Account', 'Amount'], ...rows.map(([iso, a, v]) => [serialToDate(toSerial(iso)), a, v])], { row: 1, col: 1 });

  const first = loadAddon(fakes);
  first.context.onOpen({ authMode: 'NONE', source: null });
  const items = fakes.menus.find((m) => m.added).items.filter((i) => i.caption);
  const fnOf = (caption) => items.find((i) => i.caption === caption).functionName;
  await loadAddon(fakes).context[fnOf('Analyze selection')]();
  assert.deepEqual(fakes.errors, [], `Analyze selection; alerts: ${JSON.stringify(fakes.alerts)}`);
  await loadAddon(fakes).context[fnOf('Insert report')]();
  assert.deepEqual(fakes.errors, [], `Insert report; alerts: ${JSON.stringify(fakes.alerts)}`);
  const sheet = fakes.sheet('AISM Report');
  assert.ok(sheet, 'a report sheet');

  // The statement: header and every row as the native report has them.
  const statement = native.report.tables.find((t) => t.key === 'statement');
  const writes = fakes.callsOf('Range.setValues', 'AISM Report!');
  const header = statement.columns.map((c) => c.en);
  const w = writes.find((c) => JSON.stringify(c.args[0][0]) === JSON.stringify(header));
  assert.ok(w, `the statement is written with its header ${header.slice(0, 3).join(' | ')} …`);
  const net = statement.rows.find((r) => r[0] === 'Net income');
  const written = w.args[0].find((r) => r[0] === 'Net income');
  assertClose(written.slice(1).map(cellOut), net.slice(1).map((v) => (v === null ? '' : v)), 'Net income row');

  // One line chart (revenue, costs, net income by month) and one column chart per bar chart of the report.
  const kinds = sheet.charts.map((c) => c.__state.chartType);
  const bars = native.report.charts.filter((c) => c.kind === 'column' || c.kind === 'bar').length;
  assert.equal(kinds.filter((k) => k === 'LINE').length, 1, `one line chart (${kinds})`);
  assert.equal(kinds.filter((k) => k === 'COLUMN' || k === 'BAR').length, bars, `one column chart per bar chart (${kinds})`);
});

test('(b) errors reach the user as an alert; one selected cell analyses its data region', async () => {
  const fakes = createFakes({ distDir: DIST });
  fakes.seedSheet('Notes', [['just'], ['text'], ['here']], { row: 1, col: 1 });
  const { context } = loadAddon(fakes);
  await context.analyzeSelectionFromMenu();
  assert.equal(fakes.alerts.length + fakes.spreadsheet.toasts.length, 1, 'one message to the user');
  const shown = JSON.stringify([...fakes.alerts, ...fakes.spreadsheet.toasts]);
  assert.match(shown, /AISM/, `the message names the add-on: ${shown}`);
  assert.equal(fakes.sheets.length, 1, 'no sheet inserted');
  await loadAddon(fakes).context.insertReportFromMenu();
  assert.equal(fakes.sheets.length, 1, 'no report without an analysis');

  // Sidebar path: analyzeSelection with one cell of a table selected.
  const { rows, csv } = salesData(90);
  const table = [['Date', 'Sales'], ...rows.map(([, serial, v]) => [serialToDate(serial), v])];
  fakes.seedSheet('Sales', table, { row: 1, col: 1 });
  fakes.selectRange('Sales', 5, 2, 1, 1);
  const analysis = plain(await loadAddon(fakes).context.analyzeSelection({}));
  const native = await nativeReport(tempFile('sales.csv', csv));
  assertClose(analysis.report.kpis, native.report.kpis, 'kpis');
  assertClose(analysis.report.charts, native.report.charts, 'charts');
  assert.deepEqual(fakes.errors, []);
});

test('(b) a long history (analysis JSON over 100 KB) survives between executions in chunks', async () => {
  const fakes = createFakes({ distDir: DIST });
  const { rows, csv } = salesData(3000);
  const table = [['Date', 'Sales'], ...rows.map(([, serial, v]) => [serialToDate(serial), v])];
  fakes.seedSheet('Sales', table, { row: 1, col: 1 });
  await loadAddon(fakes).context.analyzeSelectionFromMenu();
  assert.deepEqual(fakes.errors, [], `alerts: ${JSON.stringify(fakes.alerts)}`);
  const native = await nativeReport(tempFile('sales.csv', csv));
  assert.ok(JSON.stringify(native).length > 100 * 1024, 'the analysis is larger than one cache value');
  assert.ok(fakes.userCache.__store.size + fakes.userProperties.__store.size > 2, 'the analysis is kept in several values');
  await loadAddon(fakes).context.insertReportFromMenu();
  assert.deepEqual(fakes.errors, [], `alerts: ${JSON.stringify(fakes.alerts)}`);
  const sheet = fakes.sheet('AISM Report');
  assert.ok(sheet, `report sheet inserted; alerts: ${JSON.stringify(fakes.alerts)}`);
  const write = fakes.callsOf('Range.setValues', 'AISM Report!').find((c) => JSON.stringify(c.args[0][0]) === JSON.stringify(HEADER));
  assert.ok(write, 'the data table is written');
  const got = write.args[0].slice(1).map((r) => r.map(cellOut).slice(0, 5));
  assertClose(got, expectedTable(native).map((r) => r.slice(0, 5)), 'table');
});

// ------------------------------------------------------------------ (c) metrics

test('(c) metrics: bundle size, instantiation, AISM_FORECAST on 1,000 cells', async () => {
  const files = distScripts();
  const bytes = Object.fromEntries(files.map((f) => [f.slice(DIST.length + 1), statSync(f).size]));
  const totalBytes = Object.values(bytes).reduce((a, b) => a + b, 0);
  const series = (n) => Array.from({ length: n }, (_, i) => [1000 + 2 * i + 150 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37) % 11)]);
  const fakes = createFakes({ distDir: DIST });
  const t0 = performance.now();
  const { context } = loadAddon(fakes);
  const loadMs = performance.now() - t0;
  const small = fakes.toRealmArgs([series(120), undefined, 14]);
  let t = performance.now();
  const r1 = await context.AISM_FORECAST(...small);
  const firstMs = performance.now() - t;
  t = performance.now();
  const r2 = await context.AISM_FORECAST(...small);
  const secondMs = performance.now() - t;
  assert.deepEqual(plain(r1), plain(r2));
  const big = fakes.toRealmArgs([series(1000), undefined, 28]);
  const times = [];
  let out;
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    out = await context.AISM_FORECAST(...big);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const native = await nativeCall('AISM.FORECAST', [series(1000), null, 28, null, null, null]);
  assertClose(plain(out), native.map((row) => row.map((v) => (v === null ? '' : v))), 'AISM_FORECAST 1,000 cells');
  const metrics = {
    distBytes: bytes,
    totalBytes,
    loadScriptsMs: round(loadMs),
    firstCallMs: round(firstMs),
    secondCallMs: round(secondMs),
    instantiateMs: round(firstMs - secondMs),
    forecast1000CellsMedianMs: round(times[2]),
    forecast1000CellsRunsMs: times.map(round),
    node: process.version,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(`# apps-script metrics: ${JSON.stringify(metrics)}`);
  assert.deepEqual(fakes.errors, []);
});

function round(x) {
  return Math.round(x * 10) / 10;
}
