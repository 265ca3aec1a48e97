// `cargo xtask loadtest`: a fixed request rate (default 500 requests/s for 60 s, open loop) from
// oha on loopback against three endpoints, in one run on this machine:
//   - a bare axum handler (addin-server/examples/bare.rs: GET /, no middleware, no database),
//   - a session-authenticated read of the server (GET /api/me: bearer token → session lookup),
//   - the licence checkout (POST /api/licences/checkout: session, seat transaction, audit row,
//     Ed25519 signature),
// on SQLite (the default) and on PostgreSQL when AISM_TEST_POSTGRES_URL is set. Prints achieved
// requests/s, p50/p99/max latency and the ratio of each p99 to the bare handler's, and writes
// tests/bench/out/load.json.
//
// Env: AISM_SERVER_BIN, AISM_BARE_BIN, AISM_OHA (release binaries), AISM_LOAD_RATE (500),
// AISM_LOAD_SECONDS (60), AISM_TEST_POSTGRES_URL (optional).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const server = process.env.AISM_SERVER_BIN;
const bare = process.env.AISM_BARE_BIN;
const oha = process.env.AISM_OHA;
if (!server || !bare || !oha) throw new Error('AISM_SERVER_BIN, AISM_BARE_BIN and AISM_OHA must be set');
const rate = Number(process.env.AISM_LOAD_RATE ?? 500);
const seconds = Number(process.env.AISM_LOAD_SECONDS ?? 60);
const outDir = new URL('./out/', import.meta.url);
mkdirSync(outDir, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(url) {
  for (let i = 0; i < 400; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never answered`);
}

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function start(bin, args, env = {}) {
  const child = spawn(bin, args, { env: { ...process.env, RUST_LOG: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A server on `dbUrl` with a signed-in owner of an organisation with a Team licence. */
async function prepare(dbUrl, dir) {
  const port = await freePort();
  const keyFile = join(dir, 'licence.key');
  execFileSync(server, ['migrate', '--database-url', dbUrl], { stdio: 'ignore' });
  const env = { DATABASE_URL: dbUrl, AISM_RATE_PER_IP: '0', AISM_RATE_PER_USER: '0', AISM_LICENCE_KEY_FILE: keyFile };
  const child = start(server, ['serve', '--addr', `127.0.0.1:${port}`, '--static-dir', dir], env);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/readyz`);
  const account = { email: 'load@bench.test', password: 'load test password', organisation: 'Load Co' };
  const post = (path, body, token) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const signup = await post('/api/auth/signup', account);
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(await json(signup))}`);
  const issued = JSON.parse(
    execFileSync(server, ['licence', 'issue', '--org', 'Load Co', '--plan', 'team', '--seats', '5', '--days', '30', '--database-url', dbUrl, '--key-file', keyFile], { encoding: 'utf8' }),
  );
  const login = await json(await post('/api/auth/login', account));
  const token = login.accessToken;
  const check = await post('/api/licences/checkout', { licenceId: issued.id }, token);
  if (check.status !== 200) throw new Error(`checkout: ${check.status} ${JSON.stringify(await json(check))}`);
  return { child, base, token, licenceId: issued.id };
}

/** Runs oha at the fixed rate and returns its JSON summary. */
function load(url, extra = []) {
  const args = ['-z', `${seconds}s`, '-q', String(rate), '--latency-correction', '-c', '50', '--no-tui', '--output-format', 'json', ...extra, url];
  const out = execFileSync(oha, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const r = JSON.parse(out);
  const codes = r.statusCodeDistribution ?? {};
  const total = Object.values(codes).reduce((a, b) => a + b, 0);
  const ok = Object.entries(codes).filter(([c]) => c.startsWith('2')).reduce((a, [, n]) => a + n, 0);
  return {
    rps: r.summary.requestsPerSec,
    p50: r.latencyPercentiles.p50 * 1000,
    p99: r.latencyPercentiles.p99 * 1000,
    max: r.summary.slowest * 1000,
    requests: total,
    success: total ? ok / total : 0,
    codes,
  };
}

const results = [];
const barePort = await freePort();
start(bare, [`127.0.0.1:${barePort}`]);
await waitFor(`http://127.0.0.1:${barePort}/`);
results.push({ backend: '-', case: 'bare axum handler (GET /)', ...load(`http://127.0.0.1:${barePort}/`) });

const backends = [['SQLite', null]];
if (process.env.AISM_TEST_POSTGRES_URL) backends.push(['PostgreSQL', process.env.AISM_TEST_POSTGRES_URL]);
for (const [name, pgUrl] of backends) {
  const dir = mkdtempSync(join(tmpdir(), 'aism-load-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  let dbUrl = `sqlite://${join(dir, 'load.sqlite')}`;
  let schema = null;
  if (pgUrl) {
    schema = `aism_load_${process.pid}`;
    execFileSync('psql', [pgUrl, '-qc', `SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`]);
    dbUrl = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  }
  const s = await prepare(dbUrl, dir);
  const auth = ['-H', `Authorization: Bearer ${s.token}`];
  results.push({ backend: name, case: 'session read (GET /api/me)', ...load(`${s.base}/api/me`, auth) });
  results.push({
    backend: name,
    case: 'licence checkout (POST /api/licences/checkout)',
    ...load(`${s.base}/api/licences/checkout`, [...auth, '-m', 'POST', '-T', 'application/json', '-d', JSON.stringify({ licenceId: s.licenceId })]),
  });
  s.child.kill('SIGTERM');
  if (schema) execFileSync('psql', [pgUrl, '-qc', `SET client_min_messages = warning; DROP SCHEMA ${schema} CASCADE`]);
}

const baseline = results[0];
const fmt = (x, d = 2) => x.toFixed(d);
const lines = [
  `Load: ${rate} requests/s for ${seconds} s per case, 50 connections, oha on loopback (${new Date().toISOString()})`,
  '',
  '| backend | case | achieved req/s | p50 ms | p99 ms | max ms | 2xx | p99 / bare p99 |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.backend} | ${r.case} | ${fmt(r.rps, 1)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.success * 100, 1)} % | ${fmt(r.p99 / baseline.p99, 1)} |`,
  ),
];
console.log(lines.join('\n'));
writeFileSync(new URL('load.json', outDir), JSON.stringify({ rate, seconds, results }, null, 2));
for (const r of results) {
  if (r.success < 0.999) {
    console.error(`${r.backend} ${r.case}: only ${fmt(r.success * 100, 2)} % 2xx: ${JSON.stringify(r.codes)}`);
    process.exitCode = 1;
  }
}
