// Licence tokens for the end-to-end and Apps Script tests, signed with node:crypto's Ed25519 by
// the development key the WASM build embeds (its seed file is AISM_LICENCE_DEV_KEY_FILE, set by
// `cargo xtask test`), in the format of core/src/licence.rs: `aisml1.<base64url(claims JSON)>.
// <base64url(signature of the first two parts)>`.
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const BASIC = ['functions.basic', 'system.sales'];
const SYSTEMS = ['system.pnl', 'system.inventory', 'system.pricing', 'system.customers'];

/** The default entitlements of each plan, as core/src/licence.rs `Plan::entitlements`. */
export const PLAN_ENTITLEMENTS = {
  free: BASIC,
  course: [...BASIC, ...SYSTEMS, 'course', 'webinars'],
  pro: [...BASIC, ...SYSTEMS, 'connectors', 'webinars'],
  team: [...BASIC, ...SYSTEMS, 'connectors', 'webinars', 'team'],
};

/** The development key's seed file (fails with the fix when it is not set). */
export function devKeyFile() {
  const file = process.env.AISM_LICENCE_DEV_KEY_FILE;
  assert.ok(file && existsSync(file), 'AISM_LICENCE_DEV_KEY_FILE must name the licence key the WASM build embedded (cargo xtask test sets it)');
  return file;
}

let key;
function devKey() {
  if (!key) {
    const seed = Buffer.from(readFileSync(devKeyFile(), 'utf8').trim(), 'base64url');
    assert.equal(seed.length, 32, 'the development key is a 32-byte Ed25519 seed');
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }
  return key;
}

/**
 * A licence token of `plan` issued a minute ago, valid for `ttlDays` (claims overridable),
 * signed with the development key.
 */
export function devLicence({ plan = 'pro', ttlDays = 7, ...over } = {}) {
  const iat = Math.floor(Date.now() / 1000) - 60;
  const claims = {
    lid: 'lic_test', org: 'org_test', tenant: 'org_test', sub: 'usr_test', plan,
    ent: PLAN_ENTITLEMENTS[plan], seats: 1, iat, exp: iat + 365 * 86_400, ttl: ttlDays * 86_400, ...over,
  };
  const head = `aisml1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${head}.${Buffer.from(sign(null, Buffer.from(head), devKey())).toString('base64url')}`;
}

/** What the hosts keep for a licence (taskpane/src/shared/account.ts `LICENCE_KEY`). */
export const LICENCE_KEY = 'aism.licence';

/** The stored form of a licence token, as the account keeps it. */
export function storedLicence(token) {
  return JSON.stringify({ token, seenAt: null });
}
