// Shared machinery of the end-to-end tests: a running addin-server over the built web package,
// Debian's Chromium driven by playwright-core with every request that would leave the machine
// aborted, office.js served from the @microsoft/office-js npm package, and error collection.
//
// Environment: AISM_SERVER_BIN (the built addin-server), AISM_ROOT (repository root),
// AISM_STATIC_DIR (the web package to serve; default <root>/dist/web), AISM_LICENCE_DEV_KEY_FILE
// (the licence key the WASM embeds: the server signs licences with it, so the pages accept them).
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** Repository root. */
export const ROOT = resolve(process.env.AISM_ROOT || join(here, '..', '..'));
/** The addin-server binary. */
export const SERVER_BIN = process.env.AISM_SERVER_BIN || join(homedir(), '.cache', 'aism', 'target', 'debug', 'addin-server');
/** The directory the server serves (the assembled web package). */
export const STATIC_DIR = resolve(process.env.AISM_STATIC_DIR || join(ROOT, 'dist', 'web'));
/** Where artefacts (screenshots, metrics) go; ignored by git. */
export const OUT_DIR = join(here, 'out');
/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the manifest and the pages load office.js from. */
export const OFFICE_JS_PREFIX = 'https://appsforoffice.microsoft.com/lib/1/hosted/';
const OFFICE_DIST = join(here, '..', 'node_modules', '@microsoft', 'office-js', 'dist');

const execFileP = promisify(execFile);

/** Fails early, with the fix, when something the tests need is missing. */
export function checkPrerequisites() {
  assert.ok(existsSync(SERVER_BIN), `addin-server binary not found at ${SERVER_BIN}: run \`cargo xtask build\` or set AISM_SERVER_BIN`);
  assert.ok(existsSync(join(STATIC_DIR, 'taskpane.html')), `${STATIC_DIR}/taskpane.html not found: run \`cargo xtask build\` first`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: \`apt-get install -y chromium\``);
  assert.ok(existsSync(join(OFFICE_DIST, 'office.js')), 'node_modules/@microsoft/office-js missing: run `npm ci` in tests/');
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `addin-server serve` on a free loopback port with a throw-away SQLite database and waits
 * for `/healthz`. Returns `{ base, stop, output, env }`; `env` is what `addin-server licence …`
 * needs to work on the same database with the same signing key.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'aism-e2e-'));
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const output = [];
    const env = { ...process.env };
    // Plain HTTP on loopback: the tests never need the TLS the server can terminate.
    delete env.AISM_TLS_CERT;
    delete env.AISM_TLS_KEY;
    // Licences signed with the key the WASM embeds verify in the pages (a throw-away key otherwise).
    env.AISM_LICENCE_KEY_FILE = process.env.AISM_LICENCE_DEV_KEY_FILE || join(dir, 'licence.key');
    env.DATABASE_URL = `sqlite://${join(dir, 't.sqlite')}?mode=rwc`;
    const child = spawn(SERVER_BIN, ['serve'], {
      env: {
        ...env,
        AISM_ADDR: `127.0.0.1:${port}`,
        AISM_STATIC_DIR: STATIC_DIR,
        RUST_LOG: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => output.push(String(d)));
    child.stderr.on('data', (d) => output.push(String(d)));
    let exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    const deadline = Date.now() + 30_000;
    let up = false;
    while (Date.now() < deadline && !exited) {
      try {
        const r = await fetch(`${base}/healthz`);
        if (r.status === 200) { up = true; break; }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (up) {
      const stop = async () => {
        if (!exited) {
          const gone = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([gone, sleep(5000)]);
          if (!exited) child.kill('SIGKILL');
        }
        rmSync(dir, { recursive: true, force: true });
      };
      return { base, stop, output, env };
    }
    if (!exited) child.kill('SIGKILL');
    lastError = `addin-server did not come up on ${base} (${JSON.stringify(exited)}): ${output.join('')}`;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(lastError);
}

/** Launches headless Chromium with a fresh profile (playwright makes a temporary user-data-dir). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      // Second line of defence behind the route handler: no name but loopback resolves.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

const CONTENT_TYPES = {
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};

function isLoopback(url) {
  let u;
  try { u = new URL(url); } catch { return false; }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/**
 * A new browser context and page with the network locked down and errors collected.
 *
 * `officeJs`: 'local' serves office.js (and every file under its folder) from the npm package;
 * 'empty' answers the office.js URL with an empty script (a fake host injected by `initScript`
 * must not be overwritten).
 * `initScript`: a function (or `{ content }`) run before any page script, with `initArg`.
 *
 * Returns `{ context, page, problems, assertClean }`: `problems.external` lists requests that
 * tried to leave the machine (all aborted), `problems.errors` console errors and page errors,
 * `problems.officeMissing` files under the office.js folder the package does not have.
 */
export async function openPage(browser, { officeJs = 'local', initScript, initArg } = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1200, height: 900 } });
  const problems = { external: [], errors: [], officeMissing: [] };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(OFFICE_JS_PREFIX)) {
      const rel = decodeURIComponent(new URL(url).pathname.slice(new URL(OFFICE_JS_PREFIX).pathname.length));
      if (officeJs === 'empty') {
        return route.fulfill({ status: 200, contentType: CONTENT_TYPES['.js'], body: '' });
      }
      const file = normalize(join(OFFICE_DIST, rel));
      if (file.startsWith(OFFICE_DIST + sep) && existsSync(file)) {
        return route.fulfill({
          status: 200,
          contentType: CONTENT_TYPES[extname(file)] || 'application/octet-stream',
          body: readFileSync(file),
        });
      }
      problems.officeMissing.push(url);
      return route.fulfill({ status: 404, body: '' });
    }
    if (isLoopback(url)) return route.continue();
    problems.external.push(url);
    return route.abort('blockedbyclient');
  });
  if (initScript) {
    if (typeof initScript === 'function') await context.addInitScript(initScript, initArg);
    else await context.addInitScript(initScript);
  }
  const page = await context.newPage();
  const onConsole = (where) => (msg) => {
    if (msg.type() === 'error') problems.errors.push(`${where} console.error: ${msg.text()} @ ${JSON.stringify(msg.location())}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (e) => problems.errors.push(`page error: ${e.stack || e.message}`));
  page.on('crash', () => problems.errors.push('page crashed'));
  page.on('worker', (w) => w.on('console', onConsole(`worker ${w.url()}`)));
  // Requests made outside the route (none should exist) still show up here.
  context.on('request', (r) => {
    const url = r.url();
    if (!isLoopback(url) && !url.startsWith(OFFICE_JS_PREFIX) && !problems.external.includes(url)) problems.external.push(url);
  });
  const assertClean = (allowed = []) => {
    assert.deepEqual(problems.external, [], 'requests tried to leave the machine');
    const errors = problems.errors.filter((e) => !allowed.some((re) => re.test(e)));
    assert.deepEqual(errors, [], 'console errors or page errors');
  };
  return { context, page, problems, assertClean };
}

/**
 * Deterministic daily sales: `days` days from 2024-01-01, a weekly pattern, an upward trend,
 * small noise, a spike up on day 120 and a drop on day 170. Returns `{ csv, rows }` with rows as
 * `[isoDate, serial, amount]`.
 */
export function salesData(days = 200) {
  const week = [0.8, 0.9, 1.0, 1.05, 1.2, 1.5, 1.3]; // Sunday first
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2024, 0, 1);
  const rows = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * 86_400_000);
    let v = (1000 + 2 * i) * week[d.getUTCDay()] + (rnd() - 0.5) * 60;
    if (i === 120) v *= 2.6;
    if (i === 170) v *= 0.25;
    v = Math.round(v * 100) / 100;
    rows.push([d.toISOString().slice(0, 10), 45292 + i, v]);
  }
  const csv = ['Date,Sales', ...rows.map(([iso, , v]) => `${iso},${v.toFixed(2)}`)].join('\n') + '\n';
  return { csv, rows };
}

/** Writes `text` to a fresh temporary file named `name`; returns its path. */
export function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), 'aism-e2e-data-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Makes the artefact folder and returns the path of `name` in it. */
export function outPath(name) {
  mkdirSync(OUT_DIR, { recursive: true });
  return join(OUT_DIR, name);
}

/** Runs `addin-server call NAME --args JSON` and returns the parsed result (errors included). */
export async function nativeCall(name, args) {
  try {
    const { stdout } = await execFileP(SERVER_BIN, ['call', name, '--args', JSON.stringify(args)], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout);
  } catch (e) {
    if (e.code === 2 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

/** Runs `addin-server report FILE --options JSON` and returns the parsed analysis. */
export async function nativeReport(file, options = {}) {
  try {
    const { stdout } = await execFileP(SERVER_BIN, ['report', file, '--options', JSON.stringify(options)], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout);
  } catch (e) {
    if (e.code === 2 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

/** Asserts that two JSON-like values agree, numbers to 1e-9 relative. */
export function assertClose(a, b, path = '$') {
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    assert.ok(Math.abs(a - b) <= tol || (Number.isNaN(a) && Number.isNaN(b)), `${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: length ${a.length} vs ${b.length}`);
    a.forEach((x, i) => assertClose(x, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) assertClose(a[k], b[k], `${path}.${k}`);
  } else {
    assert.equal(a, b, path);
  }
}
