/**
 * Messages between the page (task pane, custom functions) and the core Web Worker.
 * The page sends batches of requests, each with an id; the worker answers each batch with one
 * message holding one response per request.
 */
import type { VerifyOptions } from './account';
import type { ReportOptions } from './analysis';

/**
 * One request to the core. Every request that computes carries the user's `entitlements` (what
 * the licence grants, or the Free plan's): the core refuses a function or report outside them.
 */
export type CoreRequest =
  | { id: number; op: 'call'; name: string; args: unknown[]; entitlements: string[] }
  | { id: number; op: 'report'; table: unknown[][]; options: ReportOptions; entitlements: string[] }
  | {
      id: number;
      op: 'reportFile';
      bytes: Uint8Array;
      sheet: string | null;
      options: ReportOptions;
      entitlements: string[];
    }
  | { id: number; op: 'verifyLicense'; token: string; options: VerifyOptions }
  | { id: number; op: 'planEntitlements'; plan: string }
  | { id: number; op: 'catalog' }
  | { id: number; op: 'version' };

/** A request before the client gives it an id. */
export type CoreRequestBody = CoreRequest extends infer R
  ? R extends CoreRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * The answer to one request. `ok: true` carries what the core returned (which may itself be an
 * `{error, message}` value: bad input is a value, not a failure). `ok: false` means the engine
 * could not run the request at all; `fatal` asks the client to start a fresh engine.
 */
export type CoreResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; fatal: boolean };

/** Page → worker. */
export interface BatchMessage {
  kind: 'batch';
  requests: CoreRequest[];
}

/** Worker → page. */
export interface ResultsMessage {
  kind: 'results';
  responses: CoreResponse[];
}
