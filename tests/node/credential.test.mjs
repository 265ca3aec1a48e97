// Course certificates checked by a second implementation: the golden credential
// (tests/golden/credential.json, made by core/tests/credential_golden.rs) verified with this
// file's own RFC 8785 canonicalisation (tested with the RFC's vectors) and node:crypto's Ed25519,
// following W3C vc-di-eddsa "eddsa-jcs-2022"; then through the WASM package's verifyCredential;
// tampering with any field fails in both; the revoked status list fails the WASM check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';

const require = createRequire(import.meta.url);
const wasm = require('../../wasm/pkg-node/aism_wasm.js');
const golden = JSON.parse(readFileSync(new URL('../golden/credential.json', import.meta.url), 'utf8'));

/** RFC 8785: keys sorted by UTF-16 code units (what Array.prototype.sort does), ES number and
 * string serialisation (what JSON.stringify does), no whitespace. */
function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(text) {
  let n = 0n;
  for (const c of text) {
    const d = B58.indexOf(c);
    if (d < 0) throw new Error(`not base58: ${c}`);
    n = n * 58n + BigInt(d);
  }
  const bytes = [];
  while (n > 0n) {
    bytes.unshift(Number(n % 256n));
    n /= 256n;
  }
  for (const c of text) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  return Buffer.from(bytes);
}

/** The Ed25519 key of a did:key (multibase base58btc, multicodec 0xed 0x01, 32 bytes). */
function keyOfDid(did) {
  const m = /^did:key:z([1-9A-HJ-NP-Za-km-z]+)$/.exec(did.split('#')[0]);
  assert.ok(m, did);
  const raw = base58(m[1]);
  assert.deepEqual([raw[0], raw[1]], [0xed, 0x01]);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(2).toString('base64url') }, format: 'jwk' });
}

const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest();

/** eddsa-jcs-2022 verification, independently of the Rust code. */
function independentVerify(secured) {
  const { proof, ...doc } = secured;
  if (!proof || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') return false;
  const { proofValue, ...config } = proof;
  if (JSON.stringify(config['@context']) !== JSON.stringify(doc['@context'])) return false;
  if (!proof.verificationMethod.startsWith(`${secured.issuer.id}#`)) return false;
  const data = Buffer.concat([sha256(jcs(config)), sha256(jcs(doc))]);
  return verify(null, data, keyOfDid(proof.verificationMethod), base58(proofValue.slice(1)));
}

test('RFC 8785 vectors: the sample object, property sorting, numbers', () => {
  // RFC 8785 §3.2.2 (the input as JSON text, so the numbers are parsed as the RFC has them).
  const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
  assert.equal(jcs(input), '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  // §3.2.3: sorting by UTF-16 code units.
  const sorting = JSON.parse('{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}');
  // (Compared as text: JSON.parse would list the integer-like key "1" first whatever the order.)
  const order = [['\r', 'Carriage Return'], ['1', 'One'], ['\u0080', 'Control'], ['\u00f6', 'Latin Small Letter O With Diaeresis'],
    ['\u20ac', 'Euro Sign'], ['\ud83d\ude00', 'Emoji: Grinning Face'], ['\ufb33', 'Hebrew Letter Dalet With Dagesh']];
  assert.equal(jcs(sorting), `{${order.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  // Appendix B numbers (IEEE 754 bit patterns → text).
  const f = (hex) => Buffer.from(hex, 'hex').readDoubleBE(0);
  for (const [hex, text] of [
    ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'], ['4340000000000000', '9007199254740992'],
    ['444b1ae4d6e2ef50', '1e+21'], ['3eb0c6f7a0b5ed8d', '0.000001'], ['44b52d02c7e14af6', '1e+23'],
    ['4430000000000000', '295147905179352830000'], ['41b3de4355555553', '333333333.3333332'],
    ['becbf647612f3696', '-0.0000033333333333333333'], ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ]) {
    assert.equal(jcs(f(hex)), text, hex);
  }
});

test('the golden credential verifies independently and through WASM', () => {
  const cred = golden.credential;
  assert.equal(independentVerify(cred), true);
  assert.equal(independentVerify(golden.statusList), true);
  const v = wasm.verifyCredential(cred, { publicKey: golden.publicKey, now: golden.now, statusList: golden.statusList });
  assert.equal(v.valid, true, JSON.stringify(v));
  assert.equal(v.statusChecked, true);
  assert.equal(v.achievement, 'System Specialist: Daily sales monitoring');
  // Any did:key issuer, no status list: valid, status not checked.
  const any = wasm.verifyCredential(cred, { anyIssuer: true, now: golden.now });
  assert.deepEqual([any.valid, any.statusChecked], [true, false]);
  // Another trusted key: refused as untrusted.
  const other = wasm.verifyCredential(cred, { publicKey: Buffer.alloc(32, 1).toString('base64url'), now: golden.now });
  assert.equal(other.valid, false);
});

/** Every leaf of `v` with its path. */
function leaves(v, path = []) {
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [path];
}

test('tampering with any field fails both verifiers', () => {
  const paths = leaves(golden.credential);
  assert.ok(paths.length > 25, paths.length);
  for (const path of paths) {
    const t = structuredClone(golden.credential);
    let o = t;
    for (const k of path.slice(0, -1)) o = o[k];
    const last = path.at(-1);
    o[last] = typeof o[last] === 'string' ? `${o[last]}x` : typeof o[last] === 'number' ? o[last] + 1 : !o[last];
    assert.equal(independentVerify(t), false, path.join('.'));
    const v = wasm.verifyCredential(t, { publicKey: golden.publicKey, now: golden.now });
    assert.equal(v.valid, false, path.join('.'));
  }
  // A field added, a field removed.
  const added = { ...structuredClone(golden.credential), evidence: [] };
  assert.equal(wasm.verifyCredential(added, { publicKey: golden.publicKey, now: golden.now }).code, 'bad-signature');
  const { name: _drop, ...removed } = golden.credential;
  assert.equal(independentVerify(removed), false);
  assert.equal(wasm.verifyCredential(removed, { publicKey: golden.publicKey, now: golden.now }).valid, false);
});

test('revoked, expired, not yet valid, garbage', () => {
  const opts = { publicKey: golden.publicKey, now: golden.now };
  assert.equal(wasm.verifyCredential(golden.credential, { ...opts, statusList: golden.statusListRevoked }).code, 'revoked');
  // A status list whose own signature fails is not trusted.
  const forged = structuredClone(golden.statusList);
  forged.credentialSubject.encodedList = golden.statusListRevoked.credentialSubject.encodedList;
  assert.notEqual(wasm.verifyCredential(golden.credential, { ...opts, statusList: forged }).code, 'valid');
  assert.equal(wasm.verifyCredential(golden.credential, { ...opts, now: Date.parse('2030-01-01T00:00:00Z') }).code, 'expired');
  assert.equal(wasm.verifyCredential(golden.credential, { ...opts, now: Date.parse('2026-01-01T00:00:00Z') }).code, 'not-yet-valid');
  for (const bad of [null, 42, 'text', {}, { proof: 1 }]) {
    const v = wasm.verifyCredential(bad, opts);
    assert.equal(v.valid, false, JSON.stringify(bad));
  }
});
