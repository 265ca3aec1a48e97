import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BINDINGS } from '../../src/functions/bindings.generated';
import {
  errorCodeFor,
  makeHandler,
  registerCustomFunctions,
  toCoreArg,
  toCoreArgs,
  toExcelResult,
  type CustomFunctionsApi,
} from '../../src/functions/functions';

/** Stands in for CustomFunctions.Error: keeps the code and message it was built with. */
class FakeCfError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

function fakeCf(): CustomFunctionsApi & { handlers: Map<string, (...args: unknown[]) => unknown> } {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  return {
    handlers,
    associate: (id, fn) => {
      handlers.set(id, fn);
    },
    Error: FakeCfError as unknown as CustomFunctionsApi['Error'],
  };
}

describe('error codes', () => {
  it('maps every Excel error the core returns to a CustomFunctions.ErrorCode', () => {
    expect(errorCodeFor('#VALUE!')).toBe('#VALUE!');
    expect(errorCodeFor('#NUM!')).toBe('#NUM!');
    expect(errorCodeFor('#N/A')).toBe('#N/A');
    expect(errorCodeFor('#DIV/0!')).toBe('#DIV/0!');
    expect(errorCodeFor('#REF!')).toBe('#REF!');
    expect(errorCodeFor('#NAME?')).toBe('#NAME?');
    expect(errorCodeFor('#NULL!')).toBe('#NULL!');
  });
  it('maps codes custom functions cannot return to #VALUE!', () => {
    for (const code of ['#BUSY!', '#CALC!', '#SPILL!', '#GETTING_DATA', 'nonsense']) {
      expect(errorCodeFor(code)).toBe('#VALUE!');
    }
  });
});

describe('arguments', () => {
  it('turns omitted optional arguments into null', () => {
    expect(toCoreArg(undefined)).toBeNull();
    expect(toCoreArg(null)).toBeNull();
    expect(toCoreArgs([[[1]], undefined, 30], 6)).toEqual([[[1]], null, 30, null, null, null]);
  });
  it('keeps ranges as rows, with blanks as null and error cells as {error}', () => {
    const errCell = new FakeCfError('#N/A');
    expect(toCoreArg([[1, '', 'x'], [true, null, errCell]])).toEqual([
      [1, null, 'x'],
      [true, null, { error: '#N/A' }],
    ]);
  });
  it('keeps single values and passes a single error value as {error}', () => {
    expect(toCoreArg(12)).toBe(12);
    expect(toCoreArg('ets')).toBe('ets');
    expect(toCoreArg(new FakeCfError('#DIV/0!'))).toEqual({ error: '#DIV/0!' });
  });
  it('drops arguments beyond the parameter count', () => {
    expect(toCoreArgs([1, 2, 3], 2)).toEqual([1, 2]);
  });
});

describe('results', () => {
  const cf = fakeCf();
  it('returns rows with blanks as "" and error cells as CustomFunctions.Error', () => {
    const out = toExcelResult([[1, null, { error: '#N/A' }], [2, 'x', true]], cf);
    expect(out[0]?.[0]).toBe(1);
    expect(out[0]?.[1]).toBe('');
    expect(out[0]?.[2]).toBeInstanceOf(FakeCfError);
    expect((out[0]?.[2] as FakeCfError).code).toBe('#N/A');
    expect(out[1]).toEqual([2, 'x', true]);
  });
  it('pads jagged rows so the result is rectangular', () => {
    expect(toExcelResult([[1], [2, 3]], cf)).toEqual([
      [1, ''],
      [2, 3],
    ]);
  });
  it('wraps a single value and turns non-finite numbers into #NUM!', () => {
    expect(toExcelResult(5, cf)).toEqual([[5]]);
    expect((toExcelResult([[Number.NaN]], cf)[0]?.[0] as FakeCfError).code).toBe('#NUM!');
    expect(toExcelResult([], cf)).toEqual([['']]);
  });
  it('throws a whole-result error with the registry message', () => {
    let thrown: unknown;
    try {
      toExcelResult({ error: '#NUM!', message: 'AISM.FORECAST: the horizon must be at least 1.' }, cf);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FakeCfError);
    expect((thrown as FakeCfError).code).toBe('#NUM!');
    expect((thrown as FakeCfError).message).toBe('AISM.FORECAST: the horizon must be at least 1.');
  });
  it('falls back to a plain Error carrying the code when the runtime has no CustomFunctions.Error', () => {
    const bare: CustomFunctionsApi = { associate: () => undefined };
    expect(() => toExcelResult({ error: '#N/A', message: 'no data' }, bare)).toThrow('no data');
  });
});

const FREE = ['functions.basic', 'system.sales'];
const PRO = [...FREE, 'system.pnl', 'system.inventory', 'system.pricing', 'system.customers'];

describe('handlers', () => {
  it('send the registry name, padded arguments and the entitlements to the client and map the answer', async () => {
    const calls: [string, unknown[], readonly string[]][] = [];
    const client = {
      call: async (name: string, args: unknown[], entitlements: readonly string[]) => {
        calls.push([name, args, entitlements]);
        return [[10, 9, 11], [null, null, null]];
      },
    };
    const cf = fakeCf();
    let granted: readonly string[] = FREE;
    const handler = makeHandler({ id: 'FORECAST', registryName: 'AISM.FORECAST', params: 6 }, client, cf, async () => granted);
    const out = await handler([[1], [2], ['']], null, 2);
    // The source is asked on every call: a sign-in applies to the next one.
    granted = PRO;
    await handler([[1]]);
    expect(calls).toEqual([
      ['AISM.FORECAST', [[[1], [2], [null]], null, 2, null, null, null], FREE],
      ['AISM.FORECAST', [[[1]], null, null, null, null, null], PRO],
    ]);
    expect(out).toEqual([
      [10, 9, 11],
      ['', '', ''],
    ]);
  });
  it('reject with CustomFunctions.Error for core errors and for engine failures', async () => {
    const cf = fakeCf();
    const bad = makeHandler(
      { id: 'X', registryName: 'AISM.X', params: 1 },
      { call: async () => ({ error: '#VALUE!', message: 'Pass a range of numbers.' }) },
      cf,
      async () => FREE,
    );
    await expect(bad([[1]])).rejects.toMatchObject({ code: '#VALUE!', message: 'Pass a range of numbers.' });
    const down = makeHandler(
      { id: 'X', registryName: 'AISM.X', params: 1 },
      {
        call: async () => {
          throw new Error('worker stopped');
        },
      },
      cf,
      async () => FREE,
    );
    await expect(down([[1]])).rejects.toMatchObject({ code: '#N/A' });
    // An account that cannot be read is an engine failure too, not a call without entitlements.
    let called = false;
    const unread = makeHandler(
      { id: 'X', registryName: 'AISM.X', params: 1 },
      {
        call: async () => {
          called = true;
          return [[1]];
        },
      },
      cf,
      () => Promise.reject(new Error('the engine stopped')),
    );
    await expect(unread([[1]])).rejects.toMatchObject({ code: '#N/A', message: 'AISM could not compute this: the engine stopped.' });
    expect(called).toBe(false);
  });
  it('are associated for every generated binding', () => {
    const cf = fakeCf();
    const ids = registerCustomFunctions(cf, { call: async () => [[0]] }, async () => FREE);
    expect(ids).toEqual(BINDINGS.map((b) => b.id));
    expect([...cf.handlers.keys()].sort()).toEqual(BINDINGS.map((b) => b.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('generated metadata', () => {
  interface Meta {
    functions: { id: string; name: string; parameters: { name: string; optional?: boolean }[]; result: unknown }[];
  }
  const meta = JSON.parse(readFileSync(new URL('../../src/functions/functions.json', import.meta.url), 'utf8')) as Meta;
  it('has one binding per function in functions.json, with the same parameter count', () => {
    expect(meta.functions.map((f) => f.id).sort()).toEqual(BINDINGS.map((b) => b.id).sort());
    for (const f of meta.functions) {
      const b = BINDINGS.find((x) => x.id === f.id);
      expect(b?.params, f.id).toBe(f.parameters.length);
      expect(b?.registryName).toBe(`AISM.${f.id}`);
    }
  });
});
