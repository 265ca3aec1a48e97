import { describe, expect, it } from 'vitest';
import {
  Account,
  AccountError,
  LICENCE_KEY,
  RECHECK_AFTER_MS,
  SESSION_KEY,
  requestTokens,
  toVerification,
  type AccountEnv,
  type HttpRequest,
  type KeyValueStore,
  type Verification,
  type VerifyOptions,
} from '../../src/shared/account';

const FREE = ['functions.basic', 'system.sales'];
const PRO = [...FREE, 'system.pnl', 'system.inventory', 'system.pricing', 'system.customers', 'connectors', 'webinars'];
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/**
 * Stands in for `verifyLicense`: tokens are `lic:<plan>:<expiresAt>`; anything else is malformed;
 * a `lastSeen` more than five minutes after `now` is a clock set back (as core/src/licence.rs).
 */
function fakeVerify(token: string, o: VerifyOptions): Verification {
  const seenAt = Math.max(o.now, o.lastSeen ?? -Infinity);
  const no = (code: string, reason: string): Verification => ({ valid: false, code, reason, plan: null, entitlements: [], expiresAt: null, seenAt });
  const [kind, plan, exp] = token.split(':');
  if (kind !== 'lic' || !plan || !exp) return no('malformed', 'the licence token is malformed');
  if (o.lastSeen !== undefined && o.now + 300_000 < o.lastSeen) {
    return no('clock_rolled_back', 'the device clock was set back before a time this licence was already used; correct the clock');
  }
  if (o.now >= Number(exp)) return no('expired', `the licence expired at ${Number(exp) / 1000} (Unix time)`);
  return { valid: true, code: 'ok', reason: '', plan, entitlements: plan === 'pro' ? PRO : FREE, expiresAt: Number(exp), seenAt };
}

interface Seen {
  method: string;
  path: string;
  auth: string | null;
  body: unknown;
}

/** A scripted server: sessions, refresh rotation, /api/me and the licence checkout. */
function fakeServer() {
  const seen: Seen[] = [];
  const state = {
    access: new Set<string>(),
    refresh: new Set<string>(),
    n: 0,
    /** What checkout answers: a licence token, or an HTTP error. */
    checkout: { status: 200, token: `lic:pro:${T0 + 7 * DAY}` } as { status: number; token?: string; message?: string },
    offline: false,
  };
  const issue = () => {
    state.n++;
    const pair = { accessToken: `acc${state.n}`, refreshToken: `ref${state.n}`, expiresIn: 900 };
    state.access.add(pair.accessToken);
    state.refresh.add(pair.refreshToken);
    return pair;
  };
  const json = (status: number, v?: unknown) => ({ status, text: v === undefined ? '' : JSON.stringify(v) });
  const http = async (url: string, req: HttpRequest) => {
    if (state.offline) throw new TypeError('Failed to fetch');
    const path = url.replace('https://addin.example', '');
    const auth = req.headers.authorization ?? null;
    const body = req.body === undefined ? undefined : (JSON.parse(req.body) as unknown);
    seen.push({ method: req.method, path, auth, body });
    const bearer = auth?.replace('Bearer ', '') ?? '';
    const signedIn = state.access.has(bearer);
    const b = (body ?? {}) as Record<string, string>;
    switch (`${req.method} ${path}`) {
      case 'POST /api/auth/login':
        return b.email === 'ana@example.com' && b.password === 'correct horse'
          ? json(200, issue())
          : json(401, { error: 'unauthorized', message: 'wrong email or password' });
      case 'POST /api/auth/google':
      case 'POST /api/auth/office':
        return b.token === 'id-token' ? json(200, issue()) : json(401, { error: 'invalid token' });
      case 'POST /api/auth/refresh':
        if (!state.refresh.delete(b.refreshToken ?? '')) return json(401, { error: 'the session ended' });
        return json(200, issue());
      case 'POST /api/auth/logout':
        if (!signedIn) return json(401, { error: 'sign in first' });
        state.access.delete(bearer);
        return json(204);
      case 'GET /api/me':
        return signedIn ? json(200, { id: 'usr_1', email: 'ana@example.com', organisations: [] }) : json(401, { error: 'sign in first' });
      case 'POST /api/licences/checkout': {
        if (!signedIn) return json(401, { error: 'sign in first' });
        const c = state.checkout;
        return c.status === 200 ? json(200, { token: c.token, licenceId: 'lic_1' }) : json(c.status, { error: 'x', message: c.message });
      }
      default:
        return json(404, { error: `no route ${path}` });
    }
  };
  return { http, seen, state, paths: () => seen.map((s) => `${s.method} ${s.path}`) };
}

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

function setup() {
  const server = fakeServer();
  const store = memoryStore();
  const clock = { now: T0 + DAY };
  const verified: [string, VerifyOptions][] = [];
  const env: AccountEnv = {
    baseUrl: 'https://addin.example/',
    http: server.http,
    store,
    now: () => clock.now,
    verify: (token, o) => {
      verified.push([token, o]);
      return fakeVerify(token, o);
    },
    freeEntitlements: async () => FREE,
  };
  return { server, store, clock, verified, env, account: new Account(env) };
}

const stored = (store: KeyValueStore, key: string) => JSON.parse(store.get(key) ?? 'null') as Record<string, unknown> | null;

describe('signed out', () => {
  it('has the Free plan and asks nothing of the server', async () => {
    const { account, server } = setup();
    const s = await account.current();
    expect(s).toEqual({ signedIn: false, email: null, plan: 'free', entitlements: FREE, expiresAt: null, licence: 'none', code: null, reason: null });
    expect(server.seen).toEqual([]);
  });
});

describe('sign in', () => {
  it('keeps the session, reads the email, checks a licence out and verifies it', async () => {
    const { account, server, store, verified, clock } = setup();
    const s = await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    expect(server.paths()).toEqual(['POST /api/auth/login', 'GET /api/me', 'POST /api/licences/checkout']);
    expect(server.seen[0]?.body).toEqual({ email: 'ana@example.com', password: 'correct horse' });
    expect(server.seen[0]?.auth).toBeNull();
    expect(server.seen[1]?.auth).toBe('Bearer acc1');
    expect(server.seen[2]?.auth).toBe('Bearer acc1');
    expect(s).toEqual({
      signedIn: true,
      email: 'ana@example.com',
      plan: 'pro',
      entitlements: PRO,
      expiresAt: T0 + 7 * DAY,
      licence: 'valid',
      code: null,
      reason: null,
    });
    expect(stored(store, SESSION_KEY)).toEqual({ accessToken: 'acc1', refreshToken: 'ref1', email: 'ana@example.com' });
    // The verification time is kept for the clock-rollback guard and passed back next time.
    expect(stored(store, LICENCE_KEY)).toMatchObject({ token: `lic:pro:${T0 + 7 * DAY}`, seenAt: clock.now });
    clock.now += 1000;
    await account.state();
    expect(verified.at(-1)?.[1]).toEqual({ now: T0 + DAY + 1000, lastSeen: T0 + DAY });
  });

  it('sends Office and Google identity tokens to their routes', async () => {
    for (const kind of ['office', 'google'] as const) {
      const { account, server } = setup();
      const s = await account.signIn({ kind, token: 'id-token' });
      expect(server.seen[0]).toMatchObject({ path: `/api/auth/${kind}`, body: { token: 'id-token' } });
      expect(s.plan).toBe('pro');
    }
  });

  it('fails with the server message and keeps nothing', async () => {
    const { account, store } = setup();
    const err = await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountError);
    expect(err).toMatchObject({ status: 401, code: 'unauthorized', message: 'wrong email or password' });
    expect(store.map.size).toBe(0);
  });

  it('says when the server cannot be reached, and refuses an answer that is not tokens', async () => {
    const { server, env, account } = setup();
    server.state.offline = true;
    await expect(account.signIn({ kind: 'password', email: 'a', password: 'b' })).rejects.toMatchObject({ status: 0, code: 'offline' });
    await expect(account.acceptTokens({ accessToken: '' })).rejects.toMatchObject({ code: 'bad_answer' });
    const odd = { ...env, http: async () => ({ status: 200, text: '<html>' }) };
    await expect(requestTokens(odd, { kind: 'google', token: 't' })).rejects.toMatchObject({ code: 'bad_answer' });
  });

  it('takes tokens from the sign-in dialog and drops the previous user’s licence', async () => {
    const { account, store, server } = setup();
    store.set(LICENCE_KEY, JSON.stringify({ token: 'lic:pro:99999999999999', seenAt: null }));
    server.state.checkout = { status: 404, message: 'no licence of your organisations matches; ask an owner to add one' };
    server.state.access.add('dlg-acc');
    const s = await account.acceptTokens({ accessToken: 'dlg-acc', refreshToken: 'dlg-ref', expiresIn: 900 });
    expect(s).toMatchObject({ signedIn: true, email: 'ana@example.com', plan: 'free', licence: 'none', code: 'no_licence' });
  });
});

describe('refresh', () => {
  it('refreshes the session once on a 401 and retries with the new access token', async () => {
    const { account, server, store } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.state.access.clear(); // the access token expired
    server.seen.length = 0;
    await account.checkout();
    expect(server.paths()).toEqual(['POST /api/licences/checkout', 'POST /api/auth/refresh', 'POST /api/licences/checkout']);
    expect(server.seen[1]?.body).toEqual({ refreshToken: 'ref1' });
    expect(server.seen[2]?.auth).toBe('Bearer acc2');
    expect(stored(store, SESSION_KEY)).toMatchObject({ accessToken: 'acc2', refreshToken: 'ref2' });
  });

  it('forgets the session when the refresh is refused, keeping a licence that is still valid', async () => {
    const { account, server, store } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.state.access.clear();
    server.state.refresh.clear(); // the session ended on the server
    server.seen.length = 0;
    const s = await account.checkout();
    expect(server.paths()).toEqual(['POST /api/licences/checkout', 'POST /api/auth/refresh']);
    expect(store.get(SESSION_KEY)).toBeNull();
    expect(s).toMatchObject({ signedIn: false, plan: 'pro', licence: 'valid' });
  });
});

describe('licence', () => {
  it('a 404 at checkout is the Free plan with the server’s reason, asked again only after a while', async () => {
    const { account, server, clock } = setup();
    server.state.checkout = { status: 404, message: 'no licence of your organisations matches; ask an owner to add one' };
    const s = await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    expect(s).toEqual({
      signedIn: true,
      email: 'ana@example.com',
      plan: 'free',
      entitlements: FREE,
      expiresAt: null,
      licence: 'none',
      code: 'no_licence',
      reason: 'no licence of your organisations matches; ask an owner to add one',
    });
    server.seen.length = 0;
    await account.current();
    expect(server.seen).toEqual([]);
    clock.now += RECHECK_AFTER_MS;
    server.state.checkout = { status: 200, token: `lic:pro:${T0 + 30 * DAY}` };
    expect(await account.current()).toMatchObject({ plan: 'pro', licence: 'valid' });
    expect(server.paths()).toEqual(['POST /api/licences/checkout']);
  });

  it('a 403 (revoked, no seat) drops the licence held', async () => {
    const { account, server } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.state.checkout = { status: 403, message: 'the licence was revoked' };
    expect(await account.checkout()).toMatchObject({ plan: 'free', entitlements: FREE, licence: 'none', code: 'no_seat', reason: 'the licence was revoked' });
  });

  it('an invalid licence is the Free plan with the reason', async () => {
    const { account, store } = setup();
    store.set(LICENCE_KEY, JSON.stringify({ token: `lic:pro:${T0}`, seenAt: null }));
    expect(await account.state()).toEqual({
      signedIn: false,
      email: null,
      plan: 'free',
      entitlements: FREE,
      expiresAt: null,
      licence: 'invalid',
      code: 'expired',
      reason: `the licence expired at ${T0 / 1000} (Unix time)`,
    });
    store.set(LICENCE_KEY, JSON.stringify({ token: 'garbage', seenAt: null }));
    expect(await account.state()).toMatchObject({ plan: 'free', licence: 'invalid', code: 'malformed' });
  });

  it('surfaces a clock set back and does not check out again for it', async () => {
    const { account, server, clock, store } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    clock.now += 2 * DAY;
    await account.state(); // seen two days later
    expect(stored(store, LICENCE_KEY)?.seenAt).toBe(T0 + 3 * DAY);
    clock.now = T0 + DAY; // set back
    server.seen.length = 0;
    const s = await account.current();
    expect(s).toMatchObject({ plan: 'free', entitlements: FREE, licence: 'invalid', code: 'clock_rolled_back' });
    expect(s.reason).toMatch(/clock was set back/);
    expect(server.seen).toEqual([]);
    // The guard's time is not moved back by the rolled-back verification.
    expect(stored(store, LICENCE_KEY)?.seenAt).toBe(T0 + 3 * DAY);
  });

  it('checks a licence out again when it is close to its end, not before', async () => {
    const { account, server, clock } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.seen.length = 0;
    clock.now = T0 + 5 * DAY;
    await account.current();
    expect(server.seen).toEqual([]);
    clock.now = T0 + 6.5 * DAY;
    server.state.checkout = { status: 200, token: `lic:pro:${T0 + 14 * DAY}` };
    expect(await account.current()).toMatchObject({ licence: 'valid', expiresAt: T0 + 14 * DAY });
    expect(server.paths()).toEqual(['POST /api/licences/checkout']);
  });

  it('keeps a valid licence when the server cannot be reached', async () => {
    const { account, server, clock } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    clock.now = T0 + 6.5 * DAY;
    server.state.offline = true;
    expect(await account.current()).toMatchObject({ plan: 'pro', licence: 'valid', signedIn: true });
  });

  it('read-only state (Apps Script custom functions) writes nothing', async () => {
    const { account, store, clock } = setup();
    store.set(LICENCE_KEY, JSON.stringify({ token: `lic:pro:${T0 + 7 * DAY}`, seenAt: null }));
    const before = store.get(LICENCE_KEY);
    clock.now += 1000;
    expect(await account.state({ persist: false })).toMatchObject({ plan: 'pro', licence: 'valid' });
    expect(store.get(LICENCE_KEY)).toBe(before);
  });

  it('reads verifications from untyped sources without trusting them', () => {
    expect(toVerification(null)).toMatchObject({ valid: false, code: 'malformed', entitlements: [] });
    expect(toVerification({ valid: true, plan: 'pro', entitlements: ['a', 1], expiresAt: 5, seenAt: 4 })).toEqual({
      valid: true,
      code: 'ok',
      reason: '',
      plan: 'pro',
      entitlements: ['a'],
      expiresAt: 5,
      seenAt: 4,
    });
  });
});

describe('sign out', () => {
  it('ends the session on the server and forgets the session and the licence', async () => {
    const { account, server, store } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.seen.length = 0;
    const s = await account.signOut();
    expect(server.seen).toEqual([{ method: 'POST', path: '/api/auth/logout', auth: 'Bearer acc1', body: undefined }]);
    expect(store.map.size).toBe(0);
    expect(s).toEqual({ signedIn: false, email: null, plan: 'free', entitlements: FREE, expiresAt: null, licence: 'none', code: null, reason: null });
  });

  it('signs out offline too', async () => {
    const { account, server, store } = setup();
    await account.signIn({ kind: 'password', email: 'ana@example.com', password: 'correct horse' });
    server.state.offline = true;
    expect((await account.signOut()).plan).toBe('free');
    expect(store.map.size).toBe(0);
  });
});
