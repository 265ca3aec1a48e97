/**
 * The Google Sheets sidebar: "Analyze selection" runs the analysis on the server
 * (google.script.run → analyzeSelection) and shows the task pane's report view; "Insert report
 * sheet" asks the server to write it into a new sheet. The Account panel (the task pane's view)
 * signs in with the user's Google identity on the server (accountSignIn) and shows the plan and
 * licence. English or Spanish via the task pane's texts.
 */
import { isAccountState, type AccountState } from '../../../taskpane/src/shared/account';
import { isAnalysis, type Analysis, type Lang } from '../../../taskpane/src/shared/analysis';
import { renderAccount } from '../../../taskpane/src/taskpane/account-view';
import { pickLanguage, systemName, t, type MessageKey } from '../../../taskpane/src/taskpane/i18n';
import { renderReport, resizeCharts } from '../../../taskpane/src/taskpane/report-view';
import { readSystemOptions } from '../../../taskpane/src/taskpane/system-options';

/** The part of google.script.run the sidebar uses. */
interface ScriptRun {
  withSuccessHandler(f: (value: unknown) => void): ScriptRun;
  withFailureHandler(f: (error: unknown) => void): ScriptRun;
  analyzeSelection(options: unknown): void;
  insertReport(analysis: unknown, language: Lang): void;
  accountState(): void;
  accountSignIn(): void;
  accountSignOut(): void;
}
declare const google: { script: { run: ScriptRun } };

/** Sidebar texts the task pane does not have. */
const EXTRA: Record<Lang, Record<string, string>> = {
  en: {
    sheetsHint: 'Select a range with a header row (dates and amounts), then analyze it.',
    useSelection: 'Analyze selection',
    sheetsFailed: 'Google Sheets reported a problem: {why}',
  },
  es: {
    sheetsHint: 'Seleccione un rango con una fila de encabezado (fechas e importes) y analícelo.',
    useSelection: 'Analizar la selección',
    sheetsFailed: 'Google Sheets informó un problema: {why}',
  },
};

const state: { lang: Lang; analysis: Analysis | null; busy: boolean } = {
  lang: pickLanguage(null, navigator.languages ?? [navigator.language]),
  analysis: null,
  busy: false,
};

/** The Account panel: the last state the server sent, a call in flight, what to tell the user. */
const account: {
  state: AccountState | null;
  busy: boolean;
  note: { key: MessageKey; vars: Record<string, string>; error: boolean } | null;
} = { state: null, busy: false, note: null };

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}

function text(key: string, vars: Record<string, string | number> = {}): string {
  const extra = EXTRA[state.lang][key];
  if (extra !== undefined) return extra.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  return t(state.lang, key as MessageKey, vars);
}

function whyOf(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

function setStatus(message: string, error = false): void {
  const el = $('status');
  el.textContent = message;
  el.classList.toggle('error', error);
}

function setBusy(busy: boolean): void {
  state.busy = busy;
  $('progress').hidden = !busy;
  ($('analyze-selection') as HTMLButtonElement).disabled = busy;
  ($('insert-report') as HTMLButtonElement).disabled = busy || !state.analysis;
}

function applyLanguage(): void {
  document.documentElement.lang = state.lang;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = text(el.dataset.i18n ?? '');
  });
  for (const o of Array.from(($('system-select') as HTMLSelectElement).options)) {
    if (o.value) o.textContent = systemName(o.value, state.lang);
  }
  if (state.analysis) renderReport($('report'), state.analysis, state.lang);
  renderAccountPanel();
}

function renderAccountPanel(): void {
  renderAccount($('account-status'), account.state, state.lang);
  const signedIn = Boolean(account.state?.signedIn);
  $('sign-in').hidden = account.state === null || signedIn;
  $('sign-out').hidden = !signedIn;
  for (const id of ['sign-in', 'sign-out']) ($(id) as HTMLButtonElement).disabled = account.busy;
  const msg = $('account-message');
  const n = account.note;
  msg.textContent = n ? t(state.lang, n.key, n.vars) : '';
  msg.classList.toggle('error', Boolean(n?.error));
  msg.setAttribute('role', n?.error ? 'alert' : 'status');
}

/** Runs an account function on the server and shows the state it returns. */
function accountCall(fn: 'accountState' | 'accountSignIn' | 'accountSignOut', progress: MessageKey | null, failKey: MessageKey): void {
  if (account.busy) return;
  account.busy = true;
  account.note = progress ? { key: progress, vars: {}, error: false } : null;
  renderAccountPanel();
  google.script.run
    .withSuccessHandler((value) => {
      account.busy = false;
      if (isAccountState(value)) {
        account.state = value;
        account.note = null;
      } else {
        account.note = { key: failKey, vars: { why: text('unexpected') }, error: true };
      }
      renderAccountPanel();
    })
    .withFailureHandler((e) => {
      account.busy = false;
      account.note = { key: failKey, vars: { why: whyOf(e) }, error: true };
      renderAccountPanel();
    })
    [fn]();
}

function periodsOf(a: Analysis): number {
  const actual = a.report.charts[0]?.series.find((s) => s.role === 'actual');
  return actual ? actual.values.filter((v) => v !== null).length : 0;
}

function analyze(): void {
  if (state.busy) return;
  const horizon = Number(($('horizon-input') as HTMLInputElement).value);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3660) {
    setStatus(text('horizonInvalid', { max: 3660 }), true);
    return;
  }
  const extra = readSystemOptions((id) => ($(id) as HTMLInputElement).value);
  if ('error' in extra) {
    setStatus(text(extra.error), true);
    return;
  }
  const system = ($('system-select') as HTMLSelectElement).value;
  setBusy(true);
  setStatus(text('running'));
  $('report').dataset.state = 'running';
  google.script.run
    .withSuccessHandler((value) => {
      setBusy(false);
      if (!isAnalysis(value)) {
        $('report').dataset.state = 'error';
        setStatus(text('unexpected'), true);
        return;
      }
      state.analysis = value;
      renderReport($('report'), value, state.lang);
      $('report').dataset.state = 'done';
      setBusy(false);
      setStatus(text('doneSummary', { system: systemName(value.detection.system, state.lang), rows: periodsOf(value) }));
    })
    .withFailureHandler((e) => {
      setBusy(false);
      $('report').dataset.state = 'error';
      setStatus(text('analysisFailed', { why: whyOf(e) }), true);
    })
    .analyzeSelection({ ...extra.options, ...(system ? { system } : {}), horizon, language: state.lang });
}

function insert(): void {
  if (state.busy) return;
  if (!state.analysis) {
    setStatus(text('needReport'), true);
    return;
  }
  setBusy(true);
  setStatus(text('inserting'));
  google.script.run
    .withSuccessHandler((layout) => {
      setBusy(false);
      const name = (layout as { sheetName?: unknown } | null)?.sheetName;
      setStatus(text('inserted', { name: typeof name === 'string' ? name : '' }));
    })
    .withFailureHandler((e) => {
      setBusy(false);
      setStatus(text('sheetsFailed', { why: whyOf(e) }), true);
    })
    .insertReport(state.analysis, state.lang);
}

/** The report's tables are behind tabs; without Fluent's tablist, switch panels on click. */
function onReportClick(ev: Event): void {
  const tab = (ev.target as HTMLElement | null)?.closest<HTMLElement>('fluent-tab');
  if (!tab) return;
  const list = tab.parentElement;
  list?.querySelectorAll<HTMLElement>('fluent-tab').forEach((tb) => {
    const selected = tb === tab;
    tb.setAttribute('aria-selected', String(selected));
    const panel = document.getElementById(tb.getAttribute('aria-controls') ?? '');
    if (panel) panel.hidden = !selected;
  });
}

function start(): void {
  const lang = $('language-select') as HTMLSelectElement;
  lang.value = state.lang;
  lang.addEventListener('change', () => {
    state.lang = lang.value === 'es' ? 'es' : 'en';
    applyLanguage();
  });
  $('analyze-selection').addEventListener('click', analyze);
  $('insert-report').addEventListener('click', insert);
  $('report').addEventListener('click', onReportClick);
  $('sign-in').addEventListener('click', () => accountCall('accountSignIn', 'signingIn', 'signInFailed'));
  $('sign-out').addEventListener('click', () => accountCall('accountSignOut', 'signingOut', 'accountFailed'));
  window.addEventListener('resize', () => {
    if (state.analysis) resizeCharts($('report'), state.analysis, state.lang);
  });
  applyLanguage();
  accountCall('accountState', null, 'accountFailed');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
