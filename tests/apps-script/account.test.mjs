// The account of the Google Sheets add-on, in the vm as Apps Script runs it (./addon.mjs): signed
// out, the custom functions have the Free plan (AISM_EOQ is refused with the plan message,
// AISM_FORECAST runs) and neither fetch nor write; "Sign in with Google" exchanges ScriptApp's
// identity token at the server (UrlFetchApp, a fake server here), checks a licence out — signed
// with the development key the WASM embeds — and keeps it in the user properties, so the next
// execution's AISM_EOQ computes; signing out forgets it. Reports are refused the same way.
//
// Environment: AISM_ROOT, AISM_LICENCE_DEV_KEY_FILE (the licence key the WASM embeds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose } from '../e2e/harness.mjs';
import { LICENCE_KEY, devLicence, storedLicence } from '../e2e/licences.mjs';
import { DIST, licensed, loadAddon, plain } from './addon.mjs';
import { createFakes } from './fakes.mjs';

const SERVER = 'https://addin.example.test';
const EOQ = Math.sqrt((2 * 1000 * 50) / 2);
const series = Array.from({ length: 48 }, (_, i) => [100 + 10 * Math.sin((2 * Math.PI * i) / 12) + i]);

/**
 * A fake AISM server behind UrlFetchApp (and its address in the script properties): Google
 * sign-in, /api/me, the licence checkout (`checkout()` gives the answer) and logout.
 */
function serve(fakes, checkout = () => ({ status: 200, body: { token: devLicence({ plan: 'pro' }), licenceId: 'lic_test' } })) {
  fakes.scriptProperties.__store.set('AISM_SERVER_URL', SERVER);
  const sessions = new Set();
  fakes.setServer((req) => {
    assert.ok(req.url.startsWith(`${SERVER}/`), `a request to ${req.url}`);
    const path = req.url.slice(SERVER.length);
    const body = req.payload ? JSON.parse(req.payload) : null;
    const signedIn = sessions.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
    switch (`${req.method} ${path}`) {
      case 'POST /api/auth/google':
        if (body?.token !== 'fake-google-identity-token') return { status: 401, body: { error: 'unauthorized', message: 'the identity token is not valid' } };
        sessions.add('acc-1');
        return { status: 200, body: { accessToken: 'acc-1', refreshToken: 'ref-1', expiresIn: 900 } };
      case 'GET /api/me':
        return signedIn ? { status: 200, body: { id: 'usr_1', email: 'user@example.com', organisations: [] } } : { status: 401, body: { error: 'sign in first' } };
      case 'POST /api/licences/checkout':
        return signedIn ? checkout() : { status: 401, body: { error: 'sign in first' } };
      case 'POST /api/auth/logout':
        sessions.clear();
        return { status: 204 };
      default:
        return { status: 404, body: { error: `no route ${path}` } };
    }
  });
}

const route = (r) => `${r.method} ${r.url.slice(SERVER.length)}`;
const writes = (fakes) => fakes.callsOf('Properties(user).setProperty').length + fakes.callsOf('Properties(user).deleteProperty').length;

async function refused(promise, what) {
  await assert.rejects(promise, (e) => {
    assert.match(e.message, /^#N\/A AISM\.EOQ is not in your plan \(it needs system\.inventory/, `${what}: ${e.message}`);
    return true;
  });
}

test('signed out: AISM_EOQ is refused with the plan message, AISM_FORECAST runs; nothing is fetched or written', async () => {
  const fakes = createFakes({ distDir: DIST });
  const { context } = loadAddon(fakes);
  await refused(context.AISM_EOQ(1000, 50, 2), 'signed out');
  const forecast = plain(await context.AISM_FORECAST(...fakes.toRealmArgs([series, undefined, 3])));
  assert.equal(forecast.length, 3, 'three forecast rows');
  assert.ok(forecast.every((r) => r.length === 3 && r.every((v) => typeof v === 'number')), JSON.stringify(forecast));
  assert.deepEqual(fakes.requests, []);
  assert.equal(writes(fakes), 0, 'custom functions do not write properties');
  assert.deepEqual(fakes.errors, []);
});

test('Sign in with Google → licence kept → the next execution computes AISM_EOQ; sign out forgets it', async () => {
  const fakes = createFakes({ distDir: DIST });
  serve(fakes);
  const state = plain(await loadAddon(fakes).context.accountSignIn());
  assert.equal(state.signedIn, true);
  assert.equal(state.email, 'user@example.com');
  assert.equal(state.plan, 'pro', JSON.stringify(state));
  assert.equal(state.licence, 'valid', JSON.stringify(state));
  assert.ok(state.entitlements.includes('system.inventory'), JSON.stringify(state.entitlements));
  assert.ok(state.expiresAt > Date.now() + 6 * 86_400_000, 'the licence is valid for its time-to-live');
  assert.deepEqual(fakes.requests.map(route), ['POST /api/auth/google', 'GET /api/me', 'POST /api/licences/checkout']);
  const [google, me, checkout] = fakes.requests;
  assert.deepEqual(JSON.parse(google.payload), { token: 'fake-google-identity-token' });
  assert.equal(google.contentType, 'application/json');
  assert.equal(google.headers.authorization, undefined, 'no bearer before the session');
  for (const r of [me, checkout]) assert.equal(r.headers.authorization, 'Bearer acc-1', route(r));
  assert.ok(fakes.requests.every((r) => r.muteHttpExceptions), 'error answers are read, not thrown');
  assert.ok(fakes.userProperties.__store.has('aism.session') && fakes.userProperties.__store.has(LICENCE_KEY), 'session and licence kept in the user properties');

  // A new execution (a recalculation): the custom function reads the licence and computes.
  const before = fakes.requests.length;
  const writesBefore = writes(fakes);
  assertClose(plain(await loadAddon(fakes).context.AISM_EOQ(1000, 50, 2)), [[EOQ]], 'AISM_EOQ signed in');
  assert.equal(fakes.requests.length, before, 'custom functions do not fetch');
  assert.equal(writes(fakes), writesBefore, 'custom functions do not write properties');

  // The sidebar opening again: the licence is fresh, so no network.
  assert.equal(plain(await loadAddon(fakes).context.accountState()).plan, 'pro');
  assert.equal(fakes.requests.length, before);

  const out = plain(await loadAddon(fakes).context.accountSignOut());
  assert.equal(out.signedIn, false);
  assert.equal(out.plan, 'free');
  assert.deepEqual(out.entitlements, ['functions.basic', 'system.sales']);
  assert.equal(route(fakes.requests.at(-1)), 'POST /api/auth/logout');
  assert.equal(fakes.requests.at(-1).headers.authorization, 'Bearer acc-1');
  assert.deepEqual([...fakes.userProperties.__store.keys()].filter((k) => k.startsWith('aism.')), []);
  await refused(loadAddon(fakes).context.AISM_EOQ(1000, 50, 2), 'signed out again');
  assert.deepEqual(fakes.errors, []);
});

test('no licence (404) or an altered one: the Free plan, with why', async () => {
  const fakes = createFakes({ distDir: DIST });
  let serverDown = false;
  serve(fakes, () =>
    serverDown
      ? { status: 503, body: { error: 'unavailable', message: 'down' } }
      : { status: 404, body: { error: 'not_found', message: 'no licence of your organisations matches; ask an owner to add one' } },
  );
  const state = plain(await loadAddon(fakes).context.accountSignIn());
  assert.equal(state.signedIn, true);
  assert.equal(state.plan, 'free');
  assert.equal(state.licence, 'none');
  assert.equal(state.code, 'no_licence');
  assert.match(state.reason, /no licence of your organisations/);
  await refused(loadAddon(fakes).context.AISM_EOQ(1000, 50, 2), 'no licence');

  // A token whose claims were changed after signing (Free → Team) does not verify.
  const token = devLicence({ plan: 'free' });
  const [head, , sig] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(token.split('.')[1], 'base64url')), plan: 'team', ent: ['functions.basic', 'system.sales', 'system.inventory'] })).toString('base64url');
  fakes.userProperties.__store.set(LICENCE_KEY, storedLicence(`${head}.${forged}.${sig}`));
  await refused(loadAddon(fakes).context.AISM_EOQ(1000, 50, 2), 'altered licence');
  // With the server down, the state keeps the altered token and says why it is refused (with the
  // server up, an invalid licence is checked out again instead).
  serverDown = true;
  const checked = plain(await loadAddon(fakes).context.accountState());
  assert.equal(checked.licence, 'invalid', JSON.stringify(checked));
  assert.equal(checked.code, 'bad_signature');
  assert.equal(checked.plan, 'free');
});

test('reports: a P&L report is refused on the Free plan and runs with a licence', async () => {
  const fakes = createFakes({ distDir: DIST });
  fakes.seedSheet('Ledger', [['Date', 'Account', 'Amount'], ['2024-01-31', '4000 Sales', 1000], ['2024-01-31', '6000 Rent', 300], ['2024-02-29', '4000 Sales', 1100], ['2024-02-29', '6000 Rent', 300]]);
  await assert.rejects(loadAddon(fakes).context.analyzeSelection({ system: 'pnl' }), (e) => {
    assert.match(e.message, /^#N\/A This table is for the pnl report, which is not in your plan/, e.message);
    return true;
  });
  licensed(fakes, 'pro');
  let message = '';
  try {
    await loadAddon(fakes).context.analyzeSelection({ system: 'pnl' });
  } catch (e) {
    message = e.message;
  }
  assert.doesNotMatch(message, /not in your plan/);
  assert.deepEqual(fakes.requests, [], 'a kept licence needs no network');
  assert.deepEqual(fakes.errors, []);
});

test('sign-in without a configured server says where to set it', async () => {
  const fakes = createFakes({ distDir: DIST });
  await assert.rejects(loadAddon(fakes).context.accountSignIn(), /AISM_SERVER_URL/);
  assert.deepEqual(fakes.requests, []);
});
