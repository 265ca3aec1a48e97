// Loading the built Google Sheets add-on (apps-script/dist/*.js) as Apps Script runs it: every
// script in one vm context whose global has only the ECMAScript builtins (WebAssembly included),
// console and the fakes of ./fakes.mjs. Each call of `loadAddon` is a fresh execution.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ROOT } from '../e2e/harness.mjs';
import { LICENCE_KEY, devLicence, storedLicence } from '../e2e/licences.mjs';

/** The built add-on. */
export const DIST = join(ROOT, 'apps-script', 'dist');

/** Globals Apps Script does not have; loading the add-on must not need or define them. */
export const FORBIDDEN = ['atob', 'TextEncoder', 'TextDecoder', 'setTimeout', 'fetch', 'require', 'process', 'Buffer'];

/** The dist scripts in load order: core.js first, then the others by name. */
export function distScripts() {
  const names = readdirSync(DIST).filter((f) => f.endsWith('.js')).sort();
  assert.ok(names.includes('core.js'), `${DIST}/core.js missing: run \`npm run build\` in apps-script/ (or \`cargo xtask build\`)`);
  return ['core.js', ...names.filter((n) => n !== 'core.js')].map((n) => join(DIST, n));
}

/** A fresh Apps Script execution: a new context with the fakes and console, every dist script run in it. */
export function loadAddon(fakes) {
  const context = vm.createContext({ ...fakes.globals, console });
  fakes.setRealm(context);
  const before = vm.runInContext(`[${FORBIDDEN.map((n) => `typeof ${n}`).join(', ')}]`, context);
  for (const file of distScripts()) {
    vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  }
  const after = vm.runInContext(`[${FORBIDDEN.map((n) => `typeof ${n}`).join(', ')}]`, context);
  return { context, before: [...before], after: [...after] };
}

/** JSON-normalises a value from the vm realm (cross-realm prototypes would fail deep equality). */
export const plain = (v) => JSON.parse(JSON.stringify(v ?? null));

/**
 * Gives the user of `fakes` a licence of `plan` (signed with the development key the WASM
 * embeds), as a sign-in leaves it in the user properties; returns the token.
 */
export function licensed(fakes, plan = 'team') {
  const token = devLicence({ plan });
  fakes.userProperties.__store.set(LICENCE_KEY, storedLicence(token));
  return token;
}
