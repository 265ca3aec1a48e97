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

/** A small deterministic generator (xorshift32): uniform numbers in [0, 1). */
export function uniform(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** The chart of accounts of the ledger bench: name and typical amount of one entry. */
export const LEDGER_ACCOUNTS = [
  ['4000 Product sales', 900], ['4100 Service revenue', 400], ['Ventas online', 300],
  ['5000 Cost of goods sold', 450], ['5100 Freight in', 40],
  ['6000 Salaries', 300], ['Sueldos y salarios', 120], ['6100 Rent', 60], ['6200 Marketing', 80],
  ['Publicidad', 30], ['6300 Utilities', 20], ['6400 Software', 25], ['6500 Travel', 15],
  ['7000 Depreciation', 30], ['8000 Interest income', 5], ['8100 Interest expense', 12], ['9000 Income tax', 45],
];

/**
 * A general ledger of `n` lines over two years (2023-01-01 …), one account per line, amounts as
 * reported (revenue and expenses positive): [dates, accounts, amounts] as three columns.
 */
export function ledger(n, seed = 7) {
  const u = uniform(seed);
  const dates = new Array(n);
  const accounts = new Array(n);
  const amounts = new Array(n);
  for (let i = 0; i < n; i++) {
    const [name, typical] = LEDGER_ACCOUNTS[Math.floor(u() * LEDGER_ACCOUNTS.length)];
    dates[i] = [44927 + Math.floor((i * 730) / n)];
    accounts[i] = [name];
    amounts[i] = [Math.round(typical * (0.5 + u()) * 100) / 100];
  }
  return [dates, accounts, amounts];
}

/**
 * Weekly demand of `skus` items over `weeks` weeks (from Monday 2023-01-02), as a long table with
 * a header: SKU | Week | Units sold | Unit cost. A quarter of the items sell every week (smooth),
 * the rest with probability 0.6, 0.3 or 0.15 per week (intermittent and lumpy demand).
 */
export function demandTable(skus, weeks, seed = 11) {
  const u = uniform(seed);
  const rows = [['SKU', 'Week', 'Units sold', 'Unit cost']];
  const probability = [0.95, 0.6, 0.3, 0.15];
  for (let s = 0; s < skus; s++) {
    const sku = `SKU${String(s + 1).padStart(5, '0')}`;
    const p = probability[s % 4];
    const size = 2 + (s % 17);
    const cost = 1 + (s % 50);
    for (let w = 0; w < weeks; w++) {
      const sold = u() < p ? Math.max(1, Math.round(size * (0.3 + 1.4 * u() * (s % 2 ? 2 * u() : 1)))) : 0;
      rows.push([sku, 44928 + 7 * w, sold, cost]);
    }
  }
  return rows;
}

/**
 * Orders of `customers` customers over `days` days (serials from 2023-01-01), BG/NBD-like: each
 * customer starts in the first half, buys at a personal exponential rate (mean one order in 30
 * days) and drops out after each order with a personal probability; amounts vary around a
 * personal mean. Returns [ids, dates, amounts] as three one-column ranges, at most `limit` rows.
 */
export function orders(customers, days, seed = 3, limit = Infinity) {
  const u = uniform(seed);
  const ids = [];
  const dates = [];
  const amounts = [];
  for (let c = 0; c < customers && ids.length < limit; c++) {
    const id = `C${String(c).padStart(7, '0')}`;
    const rate = -Math.log(1 - u()) / 30;
    const drop = 0.5 * u() * u();
    const spend = 10 + 90 * u();
    let d = Math.floor(u() * days * 0.5);
    while (d < days && ids.length < limit) {
      ids.push([id]);
      dates.push([44927 + d]);
      amounts.push([Math.round(spend * (0.5 + u()) * 100) / 100]);
      if (u() < drop) break;
      d += 1 + Math.floor(-Math.log(1 - u()) / Math.max(rate, 1e-4));
    }
  }
  return [ids, dates, amounts];
}

/**
 * The per-customer summary AISM.CLV builds from `orders` (lifetimes' definitions, days, as of
 * the last order date): [frequency, recency, T, monetary] as one-column ranges.
 */
export function summaries([ids, dates, amounts]) {
  const asOf = dates.reduce((m, [d]) => Math.max(m, d), -Infinity);
  const by = new Map();
  ids.forEach(([id], i) => {
    const day = dates[i][0];
    let c = by.get(id);
    if (!c) by.set(id, (c = new Map()));
    c.set(day, (c.get(day) ?? 0) + amounts[i][0]);
  });
  const out = [[], [], [], []];
  for (const days of by.values()) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0];
    const repeat = sorted.slice(1).map((d) => days.get(d));
    out[0].push([repeat.length]);
    out[1].push([sorted[sorted.length - 1] - first]);
    out[2].push([asOf - first]);
    out[3].push([repeat.length ? repeat.reduce((a, b) => a + b, 0) / repeat.length : 0]);
  }
  return out;
}

export function cases() {
  const y730 = dailySeries(730);
  const y10k = dailySeries(10000);
  const tx100k = orders(100_000, 365);
  const sum100k = summaries(tx100k);
  return [
    { id: 'forecast730', label: 'AISM.FORECAST, 730 daily points, weekly season, h=30', name: 'AISM.FORECAST',
      args: [y730.map((v) => [v]), null, 30, 7], iterations: 100, series: y730, season: 7, horizon: 30 },
    { id: 'anomalies10k', label: 'AISM.ANOMALIES, 10,000 cells', name: 'AISM.ANOMALIES',
      args: [y10k.map((v) => [v])], iterations: 30 },
    { id: 'pnl1m', label: 'AISM.PNL, 1,000,000-line ledger → monthly P&L', name: 'AISM.PNL',
      args: ledger(1_000_000), iterations: 5, peer: 'pandas' },
    { id: 'inventory10k', label: 'Inventory report, 10,000 SKUs × 104 weeks (class, forecast, reorder points)',
      kind: 'report', table: demandTable(10_000, 104), options: { system: 'inventory', horizon: 4 }, iterations: 5,
      peer: 'statsforecast' },
    { id: 'bgnbd100k', label: 'AISM.BGNBD, 100,000 customer summaries', name: 'AISM.BGNBD',
      args: sum100k.slice(0, 3), iterations: 5, peer: 'lifetimes' },
    { id: 'gg100k', label: 'AISM.GAMMAGAMMA, 100,000 customer summaries', name: 'AISM.GAMMAGAMMA',
      args: [sum100k[0], sum100k[3]], iterations: 5, peer: 'lifetimes' },
    { id: 'clv100k', label: `AISM.CLV, 100,000 customers (${tx100k[0].length.toLocaleString('en-US')} orders): summaries, BG/NBD + Gamma-Gamma fits, 12-month CLV`,
      name: 'AISM.CLV', args: tx100k, iterations: 5, peer: 'lifetimes' },
    { id: 'rfm1m', label: 'AISM.RFM, 1,000,000 transactions', name: 'AISM.RFM',
      args: orders(400_000, 730, 5, 1_000_000), iterations: 5, peer: 'pandas' },
  ];
}
