import { describe, expect, it } from 'vitest';
import type { CoreRequest } from '../../src/shared/protocol';
import { handleRequest, loadEngine, type WasmApi } from '../../src/worker/engine';

function fakeApi(overrides: Partial<WasmApi> = {}): WasmApi & { seen: unknown[][] } {
  const seen: unknown[][] = [];
  return {
    seen,
    callFunction: (name, args, entitlements) => {
      seen.push(['call', name, args, entitlements]);
      return [[1]];
    },
    runReport: (table, options) => {
      seen.push(['report', table, options]);
      return { detection: {} };
    },
    runReportFile: (bytes, sheet, options) => {
      seen.push(['file', bytes.length, sheet, options]);
      return { detection: {} };
    },
    verifyLicense: (token, options) => {
      seen.push(['verify', token, options]);
      return { valid: false, code: 'malformed' };
    },
    planEntitlements: (plan) => (plan === 'free' ? ['functions.basic', 'system.sales'] : []),
    functionCatalog: () => [{ name: 'FORECAST' }],
    version: () => '0.1.0',
    ...overrides,
  };
}

describe('handleRequest', () => {
  const FREE = ['functions.basic', 'system.sales'];
  const PRO = ['functions.basic', 'system.sales', 'system.inventory'];

  it('runs each kind of request on the engine, with the request\'s entitlements', () => {
    const api = fakeApi();
    expect(handleRequest(api, { id: 1, op: 'call', name: 'AISM.FORECAST', args: [[[1]], null], entitlements: FREE })).toEqual({
      id: 1,
      ok: true,
      value: [[1]],
    });
    expect(handleRequest(api, { id: 2, op: 'version' })).toEqual({ id: 2, ok: true, value: '0.1.0' });
    expect(handleRequest(api, { id: 3, op: 'catalog' })).toMatchObject({ ok: true, value: [{ name: 'FORECAST' }] });
    handleRequest(api, {
      id: 4,
      op: 'report',
      table: [['Date', 'Sales']],
      options: { horizon: 7, system: undefined, originRow: 4, originColumn: 2 },
      entitlements: PRO,
    });
    // Entitlements in the options do not count: the request's are the account's.
    handleRequest(api, {
      id: 5,
      op: 'reportFile',
      bytes: new Uint8Array(3),
      sheet: null,
      options: { language: 'es', entitlements: PRO },
      entitlements: FREE,
    });
    expect(handleRequest(api, { id: 6, op: 'planEntitlements', plan: 'free' })).toEqual({ id: 6, ok: true, value: FREE });
    handleRequest(api, { id: 7, op: 'verifyLicense', token: 'aisml1.x.y', options: { now: 5, lastSeen: 4 } });
    expect(api.seen).toEqual([
      ['call', 'AISM.FORECAST', [[[1]], null], FREE],
      ['report', [['Date', 'Sales']], { horizon: 7, originRow: 4, originColumn: 2, entitlements: PRO }],
      ['file', 3, null, { language: 'es', entitlements: FREE }],
      ['verify', 'aisml1.x.y', { now: 5, lastSeen: 4 }],
    ]);
  });

  it('refuses a computing request that carries no entitlements (the core would check nothing)', () => {
    const api = fakeApi();
    const bare = { id: 8, op: 'call', name: 'AISM.EOQ', args: [] } as unknown as CoreRequest;
    expect(handleRequest(api, bare)).toEqual({
      id: 8,
      ok: false,
      message: 'the engine failed on this request (the request carries no entitlements)',
      fatal: false,
    });
    const report = { id: 9, op: 'report', table: [], options: {} } as unknown as CoreRequest;
    expect(handleRequest(api, report)).toMatchObject({ ok: false });
    expect(api.seen).toEqual([]);
  });

  it('answers a thrown exception with ok: false, fatal only for a WebAssembly trap', () => {
    const thrower = fakeApi({
      callFunction: () => {
        throw new TypeError('bad');
      },
    });
    expect(handleRequest(thrower, { id: 9, op: 'call', name: 'AISM.X', args: [], entitlements: [] })).toEqual({
      id: 9,
      ok: false,
      message: 'the engine failed on this request (bad)',
      fatal: false,
    });
    const trapped = fakeApi({
      callFunction: () => {
        throw new WebAssembly.RuntimeError('unreachable');
      },
    });
    expect(handleRequest(trapped, { id: 10, op: 'call', name: 'AISM.X', args: [], entitlements: [] })).toMatchObject({
      ok: false,
      fatal: true,
    });
  });
});

describe('loadEngine', () => {
  it('imports pkg/aism_wasm.js next to the base URL and starts it with the .wasm beside it', async () => {
    const imported: string[] = [];
    let initArg: unknown;
    const api = await loadEngine('https://addin.example/app/worker.js', async (url) => {
      imported.push(url);
      return {
        ...fakeApi(),
        default: async (init: unknown) => {
          initArg = init;
        },
      };
    });
    expect(imported).toEqual(['https://addin.example/app/pkg/aism_wasm.js']);
    expect(String((initArg as { module_or_path: URL }).module_or_path)).toBe(
      'https://addin.example/app/pkg/aism_wasm_bg.wasm',
    );
    expect(api.version()).toBe('0.1.0');
  });

  it('says which file could not be loaded', async () => {
    await expect(
      loadEngine('https://addin.example/worker.js', async () => {
        throw new Error('404');
      }),
    ).rejects.toThrow('the engine script /pkg/aism_wasm.js could not be loaded (404)');
    await expect(loadEngine('https://addin.example/worker.js', async () => ({ nothing: true }))).rejects.toThrow(
      'is not the AISM engine package',
    );
    await expect(
      loadEngine('https://addin.example/worker.js', async () => ({
        ...fakeApi(),
        default: async () => {
          throw new Error('CompileError');
        },
      })),
    ).rejects.toThrow('/pkg/aism_wasm_bg.wasm could not be started (CompileError)');
  });
});
