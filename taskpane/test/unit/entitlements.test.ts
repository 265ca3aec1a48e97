// The user's entitlements travel from the account to the WASM core on every call: a custom
// function's handler → CoreClient → the worker protocol → engine.handleRequest → callFunction's
// third argument, and a report's options.entitlements. The fake core records what it was given
// and refuses like the real one (`{error: '#N/A', message: '… is not in your plan …'}`).
import { describe, expect, it } from 'vitest';
import { BINDINGS } from '../../src/functions/bindings.generated';
import { registerCustomFunctions, type CustomFunctionsApi } from '../../src/functions/functions';
import { CoreClient, type TransportFactory } from '../../src/worker/core-client';
import { handleRequest, type WasmApi } from '../../src/worker/engine';

const FREE = ['functions.basic', 'system.sales'];
const PRO = [...FREE, 'system.pnl', 'system.inventory', 'system.pricing', 'system.customers'];
const NEEDS: Record<string, string> = { 'AISM.EOQ': 'system.inventory', 'AISM.FORECAST': 'functions.basic' };

function fakeCore() {
  const seen: { name: string; entitlements: unknown }[] = [];
  const reports: unknown[] = [];
  const api: WasmApi = {
    callFunction: (name, _args, entitlements) => {
      seen.push({ name, entitlements });
      const needed = NEEDS[name] ?? 'functions.basic';
      if (!entitlements.includes(needed)) {
        return { error: '#N/A', message: `${name} is not in your plan (it needs ${needed}, part of the Course, Pro and Team plans).` };
      }
      return [[42]];
    },
    runReport: (_table, options) => {
      reports.push(options);
      return { error: '#N/A', message: 'This table is for the pnl report, which is not in your plan.' };
    },
    runReportFile: (_bytes, _sheet, options) => {
      reports.push(options);
      return { error: '#VALUE!', message: 'no rows' };
    },
    verifyLicense: () => ({ valid: false }),
    planEntitlements: () => FREE,
    functionCatalog: () => [],
    version: () => 'test',
  };
  // The in-page transport of core-client.ts, with this fake instead of the WASM package.
  const factory: TransportFactory = (onResults) => ({
    post: (m) => queueMicrotask(() => onResults({ kind: 'results', responses: m.requests.map((r) => handleRequest(api, r)) })),
    terminate: () => undefined,
  });
  return { seen, reports, client: new CoreClient(factory, (flush) => queueMicrotask(flush)) };
}

class CfError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

function excel(client: CoreClient, entitlements: () => readonly string[]) {
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const cf: CustomFunctionsApi = {
    associate: (id, fn) => void handlers.set(id, fn as (...args: unknown[]) => Promise<unknown>),
    Error: CfError as unknown as CustomFunctionsApi['Error'],
  };
  registerCustomFunctions(cf, client, async () => entitlements(), BINDINGS);
  return (id: string, ...args: unknown[]) => {
    const h = handlers.get(id);
    if (!h) throw new Error(`${id} is not associated`);
    return h(...args);
  };
}

describe('entitlements reach the core', () => {
  it('signed out (Free): EOQ is refused with the plan message, FORECAST runs', async () => {
    const { client, seen } = fakeCore();
    const call = excel(client, () => FREE);
    await expect(call('EOQ', 1000, 50, 2)).rejects.toMatchObject({ code: '#N/A', message: expect.stringContaining('is not in your plan') });
    await expect(call('FORECAST', [[1], [2], [3]])).resolves.toEqual([[42]]);
    expect(seen).toEqual([
      { name: 'AISM.EOQ', entitlements: FREE },
      { name: 'AISM.FORECAST', entitlements: FREE },
    ]);
  });

  it('after a sign-in the next call carries the licence’s entitlements', async () => {
    const { client, seen } = fakeCore();
    let granted: readonly string[] = FREE;
    const call = excel(client, () => granted);
    await expect(call('EOQ', 1000, 50, 2)).rejects.toMatchObject({ code: '#N/A' });
    granted = PRO;
    await expect(call('EOQ', 1000, 50, 2)).resolves.toEqual([[42]]);
    expect(seen.map((s) => s.entitlements)).toEqual([FREE, PRO]);
  });

  it('reports carry them as options.entitlements', async () => {
    const { client, reports } = fakeCore();
    await expect(client.runReport([['Account', 'Amount']], { language: 'en' }, FREE)).resolves.toMatchObject({ error: '#N/A' });
    await client.runReportFile(new Uint8Array([1]), null, { horizon: 3 }, PRO);
    expect(reports).toEqual([
      { language: 'en', entitlements: FREE },
      { horizon: 3, entitlements: PRO },
    ]);
  });
});
