// The P&L, inventory, customers and pricing systems in the standalone demo (a plain Chromium page, office.js served
// locally): a QuickBooks Online "Profit and Loss" export pasted as a user copies it, and an
// inventory CSV uploaded as a file, are recognised and reported with the same view code as sales —
// KPIs, line and bar charts, findings and tables — and the page shows what the native core computes
// for the same input (`addin-server report`). These systems are not in the Free plan: the pages
// start with a Pro licence kept (signed with the development key the WASM embeds), and one test
// signs in through the page's form against the server instead, after being refused signed out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { SERVER_BIN, checkPrerequisites, launchBrowser, nativeReport, openPage, outPath, startServer, tempFile } from './harness.mjs';
import { LICENCE_KEY, devLicence, storedLicence } from './licences.mjs';

const execFileP = promisify(execFile);

let server;
let browser;
const made = [];

before(async () => {
  checkPrerequisites();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const p of made) rmSync(dirname(p), { recursive: true, force: true });
});

/** Runs before the page's scripts: keeps `value` as the page's licence (what a sign-in leaves). */
function keepLicence([key, value]) {
  if (location.protocol.startsWith('http')) localStorage.setItem(key, value);
}

/** A page whose account holds a Pro licence. */
function licensedPage() {
  return openPage(browser, { officeJs: 'local', initScript: keepLicence, initArg: [LICENCE_KEY, storedLicence(devLicence({ plan: 'pro' }))] });
}

const money = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A QuickBooks Online Profit and Loss export (six months, by month) as it is pasted from the
 * exported workbook: company, title and date-range rows, a header with a blank first cell, section
 * rows, indented accounts, "Total …" rows — whose figures are right by construction.
 */
export function quickbooksExport() {
  const months = ['Jan 2024', 'Feb 2024', 'Mar 2024', 'Apr 2024', 'May 2024', 'Jun 2024'];
  const line = (base, step) => months.map((_, i) => base + step * i);
  const sales = line(20000, 800);
  const services = line(5000, 100);
  const cogs = line(8000, 300);
  const salaries = line(6000, 0);
  const rent = line(2000, 0);
  const ads = [900, 950, 1000, 4800, 1100, 1150];
  const interest = line(50, 5);
  const sum = (...ls) => months.map((_, i) => ls.reduce((s, l) => s + l[i], 0));
  const minus = (a, b) => a.map((x, i) => x - b[i]);
  const income = sum(sales, services);
  const gross = minus(income, cogs);
  const expenses = sum(salaries, rent, ads);
  const operating = minus(gross, expenses);
  const net = sum(operating, interest);
  const total = (l) => l.reduce((s, x) => s + x, 0);
  const row = (label, l) => [label, ...l.map(money), money(total(l))].join('\t');
  const rows = [
    'Acme Coffee Ltd',
    'Profit and Loss',
    'January - June, 2024',
    ['', ...months, 'Total'].join('\t'),
    'Income',
    row('   4000 Sales', sales),
    row('   4100 Services', services),
    row('Total Income', income),
    'Cost of Goods Sold',
    row('   5000 Cost of Goods Sold', cogs),
    row('Total Cost of Goods Sold', cogs),
    row('Gross Profit', gross),
    'Expenses',
    row('   6000 Salaries', salaries),
    row('   6100 Rent', rent),
    row('   6200 Advertising', ads),
    row('Total Expenses', expenses),
    row('Net Operating Income', operating),
    'Other Income',
    row('   8000 Interest Income', interest),
    row('Total Other Income', interest),
    row('Net Other Income', interest),
    row('Net Income', net),
  ];
  return { text: rows.join('\n') + '\n', net, income };
}

/** Weekly demand of 12 SKUs over a year, with on hand, unit cost, lead time and supplier. */
export function inventoryCsv() {
  let seed = 5;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = ['SKU,Week,Units sold,On hand,Unit cost,Lead time (days),Supplier'];
  for (let s = 0; s < 12; s++) {
    const p = [0.95, 0.5, 0.2][s % 3];
    const onHand = s === 0 ? 0 : s === 1 ? 5000 : 40 + 10 * s;
    for (let w = 0; w < 52; w++) {
      const d = new Date(Date.UTC(2024, 0, 1) + w * 7 * 86_400_000).toISOString().slice(0, 10);
      const units = rnd() < p ? 1 + Math.round(rnd() * (5 + s)) : 0;
      rows.push([`SKU-${100 + s}`, d, units, onHand, 2 + s, 7 + (s % 3) * 7, s % 2 ? 'Norte SA' : 'Acme Supply'].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * Orders of 300 customers over two years (2023–2024): each customer starts in 2023, orders every
 * few weeks and stops after a random number of orders; amounts vary around a personal mean.
 */
export function customersCsv() {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = ['Order date,Customer,Order total'];
  const day0 = Date.UTC(2023, 0, 1);
  for (let c = 0; c < 300; c++) {
    const gap = 10 + Math.floor(rnd() * 60);
    const stop = 0.05 + 0.4 * rnd();
    const mean = 20 + 80 * rnd();
    for (let d = Math.floor(rnd() * 365); d < 730; d += 1 + Math.floor(gap * (0.5 + rnd()))) {
      const date = new Date(day0 + d * 86_400_000).toISOString().slice(0, 10);
      rows.push([date, `CUST-${1000 + c}`, (mean * (0.5 + rnd())).toFixed(2)].join(','));
      if (rnd() < stop) break;
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * Monthly price and units of 6 products over two years, with unit cost and a competitor's price:
 * units follow q = A·p^e (e from −2.5 to −0.4) with ±5 % noise, so the report has elastic and
 * inelastic products, best prices and a price/volume/mix bridge.
 */
export function pricingCsv() {
  let seed = 23;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = ['Month,Product,Unit price,Units sold,Unit cost,Competitor price'];
  const products = [['Espresso', 3, -2.5, 1.1], ['Latte', 4, -1.8, 1.5], ['Beans 1kg', 18, -1.2, 9],
    ['Mug', 9, -0.6, 3], ['Filter papers', 2.5, -0.4, 0.8], ['Grinder', 60, -2.0, 35]];
  for (let m = 0; m < 24; m++) {
    const month = `${2023 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}-01`;
    for (const [name, base, e, cost] of products) {
      const price = +(base * (0.85 + 0.3 * rnd())).toFixed(2);
      const units = Math.round(1000 * (price / base) ** e * (0.95 + 0.1 * rnd()));
      rows.push([month, name, price, units, cost, +(base * (0.95 + 0.15 * rnd())).toFixed(2)].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

async function runIn(page, how) {
  await page.goto(`${server.base}/index.html`);
  await page.waitForFunction(() => typeof Office !== 'undefined', null, { timeout: 10_000 });
  await how();
  await page.waitForSelector('#report[data-state="done"], #report[data-state="error"]', { timeout: 60_000 });
  const status = await page.locator('#status').textContent().catch(() => '');
  assert.equal(await page.getAttribute('#report', 'data-state'), 'done', `#status says: ${status}`);
}

/** Uploads a file; the page runs the report on upload, or on "Analyze" when it does not. */
async function upload(page, path) {
  await page.setInputFiles('#file-input', path);
  const started = await page.waitForFunction(() => {
    const s = document.getElementById('report')?.getAttribute('data-state');
    return s && s !== 'empty';
  }, null, { timeout: 1000 }).then(() => true, () => false);
  if (!started) await page.click('#run-button');
}

/** The page shows the native report: every KPI with a value, every chart, finding and table. */
async function checkAgainstNative(page, native) {
  const report = page.locator('#report');
  for (const k of native.report.kpis.filter((k) => k.value != null)) {
    assert.ok((await report.locator('[data-testid="kpi"]').filter({ hasText: k.label.en }).count()) >= 1, `KPI "${k.label.en}"`);
  }
  assert.equal(await report.locator('svg[data-testid="chart"]').count(), native.report.charts.length, 'one SVG per chart');
  assert.equal(await report.locator('[data-testid="finding"]').count(), native.report.findings.length, 'one element per finding');
  // Tables without rows are shown as a "no rows" note, not as an empty table.
  const withRows = native.report.tables.filter((t) => t.rows.length > 0).length;
  assert.equal(await report.locator('[data-testid="table"]').count(), withRows, 'one table per report table with rows');
  const bars = native.report.charts.filter((c) => c.kind !== 'line').length;
  if (bars > 0) assert.ok((await report.locator('[data-testid="bar"]').count()) >= 1, 'bar charts are drawn');
}

test('P&L: a pasted QuickBooks Online Profit and Loss export is recognised and reported', async () => {
  const qbo = quickbooksExport();
  const path = tempFile('quickbooks-pnl.tsv', qbo.text);
  made.push(path);
  const native = await nativeReport(path);
  assert.equal(native.detection?.system, 'pnl', JSON.stringify(native).slice(0, 400));
  // The statement's net income per month is the export's, recomputed from the account rows.
  const statement = native.report.tables.find((t) => t.key === 'statement');
  assert.ok(statement, `a statement table among ${native.report.tables.map((t) => t.key)}`);
  const netRow = statement.rows.find((r) => r[0] === 'Net income');
  assert.ok(netRow, 'a Net income row');
  const months = netRow.slice(1, 7);
  months.forEach((v, i) => assert.ok(Math.abs(v - qbo.net[i]) < 1e-6, `net income month ${i + 1}: ${v} vs ${qbo.net[i]}`));

  const { page, assertClean } = await licensedPage();
  await runIn(page, async () => {
    await page.fill('#paste-area', qbo.text);
    await page.click('#run-paste');
  });
  assert.match(await page.locator('[data-testid="detection"]').textContent(), /QuickBooks/);
  await checkAgainstNative(page, native);
  await page.locator('#report').screenshot({ path: outPath('pnl-report.png') });
  assertClean();
});

test('Inventory: an uploaded CSV of weekly demand is recognised and reported', async () => {
  const path = tempFile('inventory.csv', inventoryCsv());
  made.push(path);
  const native = await nativeReport(path);
  assert.equal(native.detection?.system, 'inventory', JSON.stringify(native).slice(0, 400));
  const roles = native.detection.columns.map((c) => c.role);
  for (const r of ['sku', 'date', 'demand', 'on_hand', 'unit_cost', 'lead_time', 'supplier']) assert.ok(roles.includes(r), `role ${r} in ${roles}`);

  const { page, assertClean } = await licensedPage();
  await runIn(page, () => upload(page, path));
  await checkAgainstNative(page, native);
  // SKU-100 has nothing on hand: it is a stock-out among the findings.
  const text = (await page.locator('[data-testid="finding"]').allTextContents()).join('\n');
  assert.match(text, /SKU-100/);
  await page.locator('#report').screenshot({ path: outPath('inventory-report.png') });
  assertClean();
});

test('Customers: an uploaded CSV of orders is recognised and reported (RFM, CLV, churn, cohorts)', async () => {
  const path = tempFile('orders.csv', customersCsv());
  made.push(path);
  const native = await nativeReport(path);
  assert.equal(native.detection?.system, 'customers', JSON.stringify(native).slice(0, 400));
  const keys = native.report.tables.map((t) => t.key);
  for (const k of ['segments', 'customers', 'cohorts', 'clusters', 'churn_drivers']) assert.ok(keys.includes(k), `table ${k} in ${keys}`);
  assert.ok(native.report.kpis.find((k) => k.key === 'expected_value')?.value > 0, 'a lifetime value');

  const { page, assertClean } = await licensedPage();
  await runIn(page, () => upload(page, path));
  assert.match(await page.locator('[data-testid="detection"]').textContent(), /Customer management/);
  await checkAgainstNative(page, native);
  await page.locator('#report').screenshot({ path: outPath('customers-report.png') });
  assertClean();
});

test('Pricing: an uploaded CSV of prices and units is recognised and reported (elasticity, best prices, margins, PVM)', async () => {
  const path = tempFile('pricing.csv', pricingCsv());
  made.push(path);
  const native = await nativeReport(path);
  assert.equal(native.detection?.system, 'pricing', JSON.stringify(native).slice(0, 400));
  const keys = native.report.tables.map((t) => t.key);
  for (const k of ['elasticity', 'best_prices', 'margins', 'competitors', 'pvm']) assert.ok(keys.includes(k), `table ${k} in ${keys}`);

  const { page, assertClean } = await licensedPage();
  await runIn(page, () => upload(page, path));
  assert.match(await page.locator('[data-testid="detection"]').textContent(), /Product pricing/);
  await checkAgainstNative(page, native);
  await page.locator('#report').screenshot({ path: outPath('pricing-report.png') });
  assertClean();
});

test('Account: signed out the inventory report is refused; signed in with a Pro licence of the organisation it runs', async () => {
  const path = tempFile('inventory.csv', inventoryCsv());
  made.push(path);
  // An account whose organisation has a Pro licence, on the page's server.
  const email = 'ana@example.com';
  const password = 'correct horse battery staple';
  const signup = await fetch(`${server.base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, organisation: 'E2E Org' }),
  });
  assert.equal(signup.status, 201, `signup: ${await signup.text()}`);
  await execFileP(SERVER_BIN, ['licence', 'issue', '--org', 'E2E Org', '--plan', 'pro'], { env: server.env });

  const { page, assertClean } = await openPage(browser, { officeJs: 'local' });
  await page.goto(`${server.base}/index.html`);
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="free"]');
  assert.ok(await page.locator('#signin-form').isVisible(), 'the standalone page shows the sign-in form');
  await upload(page, path);
  await page.waitForSelector('#report[data-state="error"]', { timeout: 60_000 });
  assert.match(await page.locator('#status').textContent(), /inventory report, which is not in your plan/);

  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await page.click('#signin-submit');
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="pro"]', { timeout: 20_000 }).catch(async (e) => {
    throw new Error(`not signed in: ${await page.locator('#account-panel').textContent()} (${e.message})`);
  });
  assert.match(await page.locator('#account-status').textContent(), /Signed in as ana@example\.com/);
  assert.equal(await page.inputValue('#signin-password'), '', 'the password is not kept in the form');
  await page.click('#run-button');
  await page.waitForSelector('#report[data-state="done"]', { timeout: 60_000 });

  // The licence is kept: a reload is still Pro, without signing in; signing out is Free again.
  await page.reload();
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="pro"]');
  await page.click('#sign-out');
  await page.waitForSelector('#account-status [data-testid="account-plan"][data-plan="free"]');
  assert.ok(await page.locator('#signin-form').isVisible());
  assertClean();
});
