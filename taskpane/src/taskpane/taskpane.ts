/**
 * The task pane (and standalone demo) page, and — in Excel's shared runtime — the custom
 * functions: this bundle (taskpane.js) registers the functions at load, then runs the UI.
 *
 * Data comes from the selection or a table (Excel), or from an uploaded file or pasted cells
 * (anywhere); the core runs in a Web Worker; the report is shown in the pane and can be written
 * to a new sheet (Excel). The Account panel (account-panel.ts) gives every function call and
 * report the user's entitlements.
 */
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/spinner.js';
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/tablist.js';
import '@fluentui/web-components/tab.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { webLightTheme } from '@fluentui/tokens';

import { registerIfAvailable } from '../functions/functions';
import { Account } from '../shared/account';
import { isAnalysis, isCoreError, type Analysis, type Lang, type ReportOptions } from '../shared/analysis';
import { defaultClient, EngineError } from '../worker/core-client';
import { accountPanel, paneEnv } from './account-panel';
import { insertReportSheet } from './excel-report';
import { blockToTable, InputError, listTables, MAX_CELLS, originOf, readSelection, readTable, type SheetBlock } from './excel-input';
import { detectHost, type HostKind } from './host';
import { readSystemOptions } from './system-options';
import { pickLanguage, SYSTEM_NAMES, systemName, t, type MessageKey } from './i18n';
import { renderReport, resizeCharts } from './report-view';

/** Largest file the page reads (bytes). */
const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Largest horizon the core accepts. */
const MAX_HORIZON = 3660;

const client = defaultClient(import.meta.url);

/** What the next run analyses. */
type Source =
  | { kind: 'file'; name: string; bytes: Uint8Array }
  | { kind: 'paste'; text: string }
  | { kind: 'selection' }
  | { kind: 'table'; name: string };

interface State {
  lang: Lang;
  host: HostKind;
  source: Source | null;
  analysis: Analysis | null;
  detected: string | null;
  runSeq: number;
  busy: number;
  status: { key: MessageKey; vars: Record<string, string | number>; error: boolean } | null;
  /** The engine's version once it answered; null while it starts. */
  version: string | null;
}

const state: State = {
  lang: 'en',
  host: 'standalone',
  source: null,
  analysis: null,
  detected: null,
  runSeq: 0,
  busy: 0,
  status: null,
  version: null,
};

/** The account: read at once (offline), so the first custom functions know their entitlements. */
const account = accountPanel(new Account(paneEnv(client)), () => state.lang, () => {
  if (state.host === 'excel') void recalculate();
});

// Shared runtime: associate the custom functions as soon as the bundle loads. A failure here must
// not take the pane down with it.
try {
  registerIfAvailable(client, account.entitlements);
} catch (e) {
  console.warn('AISM: the custom functions could not be registered:', e);
}

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page is missing #${id}.`);
  return el;
}

function input(id: string): HTMLInputElement {
  return $(id) as HTMLInputElement;
}

function select(id: string): HTMLSelectElement {
  return $(id) as HTMLSelectElement;
}

// ---------------------------------------------------------------------------------------------
// Texts and status.

function applyTexts(): void {
  const lang = state.lang;
  document.documentElement.lang = lang;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(lang, el.dataset.i18n as MessageKey);
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-placeholder]').forEach((el) => {
    el.setAttribute('placeholder', t(lang, el.dataset.i18nPlaceholder as MessageKey));
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(lang, el.dataset.i18nLabel as MessageKey));
  });
  $('hint').textContent = t(lang, state.host === 'excel' ? 'excelHint' : 'standaloneHint');
  fillSystemSelect();
  const tables = select('table-select');
  const placeholder = tables.options[0];
  if (placeholder && placeholder.value === '') {
    placeholder.text = t(lang, tables.options.length > 1 ? 'chooseTable' : 'noTables');
  }
  renderStatus();
  $('engine-version').textContent = state.version
    ? t(lang, 'engineReady', { version: state.version })
    : t(lang, 'engineStarting');
  if (state.analysis) renderReport($('report'), state.analysis, lang);
  account.render();
}

function setStatus(key: MessageKey, vars: Record<string, string | number> = {}, error = false): void {
  state.status = { key, vars, error };
  renderStatus();
}

function clearStatus(): void {
  state.status = null;
  renderStatus();
}

function renderStatus(): void {
  const el = $('status');
  const s = state.status;
  el.textContent = s ? t(state.lang, s.key, s.vars) : '';
  el.classList.toggle('error', Boolean(s?.error));
  el.setAttribute('role', s?.error ? 'alert' : 'status');
}

function setBusy(delta: number): void {
  state.busy = Math.max(0, state.busy + delta);
  $('progress').hidden = state.busy === 0;
  $('report').setAttribute('aria-busy', String(state.busy > 0));
}

// ---------------------------------------------------------------------------------------------
// Options.

function fillSystemSelect(): void {
  const sel = select('system-select');
  const current = sel.value;
  const ids = new Set(Object.keys(SYSTEM_NAMES));
  if (state.detected) ids.add(state.detected);
  const auto = state.detected
    ? t(state.lang, 'systemAutoDetected', { system: systemName(state.detected, state.lang) })
    : t(state.lang, 'systemAuto');
  sel.replaceChildren(new Option(auto, ''), ...[...ids].map((id) => new Option(systemName(id, state.lang), id)));
  sel.value = [...ids].includes(current) ? current : '';
}

/** The options of a run, or null (with the reason shown) when the horizon is not valid. */
function readOptions(): ReportOptions | null {
  const opts: ReportOptions = { language: state.lang };
  const system = select('system-select').value;
  if (system) opts.system = system;
  const raw = input('horizon-input').value.trim();
  if (raw !== '') {
    const h = Number(raw);
    if (!Number.isInteger(h) || h < 1 || h > MAX_HORIZON) {
      setStatus('horizonInvalid', { max: MAX_HORIZON }, true);
      return null;
    }
    opts.horizon = h;
  }
  const extra = readSystemOptions((id) => input(id).value);
  if ('error' in extra) {
    setStatus(extra.error, {}, true);
    return null;
  }
  Object.assign(opts, extra.options);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Running an analysis.

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

async function readBlock(source: Source & { kind: 'selection' | 'table' }): Promise<SheetBlock> {
  return Excel.run((context) => (source.kind === 'table' ? readTable(context, source.name) : readSelection(context)));
}

async function analyse(source: Source, options: ReportOptions): Promise<unknown> {
  const entitlements = await account.entitlements();
  switch (source.kind) {
    case 'file':
      setStatus('analyzingFile', { name: source.name });
      // The copy is transferred to the worker; the original stays for the next run.
      return client.runReportFile(source.bytes.slice(), null, options, entitlements);
    case 'paste':
      return client.runReportFile(new TextEncoder().encode(source.text), null, options, entitlements);
    case 'selection':
    case 'table': {
      if (source.kind === 'table') setStatus('readingTable', { name: source.name });
      const block = await readBlock(source);
      setStatus('analyzingRange', { address: block.address });
      return client.runReport(blockToTable(block), { ...options, ...originOf(block) }, entitlements);
    }
  }
}

function periodsOf(a: Analysis): number {
  const chart = a.report.charts[0];
  const actual = chart?.series.find((s) => s.role === 'actual');
  return actual ? actual.values.filter((v) => v !== null).length : 0;
}

/** Shows why a run failed and takes down the previous report, which no longer matches the input. */
function showFailure(key: MessageKey, vars: Record<string, string | number>): void {
  setStatus(key, vars, true);
  const report = $('report');
  const note = document.createElement('p');
  note.className = 'report-empty';
  note.dataset.testid = 'report-error';
  note.dataset.i18n = 'noReport';
  note.textContent = t(state.lang, 'noReport');
  report.replaceChildren(note);
  report.dataset.state = 'error';
  state.analysis = null;
  document.getElementById('insert-report')?.setAttribute('disabled', '');
}

async function run(source: Source | null): Promise<void> {
  if (!source) {
    setStatus(state.host === 'excel' ? 'needSource' : 'needSourceStandalone', {}, true);
    return;
  }
  const options = readOptions();
  if (!options) return;
  state.source = source;
  const seq = ++state.runSeq;
  const report = $('report');
  report.dataset.state = 'running';
  clearStatus();
  setBusy(+1);
  try {
    const result = await analyse(source, options);
    if (seq !== state.runSeq) return;
    if (isCoreError(result)) {
      showFailure('analysisFailed', { why: result.message ?? result.error });
      return;
    }
    if (!isAnalysis(result)) {
      showFailure('unexpected', {});
      return;
    }
    state.analysis = result;
    state.detected = result.detection.system;
    fillSystemSelect();
    renderReport(report, result, state.lang);
    report.dataset.state = 'done';
    (document.getElementById('insert-report') as HTMLButtonElement | null)?.removeAttribute('disabled');
    setStatus('doneSummary', { system: systemName(result.detection.system, state.lang), rows: periodsOf(result) });
  } catch (e) {
    if (seq !== state.runSeq) return;
    if (e instanceof InputError) {
      if (e.reason === 'tooBig') showFailure('selectionTooBig', { n: e.cells, max: MAX_CELLS });
      else showFailure('selectionEmpty', {});
    } else if (e instanceof EngineError) {
      showFailure('engineFailed', { why: e.message });
    } else if (source.kind === 'selection' || source.kind === 'table') {
      showFailure('excelFailed', { why: describe(e) });
    } else {
      showFailure('analysisFailed', { why: describe(e) });
    }
  } finally {
    setBusy(-1);
  }
}

async function useFile(file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    showFailure('fileTooBig', { size: (file.size / 1048576).toFixed(1), max: MAX_FILE_BYTES / 1048576 });
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    showFailure('fileUnreadable', { why: describe(e) });
    return;
  }
  await run({ kind: 'file', name: file.name, bytes });
}

function pasteSource(): Source | null {
  const text = ($('paste-area') as HTMLTextAreaElement).value;
  return text.trim() === '' ? null : { kind: 'paste', text };
}

// ---------------------------------------------------------------------------------------------
// Excel.

async function refreshTables(): Promise<void> {
  if (state.host !== 'excel') return;
  const sel = select('table-select');
  try {
    const names = await Excel.run((context) => listTables(context));
    const shown = [...sel.options].map((o) => o.value).filter((v) => v !== '');
    // Leave an unchanged list alone, so refreshing on focus does not disturb an opening dropdown.
    if (shown.length === names.length && shown.every((n, i) => n === names[i]) && sel.options.length > 0) return;
    const current = sel.value;
    const placeholder = new Option(t(state.lang, names.length ? 'chooseTable' : 'noTables'), '');
    sel.replaceChildren(placeholder, ...names.map((n) => new Option(n, n)));
    sel.value = names.includes(current) ? current : '';
    sel.disabled = names.length === 0;
  } catch {
    // No table API (old Excel): the picker stays empty; the selection still works.
    sel.disabled = true;
  }
}

/**
 * Recalculates the workbook after the entitlements changed, so functions refused before a
 * sign-in compute (and those no longer included show why). Old Excel: the user recalculates.
 */
async function recalculate(): Promise<void> {
  try {
    await Excel.run(async (context) => {
      context.workbook.application.calculate(Excel.CalculationType.full);
      await context.sync();
    });
  } catch {
    // Nothing to do: the next recalculation uses the new entitlements.
  }
}

async function insertReport(): Promise<void> {
  const analysis = state.analysis;
  if (!analysis) {
    setStatus('needReport', {}, true);
    return;
  }
  setBusy(+1);
  setStatus('inserting');
  try {
    const layout = await Excel.run((context) => insertReportSheet(context, analysis, state.lang));
    setStatus('inserted', { name: layout.sheetName });
  } catch (e) {
    setStatus('excelFailed', { why: describe(e) }, true);
  } finally {
    setBusy(-1);
  }
}

// ---------------------------------------------------------------------------------------------
// Start.

function wire(): void {
  input('file-input').addEventListener('change', () => {
    const file = input('file-input').files?.[0];
    if (file) void useFile(file);
  });
  const drop = $('dropzone');
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('dragging');
    const file = ev.dataTransfer?.files?.[0];
    if (file) void useFile(file);
  });
  $('run-paste').addEventListener('click', () => {
    const src = pasteSource();
    if (!src) setStatus('pasteEmpty', {}, true);
    else void run(src);
  });
  // The run button analyses what the user touched last: editing the paste area makes it the source.
  $('paste-area').addEventListener('input', () => {
    state.source = pasteSource();
  });
  $('paste-area').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      $('run-paste').click();
    }
  });
  $('run-button').addEventListener('click', () => {
    // Re-run what was analysed last (with the current options); else the pasted text, or the
    // selection in Excel.
    const src = state.source ?? pasteSource() ?? (state.host === 'excel' ? { kind: 'selection' as const } : null);
    void run(src);
  });
  $('use-selection').addEventListener('click', () => void run({ kind: 'selection' }));
  $('use-table').addEventListener('click', () => {
    const name = select('table-select').value;
    if (!name) setStatus('noTableChosen', {}, true);
    else void run({ kind: 'table', name });
  });
  select('table-select').addEventListener('focus', () => void refreshTables());
  $('insert-report').addEventListener('click', () => void insertReport());
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (state.analysis) resizeCharts($('report'), state.analysis, state.lang);
      }, 120);
    }).observe($('report'));
  }
  select('language-select').addEventListener('change', () => {
    state.lang = select('language-select').value === 'es' ? 'es' : 'en';
    applyTexts();
  });
}

async function start(): Promise<void> {
  setTheme(webLightTheme);
  wire();
  state.lang = pickLanguage(null, navigator.languages ?? [navigator.language]);
  select('language-select').value = state.lang;
  applyTexts();
  // Start the engine while office.js settles, so the first run does not wait for it.
  const version = client.version();
  const host = await detectHost();
  state.host = host.kind;
  document.body.classList.remove('host-pending');
  document.body.classList.add(`host-${host.kind}`);
  document.querySelectorAll<HTMLElement>('[data-host="excel"]').forEach((el) => {
    el.hidden = host.kind !== 'excel';
  });
  if (host.kind === 'excel' && host.displayLanguage) {
    state.lang = pickLanguage(host.displayLanguage, []);
    select('language-select').value = state.lang;
  }
  applyTexts();
  account.start(host.kind);
  if (host.kind === 'excel') void refreshTables();
  try {
    state.version = String(await version);
    $('engine-version').textContent = t(state.lang, 'engineReady', { version: state.version });
  } catch (e) {
    $('engine-version').textContent = '';
    if (!state.status) setStatus('engineFailed', { why: describe(e) }, true);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => void start());
} else {
  void start();
}
