/**
 * The task pane's Account panel, and the entitlements every core call of the page carries
 * (custom functions and reports). The account is read offline as soon as the bundle loads (the
 * kept licence verified by the WASM core, or the Free plan), so the first custom functions do not
 * wait for the network; the panel then renews the licence when it is due.
 *
 * Sign-in: in Excel, Office SSO with the dialog as fallback (sign-in.ts); in a plain browser
 * (the standalone demo), the same email and password form inline.
 */
import { Account, type AccountEnv, type AccountState } from '../shared/account';
import type { Lang } from '../shared/analysis';
import type { CoreClient } from '../worker/core-client';
import { renderAccount } from './account-view';
import { browserStore, fetchHttp } from './browser-env';
import type { HostKind } from './host';
import { t, type MessageKey } from './i18n';
import { officeSignIn, signInWithOffice } from './sign-in';

/** The page's account environment: the page's server, localStorage and the core worker. */
export function paneEnv(client: CoreClient): AccountEnv {
  return {
    baseUrl: '',
    http: fetchHttp,
    store: browserStore(),
    now: () => Date.now(),
    verify: (token, options) => client.verifyLicense(token, options),
    freeEntitlements: () => client.planEntitlements('free'),
  };
}

/** The panel as the page uses it. */
export interface AccountPanel {
  /** The user's entitlements now (the Free plan's when signed out). */
  entitlements(): Promise<readonly string[]>;
  /** Wires the panel's buttons and form, shows the account and renews the licence when due. */
  start(host: HostKind): void;
  /** Shows the account again (after a language change). */
  render(): void;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Creates the panel over `account`. `lang` gives the page's language; `onChange` runs when the
 * entitlements changed (Excel recalculates, so refused functions compute after a sign-in).
 */
export function accountPanel(account: Account, lang: () => Lang, onChange: () => void = () => undefined): AccountPanel {
  let known: Promise<AccountState> = account.state();
  let shown: AccountState | null = null;
  let seq = 0;
  let host: HostKind = 'standalone';
  let busy = false;
  let note: { key: MessageKey; vars: Record<string, string>; error: boolean } | null = null;

  const el = (id: string) => document.getElementById(id);

  function adopt(s: AccountState, from = ++seq): void {
    if (from !== seq) return; // a newer state arrived first
    const before = shown;
    known = Promise.resolve(s);
    shown = s;
    render();
    if (before && !sameSet(before.entitlements, s.entitlements)) onChange();
  }

  function say(key: MessageKey, vars: Record<string, string> = {}, error = false): void {
    note = { key, vars, error };
    render();
  }

  function render(): void {
    const status = el('account-status');
    if (!status) return;
    renderAccount(status, shown, lang());
    const signedIn = Boolean(shown?.signedIn);
    const show = (id: string, visible: boolean) => {
      const e = el(id);
      if (e) e.hidden = !visible;
    };
    show('sign-in', host === 'excel' && !signedIn);
    show('signin-form', host === 'standalone' && !signedIn);
    show('sign-out', signedIn);
    for (const id of ['sign-in', 'sign-out', 'signin-submit']) {
      el(id)?.toggleAttribute('disabled', busy);
    }
    const msg = el('account-message');
    if (msg) {
      msg.textContent = note ? t(lang(), note.key, note.vars) : '';
      msg.classList.toggle('error', Boolean(note?.error));
      msg.setAttribute('role', note?.error ? 'alert' : 'status');
    }
  }

  /** Runs one account action with the panel busy; failures are shown with `failKey`. */
  async function act(progress: MessageKey, failKey: MessageKey, action: () => Promise<AccountState | null>): Promise<void> {
    if (busy) return;
    busy = true;
    say(progress);
    try {
      const s = await action();
      note = null;
      if (s) adopt(s);
    } catch (e) {
      note = { key: failKey, vars: { why: describe(e) }, error: true };
    } finally {
      busy = false;
      render();
    }
  }

  function signInExcel(): void {
    const url = new URL('signin.html', location.href);
    url.searchParams.set('lang', lang());
    void act('signingIn', 'signInFailed', () => signInWithOffice(account, officeSignIn(), url.href));
  }

  function signInForm(): void {
    const email = (el('signin-email') as HTMLInputElement | null)?.value.trim() ?? '';
    const password = el('signin-password') as HTMLInputElement | null;
    if (!email || !password?.value) {
      say('signInNeeded', {}, true);
      return;
    }
    void act('signingIn', 'signInFailed', async () => {
      const s = await account.signIn({ kind: 'password', email, password: password.value });
      password.value = '';
      return s;
    });
  }

  const first = seq;
  known.then(
    (s) => adopt(s, first),
    (e: unknown) => say('accountFailed', { why: describe(e) }, true),
  );

  return {
    entitlements: () => known.then((s) => s.entitlements),
    render,
    start(kind) {
      host = kind;
      el('sign-in')?.addEventListener('click', signInExcel);
      el('sign-out')?.addEventListener('click', () => void act('signingOut', 'accountFailed', () => account.signOut()));
      el('signin-submit')?.addEventListener('click', signInForm);
      el('signin-password')?.addEventListener('keydown', (ev) => {
        if ((ev as KeyboardEvent).key === 'Enter') {
          ev.preventDefault();
          signInForm();
        }
      });
      render();
      // Renew the licence when it is due (needs the network; the offline state above stands meanwhile).
      const mine = ++seq;
      account.current().then(
        (s) => adopt(s, mine),
        (e: unknown) => {
          if (mine === seq) say('accountFailed', { why: describe(e) }, true);
        },
      );
    },
  };
}
