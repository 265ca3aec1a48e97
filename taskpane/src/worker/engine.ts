/**
 * Loading the WASM core and running one request on it. Shared by the Web Worker
 * (core-worker.ts) and the in-page fallback used where module workers are unavailable.
 */
import type { ReportOptions } from '../shared/analysis';
import type { CoreRequest, CoreResponse } from '../shared/protocol';

/** The exports of the wasm-bindgen package (`wasm/pkg-web/aism_wasm.js`) the pane uses. */
export interface WasmApi {
  /** `entitlements`: what the user may run; always given (omitted, the core checks nothing). */
  callFunction(name: string, args: unknown, entitlements: string[]): unknown;
  runReport(table: unknown, options: unknown): unknown;
  runReportFile(bytes: Uint8Array, sheet: string | null, options: unknown): unknown;
  verifyLicense(token: string, options: unknown): unknown;
  planEntitlements(plan: string): unknown;
  functionCatalog(): unknown;
  version(): string;
}

interface WasmModule extends WasmApi {
  default(init: { module_or_path: URL }): Promise<unknown>;
}

/** Imports a module by URL (a parameter so tests can replace it). */
export type Importer = (url: string) => Promise<unknown>;

const nativeImport: Importer = (url) => import(/* @vite-ignore */ url);

/**
 * Loads `pkg/aism_wasm.js` and `pkg/aism_wasm_bg.wasm` relative to `base` (the URL of worker.js,
 * or of the page for the in-page fallback) and instantiates the module.
 */
export async function loadEngine(base: string | URL, importer: Importer = nativeImport): Promise<WasmApi> {
  const jsUrl = new URL('./pkg/aism_wasm.js', base);
  const wasmUrl = new URL('./pkg/aism_wasm_bg.wasm', base);
  let mod: WasmModule;
  try {
    mod = (await importer(jsUrl.href)) as WasmModule;
  } catch (e) {
    throw new Error(`the engine script ${jsUrl.pathname} could not be loaded (${describe(e)})`);
  }
  if (typeof mod.default !== 'function' || typeof mod.callFunction !== 'function') {
    throw new Error(`${jsUrl.pathname} is not the AISM engine package`);
  }
  try {
    await mod.default({ module_or_path: wasmUrl });
  } catch (e) {
    throw new Error(`the engine ${wasmUrl.pathname} could not be started (${describe(e)})`);
  }
  return mod;
}

/** A short description of a thrown value. */
export function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function isRuntimeError(e: unknown): boolean {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

/**
 * Normalises report options: drops undefined entries so serde sees only what was set, and puts
 * the request's entitlements in (whatever the options said).
 */
function reportOptions(o: ReportOptions, entitlements: string[]): ReportOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && v !== null && v !== '') out[k] = v;
  }
  out.entitlements = entitlements;
  return out as ReportOptions;
}

/** The entitlements of a request, checked: a request from the page must always carry them. */
function entitlementsOf(req: { entitlements?: unknown }): string[] {
  const e = req.entitlements;
  if (!Array.isArray(e) || !e.every((x) => typeof x === 'string')) {
    throw new Error('the request carries no entitlements');
  }
  return e as string[];
}

/** Runs one request on the engine. Never throws. */
export function handleRequest(api: WasmApi, req: CoreRequest): CoreResponse {
  try {
    let value: unknown;
    switch (req.op) {
      case 'call':
        value = api.callFunction(req.name, req.args, entitlementsOf(req));
        break;
      case 'report':
        value = api.runReport(req.table, reportOptions(req.options, entitlementsOf(req)));
        break;
      case 'reportFile':
        value = api.runReportFile(req.bytes, req.sheet, reportOptions(req.options, entitlementsOf(req)));
        break;
      case 'verifyLicense':
        value = api.verifyLicense(req.token, req.options);
        break;
      case 'planEntitlements':
        value = api.planEntitlements(req.plan);
        break;
      case 'catalog':
        value = api.functionCatalog();
        break;
      case 'version':
        value = api.version();
        break;
      default:
        return { id: (req as { id: number }).id, ok: false, message: 'the engine does not know this request', fatal: false };
    }
    return { id: req.id, ok: true, value };
  } catch (e) {
    return {
      id: req.id,
      ok: false,
      message: `the engine failed on this request (${describe(e)})`,
      fatal: isRuntimeError(e),
    };
  }
}
