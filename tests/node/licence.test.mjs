// Licence tokens verified offline by the WASM package (wasm/pkg-node `verifyLicense`): valid,
// expired, tampered, wrong tenant, entitlement missing, clock rolled back. Tokens are signed here
// with node:crypto's Ed25519 — an implementation independent of the Rust one — in the format of
// core/src/licence.rs: `aisml1.<base64url(claims JSON)>.<base64url(signature of the first two
// parts)>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const wasm = require('../../wasm/pkg-node/aism_wasm.js');

const b64 = (buf) => Buffer.from(buf).toString('base64url');
const DAY = 86_400;
const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z

function claims(over = {}) {
  return {
    lid: 'lic_42', org: 'org_7', tenant: 'contoso.onmicrosoft.com', sub: 'user_3', plan: 'pro',
    ent: ['functions.basic', 'system.sales', 'system.pnl', 'system.inventory', 'system.pricing', 'system.customers'],
    seats: 5, iat: T0, exp: T0 + 365 * DAY, ttl: 7 * DAY, ...over,
  };
}

function token(privateKey, c = claims()) {
  const head = `aisml1.${b64(JSON.stringify(c))}`;
  return `${head}.${b64(sign(null, Buffer.from(head), privateKey))}`;
}

/** A fresh key pair; the public half as base64url of its 32 raw bytes. */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x; // already base64url
  return { privateKey, publicKey: raw };
}

const ms = (s) => s * 1000;

function check(privateKey, extra) {
  const t = token(privateKey);
  const at = (now, more = {}) => wasm.verifyLicense(t, { now: ms(now), ...extra, ...more });

  const ok = at(T0 + DAY);
  assert.equal(ok.valid, true, ok.reason);
  assert.equal(ok.code, 'ok');
  assert.equal(ok.plan, 'pro');
  assert.equal(ok.expiresAt, ms(T0 + 7 * DAY));
  assert.ok(ok.entitlements.includes('system.pnl'));
  // Entitlement missing: a Pro token does not carry the course.
  assert.ok(!ok.entitlements.includes('course'));

  const expired = at(T0 + 7 * DAY);
  assert.equal(expired.valid, false);
  assert.equal(expired.code, 'expired');
  assert.match(expired.reason, /expired/);

  const parts = t.split('.');
  const forged = b64(JSON.stringify(claims({ plan: 'team', ent: [...claims().ent, 'team'] })));
  const tampered = wasm.verifyLicense(`${parts[0]}.${forged}.${parts[2]}`, { now: ms(T0 + DAY), ...extra });
  assert.equal(tampered.code, 'bad_signature');
  const sig = Buffer.from(parts[2], 'base64url');
  sig[3] ^= 0x40;
  assert.equal(wasm.verifyLicense(`${parts[0]}.${parts[1]}.${b64(sig)}`, { now: ms(T0 + DAY), ...extra }).code, 'bad_signature');

  const tenant = at(T0 + DAY, { tenant: 'fabrikam.onmicrosoft.com' });
  assert.equal(tenant.code, 'wrong_tenant');
  assert.equal(at(T0 + DAY, { tenant: 'contoso.onmicrosoft.com' }).valid, true);

  const rolled = at(T0 + DAY, { lastSeen: ms(T0 + 5 * DAY) });
  assert.equal(rolled.code, 'clock_rolled_back');
  assert.equal(rolled.valid, false);

  // Issued ten days in, checked on day 8 (later than anything seen): the device clock is behind.
  const future = token(privateKey, claims({ iat: T0 + 10 * DAY }));
  const early = wasm.verifyLicense(future, { now: ms(T0 + 8 * DAY), ...extra });
  assert.equal(early.code, 'not_yet_valid');

  for (const bad of [null, 42, '', 'aisml1.x', 'eyJhbGciOiJub25lIn0.e30.', 'aisml1.e30.AAAA']) {
    const r = wasm.verifyLicense(bad, { now: ms(T0 + DAY), ...extra });
    assert.equal(r.valid, false, String(bad));
    assert.ok(['malformed', 'bad_signature'].includes(r.code), `${bad}: ${r.code}`);
  }
}

test('verifyLicense with a key given in the options (fresh Ed25519 pair from node:crypto)', () => {
  const { privateKey, publicKey } = keyPair();
  check(privateKey, { publicKey });
  // Another key's token fails with this key.
  const other = keyPair();
  const r = wasm.verifyLicense(token(other.privateKey), { now: ms(T0 + DAY), publicKey });
  assert.equal(r.code, 'bad_signature');
});

test('verifyLicense with the key built into the package (the development key of the build)', () => {
  const file = process.env.AISM_LICENCE_DEV_KEY_FILE;
  assert.ok(file && existsSync(file), 'cargo xtask test sets AISM_LICENCE_DEV_KEY_FILE to the key the build embedded');
  const seed = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  assert.equal(seed.length, 32);
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  check(privateKey, {});
});

test('the in-instance rollback guard remembers the latest verification', () => {
  const { privateKey, publicKey } = keyPair();
  const t = token(privateKey);
  assert.equal(wasm.verifyLicense(t, { now: ms(T0 + 3 * DAY), publicKey }).valid, true);
  // Same instance, clock set back two days without any lastSeen from the host.
  const r = wasm.verifyLicense(t, { now: ms(T0 + DAY), publicKey });
  assert.equal(r.code, 'clock_rolled_back');
  assert.ok(r.seenAt >= ms(T0 + 3 * DAY));
});
