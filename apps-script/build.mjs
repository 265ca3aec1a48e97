// Builds the Google Sheets add-on into dist/ (the Apps Script project clasp pushes, rootDir "dist"):
//   appsscript.json          manifest (copied)
//   core.js                  `var AISMCore = …`: src/core.ts + the wasm-bindgen glue + the WASM
//                            module as base64 text (esbuild `base64` loader) decoded by
//                            src/base64.ts (no atob/Buffer/Uint8Array.fromBase64) + UTF-8
//                            TextEncoder/TextDecoder injected for the glue (Apps Script has neither)
//   entry.js                 global entry points (copied verbatim)
//   functions.generated.js   custom functions generated from the registry (copied verbatim, so
//                            the JSDoc Sheets reads survives)
//   Sidebar.html             src/sidebar/sidebar.html with its bundled JS and CSS inlined
// Needs ../wasm/pkg-web (wasm-pack --target web output, built by `cargo xtask build`).
// Usage: node build.mjs [--dev]   (--dev: no minification)
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');
const out = join(root, 'dist');
const taskpaneSrc = join(root, '..', 'taskpane', 'src', 'taskpane');
const pkg = join(root, '..', 'wasm', 'pkg-web');
const dev = process.argv.includes('--dev');

for (const f of ['aism_wasm.js', 'aism_wasm_bg.wasm']) {
  try {
    await stat(join(pkg, f));
  } catch {
    console.error(`apps-script: ${join(pkg, f)} is missing — build the WASM package first (cargo xtask build).`);
    process.exit(1);
  }
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const common = {
  bundle: true,
  target: 'es2020',
  platform: 'browser',
  format: 'iife',
  minify: !dev,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  write: false,
};

const [core, sidebar] = await Promise.all([
  build({
    ...common,
    entryPoints: [join(src, 'core.ts')],
    globalName: 'AISMCore',
    loader: { '.wasm': 'base64' },
    inject: [join(src, 'text-codec.ts')],
    // The glue's `new URL('…', import.meta.url)` default is never used: core.ts passes the bytes.
    logOverride: { 'empty-import-meta': 'silent' },
    outfile: join(out, 'core.js'),
  }),
  build({
    ...common,
    entryPoints: [join(src, 'sidebar', 'sidebar.ts')],
    outfile: join(out, 'sidebar.js'),
  }),
]);

const coreJs = core.outputFiles[0].text;
// Apps Script's V8 has none of these; the bundle must not reach for them (the embedded base64
// text is left out of the check: its letters could spell anything).
const code = coreJs.replace(/"[A-Za-z0-9+/=]{1000,}"/g, '""');
for (const [what, re] of [
  ['atob', /(?<![\w$.])atob\b/],
  ['Buffer', /(?<![\w$.])Buffer\b/],
  ['Uint8Array.fromBase64', /\bfromBase64\b/],
  ['require', /(?<![\w$.])require\s*\(/],
  ['setTimeout', /(?<![\w$.])setTimeout\b/],
]) {
  if (re.test(code)) {
    console.error(`apps-script: dist/core.js uses ${what}, which Apps Script does not have.`);
    process.exit(1);
  }
}
if (!/^(?:"use strict";)?var AISMCore\s*=/.test(coreJs)) {
  console.error('apps-script: dist/core.js does not assign the global `var AISMCore`.');
  process.exit(1);
}
await writeFile(join(out, 'core.js'), coreJs);

// Sidebar.html: the template with the task pane's stylesheet, the sidebar's own and the bundle.
const [template, paneCss, sidebarCss] = await Promise.all([
  readFile(join(src, 'sidebar', 'sidebar.html'), 'utf8'),
  readFile(join(taskpaneSrc, 'taskpane.css'), 'utf8'),
  readFile(join(src, 'sidebar', 'sidebar.css'), 'utf8'),
]);
// Inside an inline <script>, "</script" or "<!--" would end or confuse the element.
const sidebarJs = sidebar.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const css = `${paneCss}\n${sidebarCss}`.replace(/<\/(style)/gi, '<\\/$1');
const html = template
  .replace('/*AISM_CSS*/', () => css)
  .replace('/*AISM_JS*/', () => sidebarJs);
await writeFile(join(out, 'Sidebar.html'), html);

await Promise.all([
  copyFile(join(root, 'appsscript.json'), join(out, 'appsscript.json')),
  copyFile(join(src, 'entry.js'), join(out, 'entry.js')),
  copyFile(join(src, 'functions.generated.js'), join(out, 'functions.generated.js')),
]);

const names = ['appsscript.json', 'core.js', 'entry.js', 'functions.generated.js', 'Sidebar.html'];
let total = 0;
for (const n of names) {
  const { size } = await stat(join(out, n));
  total += size;
  console.log(`  dist/${n.padEnd(24)} ${String(size).padStart(9)} bytes`);
}
console.log(`apps-script: built ${names.length} files into dist/ (${total} bytes)`);
