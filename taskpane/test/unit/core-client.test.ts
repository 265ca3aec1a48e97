import { describe, expect, it } from 'vitest';
import { CoreClient, EngineError, type Transport, type TransportFactory } from '../../src/worker/core-client';
import type { BatchMessage, CoreResponse, ResultsMessage } from '../../src/shared/protocol';

/** A transport that records what is posted and lets the test answer. */
function harness() {
  const posted: { message: BatchMessage; transfer: Transferable[] }[] = [];
  const created: { terminated: boolean }[] = [];
  let deliver: (m: ResultsMessage) => void = () => undefined;
  let failNow: (m: string) => void = () => undefined;
  const factory: TransportFactory = (onResults, onFailure) => {
    deliver = onResults;
    failNow = onFailure;
    const record = { terminated: false };
    created.push(record);
    const t: Transport = {
      post: (message, transfer) => posted.push({ message, transfer }),
      terminate: () => {
        record.terminated = true;
      },
    };
    return t;
  };
  let pendingFlush: (() => void) | null = null;
  const client = new CoreClient(factory, (flush) => {
    pendingFlush = flush;
  });
  return {
    client,
    posted,
    created,
    flush: () => {
      const f = pendingFlush;
      pendingFlush = null;
      f?.();
    },
    answer: (responses: CoreResponse[]) => deliver({ kind: 'results', responses }),
    fail: (m: string) => failNow(m),
  };
}

const FREE = ['functions.basic', 'system.sales'];

describe('CoreClient', () => {
  it('sends the requests of one turn as one batch and resolves each by id', async () => {
    const h = harness();
    const a = h.client.call('AISM.FORECAST', [[[1], [2]], null, 3], FREE);
    const b = h.client.call('AISM.SEASONALITY', [[[1], [2]]], FREE);
    const c = h.client.version();
    expect(h.posted).toHaveLength(0);
    h.flush();
    expect(h.posted).toHaveLength(1);
    const reqs = h.posted[0]?.message.requests ?? [];
    expect(reqs.map((r) => r.op)).toEqual(['call', 'call', 'version']);
    expect(reqs[0]).toMatchObject({ name: 'AISM.FORECAST', entitlements: FREE });
    expect(new Set(reqs.map((r) => r.id)).size).toBe(3);
    // Answers may come in any order.
    h.answer([
      { id: reqs[2]?.id ?? -1, ok: true, value: '0.1.0' },
      { id: reqs[0]?.id ?? -1, ok: true, value: [[5, 4, 6]] },
      { id: reqs[1]?.id ?? -1, ok: true, value: { error: '#NUM!', message: 'too short' } },
    ]);
    await expect(a).resolves.toEqual([[5, 4, 6]]);
    await expect(b).resolves.toEqual({ error: '#NUM!', message: 'too short' });
    await expect(c).resolves.toBe('0.1.0');
    expect(h.client.inFlight).toBe(0);
  });

  it('transfers file bytes to the worker', () => {
    const h = harness();
    const bytes = new TextEncoder().encode('date,sales\n2024-01-01,1\n');
    void h.client.runReportFile(bytes, null, { horizon: 7 }, FREE);
    h.flush();
    const sent = h.posted[0];
    expect(sent?.transfer).toEqual([bytes.buffer]);
    expect(sent?.message.requests[0]).toMatchObject({ op: 'reportFile', sheet: null, options: { horizon: 7 }, entitlements: FREE });
  });

  it('carries licence checks to the engine and reads their answers', async () => {
    const h = harness();
    const v = h.client.verifyLicense('aisml1.a.b', { now: 10, lastSeen: 9 });
    const free = h.client.planEntitlements('free');
    h.flush();
    const [r1, r2] = h.posted[0]?.message.requests ?? [];
    expect(r1).toMatchObject({ op: 'verifyLicense', token: 'aisml1.a.b', options: { now: 10, lastSeen: 9 } });
    expect(r2).toMatchObject({ op: 'planEntitlements', plan: 'free' });
    h.answer([
      { id: r1?.id ?? -1, ok: true, value: { valid: true, code: 'ok', reason: '', plan: 'pro', entitlements: ['system.pnl', 3], expiresAt: 99, seenAt: 10 } },
      { id: r2?.id ?? -1, ok: true, value: ['functions.basic', 'system.sales'] },
    ]);
    await expect(v).resolves.toEqual({ valid: true, code: 'ok', reason: '', plan: 'pro', entitlements: ['system.pnl'], expiresAt: 99, seenAt: 10 });
    await expect(free).resolves.toEqual(['functions.basic', 'system.sales']);
  });

  it('rejects with EngineError when the engine cannot run a request, and restarts after a trap', async () => {
    const h = harness();
    const p1 = h.client.call('AISM.X', [], FREE);
    const p2 = h.client.call('AISM.Y', [], FREE);
    h.flush();
    const [r1, r2] = h.posted[0]?.message.requests ?? [];
    h.answer([
      { id: r1?.id ?? -1, ok: false, message: 'the engine failed on this request (unreachable)', fatal: true },
      { id: r2?.id ?? -1, ok: true, value: [[1]] },
    ]);
    await expect(p1).rejects.toBeInstanceOf(EngineError);
    await expect(p2).resolves.toEqual([[1]]);
    expect(h.created[0]?.terminated).toBe(true);
    // The next request starts a fresh engine.
    void h.client.version();
    h.flush();
    expect(h.created).toHaveLength(2);
  });

  it('fails every waiting request when the worker dies', async () => {
    const h = harness();
    const p1 = h.client.call('AISM.X', [], FREE);
    const p2 = h.client.runReport([['Date', 'Sales']], {}, FREE);
    h.flush();
    h.fail('the engine stopped');
    await expect(p1).rejects.toThrow('the engine stopped');
    await expect(p2).rejects.toBeInstanceOf(EngineError);
    expect(h.client.inFlight).toBe(0);
    expect(h.created[0]?.terminated).toBe(true);
  });

  it('rejects when the worker cannot be created', async () => {
    const client = new CoreClient(
      () => {
        throw new Error('module workers are not supported');
      },
      (f) => f(),
    );
    await expect(client.version()).rejects.toThrow('the engine could not be started (module workers are not supported)');
  });
});
