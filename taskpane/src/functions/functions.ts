/**
 * Excel custom functions (`=AISM.FORECAST(B2:B400, , 30)` …) on the WASM core. Every entry of the
 * generated BINDINGS is associated with a handler that sends the call to the core worker (batched
 * with the other calls of the same turn) with the user's entitlements, and maps the answer onto
 * Excel: rows that spill, blank cells as "", error values as CustomFunctions.Error (a function
 * outside the plan is #N/A with the core's message).
 *
 * Loaded from taskpane.js (shared runtime): the task pane and the functions share one engine.
 */
import { isCoreError } from '../shared/analysis';
import { BINDINGS } from './bindings.generated';

/** One generated binding. */
export type Binding = (typeof BINDINGS)[number];

/** What the handlers need of the core client. */
export interface CallClient {
  call(name: string, args: unknown[], entitlements: readonly string[]): Promise<unknown>;
}

/**
 * The user's entitlements at the time of a call (the account's; the Free plan's when signed
 * out). Asked on every call, so signing in or out applies to the next recalculation.
 */
export type EntitlementSource = () => Promise<readonly string[]>;

/** What the handlers need of the `CustomFunctions` global (injectable for tests). */
export interface CustomFunctionsApi {
  associate(id: string, fn: (...args: unknown[]) => unknown): void;
  Error?: new (code: CustomFunctions.ErrorCode, message?: string) => unknown;
}

/** Excel's error codes as the core spells them, mapped to CustomFunctions.ErrorCode values. */
const ERROR_CODES: Readonly<Record<string, CustomFunctions.ErrorCode>> = {
  '#VALUE!': '#VALUE!' as CustomFunctions.ErrorCode.invalidValue,
  '#NUM!': '#NUM!' as CustomFunctions.ErrorCode.invalidNumber,
  '#N/A': '#N/A' as CustomFunctions.ErrorCode.notAvailable,
  '#DIV/0!': '#DIV/0!' as CustomFunctions.ErrorCode.divisionByZero,
  '#REF!': '#REF!' as CustomFunctions.ErrorCode.invalidReference,
  '#NAME?': '#NAME?' as CustomFunctions.ErrorCode.invalidName,
  '#NULL!': '#NULL!' as CustomFunctions.ErrorCode.nullReference,
};

/**
 * The CustomFunctions.ErrorCode for a core error code: #VALUE!, #NUM!, #N/A, #DIV/0!, #REF!,
 * #NAME?, #NULL! map to themselves; anything else (#BUSY!, #CALC!, #SPILL! …) to #VALUE!.
 */
export function errorCodeFor(code: string): CustomFunctions.ErrorCode {
  return ERROR_CODES[code] ?? ('#VALUE!' as CustomFunctions.ErrorCode.invalidValue);
}

/** Builds the error value Excel shows (a CustomFunctions.Error, or a plain Error where the runtime has none). */
export function makeError(cf: CustomFunctionsApi, code: string, message?: string): unknown {
  const mapped = errorCodeFor(code);
  const text = message && message.length > 0 ? message : undefined;
  if (typeof cf.Error === 'function') return new cf.Error(mapped, text);
  return Object.assign(new Error(text ?? mapped), { code: mapped });
}

/** An error cell Excel handed over (a CustomFunctions.Error when error inputs are allowed). */
function inputErrorCode(v: object): string | null {
  const code = (v as { code?: unknown; error?: unknown }).code ?? (v as { error?: unknown }).error;
  return typeof code === 'string' && code.startsWith('#') ? code : null;
}

function cellToCore(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const code = inputErrorCode(v);
    if (code) return { error: code };
  }
  return String(v);
}

/**
 * One argument as the core takes it: an omitted optional argument (undefined or null) is null; a
 * range stays an array of rows with blank cells as null and error cells as `{error: "#N/A"}`; a
 * single value stays itself.
 */
export function toCoreArg(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    return v.map((row: unknown) => (Array.isArray(row) ? row.map(cellToCore) : cellToCore(row)));
  }
  if (typeof v === 'object' && !(v instanceof Date)) {
    const code = inputErrorCode(v);
    if (code) return { error: code };
  }
  return v;
}

/** The arguments of one invocation, padded with nulls to the function's parameter count. */
export function toCoreArgs(args: readonly unknown[], params: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < params; i++) out.push(toCoreArg(args[i]));
  return out;
}

function resultCell(cf: CustomFunctionsApi, v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : makeError(cf, '#NUM!');
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isCoreError(v)) return makeError(cf, v.error, v.message);
  return String(v);
}

/**
 * What Excel receives for a core result: a rectangular array of rows (jagged rows padded with "",
 * a single value as 1×1), blanks as "", error cells as error values. A whole-result error
 * (`{error, message}`) is thrown as a CustomFunctions.Error carrying the registry's message.
 */
export function toExcelResult(value: unknown, cf: CustomFunctionsApi): unknown[][] {
  if (isCoreError(value)) throw makeError(cf, value.error, value.message);
  if (!Array.isArray(value)) return [[resultCell(cf, value)]];
  const rows = value.map((row: unknown) =>
    Array.isArray(row) ? row.map((c: unknown) => resultCell(cf, c)) : [resultCell(cf, row)],
  );
  if (rows.length === 0) return [['']];
  const width = Math.max(1, ...rows.map((r) => r.length));
  return rows.map((r) => (r.length < width ? [...r, ...Array<string>(width - r.length).fill('')] : r));
}

/** The handler Excel invokes for one binding. */
export function makeHandler(
  binding: Binding,
  client: CallClient,
  cf: CustomFunctionsApi,
  entitlements: EntitlementSource,
): (...args: unknown[]) => Promise<unknown[][]> {
  return async (...args: unknown[]) => {
    let value: unknown;
    try {
      value = await client.call(binding.registryName, toCoreArgs(args, binding.params), await entitlements());
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw makeError(cf, '#N/A', `AISM could not compute this: ${why}.`);
    }
    return toExcelResult(value, cf);
  };
}

/** Associates every binding with its handler; returns the ids associated. */
export function registerCustomFunctions(
  cf: CustomFunctionsApi,
  client: CallClient,
  entitlements: EntitlementSource,
  bindings: ReadonlyArray<Binding> = BINDINGS,
): string[] {
  const ids: string[] = [];
  for (const b of bindings) {
    cf.associate(b.id, makeHandler(b, client, cf, entitlements));
    ids.push(b.id);
  }
  return ids;
}

/**
 * Registers the functions when the page runs where `CustomFunctions` exists (Excel's shared
 * runtime, or a test that injects it); does nothing in a plain browser.
 */
export function registerIfAvailable(client: CallClient, entitlements: EntitlementSource): string[] {
  if (typeof CustomFunctions === 'undefined') return [];
  const cf = CustomFunctions as unknown as CustomFunctionsApi;
  if (typeof cf.associate !== 'function') return [];
  return registerCustomFunctions(cf, client, entitlements);
}
