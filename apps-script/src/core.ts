/**
 * AISMCore: the Apps Script side of the Google Sheets add-on, bundled by build.mjs into
 * `dist/core.js` as `var AISMCore = …`. The WASM core is embedded in the bundle and instantiated
 * once per script execution; custom functions, the menu, the sidebar's server calls and the
 * report sheet all go through the functions exported here. The global entry points Apps Script
 * calls are in `entry.js` and `functions.generated.js`.
 *
 * The account (the task pane's shared/account.ts) keeps its session and licence in the user's
 * properties; every function call and report carries the entitlements of that licence, or the
 * Free plan's.
 */
import init, * as wasm from '../../wasm/pkg-web/aism_wasm.js';
import wasmBase64 from '../../wasm/pkg-web/aism_wasm_bg.wasm';
import { Account, toStringList, toVerification, type AccountEnv, type AccountState, type HttpRequest } from '../../taskpane/src/shared/account';
import { base64ToBytes } from './base64';
import { isAnalysis, isCoreError, type Analysis, type Lang, type ReportOptions } from '../../taskpane/src/shared/analysis';
import { langFromTag } from '../../taskpane/src/taskpane/i18n';
import { MAX_CELLS } from '../../taskpane/src/taskpane/excel-input';
import { writeReportSheet, type SheetsReportLayout } from './sheets-report';

export type { SheetsReportLayout };

/** Title of the sidebar and of the add-on's dialogs. */
export const APP_TITLE = 'AI Spreadsheet Mastery';
/** CacheService key of the last analysis (`aism:last:0`, `aism:last:1` … hold its chunks). */
export const CACHE_KEY = 'aism:last';
/** Characters per cache entry: at most 3 UTF-8 bytes each, under CacheService's 100 KB a value. */
const CACHE_CHUNK_CHARS = 30_000;
/** How long the last analysis is kept (CacheService's maximum, 6 hours). */
const CACHE_SECONDS = 21_600;

/** Script property holding the server's origin (`https://addin.example.com`). */
export const SERVER_URL_PROPERTY = 'AISM_SERVER_URL';

/** The exports of the WASM package used here (typed here: the generated .d.ts may lag behind). */
interface WasmCore {
  /** `entitlements`: always given (omitted, the core checks nothing). */
  callFunction(name: string, args: unknown, entitlements: string[]): unknown;
  runReport(table: unknown, options: unknown): unknown;
  functionCatalog(): unknown;
  verifyLicense(token: unknown, options: unknown): unknown;
  planEntitlements(plan: string): unknown;
  version(): string;
}

const core = wasm as unknown as WasmCore;

let ready: Promise<unknown> | undefined;

/** Instantiates the WASM core; the first call starts it, later ones share the same promise. */
export function initCore(): Promise<unknown> {
  if (!ready) {
    // The pkg's own .d.ts types this import as the module's exports; the base64 loader makes it text.
    ready = init({ module_or_path: base64ToBytes(wasmBase64 as unknown as string) });
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

const MS_PER_DAY = 86_400_000;
const SERIAL_ZERO_UTC = Date.UTC(1899, 11, 30);

/** The serial number (days since 1899-12-30) of a Date, read in the script's time zone. */
export function dateToSerial(d: Date): number {
  const utc = Date.UTC(
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    d.getMilliseconds(),
  );
  return (utc - SERIAL_ZERO_UTC) / MS_PER_DAY;
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]' && !Number.isNaN((v as Date).getTime());
}

/** A cell as the core takes it: Dates → serial numbers, empty cells ("") → null. */
function cellIn(v: unknown): unknown {
  if (v === undefined || v === '') return null;
  if (isDate(v)) return dateToSerial(v);
  return v;
}

/** An argument of a custom function as the core takes it (ranges stay arrays of rows). */
export function argIn(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((row) => (Array.isArray(row) ? row.map(cellIn) : cellIn(row)));
  return cellIn(v);
}

/**
 * Runs registry function `registryName` ("AISM.FORECAST") for a custom function: Sheets passes
 * ranges as arrays of rows, single cells as scalars and omitted trailing arguments as undefined.
 * Returns the result rows (blank cells as ""); a core error is thrown as "<code> <message>", which
 * Sheets shows in the cell.
 */
export async function customFunction(registryName: string, args: readonly unknown[]): Promise<unknown[][]> {
  await initCore();
  const result: unknown = core.callFunction(registryName, args.map(argIn), await entitlements(false));
  if (isCoreError(result)) {
    throw new Error(result.message ? `${result.error} ${result.message}` : result.error);
  }
  if (!Array.isArray(result)) throw new Error(`#VALUE! ${registryName} returned no rows.`);
  return result.map((row: unknown) =>
    Array.isArray(row) ? row.map((c: unknown) => (c === null || c === undefined ? '' : c)) : [row ?? ''],
  );
}

/** The function catalog of the core (names, parameters, descriptions). */
export async function catalog(): Promise<unknown> {
  await initCore();
  return core.functionCatalog();
}

/** The version of the core. */
export async function version(): Promise<string> {
  await initCore();
  return core.version();
}

// ---------------------------------------------------------------------------------------------
// The account.

/** HTTP through UrlFetchApp (synchronous; wrapped for the account's promises). */
function urlFetch(url: string, req: HttpRequest): Promise<{ status: number; text: string }> {
  const headers = { ...req.headers };
  delete headers['content-type'];
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: req.method === 'POST' ? 'post' : 'get',
    headers,
    // Error answers are read (their JSON says why), not thrown.
    muteHttpExceptions: true,
  };
  if (req.body !== undefined) {
    params.contentType = 'application/json';
    params.payload = req.body;
  }
  const res = UrlFetchApp.fetch(url, params);
  return Promise.resolve({ status: res.getResponseCode(), text: res.getContentText() });
}

/** The server's origin from the script properties; sign-in explains where to set it. */
function serverUrl(): string {
  const url = PropertiesService.getScriptProperties().getProperty(SERVER_URL_PROPERTY);
  if (!url) throw new Error(`the add-on has no server: set the script property ${SERVER_URL_PROPERTY} to its address`);
  return url;
}

/**
 * The account of the user running the script: tokens and licence in the user properties, the
 * licence verified by the WASM core (initialised by the caller).
 */
function account(): Account {
  const props = PropertiesService.getUserProperties();
  const env: AccountEnv = {
    get baseUrl() {
      return serverUrl();
    },
    http: urlFetch,
    store: {
      get: (k) => props.getProperty(k),
      set: (k, v) => void props.setProperty(k, v),
      remove: (k) => void props.deleteProperty(k),
    },
    now: () => Date.now(),
    verify: (token, options) => toVerification(core.verifyLicense(token, options)),
    freeEntitlements: () => toStringList(core.planEntitlements('free')),
  };
  return new Account(env);
}

/**
 * The user's entitlements now: the kept licence verified offline — read only for custom
 * functions (`renew` false: they may neither write properties nor fetch), renewed first when due
 * for the menu and the sidebar. The Free plan's when there is no licence or the properties
 * cannot be read.
 */
async function entitlements(renew: boolean): Promise<string[]> {
  try {
    const a = account();
    return (await (renew ? a.current() : a.state({ persist: false }))).entitlements;
  } catch {
    return toStringList(core.planEntitlements('free'));
  }
}

/** Sidebar: the account, after renewing the licence when it is due. */
export async function accountState(): Promise<AccountState> {
  await initCore();
  return account().current();
}

/**
 * Sidebar "Sign in with Google": the user's Google identity token (`ScriptApp.getIdentityToken`,
 * scopes openid and email) exchanged at the server, then a licence checked out.
 */
export async function accountSignIn(): Promise<AccountState> {
  await initCore();
  const token = ScriptApp.getIdentityToken();
  if (!token) throw new Error('Google gave no identity token: reload the spreadsheet and allow the add-on to see your email address.');
  return account().signIn({ kind: 'google', token });
}

/** Sidebar "Sign out": ends the session and forgets the licence (the Free plan applies). */
export async function accountSignOut(): Promise<AccountState> {
  await initCore();
  return account().signOut();
}

/** The ISO date (yyyy-mm-dd) of a Date's calendar day in the script's time zone. */
function isoDay(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * The table to send to the core: whole-day Dates become ISO date texts (so the core reads the
 * column as dates whatever it is called), other Dates serial numbers, empty cells null.
 */
export function valuesToTable(values: readonly (readonly unknown[])[]): unknown[][] {
  return values.map((row) =>
    row.map((v) => {
      if (isDate(v)) {
        const whole = v.getHours() === 0 && v.getMinutes() === 0 && v.getSeconds() === 0 && v.getMilliseconds() === 0;
        return whole ? isoDay(v) : dateToSerial(v);
      }
      return v === '' || v === undefined ? null : v;
    }),
  );
}

/** The user's language: Spanish for an `es` locale, English otherwise. */
export function userLanguage(): Lang {
  try {
    return langFromTag(Session.getActiveUserLocale()) ?? 'en';
  } catch {
    return 'en';
  }
}

/** What the sidebar sends with "Analyze selection". */
export interface AnalyzeOptions extends Omit<ReportOptions, 'originRow' | 'originColumn'> {
  language?: Lang;
}

/** The last analysis and its language, as kept in the user cache. */
interface Stored {
  lang: Lang;
  analysis: Analysis;
}

function store(s: Stored): void {
  const cache = CacheService.getUserCache();
  if (!cache) return;
  const json = JSON.stringify(s);
  const entries: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < json.length; i += CACHE_CHUNK_CHARS) entries[`${CACHE_KEY}:${n++}`] = json.slice(i, i + CACHE_CHUNK_CHARS);
  entries[CACHE_KEY] = String(n);
  cache.putAll(entries, CACHE_SECONDS);
}

function load(): Stored | null {
  const cache = CacheService.getUserCache();
  const count = Number(cache?.get(CACHE_KEY));
  if (!cache || !Number.isInteger(count) || count <= 0) return null;
  const keys = Array.from({ length: count }, (_, i) => `${CACHE_KEY}:${i}`);
  const parts = cache.getAll(keys) as Record<string, string | undefined>;
  const chunks = keys.map((k) => parts[k]);
  if (chunks.some((c) => typeof c !== 'string')) return null;
  try {
    const s = JSON.parse(chunks.join('')) as Stored;
    return isAnalysis(s.analysis) ? s : null;
  } catch {
    return null;
  }
}

/** The last analysis of this user (within the cache's 6 hours), or null. */
export function lastAnalysis(): Analysis | null {
  return load()?.analysis ?? null;
}

const MESSAGES = {
  en: {
    noSelection: 'Select a range with a header row (dates and amounts) first.',
    tooBig: 'The selection has {n} cells; select at most {max}.',
    needReport: 'Run an analysis first ("Analyze selection").',
    analyzed: '{rows} periods analyzed. Use "Insert report" to write the report sheet.',
    inserted: 'The report sheet "{name}" was added.',
    failed: 'AISM: {why}',
  },
  es: {
    noSelection: 'Seleccione primero un rango con una fila de encabezado (fechas e importes).',
    tooBig: 'La selección tiene {n} celdas; seleccione como máximo {max}.',
    needReport: 'Ejecute primero un análisis («Analizar la selección»).',
    analyzed: '{rows} periodos analizados. Use «Insertar informe» para escribir la hoja del informe.',
    inserted: 'Se añadió la hoja de informe «{name}».',
    failed: 'AISM: {why}',
  },
} as const;

function msg(lang: Lang, key: keyof (typeof MESSAGES)['en'], vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * Analyses the active range (a single cell means the data region around it) of the active
 * spreadsheet, keeps the analysis in the user cache for "Insert report" and returns it as plain
 * JSON. Throws an Error with a readable message when there is nothing to analyse or the core
 * reports an error.
 */
export async function analyzeSelection(options: AnalyzeOptions = {}): Promise<Analysis> {
  const lang: Lang = options.language === 'es' || options.language === 'en' ? options.language : userLanguage();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  let range = ss.getActiveRange();
  if (!range) throw new Error(msg(lang, 'noSelection'));
  if (range.getNumRows() * range.getNumColumns() === 1) range = range.getDataRegion();
  const cells = range.getNumRows() * range.getNumColumns();
  if (cells > MAX_CELLS) throw new Error(msg(lang, 'tooBig', { n: cells, max: MAX_CELLS }));
  const values = range.getValues();
  if (values.length < 2) throw new Error(msg(lang, 'noSelection'));
  await initCore();
  const opts: Record<string, unknown> = { originRow: range.getRow() - 1, originColumn: range.getColumn() - 1 };
  for (const [k, v] of Object.entries(options)) if (v !== undefined && v !== null && v !== '') opts[k] = v;
  opts.language = lang;
  opts.entitlements = await entitlements(true);
  const result: unknown = core.runReport(valuesToTable(values), opts);
  if (isCoreError(result)) throw new Error(result.message ? `${result.error} ${result.message}` : result.error);
  if (!isAnalysis(result)) throw new Error('The result of the analysis was not understood.');
  // Round-trip through JSON: google.script.run and the cache take plain data only.
  const analysis = JSON.parse(JSON.stringify(result)) as Analysis;
  store({ lang, analysis });
  return analysis;
}

/**
 * Writes `analysis` (by default the last one of this user) into a new sheet "AISM Report" (or
 * "AISM Report 2" …) in `language`, activates it and returns where everything went.
 */
export function insertReport(analysis?: Analysis | null, language?: Lang | null): SheetsReportLayout {
  const stored = analysis ? null : load();
  const lang: Lang = language === 'es' || language === 'en' ? language : (stored?.lang ?? userLanguage());
  const a = analysis ?? stored?.analysis;
  if (!a || !isAnalysis(a)) throw new Error(msg(lang, 'needReport'));
  return writeReportSheet(SpreadsheetApp.getActiveSpreadsheet(), a, lang);
}

function periods(a: Analysis): number {
  const chart = a.report.charts[0];
  const actual = chart?.series.find((s) => s.role === 'actual');
  return actual ? actual.values.filter((v) => v !== null).length : 0;
}

function toast(text: string): void {
  SpreadsheetApp.getActiveSpreadsheet().toast(text, APP_TITLE, 8);
}

function alertError(e: unknown, lang: Lang): void {
  const why = e instanceof Error ? e.message : String(e);
  try {
    SpreadsheetApp.getUi().alert(APP_TITLE, msg(lang, 'failed', { why }), SpreadsheetApp.getUi().ButtonSet.OK);
  } catch {
    toast(msg(lang, 'failed', { why }));
  }
}

/** Menu "Analyze selection": analyses and reports the outcome in a toast (errors in an alert). */
export async function analyzeSelectionFromMenu(): Promise<void> {
  const lang = userLanguage();
  try {
    const a = await analyzeSelection({ language: lang });
    toast(msg(lang, 'analyzed', { rows: periods(a) }));
  } catch (e) {
    alertError(e, lang);
  }
}

/** Menu "Insert report": writes the last analysis (analysing the selection when there is none). */
export async function insertReportFromMenu(): Promise<void> {
  const lang = userLanguage();
  try {
    const stored = load();
    const analysis = stored?.analysis ?? (await analyzeSelection({ language: lang }));
    const layout = insertReport(analysis, stored?.lang ?? lang);
    toast(msg(lang, 'inserted', { name: layout.sheetName }));
  } catch (e) {
    alertError(e, lang);
  }
}

/** Opens the sidebar (the `Sidebar` HTML file). */
export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(APP_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Adds the add-on menu: Open sidebar, Analyze selection, Insert report. */
export function onOpen(_e?: unknown): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Analyze selection', 'analyzeSelectionFromMenu')
    .addItem('Insert report', 'insertReportFromMenu')
    .addToUi();
}
