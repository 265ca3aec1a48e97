// Builds the task pane into dist/ (see the issue-3 contract):
//   taskpane.html, index.html (the same page: standalone demo), taskpane.js (UI + custom
//   functions), worker.js (Web Worker hosting the WASM core, which it imports at run time from
//   ./pkg/aism_wasm.js — copied next to it by `cargo xtask build`), commands.html/.js,
//   signin.html/.js (the sign-in dialog the pane opens when Office SSO is unavailable),
//   functions.json, taskpane.css, assets/*.png.
// Usage: node build.mjs [--dev]   (--dev: no minification)
import { build } from 'esbuild';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');
const out = join(root, 'dist');
const dev = process.argv.includes('--dev');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const common = {
  bundle: true,
  target: 'es2020',
  sourcemap: 'linked',
  minify: !dev,
  legalComments: 'linked',
  logLevel: 'warning',
  // The WASM package is served next to worker.js; it is never bundled.
  external: ['./pkg/*'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: {
      taskpane: join(src, 'taskpane/taskpane.ts'),
      worker: join(src, 'worker/core-worker.ts'),
      signin: join(src, 'signin/signin.ts'),
    },
    format: 'esm',
    outdir: out,
  }),
  build({
    ...common,
    entryPoints: { commands: join(src, 'commands/commands.ts') },
    format: 'iife',
    outdir: out,
  }),
]);

await Promise.all([
  cp(join(src, 'taskpane/taskpane.html'), join(out, 'taskpane.html')),
  cp(join(src, 'taskpane/taskpane.html'), join(out, 'index.html')),
  cp(join(src, 'taskpane/taskpane.css'), join(out, 'taskpane.css')),
  cp(join(src, 'commands/commands.html'), join(out, 'commands.html')),
  cp(join(src, 'signin/signin.html'), join(out, 'signin.html')),
  cp(join(src, 'functions/functions.json'), join(out, 'functions.json')),
  cp(join(root, 'assets'), join(out, 'assets'), { recursive: true }),
]);

const files = (await readdir(out, { recursive: true })).filter((f) => !f.endsWith('.map')).sort();
console.log(`taskpane: built ${files.length} files into dist/: ${files.join(', ')}`);
