/**
 * The sign-in dialog page (signin.html): the task pane opens it with
 * `Office.context.ui.displayDialogAsync` when Office single sign-on is not available. It posts
 * the email and password to `/api/auth/login` and hands the session tokens to the pane with
 * `Office.context.ui.messageParent`; the pane keeps them and checks the licence out. Opened
 * outside Office, it only says that the sign-in worked.
 */
import { requestTokens } from '../shared/account';
import type { Lang } from '../shared/analysis';
import { fetchHttp } from '../taskpane/browser-env';
import { pickLanguage, t, type MessageKey } from '../taskpane/i18n';
import { dialogMessageText } from '../taskpane/sign-in';

const lang: Lang = pickLanguage(new URLSearchParams(location.search).get('lang'), navigator.languages ?? [navigator.language]);

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page is missing #${id}.`);
  return el as T;
}

function status(key: MessageKey, vars: Record<string, string> = {}, error = false): void {
  const el = $('signin-status');
  el.textContent = t(lang, key, vars);
  el.classList.toggle('error', error);
  el.setAttribute('role', error ? 'alert' : 'status');
}

/** `messageParent` once office.js is ready, or null outside an Office dialog (at most 3 s). */
async function parentChannel(): Promise<((message: string) => void) | null> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([Office.onReady(), new Promise((r) => (timer = setTimeout(r, 3000)))]);
    const ui = Office.context?.ui;
    return ui && typeof ui.messageParent === 'function' ? (m) => ui.messageParent(m) : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

const parent = parentChannel();

async function submit(): Promise<void> {
  const email = $<HTMLInputElement>('signin-email').value.trim();
  const password = $<HTMLInputElement>('signin-password');
  if (!email || !password.value) {
    status('signInNeeded', {}, true);
    return;
  }
  const button = $<HTMLButtonElement>('signin-submit');
  button.disabled = true;
  status('signingIn');
  try {
    const tokens = await requestTokens({ baseUrl: '', http: fetchHttp }, { kind: 'password', email, password: password.value });
    password.value = '';
    status('signInDone');
    const send = await parent;
    send?.(dialogMessageText({ kind: 'tokens', tokens }));
  } catch (e) {
    status('signInFailed', { why: e instanceof Error ? e.message : String(e) }, true);
  } finally {
    button.disabled = false;
  }
}

function start(): void {
  document.documentElement.lang = lang;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(lang, el.dataset.i18n as MessageKey);
  });
  $('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void submit();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
