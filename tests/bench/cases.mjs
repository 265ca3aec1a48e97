// The benchmark cases shared by the native, WASM and Python sides of `cargo xtask bench`.
// Deterministic data: a daily series with trend and a weekly pattern, noise from an LCG.
export function dailySeries(n, seed = 42) {
  const weekly = [0.8, 0.9, 1.0, 1.05, 1.2, 1.4, 0.65];
  let s = BigInt(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    const u = Number(s >> 11n) / 2 ** 53;
    out.push((1000 + 0.5 * i) * weekly[i % 7] + (u - 0.5) * 80);
  }
  return out;
}

export function cases() {
  const y730 = dailySeries(730);
  const y10k = dailySeries(10000);
  return [
    { id: 'forecast730', label: 'AISM.FORECAST, 730 daily points, weekly season, h=30', name: 'AISM.FORECAST',
      args: [y730.map((v) => [v]), null, 30, 7], iterations: 100, series: y730, season: 7, horizon: 30 },
    { id: 'anomalies10k', label: 'AISM.ANOMALIES, 10,000 cells', name: 'AISM.ANOMALIES',
      args: [y10k.map((v) => [v])], iterations: 30 },
  ];
}
