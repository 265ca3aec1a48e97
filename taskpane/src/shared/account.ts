/**
 * The user's account, whatever the host: the session tokens the server's sign-in routes give,
 * the licence token checked out for the user and verified offline by the WASM core, and so the
 * entitlements every core call carries. The Excel task pane and the Google Sheets add-on hand in
 * their own HTTP, storage, clock and verifier ({@link AccountEnv}); nothing here touches a host
 * API, so the same code runs in both (and in unit tests).
 *
 * Without a valid licence — signed out, no licence for the user's organisations, a token that
 * expired, was altered or meets a clock set back — the user has the Free plan's entitlements
 * (`planEntitlements('free')`), and the state says why.
 */

/** Storage key of the session (`{accessToken, refreshToken, email}` as JSON). */
export const SESSION_KEY = 'aism.session';
/** Storage key of the licence (`{token, seenAt, code?, reason?, checkedAt?}` as JSON). */
export const LICENCE_KEY = 'aism.licence';
/** A licence is checked out again when less than this is left of it (milliseconds). */
export const RENEW_BEFORE_MS = 24 * 3_600_000;
/** After the server said "no licence" or "no seat", how long before asking again (milliseconds). */
export const RECHECK_AFTER_MS = 3_600_000;

/** An HTTP request as the account sends it (JSON bodies only). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** What the account needs of an HTTP response. */
export interface HttpResponse {
  status: number;
  text: string;
}

/** Sends a request; rejects only when the server could not be reached. */
export type Http = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** Where the account keeps its tokens (localStorage, Apps Script user properties …). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** Options of `verifyLicense` (Unix milliseconds). */
export interface VerifyOptions {
  now: number;
  lastSeen?: number;
}

/** What `verifyLicense` returns (wasm/src/lib.rs). */
export interface Verification {
  valid: boolean;
  code: string;
  reason: string;
  plan: string | null;
  entitlements: string[];
  expiresAt: number | null;
  seenAt: number;
}

/** What the account is given by its host. */
export interface AccountEnv {
  /** The server's origin (`''`: the page's own). */
  baseUrl: string;
  http: Http;
  store: KeyValueStore;
  /** The clock, Unix milliseconds. */
  now(): number;
  /** The WASM core's `verifyLicense`. */
  verify(token: string, options: VerifyOptions): Verification | Promise<Verification>;
  /** The WASM core's `planEntitlements('free')`. */
  freeEntitlements(): readonly string[] | Promise<readonly string[]>;
}

/** Session tokens as the sign-in and refresh routes return them. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** How the user signs in. */
export type Credentials =
  | { kind: 'office'; token: string }
  | { kind: 'google'; token: string }
  | { kind: 'password'; email: string; password: string };

/** Whether a licence stands behind the entitlements. */
export type LicenceStatus = 'valid' | 'none' | 'invalid';

/** What the Account panel shows and what every core call is allowed. */
export interface AccountState {
  signedIn: boolean;
  email: string | null;
  /** The licence's plan (`free`, `course`, `pro`, `team`); `free` without a valid licence. */
  plan: string;
  entitlements: string[];
  /** When the licence stops being valid (Unix milliseconds); null without one. */
  expiresAt: number | null;
  licence: LicenceStatus;
  /**
   * Why there is no valid licence: `verifyLicense`'s code (`expired`, `clock_rolled_back` …),
   * `no_licence` (404), `no_seat` (403), or the failure of the last checkout (`offline` …);
   * null when there is nothing to explain.
   */
  code: string | null;
  reason: string | null;
}

/**
 * A request to the server failed. `status` is the HTTP status (0 when the server could not be
 * reached or answered something unreadable); `code` a stable word for hosts (`offline`,
 * `session_ended`, `unauthorized`, `forbidden`, `not_found`, `rate_limited`, `server`,
 * `bad_answer`).
 */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

const SIGN_IN_PATHS: Record<Credentials['kind'], string> = {
  office: '/api/auth/office',
  google: '/api/auth/google',
  password: '/api/auth/login',
};

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isTokens(v: unknown): v is Tokens {
  const t = v as Partial<Tokens> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.accessToken === 'string' &&
    t.accessToken !== '' &&
    typeof t.refreshToken === 'string' &&
    t.refreshToken !== ''
  );
}

function codeOf(status: number): string {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'server' : 'bad_request';
  }
}

/** The error for a non-2xx answer: the server's `message` (or `error`) text when it has one. */
function failure(status: number, data: unknown): AccountError {
  const o = (typeof data === 'object' && data !== null ? data : {}) as { message?: unknown; error?: unknown };
  const message =
    typeof o.message === 'string' && o.message
      ? o.message
      : typeof o.error === 'string' && o.error
        ? o.error
        : `the server answered ${status}`;
  return new AccountError(message, status, codeOf(status));
}

/** Sends one JSON request; resolves to the status and the parsed body (null when empty). */
async function send(
  env: Pick<AccountEnv, 'baseUrl' | 'http'>,
  method: HttpRequest['method'],
  path: string,
  body?: unknown,
  bearer?: string,
): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const request: HttpRequest = { method, headers };
  if (body !== undefined) request.body = JSON.stringify(body);
  let res: HttpResponse;
  try {
    res = await env.http(`${env.baseUrl.replace(/\/+$/, '')}${path}`, request);
  } catch (e) {
    throw new AccountError(`the server could not be reached (${describe(e)})`, 0, 'offline');
  }
  let data: unknown = null;
  if (res.text) {
    try {
      data = JSON.parse(res.text);
    } catch {
      data = null;
    }
  }
  return { status: res.status, data };
}

/**
 * Exchanges credentials for session tokens (`POST /api/auth/office|google|login`). Also used by
 * the sign-in dialog page, which hands the tokens to the task pane.
 */
export async function requestTokens(env: Pick<AccountEnv, 'baseUrl' | 'http'>, c: Credentials): Promise<Tokens> {
  const body = c.kind === 'password' ? { email: c.email, password: c.password } : { token: c.token };
  const r = await send(env, 'POST', SIGN_IN_PATHS[c.kind], body);
  if (r.status < 200 || r.status >= 300) throw failure(r.status, r.data);
  if (!isTokens(r.data)) throw new AccountError('the sign-in answer was not understood', 0, 'bad_answer');
  return r.data;
}

/** A `verifyLicense` result from an untyped source (the worker, the WASM glue); never throws. */
export function toVerification(v: unknown): Verification {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Partial<Record<keyof Verification, unknown>>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  if (typeof o.valid !== 'boolean') {
    return {
      valid: false,
      code: 'malformed',
      reason: 'the licence could not be checked',
      plan: null,
      entitlements: [],
      expiresAt: null,
      seenAt: Number.NaN,
    };
  }
  return {
    valid: o.valid,
    code: typeof o.code === 'string' ? o.code : o.valid ? 'ok' : 'malformed',
    reason: typeof o.reason === 'string' ? o.reason : '',
    plan: typeof o.plan === 'string' ? o.plan : null,
    entitlements: toStringList(o.entitlements),
    expiresAt: num(o.expiresAt),
    seenAt: num(o.seenAt) ?? Number.NaN,
  };
}

/** True when `v` has the shape of an {@link AccountState} (from google.script.run, say). */
export function isAccountState(v: unknown): v is AccountState {
  const s = v as Partial<AccountState> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.signedIn === 'boolean' &&
    typeof s.plan === 'string' &&
    Array.isArray(s.entitlements) &&
    (s.licence === 'valid' || s.licence === 'none' || s.licence === 'invalid')
  );
}

/** The strings of an array (anything else: none). */
export function toStringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  email: string | null;
}

interface StoredLicence {
  /** The licence token; null when the server said there is none. */
  token: string | null;
  /** The latest `seenAt` of a verification (the clock-rollback guard); null before the first. */
  seenAt: number | null;
  code?: string;
  reason?: string;
  /** When the server was last asked (milliseconds). */
  checkedAt?: number;
}

/**
 * The account of the user of one host. Every method reads the store afresh, so separate
 * instances (Apps Script executions, the pane and a reload) agree.
 */
export class Account {
  constructor(private readonly env: AccountEnv) {}

  /** Signs in, keeps the session, learns the email and checks a licence out. */
  async signIn(c: Credentials): Promise<AccountState> {
    return this.acceptTokens(await requestTokens(this.env, c));
  }

  /**
   * Takes a session obtained elsewhere (the sign-in dialog): keeps it, replaces any previous
   * user's licence, reads the email (`GET /api/me`, best effort) and checks a licence out.
   */
  async acceptTokens(tokens: unknown): Promise<AccountState> {
    if (!isTokens(tokens)) throw new AccountError('the sign-in answer was not understood', 0, 'bad_answer');
    this.saveSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, email: null });
    this.env.store.remove(LICENCE_KEY);
    try {
      const me = (await this.authed('GET', '/api/me')) as { email?: unknown } | null;
      const session = this.loadSession();
      if (session && typeof me?.email === 'string') this.saveSession({ ...session, email: me.email });
    } catch {
      // The email is only shown; the licence below says whether the session works.
    }
    return this.checkout();
  }

  /**
   * Checks a licence out for the signed-in user (`POST /api/licences/checkout`) and keeps it.
   * 404 (no licence) and 403 (revoked, no seat) drop the kept token and keep why; other failures
   * (offline, server errors) keep a token already held, which stays valid offline. Never throws
   * for a server answer; resolves to the new state.
   */
  async checkout(): Promise<AccountState> {
    const now = this.env.now();
    const kept = this.loadLicence();
    try {
      const data = (await this.authed('POST', '/api/licences/checkout', {})) as { token?: unknown } | null;
      const token = data?.token;
      if (typeof token !== 'string' || token === '') {
        throw new AccountError('the licence answer was not understood', 0, 'bad_answer');
      }
      this.saveLicence({ token, seenAt: kept?.seenAt ?? null, checkedAt: now });
    } catch (e) {
      if (!(e instanceof AccountError)) throw e;
      const code = e.status === 404 ? 'no_licence' : e.status === 403 ? 'no_seat' : e.code;
      if (code === 'no_licence' || code === 'no_seat' || !kept?.token) {
        this.saveLicence({ token: null, seenAt: kept?.seenAt ?? null, code, reason: e.message, checkedAt: now });
      }
    }
    return this.state();
  }

  /**
   * The state from what is kept, without the network: the kept licence verified offline (its
   * `seenAt` written back unless `persist` is false — Apps Script custom functions may only
   * read), or the Free plan with the reason.
   */
  async state(options: { persist?: boolean } = {}): Promise<AccountState> {
    const session = this.loadSession();
    const kept = this.loadLicence();
    const who = { signedIn: session !== null, email: session?.email ?? null };
    if (kept?.token) {
      const now = this.env.now();
      const v = toVerification(
        await this.env.verify(kept.token, kept.seenAt !== null ? { now, lastSeen: kept.seenAt } : { now }),
      );
      if (options.persist !== false && Number.isFinite(v.seenAt) && v.seenAt > (kept.seenAt ?? -Infinity)) {
        this.saveLicence({ ...kept, seenAt: v.seenAt });
      }
      if (v.valid) {
        return {
          ...who,
          plan: v.plan ?? 'free',
          entitlements: v.entitlements,
          expiresAt: v.expiresAt,
          licence: 'valid',
          code: null,
          reason: null,
        };
      }
      return { ...who, ...(await this.free()), licence: 'invalid', code: v.code, reason: v.reason };
    }
    return { ...who, ...(await this.free()), licence: 'none', code: kept?.code ?? null, reason: kept?.reason ?? null };
  }

  /**
   * The state after checking a licence out again when signed in and the kept one is missing,
   * invalid (not because of the clock) or within {@link RENEW_BEFORE_MS} of its end. "No licence"
   * is asked again after {@link RECHECK_AFTER_MS}.
   */
  async current(): Promise<AccountState> {
    const s = await this.state();
    return s.signedIn && this.needsCheckout(s) ? this.checkout() : s;
  }

  /** Ends the session on the server (best effort) and forgets the session and the licence. */
  async signOut(): Promise<AccountState> {
    if (this.loadSession()) {
      try {
        await this.authed('POST', '/api/auth/logout');
      } catch {
        // Offline or already ended: the session ends on the server by itself.
      }
    }
    this.env.store.remove(SESSION_KEY);
    this.env.store.remove(LICENCE_KEY);
    return this.state();
  }

  private needsCheckout(s: AccountState): boolean {
    const now = this.env.now();
    switch (s.licence) {
      case 'valid':
        return s.expiresAt !== null && s.expiresAt - now < RENEW_BEFORE_MS;
      case 'invalid':
        // A clock set back (or behind) is the device's to correct; a new token would not help.
        return s.code !== 'clock_rolled_back' && s.code !== 'not_yet_valid';
      case 'none': {
        const checkedAt = this.loadLicence()?.checkedAt;
        if ((s.code === 'no_licence' || s.code === 'no_seat') && typeof checkedAt === 'number') {
          return Math.abs(now - checkedAt) >= RECHECK_AFTER_MS;
        }
        return true;
      }
    }
  }

  private async free(): Promise<{ plan: string; entitlements: string[]; expiresAt: null }> {
    return { plan: 'free', entitlements: [...(await this.env.freeEntitlements())], expiresAt: null };
  }

  /**
   * A request with the session's bearer token. A 401 refreshes the session once and retries;
   * when the refresh is refused the session is forgotten (`session_ended`).
   */
  private async authed(method: HttpRequest['method'], path: string, body?: unknown): Promise<unknown> {
    const session = this.loadSession();
    if (!session) throw new AccountError('sign in first', 401, 'session_ended');
    let r = await send(this.env, method, path, body, session.accessToken);
    if (r.status === 401) {
      const fresh = await this.refresh(session);
      r = await send(this.env, method, path, body, fresh.accessToken);
      if (r.status === 401) return this.endSession(failure(r.status, r.data).message);
    }
    if (r.status < 200 || r.status >= 300) throw failure(r.status, r.data);
    return r.data;
  }

  private async refresh(session: StoredSession): Promise<StoredSession> {
    const r = await send(this.env, 'POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
    if (r.status === 401 || r.status === 400) return this.endSession(failure(r.status, r.data).message);
    if (r.status < 200 || r.status >= 300) throw failure(r.status, r.data);
    if (!isTokens(r.data)) throw new AccountError('the refresh answer was not understood', 0, 'bad_answer');
    const next = { ...session, accessToken: r.data.accessToken, refreshToken: r.data.refreshToken };
    this.saveSession(next);
    return next;
  }

  private endSession(why: string): never {
    this.env.store.remove(SESSION_KEY);
    throw new AccountError(`the session ended (${why}); sign in again`, 401, 'session_ended');
  }

  private loadSession(): StoredSession | null {
    const s = this.read(SESSION_KEY) as Partial<StoredSession> | null;
    if (!s || typeof s.accessToken !== 'string' || typeof s.refreshToken !== 'string') return null;
    return { accessToken: s.accessToken, refreshToken: s.refreshToken, email: typeof s.email === 'string' ? s.email : null };
  }

  private saveSession(s: StoredSession): void {
    this.env.store.set(SESSION_KEY, JSON.stringify(s));
  }

  private loadLicence(): StoredLicence | null {
    const l = this.read(LICENCE_KEY) as Partial<StoredLicence> | null;
    if (!l || typeof l !== 'object') return null;
    const out: StoredLicence = {
      token: typeof l.token === 'string' && l.token !== '' ? l.token : null,
      seenAt: typeof l.seenAt === 'number' && Number.isFinite(l.seenAt) ? l.seenAt : null,
    };
    if (typeof l.code === 'string') out.code = l.code;
    if (typeof l.reason === 'string') out.reason = l.reason;
    if (typeof l.checkedAt === 'number') out.checkedAt = l.checkedAt;
    return out;
  }

  private saveLicence(l: StoredLicence): void {
    this.env.store.set(LICENCE_KEY, JSON.stringify(l));
  }

  private read(key: string): unknown {
    const text = this.env.store.get(key);
    if (!text) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
}
