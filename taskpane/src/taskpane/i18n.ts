/**
 * English and Spanish texts of the task pane, the choice of language, and number/date
 * formatting. Report texts come from the core in both languages; these are the pane's own.
 */
import type { Lang, Text, ValueFormat } from '../shared/analysis';

const en = {
  appTitle: 'AI Spreadsheet Mastery',
  appSubtitle: 'Forecasts, anomalies and findings computed on your device: your data never leaves it.',
  dataHeading: 'Data',
  workbookHeading: 'From the workbook',
  useSelection: 'Use selection',
  tableLabel: 'Table',
  noTables: 'No tables in this workbook',
  chooseTable: 'Choose a table…',
  useTable: 'Analyze table',
  fileHeading: 'From a file or pasted data',
  fileLabel: 'Upload a file (CSV, XLSX, XLS, ODS)',
  pasteLabel: 'Or paste cells (copied from a spreadsheet, or CSV text), header row first',
  pastePlaceholder: 'date\tsales\n2024-01-01\t1820\n2024-01-02\t1945',
  runPaste: 'Analyze pasted data',
  optionsHeading: 'Options',
  systemLabel: 'System',
  systemAuto: 'Automatic',
  systemAutoDetected: 'Automatic ({system})',
  horizonLabel: 'Forecast horizon (periods)',
  serviceLevelLabel: 'Service level (inventory)',
  orderCostLabel: 'Cost per order (inventory, optional)',
  orderCostInvalid: 'The cost per order must be a positive amount, or blank to leave EOQ out.',
  materialityLabel: 'Materiality, % (P&L)',
  serviceLevelInvalid: 'The service level must be a share between 0.5 and 0.999, e.g. 0.95.',
  materialityInvalid: 'The materiality must be a percentage between 0 and 100, e.g. 5.',
  languageLabel: 'Language',
  run: 'Run analysis',
  running: 'Analyzing…',
  insertReport: 'Insert report sheet',
  inserting: 'Writing the report sheet…',
  inserted: 'The report sheet “{name}” was added to the workbook.',
  kpisHeading: 'Key figures',
  chartHeading: 'History and forecast',
  findingsHeading: 'Findings',
  noFindings: 'Nothing stood out in this data.',
  checksHeading: 'Input checks',
  noIssues: 'Every cell was read as expected.',
  notesHeading: 'Notes',
  tablesHeading: 'Tables',
  columnsRead: 'Header: {reason}',
  moreIssues: '{n} more',
  noRows: 'No rows.',
  legendActual: 'Actual',
  legendForecast: 'Forecast',
  legendInterval: 'Prediction interval',
  legendAnomaly: 'Anomaly',
  legendExpected: 'Expected',
  chartLabel: 'Chart of {title}',
  engineReady: 'Engine {version} ready.',
  engineStarting: 'Starting the analytics engine…',
  standaloneHint: 'Standalone demo: upload a file or paste cells to analyze them in this browser.',
  excelHint: 'Select a table with a header row (dates and amounts), or pick a table, then run.',
  needSource: 'Choose a file, paste some data, or select a range first.',
  needSourceStandalone: 'Choose a file or paste some data first.',
  pasteEmpty: 'The paste area is empty: paste cells copied from a spreadsheet or CSV text.',
  selectionEmpty: 'The selection is empty. Select a range with a header row and at least a few rows of data.',
  selectionTooBig: 'The selection has {n} cells; select at most {max}.',
  analyzingRange: 'Analyzing {address}…',
  readingTable: 'Reading table {name}…',
  analyzingFile: 'Analyzing {name}…',
  fileTooBig: 'The file is {size} MB; the largest file this page reads is {max} MB.',
  fileUnreadable: 'The file could not be read: {why}',
  analysisFailed: 'The analysis could not be run: {why}',
  engineFailed: 'The analytics engine is not available: {why}.',
  excelFailed: 'Excel reported a problem: {why}',
  unexpected: 'The result of the analysis was not understood.',
  doneSummary: '{system}: {rows} periods analyzed.',
  noTableChosen: 'Choose a table first.',
  needReport: 'Run an analysis first.',
  sevInfo: 'Info',
  sevWarning: 'Warning',
  sevAlert: 'Alert',
  noValue: 'not available',
  vsPrevious: 'vs. comparison period',
  horizonInvalid: 'The horizon must be a whole number of periods between 1 and {max}.',
  noReport: 'No report: correct the data or the options as described above, then run again.',
  accountHeading: 'Account',
  signIn: 'Sign in',
  signInGoogle: 'Sign in with Google',
  signOut: 'Sign out',
  emailLabel: 'Email',
  passwordLabel: 'Password',
  signInTitle: 'Sign in to AI Spreadsheet Mastery',
  signInDone: 'You are signed in. This window closes by itself; if it does not, close it.',
  signInNeeded: 'Enter your email and password.',
  signingIn: 'Signing in…',
  signingOut: 'Signing out…',
  signInFailed: 'Sign-in failed: {why}',
  accountFailed: 'The account could not be read: {why}',
  accountChecking: 'Checking your account…',
  signedInAs: 'Signed in as {email}.',
  signedIn: 'Signed in.',
  signedOut: 'Not signed in.',
  planLabel: 'Plan',
  licenceValid: 'Licence valid until {date}.',
  licenceNone: 'No licence: {why}.',
  licenceNoneSignedOut: 'Sign in to use your organisation’s licence.',
  licenceInvalid: 'The licence is not valid: {why}.',
  includedHeading: 'Included',
};

/** The keys of the pane's texts. */
export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  appTitle: 'AI Spreadsheet Mastery',
  appSubtitle: 'Pronósticos, anomalías y hallazgos calculados en su equipo: sus datos no salen de él.',
  dataHeading: 'Datos',
  workbookHeading: 'Desde el libro',
  useSelection: 'Usar la selección',
  tableLabel: 'Tabla',
  noTables: 'Este libro no tiene tablas',
  chooseTable: 'Elija una tabla…',
  useTable: 'Analizar la tabla',
  fileHeading: 'Desde un archivo o datos pegados',
  fileLabel: 'Suba un archivo (CSV, XLSX, XLS, ODS)',
  pasteLabel: 'O pegue celdas (copiadas de una hoja de cálculo, o texto CSV), con la fila de encabezado primero',
  pastePlaceholder: 'fecha\tventas\n2024-01-01\t1820\n2024-01-02\t1945',
  runPaste: 'Analizar los datos pegados',
  optionsHeading: 'Opciones',
  systemLabel: 'Sistema',
  systemAuto: 'Automático',
  systemAutoDetected: 'Automático ({system})',
  horizonLabel: 'Horizonte del pronóstico (periodos)',
  serviceLevelLabel: 'Nivel de servicio (inventario)',
  orderCostLabel: 'Coste por pedido (inventario, opcional)',
  orderCostInvalid: 'El coste por pedido debe ser un importe positivo, o quedar en blanco para omitir el lote económico.',
  materialityLabel: 'Materialidad, % (resultados)',
  serviceLevelInvalid: 'El nivel de servicio debe ser una proporción entre 0,5 y 0,999, p. ej. 0,95.',
  materialityInvalid: 'La materialidad debe ser un porcentaje entre 0 y 100, p. ej. 5.',
  languageLabel: 'Idioma',
  run: 'Ejecutar el análisis',
  running: 'Analizando…',
  insertReport: 'Insertar hoja de informe',
  inserting: 'Escribiendo la hoja de informe…',
  inserted: 'Se agregó la hoja de informe «{name}» al libro.',
  kpisHeading: 'Cifras clave',
  chartHeading: 'Histórico y pronóstico',
  findingsHeading: 'Hallazgos',
  noFindings: 'No se encontró nada destacable en estos datos.',
  checksHeading: 'Revisión de los datos',
  noIssues: 'Todas las celdas se leyeron como se esperaba.',
  notesHeading: 'Notas',
  tablesHeading: 'Tablas',
  columnsRead: 'Encabezado: {reason}',
  moreIssues: '{n} más',
  noRows: 'Sin filas.',
  legendActual: 'Real',
  legendForecast: 'Pronóstico',
  legendInterval: 'Intervalo de predicción',
  legendAnomaly: 'Anomalía',
  legendExpected: 'Esperado',
  chartLabel: 'Gráfico de {title}',
  engineReady: 'Motor {version} listo.',
  engineStarting: 'Iniciando el motor de análisis…',
  standaloneHint: 'Demostración independiente: suba un archivo o pegue celdas para analizarlas en este navegador.',
  excelHint: 'Seleccione una tabla con fila de encabezado (fechas e importes), o elija una tabla, y ejecute.',
  needSource: 'Primero elija un archivo, pegue datos o seleccione un rango.',
  needSourceStandalone: 'Primero elija un archivo o pegue datos.',
  pasteEmpty: 'El área para pegar está vacía: pegue celdas copiadas de una hoja de cálculo o texto CSV.',
  selectionEmpty: 'La selección está vacía. Seleccione un rango con fila de encabezado y algunas filas de datos.',
  selectionTooBig: 'La selección tiene {n} celdas; seleccione como máximo {max}.',
  analyzingRange: 'Analizando {address}…',
  readingTable: 'Leyendo la tabla {name}…',
  analyzingFile: 'Analizando {name}…',
  fileTooBig: 'El archivo ocupa {size} MB; esta página lee archivos de hasta {max} MB.',
  fileUnreadable: 'No se pudo leer el archivo: {why}',
  analysisFailed: 'No se pudo realizar el análisis: {why}',
  engineFailed: 'El motor de análisis no está disponible: {why}.',
  excelFailed: 'Excel informó un problema: {why}',
  unexpected: 'No se entendió el resultado del análisis.',
  doneSummary: '{system}: {rows} periodos analizados.',
  noTableChosen: 'Primero elija una tabla.',
  needReport: 'Primero ejecute un análisis.',
  sevInfo: 'Info',
  sevWarning: 'Aviso',
  sevAlert: 'Alerta',
  noValue: 'no disponible',
  vsPrevious: 'frente al periodo de comparación',
  horizonInvalid: 'El horizonte debe ser un número entero de periodos entre 1 y {max}.',
  noReport: 'Sin informe: corrija los datos o las opciones como se indica arriba y vuelva a ejecutar.',
  accountHeading: 'Cuenta',
  signIn: 'Iniciar sesión',
  signInGoogle: 'Iniciar sesión con Google',
  signOut: 'Cerrar sesión',
  emailLabel: 'Correo electrónico',
  passwordLabel: 'Contraseña',
  signInTitle: 'Inicie sesión en AI Spreadsheet Mastery',
  signInDone: 'Sesión iniciada. Esta ventana se cierra sola; si no, ciérrela.',
  signInNeeded: 'Escriba su correo electrónico y su contraseña.',
  signingIn: 'Iniciando sesión…',
  signingOut: 'Cerrando sesión…',
  signInFailed: 'No se pudo iniciar sesión: {why}',
  accountFailed: 'No se pudo leer la cuenta: {why}',
  accountChecking: 'Comprobando su cuenta…',
  signedInAs: 'Sesión iniciada como {email}.',
  signedIn: 'Sesión iniciada.',
  signedOut: 'Sin sesión iniciada.',
  planLabel: 'Plan',
  licenceValid: 'Licencia válida hasta el {date}.',
  licenceNone: 'Sin licencia: {why}.',
  licenceNoneSignedOut: 'Inicie sesión para usar la licencia de su organización.',
  licenceInvalid: 'La licencia no es válida: {why}.',
  includedHeading: 'Incluye',
};

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, es };

/** The systems the core runs, by the id its detection reports. */
export const SYSTEM_NAMES: Readonly<Record<string, Text>> = {
  sales: { en: 'Daily sales monitoring', es: 'Seguimiento de ventas diarias' },
  pnl: { en: 'Monthly P&L analysis', es: 'Análisis mensual de resultados' },
  inventory: { en: 'Inventory management', es: 'Gestión de inventario' },
  pricing: { en: 'Product pricing', es: 'Precios de productos' },
  customers: { en: 'Customer management', es: 'Gestión de clientes' },
};

/** The display name of a system id (the id itself when unknown). */
export function systemName(id: string, lang: Lang): string {
  return SYSTEM_NAMES[id]?.[lang] ?? id;
}

/** A pane text with `{name}` placeholders filled in. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = MESSAGES[lang][key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in vars ? String(vars[name]) : m,
  );
}

/** The text of a core `{en, es}` pair in `lang` (falls back to English). */
export function tr(text: Text | undefined | null, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.en || '';
}

/** The language for a BCP-47 tag: Spanish for `es`, `es-MX` …, English otherwise. */
export function langFromTag(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'es') return 'es';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * The initial language: Office's display language inside Excel, the browser's languages
 * otherwise; English when neither is English or Spanish.
 */
export function pickLanguage(officeDisplayLanguage?: string | null, browserLanguages: readonly string[] = []): Lang {
  const fromOffice = langFromTag(officeDisplayLanguage);
  if (fromOffice) return fromOffice;
  for (const tag of browserLanguages) {
    const l = langFromTag(tag);
    if (l) return l;
  }
  return 'en';
}

/** The locale used to format numbers and dates. */
export function locale(lang: Lang): string {
  return lang === 'es' ? 'es-ES' : 'en-US';
}

const MS_PER_DAY = 86_400_000;
/** Excel serial of 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;

/** A JavaScript Date (UTC midnight + fraction) for an Excel 1900-system serial. */
export function serialToDate(serial: number): Date {
  // Excel counts a 29 Feb 1900 that never was: serials before it are one day later.
  const s = serial < 60 ? serial + 1 : serial;
  return new Date(Math.round((s - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
}

/** The Excel serial of a UTC date. */
export function dateToSerial(d: Date): number {
  const s = d.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  return s < 61 ? s - 1 : s;
}

/** A serial as an ISO date (yyyy-mm-dd). */
export function isoDate(serial: number): string {
  return serialToDate(serial).toISOString().slice(0, 10);
}

/** A serial as a readable date: "Mar 14, 2024" / "14 mar 2024". */
export function formatDate(serial: number, lang: Lang, withYear = true): string {
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (withYear) opts.year = 'numeric';
  return new Intl.DateTimeFormat(locale(lang), opts).format(serialToDate(serial));
}

/** A number with `decimals` decimals in the language's grouping. */
export function formatNumber(x: number, lang: Lang, decimals = 2): string {
  return new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  }).format(x);
}

/** An amount: whole units from 100 on, cents below (as the core's findings write them). */
export function formatAmount(x: number, lang: Lang): string {
  return formatNumber(x, lang, Math.abs(x) >= 100 ? 0 : 2);
}

/** A relative change as a signed percentage: "+4.1 %". */
export function formatChange(x: number, lang: Lang): string {
  const s = formatNumber(Math.abs(100 * x), lang, 1);
  const sign = x > 0 ? '+' : x < 0 ? '−' : '';
  return `${sign}${s} %`;
}

/** A value in a report format; "—" for a missing value. */
export function formatValue(x: number | string | boolean | null | undefined, format: ValueFormat, lang: Lang): string {
  if (x === null || x === undefined || x === '') return '—';
  if (typeof x === 'string') return x;
  if (typeof x === 'boolean') return x ? '✓' : '';
  if (!Number.isFinite(x)) return '—';
  switch (format) {
    case 'currency':
      return formatAmount(x, lang);
    case 'percent':
      return `${formatNumber(100 * x, lang, 1)} %`;
    case 'date':
      return formatDate(x, lang);
    case 'integer':
      return formatNumber(Math.round(x), lang, 0);
    case 'number':
    default:
      return formatNumber(x, lang, Math.abs(x) >= 100 ? 1 : 2);
  }
}
