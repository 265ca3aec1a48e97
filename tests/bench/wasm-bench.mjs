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
const casesFile = new URL('cases.json', outDir).pathname;
writeFileSync(casesFile, JSON.stringify(all.map(({ id, name, args, iterations }) => ({ id, name, args, iterations }))));

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

const wasmMs = {};
for (const c of all) {
  const first = wasm.callFunction(c.name, c.args);
  if (!Array.isArray(first)) throw new Error(`${c.name}: ${JSON.stringify(first)}`);
  const t = [];
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    wasm.callFunction(c.name, c.args);
    t.push(performance.now() - t0);
  }
  wasmMs[c.id] = median(t);
}

const nativeBin = process.env.AISM_BENCH_BIN;
const nativeMs = nativeBin ? JSON.parse(execFileSync(nativeBin, [casesFile], { encoding: 'utf8' })) : {};

let peerMs = {};
try {
  const peerInput = new URL('peer-input.json', outDir).pathname;
  const f = all.find((c) => c.id === 'forecast730');
  writeFileSync(peerInput, JSON.stringify({ series: f.series, season: f.season, horizon: f.horizon, iterations: 10 }));
  peerMs = JSON.parse(execFileSync('python3', [new URL('./peers.py', import.meta.url).pathname, peerInput],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
} catch {
  console.log('(Python peers not installed: pip install statsforecast to compare)');
}

const rows = all.map((c) => ({
  case: c.label,
  'native ms': nativeMs[c.id]?.toFixed(2),
  'wasm ms': wasmMs[c.id].toFixed(2),
  'wasm/native': nativeMs[c.id] ? (wasmMs[c.id] / nativeMs[c.id]).toFixed(2) : '',
  'peer ms': peerMs[c.id]?.toFixed(2) ?? '',
  'peer/wasm': peerMs[c.id] ? (peerMs[c.id] / wasmMs[c.id]).toFixed(1) : '',
  'peer/native': peerMs[c.id] && nativeMs[c.id] ? (peerMs[c.id] / nativeMs[c.id]).toFixed(1) : '',
}));
console.table(rows);
writeFileSync(new URL('results.json', outDir), JSON.stringify({ nativeMs, wasmMs, peerMs }, null, 2));
