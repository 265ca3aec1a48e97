import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../src/shared/account';
import { accountHtml, entitlementName, planName, problemText } from '../../src/taskpane/account-view';

const FREE = ['functions.basic', 'system.sales'];

const signedOut: AccountState = {
  signedIn: false,
  email: null,
  plan: 'free',
  entitlements: FREE,
  expiresAt: null,
  licence: 'none',
  code: null,
  reason: null,
};

describe('accountHtml', () => {
  it('says who is signed in, the plan, until when the licence is valid and what it includes', () => {
    const html = accountHtml(
      {
        signedIn: true,
        email: 'ana@example.com',
        plan: 'pro',
        entitlements: [...FREE, 'system.inventory', 'connectors'],
        expiresAt: Date.UTC(2027, 2, 14, 12),
        licence: 'valid',
        code: null,
        reason: null,
      },
      'en',
    );
    expect(html).toContain('Signed in as ana@example.com.');
    expect(html).toMatch(/data-plan="pro">Pro</);
    expect(html).toMatch(/data-licence="valid"[^>]*>Licence valid until Mar 1[45], 2027/);
    expect(html).toContain('<li data-entitlement="system.inventory">Inventory management</li>');
    expect(html).toContain('<li data-entitlement="connectors">CRM and ledger connectors</li>');
    expect(html).toContain('<li data-entitlement="functions.basic">Basic functions (sales and table helpers)</li>');
  });

  it('shows the Free plan when signed out, with how to get a licence', () => {
    const html = accountHtml(signedOut, 'en');
    expect(html).toContain('Not signed in.');
    expect(html).toMatch(/data-plan="free">Free</);
    expect(html).toContain('Sign in to use your organisation’s licence.');
    expect(html.split('<li ').length - 1).toBe(2);
  });

  it('explains why a licence is missing or not valid, with the code, in Spanish too', () => {
    const rolled: AccountState = { ...signedOut, signedIn: true, licence: 'invalid', code: 'clock_rolled_back', reason: 'the device clock was set back' };
    const en = accountHtml(rolled, 'en');
    expect(en).toContain('data-code="clock_rolled_back"');
    expect(en).toContain('The licence is not valid: the device clock was set back before a time this licence was already used; correct the clock.');
    const es = accountHtml({ ...signedOut, signedIn: true, code: 'no_licence', reason: 'no licence of your organisations matches' }, 'es');
    expect(es).toContain('Sin licencia: sus organizaciones aún no tienen ninguna; pida a un propietario que añada una.');
    expect(es).toMatch(/data-plan="free">Gratis</);
    expect(es).toContain('Sesión iniciada.');
    expect(accountHtml(signedOut, 'es')).toContain('Sin sesión iniciada.');
    // A code this version does not know: the server's words.
    expect(problemText('teapot', 'the server is a teapot', 'es')).toBe('the server is a teapot');
  });

  it('escapes what comes from the server and says when it is still reading', () => {
    expect(accountHtml({ ...signedOut, signedIn: true, email: '<b>x</b>@y.z' }, 'en')).toContain('&lt;b&gt;x&lt;/b&gt;@y.z');
    expect(accountHtml(null, 'es')).toContain('Comprobando su cuenta…');
  });

  it('names plans and entitlements, keeping unknown ids', () => {
    expect(planName('team', 'es')).toBe('Equipo');
    expect(planName('enterprise', 'en')).toBe('enterprise');
    expect(entitlementName('system.pnl', 'es')).toBe('Análisis mensual de resultados');
    expect(entitlementName('beta.x', 'en')).toBe('beta.x');
  });
});
