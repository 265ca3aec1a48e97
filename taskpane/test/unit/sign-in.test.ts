import { describe, expect, it } from 'vitest';
import { Account, AccountError, type AccountState, type Credentials, type Tokens } from '../../src/shared/account';
import {
  dialogMessageText,
  isSsoError,
  parseDialogMessage,
  signInWithOffice,
  type DialogHandle,
  type OfficeSignIn,
} from '../../src/taskpane/sign-in';

const SIGNED_IN: AccountState = {
  signedIn: true,
  email: 'ana@example.com',
  plan: 'pro',
  entitlements: ['functions.basic'],
  expiresAt: 1,
  licence: 'valid',
  code: null,
  reason: null,
};

/** An account that records how it was signed in; the Office route answers `officeAnswer`. */
function fakeAccount(officeAnswer: () => Promise<AccountState> = async () => SIGNED_IN) {
  const log: string[] = [];
  const account = {
    signIn: (c: Credentials) => {
      log.push(`signIn ${c.kind}${c.kind === 'password' ? '' : ` ${c.token}`}`);
      return officeAnswer();
    },
    acceptTokens: async (t: Tokens) => {
      log.push(`acceptTokens ${t.accessToken}`);
      return SIGNED_IN;
    },
  } as unknown as Account;
  return { account, log };
}

/** A dialog that sends `messages` once its handlers are in place (or is closed by the user). */
function fakeDialog(messages: string[], closeInstead = false) {
  const opened: string[] = [];
  let closed = 0;
  const open = async (url: string): Promise<DialogHandle> => {
    opened.push(url);
    let onMessage: (m: string) => void = () => undefined;
    let onClosed: () => void = () => undefined;
    setTimeout(() => {
      if (closeInstead) onClosed();
      else for (const m of messages) onMessage(m);
    }, 0);
    return {
      close: () => {
        closed++;
      },
      onMessage: (h) => {
        onMessage = h;
      },
      onClosed: (h) => {
        onClosed = h;
      },
    };
  };
  return { open, opened, closedCount: () => closed };
}

const TOKENS: Tokens = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 };

describe('Office sign-in', () => {
  it('uses the SSO bootstrap token when Office gives one', async () => {
    const { account, log } = fakeAccount();
    const dialog = fakeDialog([]);
    const asked: unknown[] = [];
    const office: OfficeSignIn = {
      getAccessToken: async (o) => {
        asked.push(o);
        return 'bootstrap';
      },
      openDialog: dialog.open,
    };
    expect(await signInWithOffice(account, office, 'https://x/signin.html')).toBe(SIGNED_IN);
    expect(asked).toEqual([{ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false }]);
    expect(log).toEqual(['signIn office bootstrap']);
    expect(dialog.opened).toEqual([]);
  });

  it('falls back to the dialog on an SSO error 13xxx, and takes the tokens it sends', async () => {
    const { account, log } = fakeAccount();
    const dialog = fakeDialog(['not ours', dialogMessageText({ kind: 'tokens', tokens: TOKENS })]);
    const office: OfficeSignIn = {
      getAccessToken: () => Promise.reject(Object.assign(new Error('SSO is not configured'), { code: 13007 })),
      openDialog: dialog.open,
    };
    expect(await signInWithOffice(account, office, 'https://x/signin.html?lang=es')).toBe(SIGNED_IN);
    expect(dialog.opened).toEqual(['https://x/signin.html?lang=es']);
    expect(dialog.closedCount()).toBe(1);
    expect(log).toEqual(['acceptTokens a1']);
  });

  it('falls back to the dialog without SSO, and when the server refuses the Microsoft account', async () => {
    const none = fakeAccount();
    const d1 = fakeDialog([dialogMessageText({ kind: 'tokens', tokens: TOKENS })]);
    await signInWithOffice(none.account, { getAccessToken: null, openDialog: d1.open }, 'u');
    expect(none.log).toEqual(['acceptTokens a1']);

    const refused = fakeAccount(() => Promise.reject(new AccountError('SSO is not set up on this server', 401, 'unauthorized')));
    const d2 = fakeDialog([dialogMessageText({ kind: 'tokens', tokens: TOKENS })]);
    await signInWithOffice(refused.account, { getAccessToken: async () => 'bootstrap', openDialog: d2.open }, 'u');
    expect(refused.log).toEqual(['signIn office bootstrap', 'acceptTokens a1']);
  });

  it('does not hide other failures behind the dialog', async () => {
    const offline = fakeAccount(() => Promise.reject(new AccountError('the server could not be reached', 0, 'offline')));
    const d = fakeDialog([]);
    await expect(signInWithOffice(offline.account, { getAccessToken: async () => 't', openDialog: d.open }, 'u')).rejects.toThrow(
      'the server could not be reached',
    );
    await expect(
      signInWithOffice(fakeAccount().account, { getAccessToken: () => Promise.reject(new Error('boom')), openDialog: d.open }, 'u'),
    ).rejects.toThrow('boom');
    expect(d.opened).toEqual([]);
    await expect(signInWithOffice(fakeAccount().account, { getAccessToken: null, openDialog: null }, 'u')).rejects.toThrow(
      'cannot open the sign-in window',
    );
  });

  it('resolves to null when the user closes the dialog or cancels', async () => {
    const a = fakeAccount();
    expect(await signInWithOffice(a.account, { getAccessToken: null, openDialog: fakeDialog([], true).open }, 'u')).toBeNull();
    expect(await signInWithOffice(a.account, { getAccessToken: null, openDialog: fakeDialog([dialogMessageText({ kind: 'cancel' })]).open }, 'u')).toBeNull();
    expect(a.log).toEqual([]);
  });

  it('knows SSO errors and dialog messages', () => {
    expect(isSsoError({ code: 13001 })).toBe(true);
    expect(isSsoError({ code: '13012' })).toBe(true);
    expect(isSsoError({ code: 12006 })).toBe(false);
    expect(isSsoError(new Error('x'))).toBe(false);
    expect(parseDialogMessage(dialogMessageText({ kind: 'tokens', tokens: TOKENS }))).toEqual({ kind: 'tokens', tokens: TOKENS });
    expect(parseDialogMessage('{"kind":"tokens","tokens":{"accessToken":"a","refreshToken":"r"}}')).toBeNull();
    expect(parseDialogMessage('nonsense')).toBeNull();
  });
});
