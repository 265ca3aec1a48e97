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

/** A chart the host draws. */
export interface Chart {
  key: string;
  kind: 'line' | 'column' | 'bar';
  title: Text;
  x: number[];
  xIsDate: boolean;
  series: Series[];
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

/** Which system was chosen and which columns it reads. */
export interface Detection {
  system: string;
  dateColumn: string;
  amountColumn: string;
  categoryColumn: string | null;
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
  horizon?: number;
  sensitivity?: number;
  level?: number;
  language?: Lang;
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
