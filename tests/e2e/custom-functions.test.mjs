// (c) The custom functions through the handlers the page gives CustomFunctions.associate, compared
// with the native `addin-server call` (1e-9 relative), including a bad call that must reject with a
// CustomFunctions.Error carrying the registry's message.
//
// The page runs as in Excel's shared runtime: a fake Office (host Excel) and a fake CustomFunctions
// whose associate records the handlers, office.js answered with an empty script. (With the real
// office.js in a plain page, office.js replaces CustomFunctions.associate by its own, which keeps
// nothing outside Office, so the handlers could not be reached.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVER_BIN, assertClose, checkPrerequisites, launchBrowser, nativeCall, openPage, startServer } from './harness.mjs';
import { installFakeOffice } from './fake-office.mjs';
import { excelApi } from './office-api.mjs';

const execFileP = promisify(execFile);
let server;
let browser;
let page;
let clean;
let ids;

const weekly = Array.from({ length: 60 }, (_, i) => 100 + 12 * Math.sin((2 * Math.PI * i) / 7) + 0.5 * i + ((i * 37) % 11) / 5);
const column = (xs) => xs.map((x) => [x]);
const spiky = weekly.map((x, i) => (i === 40 ? x * 3 : x));
const serials = weekly.map((_, i) => 45292 + i);

before(async () => {
  checkPrerequisites();
  server = await startServer();
  browser = await launchBrowser();
  const metadata = await (await fetch(`${server.base}/functions.json`)).json();
  ids = metadata.functions.map((f) => f.id);
  assert.ok(ids.length >= 9, `functions.json lists ${ids.length} functions`);
  const config = {
    api: excelApi(),
    host: 'Excel',
    platform: 'PC',
    displayLanguage: 'en-US',
    sheets: [{ name: 'Sheet1', values: [['x']] }],
    selection: { sheet: 'Sheet1', address: 'A1' },
  };
  ({ page, assertClean: clean } = await openPage(browser, { officeJs: 'empty', initScript: installFakeOffice, initArg: config }));
  await page.goto(`${server.base}/taskpane.html`);
  await page.waitForFunction((want) => want.every((id) => window.__cf.has(id)), ids, { timeout: 20_000 })
    .catch(async (e) => {
      const have = await page.evaluate(() => [...window.__cf.keys()]);
      throw new Error(`not every function of functions.json was associated; have ${JSON.stringify(have)}: ${e.message}`);
    });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Calls the associated handler of `id` with `args` in the page; cells that are errors come back as {error, message}. */
async function callHandler(id, args) {
  return page.evaluate(async ([fid, fargs]) => {
    const toPlain = (v) => (v instanceof CustomFunctions.Error ? { error: v.code, message: v.message } : v);
    try {
      const out = await window.__cf.get(fid)(...fargs);
      return { ok: Array.isArray(out) ? out.map((row) => (Array.isArray(row) ? row.map(toPlain) : toPlain(row))) : toPlain(out) };
    } catch (e) {
      return { thrown: { isCustomFunctionsError: e instanceof CustomFunctions.Error, code: e && e.code, message: e && e.message, name: e && e.name } };
    }
  }, [id, args]);
}

/** The native result as Excel must receive it: blank cells (null) as "". */
const asExcel = (grid) => grid.map((row) => row.map((v) => (v === null ? '' : v)));

function argsFor(handlerArgs) {
  return handlerArgs.map((a) => (a === undefined ? null : a));
}

const CASES = [
  { id: 'FORECAST', args: [column(weekly), null, 7, null, null, null] },
  { id: 'ANOMALIES', args: [column(spiky)] },
  { id: 'FORECAST.ETS', args: [column([45352, 45353, 45354, 45355]), column(weekly), column(serials), 7, null, null] },
  { id: 'CLEAN', args: [[['Date', 'Amount'], ['2024-01-02', '1,234.5'], ['', 3], ['2024-01-04', null]]] },
];

test('the served functions.json has every registry function with its parameters', async () => {
  const { stdout } = await execFileP(SERVER_BIN, ['catalog'], { maxBuffer: 16 << 20 });
  const catalog = JSON.parse(stdout);
  const served = (await (await fetch(`${server.base}/functions.json`)).json()).functions;
  assert.deepEqual(served.map((f) => f.id).sort(), catalog.map((f) => f.excelName.replace(/^AISM\./, '')).sort());
  for (const spec of catalog) {
    const f = served.find((x) => x.id === spec.excelName.replace(/^AISM\./, ''));
    assert.deepEqual(f.parameters.map((p) => [p.name, Boolean(p.optional)]), spec.params.map((p) => [p.name, p.optional]), f.id);
    assert.equal(f.result.dimensionality, 'matrix', `${f.id} spills`);
  }
});

test('every function of functions.json, and no other, is associated', async () => {
  const have = await page.evaluate(() => [...window.__cf.keys()]);
  assert.deepEqual([...have].sort(), [...ids].sort());
});

test('custom functions give the native results (1e-9 relative), calls in parallel', async () => {
  const results = await Promise.all(CASES.map((c) => callHandler(c.id, c.args)));
  let native4HasBlank = false;
  for (const [i, c] of CASES.entries()) {
    const native = await nativeCall(`AISM.${c.id}`, argsFor(c.args));
    if (c.id === 'CLEAN') native4HasBlank = native.some((row) => row.includes(null));
    assert.ok(Array.isArray(native), `native ${c.id}: ${JSON.stringify(native)}`);
    assert.ok(results[i].ok, `${c.id} threw: ${JSON.stringify(results[i].thrown)}`);
    assertClose(results[i].ok, asExcel(native), c.id);
  }
  // The spike is flagged (the anomaly flag is the third column).
  const flags = results[1].ok.map((row) => row[2]);
  assert.ok(flags[40], `the spike at 41 is flagged: ${JSON.stringify(flags)}`);
  assert.ok(native4HasBlank, 'the CLEAN case has a blank cell in its result');
});

test('many concurrent calls (a recalculation) all resolve with the right numbers', async () => {
  const targets = Array.from({ length: 40 }, (_, i) => 45352 + i);
  const got = await page.evaluate(async ([w, s, ts]) => {
    const f = window.__cf.get('FORECAST.ETS');
    return Promise.all(ts.map((t) => f([[t]], w, s, null, null, null)));
  }, [column(weekly), column(serials), targets]);
  const native = await nativeCall('AISM.FORECAST.ETS', [column(targets), column(weekly), column(serials), null, null, null]);
  assert.ok(Array.isArray(native), JSON.stringify(native));
  assertClose(got.map((g) => g[0]), native, 'FORECAST.ETS one target per call');
});

test('a bad call rejects with a CustomFunctions.Error carrying the registry message', async () => {
  const badArgs = [[['a'], ['b'], ['c']], null, 3, null, null, null];
  const native = await nativeCall('AISM.FORECAST', badArgs);
  assert.equal(native.error, '#VALUE!', JSON.stringify(native));
  assert.ok(native.message.length > 10);
  const r = await callHandler('FORECAST', badArgs);
  assert.ok(r.thrown, `expected a rejection, got ${JSON.stringify(r.ok)}`);
  assert.equal(r.thrown.isCustomFunctionsError, true, `rejected with ${JSON.stringify(r.thrown)}`);
  assert.equal(r.thrown.code, '#VALUE!');
  assert.equal(r.thrown.message, native.message);

  const num = await nativeCall('AISM.FORECAST', [column(weekly), null, -1, null, null, null]);
  const r2 = await callHandler('FORECAST', [column(weekly), null, -1, null, null, null]);
  assert.ok(num.error, `a negative horizon is an error natively: ${JSON.stringify(num)}`);
  assert.ok(r2.thrown && r2.thrown.isCustomFunctionsError, JSON.stringify(r2));
  assert.equal(r2.thrown.code, num.error);

  // The page still works after errors.
  const ok = await callHandler('FORECAST', CASES[0].args);
  assert.ok(ok.ok);
  const errors = await page.evaluate(() => window.__excelErrors);
  assert.deepEqual(errors, [], 'the fake host saw errors');
  clean();
});
