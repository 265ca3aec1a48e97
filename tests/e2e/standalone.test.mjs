// (a) The standalone demo in a plain browser: office.js served locally (Office.onReady resolves with
// host null), upload a CSV of daily sales, run, and find the KPIs, the forecast series, flagged
// anomalies and findings in the report. Also measures the time from navigation to the first
// result and the size of the WASM bundle (tests/e2e/out/metrics.json), and saves a screenshot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import {
  STATIC_DIR, checkPrerequisites, launchBrowser, nativeReport, openPage, outPath, salesData, startServer, tempFile,
} from './harness.mjs';

let server;
let browser;
const metrics = {};
const { csv } = salesData(200);
const csvPath = tempFile('daily-sales.csv', csv);

before(async () => {
  checkPrerequisites();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dirname(csvPath), { recursive: true, force: true });
  if (Object.keys(metrics).length) {
    writeFileSync(outPath('metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    console.log(`metrics: ${JSON.stringify(metrics)}`);
  }
});

/** Records, in the page, the moment `#report` first gets `data-state` "done" or "error". */
function watchReport() {
  const start = () => {
    const report = document.getElementById('report');
    if (!report) return false;
    const check = () => {
      const state = report.getAttribute('data-state');
      if ((state === 'done' || state === 'error') && window.__aismReportAt === undefined) {
        window.__aismReportAt = performance.now();
        window.__aismReportState = state;
      }
    };
    new MutationObserver(check).observe(report, { attributes: true, attributeFilter: ['data-state'] });
    check();
    return true;
  };
  if (!start()) document.addEventListener('DOMContentLoaded', start);
}

async function waitForReport(page) {
  await page.waitForSelector('#report[data-state="done"], #report[data-state="error"]', { timeout: 60_000 });
  const state = await page.getAttribute('#report', 'data-state');
  const status = await page.locator('#status').textContent().catch(() => '');
  assert.equal(state, 'done', `the report ended in state "${state}"; #status says: ${status}`);
}

/** Checks the rendered report against the native analysis of the same file. */
async function checkReport(page, native) {
  const report = page.locator('#report');
  const kpis = report.locator('[data-testid="kpi"]');
  const withValue = native.report.kpis.filter((k) => k.value != null);
  assert.ok(withValue.length >= 5, 'the native report has KPIs');
  assert.ok(await kpis.count() >= withValue.length, 'a KPI element for every KPI with a value');
  for (const k of withValue) {
    const label = k.label.en;
    const shown = await kpis.filter({ hasText: label }).count();
    assert.ok(shown >= 1, `KPI "${label}" shown`);
  }
  const chart = report.locator('svg[data-testid="chart"]');
  assert.ok((await chart.count()) >= 1, 'an SVG chart');
  const svg = chart.first();
  for (const id of ['series-history', 'series-forecast', 'interval']) {
    assert.ok((await svg.locator(`[data-testid="${id}"]`).count()) >= 1, `chart has [data-testid="${id}"]`);
  }
  // The forecast line is drawn, not empty: a path with a "d" or a polyline with points.
  const drawn = await svg.locator('[data-testid="series-forecast"]').first().evaluate((el) => {
    const shape = el.matches('path, polyline') ? el : el.querySelector('path, polyline');
    if (!shape) return 0;
    return (shape.getAttribute('d') || shape.getAttribute('points') || '').length;
  });
  assert.ok(drawn > 20, 'the forecast series is drawn');
  const anomalies = native.report.charts.find((c) => c.series.some((s) => s.role === 'anomaly')).series.find((s) => s.role === 'anomaly').values.filter((v) => v != null).length;
  assert.ok(anomalies >= 2, 'the native analysis flags the two injected spikes');
  assert.equal(await svg.locator('[data-testid="anomaly"]').count(), anomalies, 'one anomaly marker per flagged anomaly');
  const findings = report.locator('[data-testid="finding"]');
  assert.equal(await findings.count(), native.report.findings.length, 'one finding element per finding');
  const text = (await findings.allTextContents()).join('\n');
  assert.match(text, /30 Apr 2024|2024-04-30|4\/30\/2024/, 'the spike of 30 April is among the findings');
}

test('standalone demo: upload a CSV of daily sales and get the report', async () => {
  const native = await nativeReport(csvPath);
  assert.equal(native.detection?.system, 'sales', JSON.stringify(native).slice(0, 300));

  const { page, problems, assertClean } = await openPage(browser, { officeJs: 'local', initScript: watchReport });
  const t0 = Date.now();
  await page.goto(`${server.base}/index.html`);
  await page.waitForFunction(() => typeof Office !== 'undefined', null, { timeout: 10_000 });
  assert.equal(await page.locator('#use-selection').isVisible(), false, '"Use selection" is hidden outside Excel');
  assert.equal(await page.locator('#insert-report').isVisible(), false, '"Insert report sheet" is hidden outside Excel');
  await page.setInputFiles('#file-input', csvPath);
  // The page may start on file selection; if it waits for the run button, press it.
  const started = await page.waitForFunction(() => {
    const r = document.getElementById('report');
    const p = document.getElementById('progress');
    const state = r && r.getAttribute('data-state');
    return (state && state !== 'empty') || (p && !p.hidden);
  }, null, { timeout: 1000 }).then(() => true, () => false);
  if (!started) await page.click('#run-button');
  await waitForReport(page);
  const wall = Date.now() - t0;
  const loadToResult = await page.evaluate(() => window.__aismReportAt);
  assert.ok(loadToResult > 0);
  await checkReport(page, native);
  await page.locator('#report').screenshot({ path: outPath('standalone-report.png') });
  await page.screenshot({ path: outPath('standalone-page.png'), fullPage: true });
  assert.deepEqual(problems.officeMissing, [], 'office.js asked for files the npm package does not have');
  assertClean();
  metrics.loadToFirstResultMs = Math.round(loadToResult);
  metrics.loadToFirstResultWallMs = wall;
  metrics.uploadRows = 200;
  console.log(`time from navigation start to first result (upload of 200 days, Chromium ${browser.version()}): ${Math.round(loadToResult)} ms`);
});

test('standalone demo: paste the same CSV and get the same report', async () => {
  const native = await nativeReport(csvPath);
  const { page, assertClean } = await openPage(browser, { officeJs: 'local', initScript: watchReport });
  await page.goto(`${server.base}/index.html`);
  await page.fill('#paste-area', csv);
  const t = Date.now();
  await page.click('#run-paste');
  await waitForReport(page);
  metrics.pasteRunMs = Date.now() - t;
  await checkReport(page, native);
  assertClean();
});

test('standalone demo works when office.js cannot load', async () => {
  const { page, problems } = await openPage(browser, { officeJs: 'local', initScript: watchReport });
  // Make office.js itself fail (as offline), answering with a 404 before the harness route.
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(`${server.base}/index.html`);
  await page.setInputFiles('#file-input', csvPath);
  const started = await page.waitForFunction(() => !['empty', null, undefined].includes(document.getElementById('report')?.getAttribute('data-state')), null, { timeout: 1000 })
    .then(() => true, () => false);
  if (!started) await page.click('#run-button');
  await waitForReport(page);
  assert.ok((await page.locator('#report [data-testid="anomaly"]').count()) >= 1);
  assert.deepEqual(problems.external, []);
  // The only error allowed: the browser's own report of the failed office.js load.
  const errors = problems.errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));
  assert.deepEqual(errors, []);
});

test('WASM bundle size', () => {
  const wasm = readFileSync(join(STATIC_DIR, 'pkg', 'aism_wasm_bg.wasm'));
  metrics.wasmBytes = wasm.length;
  metrics.wasmGzipBytes = gzipSync(wasm, { level: 9 }).length;
  metrics.wasmBrotliBytes = brotliCompressSync(wasm, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const js = readFileSync(join(STATIC_DIR, 'taskpane.js'));
  metrics.taskpaneJsBytes = js.length;
  metrics.taskpaneJsGzipBytes = gzipSync(js, { level: 9 }).length;
  console.log(`WASM bundle: ${metrics.wasmBytes} bytes raw, ${metrics.wasmGzipBytes} bytes gzip -9, ${metrics.wasmBrotliBytes} bytes brotli`);
  assert.ok(metrics.wasmBytes > 10_000);
});
