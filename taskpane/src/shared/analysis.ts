/**
 * TypeScript shapes of the JSON the core returns from `runReport` / `runReportFile`
 * (core/src/systems.rs `Analysis`, core/src/report.rs `Report`, core/src/ingest `Validation`).
 * Only what the task pane reads is typed; the core may add fields.
 */

/** A text in every language the product speaks. */
export interface Text {
  en: string;
  es: string;
}

/** The languages of the user interface and of the report texts. */
export type Lang = keyof Text;

/** How a value is formatted (report.rs `Format`). */
export type ValueFormat = 'number' | 'currency' | 'percent' | 'date' | 'integer';

/** One headline number. */
export interface Kpi {
  key: string;
  label: Text;
  value: number | null;
  format: ValueFormat;
  change?: number | null;
}

/** A table cell of a report. */
export type ReportValue = number | string | boolean | null;

/** A table of a report. */
export interface ReportTable {
  key: string;
  title: Text;
  columns: Text[];
  formats: ValueFormat[];
  rows: ReportValue[][];
}

/** What a chart series means. */
export type SeriesRole = 'actual' | 'expected' | 'forecast' | 'lower' | 'upper' | 'anomaly';

/** One series of a chart, aligned with the chart's `x`. */
export interface Series {
  name: Text;
  role: SeriesRole;
  values: (number | null)[];
}

/** A chart the host draws: lines over `x`, or bars with one category per `x` (named by `labels`). */
export interface Chart {
  key: string;
  kind: 'line' | 'column' | 'bar';
  title: Text;
  x: number[];
  xIsDate: boolean;
  series: Series[];
  /** Category names of a column or bar chart, aligned with `x` (absent for time charts). */
  labels?: Text[];
}

/** How much a finding matters. */
export type Severity = 'info' | 'warning' | 'alert';

/** A plain-language finding with the numbers behind it. */
export interface Finding {
  key: string;
  severity: Severity;
  score: number;
  text: Text;
  numbers: [string, number][];
}

/** A whole report of one system. */
export interface Report {
  system: string;
  title: Text;
  kpis: Kpi[];
  tables: ReportTable[];
  charts: Chart[];
  findings: Finding[];
  notes: Text[];
}

/** One column a system reads, by its role (`date`, `amount`, `account`, `sku`, `demand` …). */
export interface ColumnUse {
  role: string;
  column: string;
}

/** Which system was chosen and which columns it reads. */
export interface Detection {
  system: string;
  columns: ColumnUse[];
  reason: Text;
}

/** A cell (or column) that needs attention, with its A1 address. */
export interface Issue {
  cell: string;
  severity: 'info' | 'warning';
  message: string;
}

/** What was decided for one column. */
export interface ColumnReport {
  name: string;
  kind: 'number' | 'date' | 'text' | 'bool' | 'empty';
  blanks: number;
  errors: number;
  unparsed: number;
}

/** The validation report of one ingestion. */
export interface Validation {
  header: { hasHeader: boolean; reason: string };
  columns: ColumnReport[];
  issues: Issue[];
}

/** A report with how its input was read. */
export interface Analysis {
  detection: Detection;
  validation: Validation;
  report: Report;
}

/** An error value as the core returns it instead of a result. */
export interface CoreError {
  error: string;
  message?: string;
}

/** Options of `runReport` / `runReportFile` (core `ReportOptions`, plus the origin of a range). */
export interface ReportOptions {
  system?: string;
  dateColumn?: string;
  amountColumn?: string;
  categoryColumn?: string;
  /** Columns by role, for the roles above and the other systems' (`account`, `sku`, `demand` …). */
  columns?: Record<string, string>;
  horizon?: number;
  /** Inventory: the cycle service level, in (0, 1). */
  serviceLevel?: number;
  /** Inventory: the fixed cost of placing one order. */
  orderCost?: number;
  /** Inventory: the yearly holding cost as a share of the unit cost. */
  holdingRate?: number;
  /** P&L: periods of the statement, `month`, `quarter` or `year`. */
  period?: string;
  /** P&L: a variance is material from this share of its base on (0.05 = 5 %). */
  materiality?: number;
  sensitivity?: number;
  level?: number;
  language?: Lang;
  /**
   * What the user's licence grants: a report of a system outside them is refused. The task pane
   * sets it from its account for every request (shared/protocol.ts); Apps Script sets it here.
   */
  entitlements?: string[];
  originRow?: number;
  originColumn?: number;
}

/** True when a core result is an error value rather than a result. */
export function isCoreError(v: unknown): v is CoreError {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as { error?: unknown }).error === 'string'
  );
}

/** True when `v` has the shape of an analysis (detection, validation and report). */
export function isAnalysis(v: unknown): v is Analysis {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Partial<Analysis>;
  return (
    typeof a.detection === 'object' &&
    a.detection !== null &&
    typeof a.report === 'object' &&
    a.report !== null &&
    Array.isArray(a.report.kpis) &&
    Array.isArray(a.report.charts) &&
    Array.isArray(a.report.findings)
  );
}
