// The real Excel JavaScript API surface, read from the type declarations shipped in the
// @microsoft/office-js package (dist/office.d.ts): the members of every Excel class with the API
// set that introduced them, and the values of every Excel enum. The fake Excel host checks
// against it, so it can neither accept an API that does not exist nor miss telling which real
// API it lacks.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const DTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@microsoft', 'office-js', 'dist', 'office.d.ts');

let cached;

/**
 * `{ classes: { Range: { values: 'ExcelApi 1.1', ... } }, enums: { ChartType: { line: 'Line', ... } } }`
 * for the `Excel` namespace.
 */
export function excelApi() {
  if (cached) return cached;
  const lines = readFileSync(DTS, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('declare namespace Excel {'));
  if (start < 0) throw new Error(`no Excel namespace in ${DTS}`);
  const classes = {};
  const enums = {};
  let cls = null;
  let en = null;
  let apiSet = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '}') break;
    let m;
    if ((m = /^ {4}(?:abstract )?class (\w+)/.exec(line))) {
      cls = classes[m[1]] = {};
      en = null;
      continue;
    }
    if ((m = /^ {4}enum (\w+) \{/.exec(line))) {
      en = enums[m[1]] = {};
      cls = null;
      continue;
    }
    if (/^ {4}\S/.test(line)) {
      cls = null;
      en = null;
      continue;
    }
    if ((m = /\[Api set: (\w+ [\d.]+)/.exec(line))) apiSet = m[1];
    if (cls && (m = /^ {8}(?:readonly )?(?:get |set )?(\w+)\??[:(]/.exec(line))) {
      if (!(m[1] in cls)) cls[m[1]] = apiSet;
      apiSet = null;
    } else if (en && (m = /^ {8}(\w+) = "([^"]*)"/.exec(line))) {
      en[m[1]] = m[2];
    }
  }
  cached = { classes, enums };
  return cached;
}
