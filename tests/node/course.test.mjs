// In-sheet exercises through the WASM package, as the hosts run them: the dataset written into
// the new sheet (the same cells the native checker regenerates on the server: the first values
// are asserted in core/src/course/exercise.rs too), the reference solution passing, and a wrong
// one failing with what to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const wasm = require('../../wasm/pkg-node/aism_wasm.js');
const exercise = JSON.parse(readFileSync(new URL('../../addin-server/course/modules/03-daily-sales/exercises/m3-forecast-week.json', import.meta.url), 'utf8'));

/** The snapshot of a solved sheet: the forecast computed in the sheet, its formula, a line chart. */
function solved(rows) {
  const sales = rows.slice(1, 91).map((r) => [r[1]]);
  const forecast = wasm.callFunction('AISM.FORECAST', [sales, null, 7], ['functions.basic']);
  assert.ok(Array.isArray(forecast), JSON.stringify(forecast));
  const values = {};
  forecast.forEach((row, i) => {
    values[`E${i + 2}`] = row[0];
  });
  return {
    values,
    formulas: { E2: '=AISM.FORECAST(B2:B91,,7)' },
    charts: [{ chartType: 'line', ranges: ['A1:B91'] }],
  };
}

test('exercise dataset: deterministic, the same cells as natively', () => {
  const rows = wasm.exerciseDataset(exercise);
  assert.equal(rows.length, 91);
  assert.deepEqual(rows[0], ['Date', 'Sales']);
  assert.deepEqual(rows.slice(1, 4).map((r) => r[1]), [955.29, 1135.07, 1278.63]);
  assert.deepEqual(wasm.exerciseDataset(exercise), rows);
  assert.notDeepEqual(wasm.exerciseDataset({ ...exercise, seed: 7 }), rows);
});

test('exercise check: the reference solution passes, a wrong one says what to change', () => {
  const rows = wasm.exerciseDataset(exercise);
  const good = wasm.checkExercise(exercise, solved(rows));
  assert.equal(good.passed, true, JSON.stringify(good));
  assert.equal(good.checks.length, 3);

  const wrong = solved(rows);
  wrong.formulas.E2 = '=AISM.FORECAST(B1:B91,,7)';
  wrong.values.E2 *= 1.05;
  wrong.charts = [];
  const out = wasm.checkExercise(exercise, wrong);
  assert.equal(out.passed, false);
  assert.deepEqual(out.checks.map((c) => c.passed), [false, false, false]);
  assert.match(out.checks[0].message.en, /select B2:B91/);
  assert.match(out.checks[0].message.es, /selecciona B2:B91/);
  assert.match(out.checks[2].message.en, /Insert a line chart of B2:B91/);

  // Bad input is an error value, never a throw.
  assert.equal(wasm.checkExercise({ id: 1 }, {}).error, '#VALUE!');
  assert.equal(wasm.exerciseDataset(null).error, '#VALUE!');
});
