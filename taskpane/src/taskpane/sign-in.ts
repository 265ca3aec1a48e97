/**
 * Signing in from Excel: Office single sign-on first (`OfficeRuntime.auth.getAccessToken`, whose
 * bootstrap token the server exchanges at `/api/auth/office`), and when SSO is not available —
 * an error 13xxx, no SSO API, or a server that does not take the Microsoft account — the sign-in
 * dialog (`signin.html` in `Office.context.ui.displayDialogAsync`), which posts the email and
 * password to `/api/auth/login` and hands the session tokens back with `messageParent`.
 */
import { AccountError, type Account, type AccountState, type Tokens } from '../shared/account';

/** Office's SSO call. */
export type GetAccessToken = (options: {
  allowSignInPrompt: boolean;
  allowConsentPrompt: boolean;
  forMSGraphAccess: boolean;
}) => Promise<string>;

/** An open Office dialog. */
export interface DialogHandle {
  close(): void;
  /** Messages the dialog page sends with `messageParent`. */
  onMessage(handler: (message: string) => void): void;
  /** The user closed the dialog (or it failed). */
  onClosed(handler: () => void): void;
}

/** What sign-in needs of Office (null: not available here). */
export interface OfficeSignIn {
  getAccessToken: GetAccessToken | null;
  openDialog: ((url: string) => Promise<DialogHandle>) | null;
}

/** What the dialog page sends the task pane. */
export type DialogMessage = { kind: 'tokens'; tokens: Tokens } | { kind: 'cancel' };

/** The dialog message as text (messageParent takes a string). */
export function dialogMessageText(m: DialogMessage): string {
  return JSON.stringify({ aism: 'signin', ...m });
}

/** A dialog message read back; null for anything else. */
export function parseDialogMessage(text: string): DialogMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const o = v as { aism?: unknown; kind?: unknown; tokens?: unknown } | null;
  if (!o || o.aism !== 'signin') return null;
  if (o.kind === 'cancel') return { kind: 'cancel' };
  const t = o.tokens as Partial<Tokens> | undefined;
  if (o.kind === 'tokens' && typeof t?.accessToken === 'string' && typeof t.refreshToken === 'string') {
    return { kind: 'tokens', tokens: { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresIn: Number(t.expiresIn) || 0 } };
  }
  return null;
}

/** True for an Office SSO error (codes 13000–13999: not signed in, no consent, not configured …). */
export function isSsoError(e: unknown): boolean {
  const code = Number((e as { code?: unknown } | null)?.code);
  return Number.isInteger(code) && code >= 13000 && code < 14000;
}

/** Opens the sign-in dialog and resolves to the tokens it sends, or null when the user closes it. */
export async function dialogTokens(open: (url: string) => Promise<DialogHandle>, url: string): Promise<Tokens | null> {
  const dialog = await open(url);
  return new Promise<Tokens | null>((resolve) => {
    let done = false;
    const finish = (tokens: Tokens | null) => {
      if (done) return;
      done = true;
      resolve(tokens);
    };
    dialog.onMessage((text) => {
      const m = parseDialogMessage(text);
      if (!m) return;
      dialog.close();
      finish(m.kind === 'tokens' ? m.tokens : null);
    });
    dialog.onClosed(() => finish(null));
  });
}

/**
 * Signs in from Excel: SSO, else the dialog at `dialogUrl`. Resolves to the new state, or null
 * when the user closed the dialog.
 */
export async function signInWithOffice(account: Account, office: OfficeSignIn, dialogUrl: string): Promise<AccountState | null> {
  if (office.getAccessToken) {
    let token: string | null = null;
    try {
      token = await office.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false });
    } catch (e) {
      if (!isSsoError(e)) throw e;
    }
    if (token) {
      try {
        return await account.signIn({ kind: 'office', token });
      } catch (e) {
        // The server does not take this Microsoft account (SSO not set up there, tenant not
        // allowed): email and password may still work.
        if (!(e instanceof AccountError) || ![400, 401, 403].includes(e.status)) throw e;
      }
    }
  }
  if (!office.openDialog) throw new Error('this version of Office cannot open the sign-in window');
  const tokens = await dialogTokens(office.openDialog, dialogUrl);
  return tokens ? account.acceptTokens(tokens) : null;
}

/** Office's own SSO and dialog APIs, where the page runs in Office. */
export function officeSignIn(): OfficeSignIn {
  type Auth = { getAccessToken?: GetAccessToken };
  const runtime = (globalThis as { OfficeRuntime?: { auth?: Auth } }).OfficeRuntime?.auth;
  const office = typeof Office === 'undefined' ? undefined : Office;
  const auth: Auth | undefined = runtime?.getAccessToken ? runtime : (office?.auth as Auth | undefined);
  const getToken = auth?.getAccessToken;
  const ui = office?.context?.ui;
  return {
    getAccessToken: getToken ? (o) => getToken.call(auth, o) : null,
    openDialog:
      office && ui && typeof ui.displayDialogAsync === 'function'
        ? (url) =>
            new Promise<DialogHandle>((resolve, reject) => {
              ui.displayDialogAsync(url, { height: 60, width: 30, displayInIframe: true }, (result) => {
                if (result.status !== office.AsyncResultStatus.Succeeded) {
                  reject(new Error(result.error?.message || 'the sign-in window could not be opened'));
                  return;
                }
                const d = result.value;
                resolve({
                  close: () => d.close(),
                  onMessage: (h) =>
                    d.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
                      if ('message' in arg) h(String(arg.message));
                    }),
                  onClosed: (h) => d.addEventHandler(office.EventType.DialogEventReceived, () => h()),
                });
              });
            })
        : null,
  };
}
