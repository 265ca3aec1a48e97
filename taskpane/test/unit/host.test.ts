import { afterEach, describe, expect, it } from 'vitest';
import { detectHost, hostFromInfo } from '../../src/taskpane/host';

const g = globalThis as { Office?: unknown };

afterEach(() => {
  delete g.Office;
});

describe('host', () => {
  it('is Excel only when Office.onReady says so', () => {
    expect(hostFromInfo({ host: 'Excel' })).toBe('excel');
    expect(hostFromInfo({ host: null })).toBe('standalone');
    expect(hostFromInfo({ host: 'Word' })).toBe('standalone');
    expect(hostFromInfo(undefined)).toBe('standalone');
  });

  it('is the standalone demo when office.js did not load', async () => {
    expect(await detectHost(50)).toEqual({ kind: 'standalone', displayLanguage: null });
  });

  it('reads the display language inside Excel', async () => {
    g.Office = {
      HostType: { Excel: 'Excel' },
      onReady: async () => ({ host: 'Excel', platform: 'OfficeOnline' }),
      context: { displayLanguage: 'es-ES' },
    };
    expect(await detectHost(1000)).toEqual({ kind: 'excel', displayLanguage: 'es-ES' });
  });

  it('gives up on an office.js that never becomes ready', async () => {
    g.Office = { onReady: () => new Promise(() => undefined) };
    const started = Date.now();
    expect(await detectHost(60)).toEqual({ kind: 'standalone', displayLanguage: null });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('is standalone in a plain browser where office.js reports no host', async () => {
    g.Office = { HostType: { Excel: 'Excel' }, onReady: async () => ({ host: null, platform: null }) };
    expect((await detectHost(1000)).kind).toBe('standalone');
  });
});
