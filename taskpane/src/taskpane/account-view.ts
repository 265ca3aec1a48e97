/**
 * The Account panel's status, shared by the Excel task pane and the Google Sheets sidebar: who
 * is signed in, the plan, the licence (valid until when, or why not) and what the plan includes,
 * in English or Spanish. `accountHtml` is pure; `renderAccount` puts it into the page. The
 * buttons and the sign-in form are the host page's own.
 */
import type { AccountState } from '../shared/account';
import type { Lang, Text } from '../shared/analysis';
import { esc } from './chart-svg';
import { locale, SYSTEM_NAMES, t, tr } from './i18n';

/** The plans by id (core/src/licence.rs `Plan`). */
export const PLAN_NAMES: Readonly<Record<string, Text>> = {
  free: { en: 'Free', es: 'Gratis' },
  course: { en: 'Course', es: 'Curso' },
  pro: { en: 'Pro', es: 'Pro' },
  team: { en: 'Team', es: 'Equipo' },
};

const system = (id: string): Text => SYSTEM_NAMES[id] ?? { en: id, es: id };

/** The entitlements in words (core/src/licence.rs constants); `system.*` are the systems' names. */
export const ENTITLEMENT_NAMES: Readonly<Record<string, Text>> = {
  'functions.basic': { en: 'Basic functions (sales and table helpers)', es: 'Funciones básicas (ventas y tablas)' },
  'system.sales': system('sales'),
  'system.pnl': system('pnl'),
  'system.inventory': system('inventory'),
  'system.pricing': system('pricing'),
  'system.customers': system('customers'),
  course: { en: 'The 12-week course', es: 'El curso de 12 semanas' },
  webinars: { en: 'Webinars', es: 'Webinarios' },
  connectors: { en: 'CRM and ledger connectors', es: 'Conectores de CRM y contabilidad' },
  team: { en: 'Team seats and administration', es: 'Puestos y administración del equipo' },
};

/** Why there is no valid licence, by `AccountState.code` (the core's reason is English only). */
const PROBLEMS: Readonly<Record<string, Text>> = {
  expired: {
    en: 'it expired; it is renewed while you are signed in and online',
    es: 'caducó; se renueva mientras tenga la sesión iniciada y conexión',
  },
  clock_rolled_back: {
    en: 'the device clock was set back before a time this licence was already used; correct the clock',
    es: 'el reloj del equipo se atrasó a antes de un momento en que ya se usó esta licencia; corrija el reloj',
  },
  not_yet_valid: {
    en: 'it was issued after the device’s current time; correct the device clock',
    es: 'se emitió después de la hora actual del equipo; corrija el reloj',
  },
  bad_signature: {
    en: 'the licence was altered or comes from another server',
    es: 'la licencia se alteró o procede de otro servidor',
  },
  malformed: { en: 'the licence is damaged', es: 'la licencia está dañada' },
  wrong_tenant: { en: 'it belongs to another organisation', es: 'pertenece a otra organización' },
  no_key: { en: 'this version cannot check licences', es: 'esta versión no puede comprobar licencias' },
  no_licence: {
    en: 'your organisations have none yet; ask an owner to add one',
    es: 'sus organizaciones aún no tienen ninguna; pida a un propietario que añada una',
  },
  no_seat: {
    en: 'it was revoked or has no seat left',
    es: 'se revocó o no le quedan puestos',
  },
  offline: { en: 'the server could not be reached', es: 'no se pudo contactar con el servidor' },
  session_ended: { en: 'the session ended; sign in again', es: 'la sesión terminó; vuelva a iniciarla' },
};

/** The name of a plan id (the id itself when unknown). */
export function planName(plan: string, lang: Lang): string {
  return PLAN_NAMES[plan]?.[lang] ?? plan;
}

/** An entitlement in words (the id itself when unknown). */
export function entitlementName(id: string, lang: Lang): string {
  return ENTITLEMENT_NAMES[id]?.[lang] ?? id;
}

/** Why there is no valid licence, in `lang` (the server's or core's text for a code not known here). */
export function problemText(code: string | null, reason: string | null, lang: Lang): string {
  const known = code ? PROBLEMS[code] : undefined;
  if (known) return tr(known, lang);
  return reason || code || '';
}

/** A Unix-milliseconds time as a date and time in `lang` (the device's time zone). */
export function formatWhen(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

function licenceLine(s: AccountState, lang: Lang): string {
  if (s.licence === 'valid') {
    return s.expiresAt !== null ? t(lang, 'licenceValid', { date: formatWhen(s.expiresAt, lang) }) : '';
  }
  const why = problemText(s.code, s.reason, lang);
  if (s.licence === 'invalid') return t(lang, 'licenceInvalid', { why });
  if (why) return t(lang, 'licenceNone', { why });
  return s.signedIn ? '' : t(lang, 'licenceNoneSignedOut');
}

/** The markup of the account status (null: still being read). */
export function accountHtml(s: AccountState | null, lang: Lang): string {
  if (!s) return `<p class="muted" data-testid="account-who">${esc(t(lang, 'accountChecking'))}</p>`;
  const who = s.signedIn
    ? s.email
      ? t(lang, 'signedInAs', { email: s.email })
      : t(lang, 'signedIn')
    : t(lang, 'signedOut');
  const licence = licenceLine(s, lang);
  const problem = s.licence !== 'valid' && s.code !== null;
  const items = s.entitlements
    .map((e) => `<li data-entitlement="${esc(e)}">${esc(entitlementName(e, lang))}</li>`)
    .join('');
  return (
    `<p data-testid="account-who">${esc(who)}</p>` +
    `<p class="account-plan">${esc(t(lang, 'planLabel'))} ` +
    `<fluent-badge appearance="tint" color="${s.licence === 'valid' ? 'brand' : 'informative'}" data-testid="account-plan" data-plan="${esc(s.plan)}">${esc(planName(s.plan, lang))}</fluent-badge></p>` +
    (licence
      ? `<p class="account-licence${problem ? ' warning' : ''}" data-testid="account-licence" data-licence="${s.licence}" data-code="${esc(s.code ?? '')}">${esc(licence)}</p>`
      : '') +
    `<h3>${esc(t(lang, 'includedHeading'))}</h3>` +
    `<ul class="account-entitlements" data-testid="account-entitlements">${items}</ul>`
  );
}

/** Shows the account status in `container`. */
export function renderAccount(container: HTMLElement, s: AccountState | null, lang: Lang): void {
  container.innerHTML = accountHtml(s, lang);
  container.dataset.signedIn = String(Boolean(s?.signedIn));
  container.dataset.plan = s?.plan ?? '';
}
