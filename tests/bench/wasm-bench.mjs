// `cargo xtask bench`: times the same registry calls natively (core/examples/bench.rs, release),
// in WASM under Node (wasm/pkg-node), and in the Python peer (statsforecast MSTL + AutoETS) when it is
// installed — all in one run — and prints the ratios the issues ask for.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cases } from './cases.mjs';

const require = createRequire(import.meta.url);
const wasm = require('../../wasm/pkg-node/aism_wasm.js');
const outDir = new URL('./out/', import.meta.url);
mkdirSync(outDir, { recursive: true });
const all = cases();

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function fastest(xs) { return Math.min(...xs); }

// The machine's speed drifts (shared cores), so native and WASM are timed in alternating rounds
// and each side's median is taken over all its rounds.
const ROUNDS = 5;
const wasmTimes = {};
const nativeTimes = {};
const nativeBin = process.env.AISM_BENCH_BIN;
/** One timed unit of work: a registry call, or a whole report (`kind: 'report'`). */
function runCase(c) {
  return c.kind === 'report' ? wasm.runReport(c.table, c.options) : wasm.callFunction(c.name, c.args);
}
for (const c of all) {
  const first = runCase(c);
  const failed = c.kind === 'report' ? typeof first.error === 'string' : !Array.isArray(first);
  if (failed) throw new Error(`${c.id}: ${JSON.stringify(first).slice(0, 500)}`);
  // Warm-up: V8 compiles hot WASM functions with its optimising tier after a few calls.
  for (let i = 0; i < (c.iterations >= 20 ? 5 : 1); i++) runCase(c);
  wasmTimes[c.id] = [];
  nativeTimes[c.id] = [];
}
const perRound = all.map(({ id, name, args, kind, table, options, iterations }) =>
  ({ id, name, args, kind, table, options, iterations: Math.max(1, Math.ceil(iterations / ROUNDS)) }));
const roundFile = new URL('round.json', outDir).pathname;
writeFileSync(roundFile, JSON.stringify(perRound));
for (let r = 0; r < ROUNDS; r++) {
  for (const c of all) {
    for (let i = 0; i < Math.ceil(c.iterations / ROUNDS); i++) {
      const t0 = performance.now();
      runCase(c);
      wasmTimes[c.id].push(performance.now() - t0);
    }
  }
  if (nativeBin) {
    const got = JSON.parse(execFileSync(nativeBin, [roundFile], { encoding: 'utf8' }));
    for (const [id, ts] of Object.entries(got)) nativeTimes[id].push(...ts);
  }
}
const summary = (times, f) => Object.fromEntries(Object.entries(times).map(([id, ts]) => [id, f(ts)]));
const wasmMs = summary(wasmTimes, median);
const nativeMs = nativeBin ? summary(nativeTimes, median) : {};
const wasmMin = summary(wasmTimes, fastest);
const nativeMin = nativeBin ? summary(nativeTimes, fastest) : {};

let peerMs = {};
try {
  const peerInput = new URL('peer-input.json', outDir).pathname;
  const f = all.find((c) => c.id === 'forecast730');
  const pnl = all.find((c) => c.id === 'pnl1m');
  const inv = all.find((c) => c.id === 'inventory10k');
  writeFileSync(peerInput, JSON.stringify({
    series: f.series, season: f.season, horizon: f.horizon, iterations: 10,
    ledger: { dates: pnl.args[0].map((r) => r[0]), accounts: pnl.args[1].map((r) => r[0]), amounts: pnl.args[2].map((r) => r[0]) },
    demand: inv.table.slice(1),
    orders: Object.fromEntries(['clv100k', 'rfm1m'].map((id) => {
      const [ids, dates, amounts] = all.find((c) => c.id === id).args;
      return [id, { ids: ids.map((r) => r[0]), dates: dates.map((r) => r[0]), amounts: amounts.map((r) => r[0]) }];
    })),
  }));
  peerMs = JSON.parse(execFileSync('python3', [new URL('./peers.py', import.meta.url).pathname, peerInput],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
} catch {
  console.log('(Python peers not installed: pip install statsforecast pandas to compare)');
}

const fmt = (x) => (x === undefined ? '' : x.toFixed(2));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '');
const rows = all.map((c) => ({
  case: c.label,
  'native ms': fmt(nativeMs[c.id]),
  'wasm ms': fmt(wasmMs[c.id]),
  'wasm/native': ratio(wasmMs[c.id], nativeMs[c.id]),
  'min: native': fmt(nativeMin[c.id]),
  'min: wasm': fmt(wasmMin[c.id]),
  'min: wasm/native': ratio(wasmMin[c.id], nativeMin[c.id]),
  'peer ms': fmt(peerMs[c.id]),
  'peer/wasm': peerMs[c.id] ? (peerMs[c.id] / wasmMs[c.id]).toFixed(1) : '',
  'peer/native': peerMs[c.id] && nativeMs[c.id] ? (peerMs[c.id] / nativeMs[c.id]).toFixed(1) : '',
}));
console.log('medians (and minima) over interleaved rounds; peers (medians): forecast730 statsforecast MSTL(AutoETS); ' +
  'pnl1m pandas (month × line groupby, margins); inventory10k statsforecast CrostonClassic + pandas classification and reorder points; ' +
  'bgnbd100k/gg100k lifetimes BetaGeoFitter/GammaGammaFitter fits on the same summaries; clv100k lifetimes summary_data_from_transaction_data + both fits + ' +
  'customer_lifetime_value(12 months, 1 %, freq D); rfm1m pandas groupby + quintile ranks');
console.table(rows);
writeFileSync(new URL('results.json', outDir), JSON.stringify({ nativeMs, wasmMs, nativeMin, wasmMin, peerMs }, null, 2));
