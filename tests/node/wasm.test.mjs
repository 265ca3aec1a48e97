// The WASM package (wasm/pkg-node) in Node: catalog, parity with the native `addin-server call`,
// garbage calls that must never throw or trap the instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const wasm = require('../../wasm/pkg-node/aism_wasm.js');
const serverBin = process.env.AISM_SERVER_BIN;
const cases = JSON.parse(readFileSync(new URL('../golden/calls.json', import.meta.url), 'utf8'));

function native(name, args) {
  try {
    return JSON.parse(execFileSync(serverBin, ['call', name, '--args', JSON.stringify(args)], { encoding: 'utf8' }));
  } catch (e) {
    if (e.status === 2) return JSON.parse(e.stdout);
    throw e;
  }
}

function close(a, b, path) {
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    assert.ok(Math.abs(a - b) <= tol, `${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: length`);
    a.forEach((x, i) => close(x, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), path);
    for (const k of Object.keys(a)) close(a[k], b[k], `${path}.${k}`);
  } else {
    assert.equal(a, b, path);
  }
}

test('catalog lists every function of the time series table', () => {
  const names = wasm.functionCatalog().map((f) => f.excelName);
  for (const n of ['AISM.FORECAST', 'AISM.FORECAST.ETS', 'AISM.FORECAST.ETS.CONFINT', 'AISM.FORECAST.ETS.SEASONALITY',
    'AISM.FORECAST.ETS.STAT', 'AISM.SEASONALITY', 'AISM.ANOMALIES', 'AISM.CHANGEPOINTS', 'AISM.CLEAN']) {
    assert.ok(names.includes(n), n);
  }
});

test('WASM and native give the same results (1e-9 relative)', { skip: !serverBin && 'AISM_SERVER_BIN not set' }, () => {
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    const w = wasm.callFunction(c.name, c.args);
    const n = native(c.name, c.args);
    close(w, n, c.name);
    if (c.expect_error) assert.equal(w.error, c.expect_error, `${c.name}: ${JSON.stringify(w)}`);
    else assert.ok(Array.isArray(w), `${c.name}: ${JSON.stringify(w)}`);
  }
});

test('1,000 garbage calls never throw, and the instance still works', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const names = wasm.functionCatalog().map((f) => f.excelName).concat(['', 'NOPE', 'AISM.', '💥', 'aism_forecast_ets']);
  const atoms = [null, undefined, NaN, Infinity, -Infinity, 0, -1, 1e308, 'abc', '', '1,2', true, {}, { error: '#N/A' },
    { error: 'nope' }, [], [[]], new Date(0), Symbol.iterator, () => 1, 2 ** 53, -0, '12%', '(3)', 'Ω'];
  const atom = () => atoms[Math.floor(rnd() * atoms.length)];
  const range = () => {
    const h = Math.floor(rnd() * 40), w = 1 + Math.floor(rnd() * 3);
    return Array.from({ length: h }, () => Array.from({ length: w }, () => (rnd() < 0.7 ? rnd() * 1000 - 100 : atom())));
  };
  for (let i = 0; i < 1000; i++) {
    const name = names[Math.floor(rnd() * names.length)];
    const n = Math.floor(rnd() * 8);
    const args = Array.from({ length: n }, () => (rnd() < 0.5 ? range() : atom()));
    const r = wasm.callFunction(name, rnd() < 0.05 ? atom() : args);
    assert.ok(Array.isArray(r) || (r && typeof r.error === 'string' && typeof r.message === 'string'), JSON.stringify(r));
  }
  const ok = wasm.callFunction('AISM.FORECAST', [[[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]], null, 3, 0]);
  assert.ok(Array.isArray(ok), JSON.stringify(ok));
  assert.equal(ok.length, 3);
});

test('errors are values with messages, as FUNCTIONS.md says', () => {
  const e = wasm.callFunction('AISM.NOPE', []);
  assert.equal(e.error, '#NAME?');
  assert.match(e.message, /no function/i);
  const f = wasm.callFunction('AISM.FORECAST', []);
  assert.equal(f.error, '#VALUE!');
  assert.match(f.message, /values/);
});

test('Float64Array arguments are taken as one column', () => {
  const a = wasm.callFunction('AISM.CLEAN', [new Float64Array([1, 2, 3])]);
  assert.deepEqual(a, [[1], [2], [3]]);
});

test('large ranges (2,048 rows and more, read in one piece) give the cells the cell-by-cell path gives', { skip: !serverBin && 'AISM_SERVER_BIN not set' }, () => {
  // Every kind of cell, 3,000 rows × 3: numbers, texts (with an empty one and non-ASCII), booleans,
  // blanks (null and undefined), non-finite numbers.
  const kinds = [(i) => i * 1.5 - 7, (i) => `SKU-${i} café`, (i) => i % 2 === 0, () => null, () => '', () => undefined, () => Number.NaN];
  const rows = Array.from({ length: 3000 }, (_, i) => [kinds[i % 7](i), kinds[(i + 3) % 7](i), kinds[(i + 5) % 7](i)]);
  const wasmBulk = wasm.callFunction('AISM.CLEAN', [rows]);
  // The native JSON path knows no undefined or NaN: JSON.stringify turns them into null, which
  // both paths read as a blank, except NaN, which the WASM path reads as #NUM!.
  const viaJson = JSON.parse(JSON.stringify(rows));
  const nativeOut = native('AISM.CLEAN', [viaJson]);
  const nanCells = [];
  rows.forEach((r, i) => r.forEach((c, j) => { if (typeof c === 'number' && Number.isNaN(c)) nanCells.push([i, j]); }));
  assert.ok(nanCells.length > 0);
  for (const [i, j] of nanCells) {
    assert.deepEqual(wasmBulk[i][j], { error: '#NUM!' }, `row ${i} col ${j}`);
    wasmBulk[i][j] = nativeOut[i][j];
  }
  close(wasmBulk, nativeOut, 'CLEAN 3000×3');
});

test('large ranges of Date objects (Sheets) give the same serials as small ones', () => {
  const start = Date.UTC(2024, 0, 1, 6, 30);
  const dates = Array.from({ length: 2500 }, (_, i) => [new Date(start + i * 86_400_000)]);
  const big = wasm.callFunction('AISM.CLEAN', [dates]);
  const small = wasm.callFunction('AISM.CLEAN', [dates.slice(0, 100)]);
  close(big.slice(0, 100), small, 'first 100 dates');
  close(big[0][0], 45292 + 6.5 / 24, 'serial of 2024-01-01 06:30 UTC');
  // An error object in a large range: read cell by cell, still an error cell.
  const withError = Array.from({ length: 2500 }, (_, i) => [i === 7 ? { error: '#N/A' } : i]);
  const out = wasm.callFunction('AISM.CLEAN', [withError]);
  assert.deepEqual(out[7][0], { error: '#N/A' });
  assert.equal(out[8][0], 8);
});
