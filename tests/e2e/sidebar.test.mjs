// The Google Sheets sidebar (apps-script/dist/Sidebar.html, the HtmlService file) in headless
// Chromium: served from loopback, every other request aborted, with a fake `google.script.run`
// whose server functions answer as the add-on's: analyzeSelection → the native `addin-server
// report` of a sales CSV (with the options the sidebar sent), insertReport → a layout, and the
// account functions → account states. Clicking "Analyze selection" must show the report (KPIs,
// chart, findings); "Insert report" must call insertReport with that analysis; the Account panel
// shows the state the server sends and signs in and out through it. Server function names must be
// global functions of dist/*.js.
//
// Environment: AISM_SERVER_BIN, AISM_ROOT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { CHROMIUM, ROOT, SERVER_BIN, launchBrowser, nativeReport, openPage, salesData, tempFile } from './harness.mjs';

const DIST = join(ROOT, 'apps-script', 'dist');
let server;
let base;
let browser;
let csvFile;

/** The global function declarations of dist/*.js: what google.script.run can call. */
function serverFunctions() {
  const names = new Set();
  for (const f of readdirSync(DIST).filter((n) => n.endsWith('.js') && n !== 'core.js')) {
    for (const m of readFileSync(join(DIST, f), 'utf8').matchAll(/^(?:async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(/gm)) names.add(m[1]);
  }
  return [...names];
}

before(async () => {
  assert.ok(existsSync(SERVER_BIN), `addin-server binary not found at ${SERVER_BIN}`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found`);
  assert.ok(existsSync(join(DIST, 'Sidebar.html')), `${DIST}/Sidebar.html missing: run \`npm run build\` in apps-script/`);
  const html = readFileSync(join(DIST, 'Sidebar.html'));
  server = createServer((req, res) => {
    if (req.url === '/Sidebar.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
  csvFile = tempFile('sales.csv', salesData(200).csv);
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

const FREE = ['functions.basic', 'system.sales'];
const PRO = [...FREE, 'system.pnl', 'system.inventory', 'system.pricing', 'system.customers', 'connectors', 'webinars'];
/** Account states as accountState / accountSignIn / accountSignOut return them. */
const SIGNED_OUT = { signedIn: false, email: null, plan: 'free', entitlements: FREE, expiresAt: null, licence: 'none', code: null, reason: null };
const SIGNED_IN = { signedIn: true, email: 'ana@example.com', plan: 'pro', entitlements: PRO, expiresAt: Date.UTC(2030, 5, 15, 12), licence: 'valid', code: null, reason: null };

/**
 * The fake `google.script.run`, installed before the page's scripts. Each `google.script.run`
 * read gives a fresh runner (handlers do not leak between calls); arguments and results are
 * checked to be what Apps Script can pass (primitives, arrays, plain objects) and copied; the
 * handlers run asynchronously, as the real round trip does.
 */
function installFakeScriptRun(known) {
  const calls = [];
  const errors = [];
  window.__gsr = { calls, errors };
  const legal = (v, path) => {
    if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) return;
    if (Array.isArray(v)) return v.forEach((x, i) => legal(x, `${path}[${i}]`));
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.entries(v).forEach(([k, x]) => legal(x, `${path}.${k}`));
    }
    throw new Error(`google.script.run: illegal parameter ${path} (${Object.prototype.toString.call(v)})`);
  };
  const runner = () => {
    let ok = null;
    let fail = null;
    let user;
    const target = {
      withSuccessHandler(f) { ok = f; return proxy; },
      withFailureHandler(f) { fail = f; return proxy; },
      withUserObject(u) { user = u; return proxy; },
    };
    const proxy = new Proxy(target, {
      get(t, name) {
        if (name in t) return t[name];
        if (typeof name !== 'string') return undefined;
        return (...args) => {
          const done = (fn, v) => setTimeout(() => fn && fn(v, user), 5);
          try {
            args.forEach((a, i) => legal(a, `${name} argument ${i}`));
          } catch (e) {
            errors.push(e.message);
            done(fail, e);
            return;
          }
          const copy = JSON.parse(JSON.stringify(args));
          calls.push({ name, args: copy });
          if (!known.includes(name)) {
            const e = new Error(`Script function not found: ${name}`);
            errors.push(e.message);
            done(fail, e);
            return;
          }
          window.__server(name, copy).then(
            (r) => (r && r.error ? done(fail, new Error(r.error)) : done(ok, r.value)),
            (e) => done(fail, e),
          );
        };
      },
    });
    return proxy;
  };
  window.google = {
    script: {
      get run() { return runner(); },
      host: { close() {}, setHeight() {}, setWidth() {}, editor: { focus() {} } },
    },
  };
}

test('sidebar: Analyze selection shows the native report; Insert report calls insertReport', async () => {
  const known = serverFunctions();
  for (const f of ['analyzeSelection', 'insertReport']) assert.ok(known.includes(f), `${f} is a global function of dist/*.js`);
  const { context, page, assertClean } = await openPage(browser, { officeJs: 'empty', initScript: installFakeScriptRun, initArg: known });
  const served = [];
  await page.exposeFunction('__server', async (name, args) => {
    if (name === 'analyzeSelection') {
      const options = { ...(args[0] || {}) };
      const analysis = await nativeReport(csvFile, options);
      served.push({ name, options, analysis });
      if (!analysis.report) return { error: `${analysis.error} ${analysis.message}` };
      return { value: analysis };
    }
    if (name === 'insertReport') {
      served.push({ name, args });
      return { value: { sheetName: 'AISM Report', tableAddress: 'A1:F229' } };
    }
    if (name === 'accountState') return { value: SIGNED_OUT };
    return { error: `the test does not serve ${name}` };
  });
  await page.goto(`${base}/Sidebar.html`);
  await page.waitForSelector('#analyze-selection');
  assert.equal(await page.locator('#insert-report').isDisabled(), true, '"Insert report" is disabled before an analysis');

  await page.click('#analyze-selection');
  await page.waitForSelector('#report[data-state="done"], #report[data-state="error"]', { timeout: 60_000 });
  const state = await page.getAttribute('#report', 'data-state');
  assert.equal(state, 'done', `report state "${state}"; #status: ${await page.textContent('#status')}`);
  const analyzed = served.find((s) => s.name === 'analyzeSelection');
  assert.ok(analyzed, 'the fake server got analyzeSelection');
  assert.equal(analyzed.options.horizon, 28, 'the sidebar sends its horizon (default 28)');
  const native = analyzed.analysis;

  const report = page.locator('#report');
  const kpis = report.locator('[data-testid="kpi"]');
  assert.equal(await kpis.count(), native.report.kpis.length, 'one KPI card per KPI');
  for (const k of native.report.kpis.filter((x) => x.value != null)) {
    assert.ok((await kpis.filter({ hasText: k.label.en }).count()) >= 1, `KPI "${k.label.en}" shown`);
  }
  const svg = report.locator('svg[data-testid="chart"]').first();
  assert.ok((await report.locator('svg[data-testid="chart"]').count()) >= 1, 'an SVG chart');
  for (const id of ['series-history', 'series-forecast', 'interval']) {
    assert.ok((await svg.locator(`[data-testid="${id}"]`).count()) >= 1, `chart has ${id}`);
  }
  const flagged = native.report.charts[0].series.find((s) => s.role === 'anomaly').values.filter((v) => v != null).length;
  assert.ok(flagged >= 2, 'the native analysis flags the spikes');
  assert.equal(await svg.locator('[data-testid="anomaly"]').count(), flagged, 'one marker per anomaly');
  const findings = report.locator('[data-testid="finding"]');
  assert.equal(await findings.count(), native.report.findings.length, 'one item per finding');
  assert.match((await findings.allTextContents()).join('\n'), /30 Apr 2024/, 'the spike of 30 April is among the findings');
  assert.ok(await page.locator('#progress').isHidden(), 'the progress indicator is hidden when done');

  assert.equal(await page.locator('#insert-report').isDisabled(), false, '"Insert report" is enabled after an analysis');
  await page.click('#insert-report');
  await page.waitForFunction(() => window.__gsr.calls.length >= 3 || window.__gsr.errors.length > 0, null, { timeout: 10_000 })
    .catch(async () => assert.fail(`no second server call after "Insert report"; #status: ${await page.textContent('#status')}`));
  await page.waitForFunction(() => /AISM Report/.test(document.getElementById('status').textContent), null, { timeout: 10_000 })
    .catch(async () => assert.fail(`#status after insert: ${await page.textContent('#status')}`));
  const gsr = await page.evaluate(() => window.__gsr);
  assert.deepEqual(gsr.errors, [], 'google.script.run misuse');
  assert.deepEqual(gsr.calls.map((c) => c.name), ['accountState', 'analyzeSelection', 'insertReport']);
  const insertArgs = gsr.calls[2].args;
  assert.deepEqual(insertArgs[0], JSON.parse(JSON.stringify(native)), 'insertReport receives the analysis shown');
  assert.equal(insertArgs[1], 'en', 'and the language');
  assertClean();
  await context.close();
});

test('sidebar: a failing analysis shows the error and keeps Insert report disabled', async () => {
  const known = serverFunctions();
  const { context, page, assertClean } = await openPage(browser, { officeJs: 'empty', initScript: installFakeScriptRun, initArg: known });
  await page.exposeFunction('__server', async () => ({ error: '#VALUE! AISM: Select a range with a header row (dates and amounts) first.' }));
  await page.goto(`${base}/Sidebar.html`);
  await page.click('#analyze-selection');
  await page.waitForSelector('#report[data-state="error"]', { state: 'attached', timeout: 20_000 });
  assert.match(await page.textContent('#status'), /Select a range with a header row/);
  assert.equal(await page.locator('#insert-report').isDisabled(), true);
  assertClean();
  await context.close();
});

test('sidebar: the Account panel shows the plan and signs in and out through the server', async () => {
  const known = serverFunctions();
  for (const f of ['accountState', 'accountSignIn', 'accountSignOut']) assert.ok(known.includes(f), `${f} is a global function of dist/*.js`);
  const { context, page, assertClean } = await openPage(browser, { officeJs: 'empty', initScript: installFakeScriptRun, initArg: known });
  const answers = { accountState: SIGNED_OUT, accountSignIn: SIGNED_IN, accountSignOut: SIGNED_OUT };
  await page.exposeFunction('__server', async (name) => (name in answers ? { value: answers[name] } : { error: `the test does not serve ${name}` }));
  await page.goto(`${base}/Sidebar.html`);
  const status = page.locator('#account-status');
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="free"]');
  assert.match(await status.textContent(), /Not signed in/);
  assert.equal(await status.locator('li').count(), FREE.length, 'the Free plan lists its entitlements');
  assert.ok(await page.locator('#sign-in').isVisible(), '"Sign in with Google" is shown when signed out');
  assert.ok(await page.locator('#sign-out').isHidden());

  await page.click('#sign-in');
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="pro"]');
  assert.match(await status.textContent(), /Signed in as ana@example\.com/);
  assert.match(await page.locator('[data-testid="account-licence"]').textContent(), /Licence valid until .*2030/);
  assert.ok((await status.locator('li[data-entitlement="system.inventory"]').textContent()).includes('Inventory management'));
  assert.ok(await page.locator('#sign-in').isHidden());

  await page.click('#sign-out');
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="free"]');
  const gsr = await page.evaluate(() => window.__gsr);
  assert.deepEqual(gsr.errors, []);
  assert.deepEqual(gsr.calls.map((c) => c.name), ['accountState', 'accountSignIn', 'accountSignOut']);
  assertClean();
  await context.close();
});
