/**
 * The page side of the core: queues requests, sends them to the Web Worker in batches (one
 * message per turn of the event loop however many custom functions Excel invokes), and resolves
 * each request's promise from the worker's answer. The UI thread never runs the core, so Excel
 * stays responsive while a long forecast computes.
 */
import { toStringList, toVerification, type Verification, type VerifyOptions } from '../shared/account';
import type { ReportOptions } from '../shared/analysis';
import type {
  BatchMessage,
  CoreRequest,
  CoreRequestBody,
  CoreResponse,
  ResultsMessage,
} from '../shared/protocol';
import { describe, handleRequest, loadEngine, type WasmApi } from './engine';

/**
 * The engine could not run a request (not a bad-input value: those resolve normally). The message
 * is a lower-case clause ("the engine stopped …") that callers put after their own words.
 */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A channel to an engine: a Web Worker, or the in-page fallback. */
export interface Transport {
  post(message: BatchMessage, transfer: Transferable[]): void;
  terminate(): void;
}

/** Creates a transport that reports results and failures through the two callbacks. */
export type TransportFactory = (
  onResults: (message: ResultsMessage) => void,
  onFailure: (message: string) => void,
) => Transport;

/** Runs `flush` later, so requests made in the same turn go in one batch. */
export type Scheduler = (flush: () => void) => void;

const defaultScheduler: Scheduler = (flush) => {
  setTimeout(flush, 0);
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The client every part of the page shares (see {@link defaultClient}). */
export class CoreClient {
  private transport: Transport | null = null;
  private readonly pending = new Map<number, Pending>();
  private queue: CoreRequest[] = [];
  private transfers: Transferable[] = [];
  private scheduled = false;
  private nextId = 1;

  constructor(
    private readonly factory: TransportFactory,
    private readonly schedule: Scheduler = defaultScheduler,
  ) {}

  /**
   * Calls a registry function (`AISM.FORECAST`) with host arguments for a user granted
   * `entitlements`; resolves to rows or `{error, message}`.
   */
  call(name: string, args: unknown[], entitlements: readonly string[]): Promise<unknown> {
    return this.enqueue({ op: 'call', name, args, entitlements: [...entitlements] });
  }

  /** Analyses a 2-D table (header first); resolves to an analysis or `{error, message}`. */
  runReport(table: unknown[][], options: ReportOptions, entitlements: readonly string[]): Promise<unknown> {
    return this.enqueue({ op: 'report', table, options, entitlements: [...entitlements] });
  }

  /** Analyses the bytes of a CSV/XLSX/XLS/ODS file; the bytes are transferred to the worker. */
  runReportFile(
    bytes: Uint8Array,
    sheet: string | null,
    options: ReportOptions,
    entitlements: readonly string[],
  ): Promise<unknown> {
    return this.enqueue({ op: 'reportFile', bytes, sheet, options, entitlements: [...entitlements] }, [bytes.buffer]);
  }

  /** Verifies a licence token offline (`verifyLicense`); resolves to its verification. */
  async verifyLicense(token: string, options: VerifyOptions): Promise<Verification> {
    return toVerification(await this.enqueue({ op: 'verifyLicense', token, options }));
  }

  /** The default entitlements of a plan (`planEntitlements`). */
  async planEntitlements(plan: string): Promise<string[]> {
    return toStringList(await this.enqueue({ op: 'planEntitlements', plan }));
  }

  /** The function catalog of the registry. */
  catalog(): Promise<unknown> {
    return this.enqueue({ op: 'catalog' });
  }

  /** The version of the core; also a cheap way to start the engine early. */
  version(): Promise<unknown> {
    return this.enqueue({ op: 'version' });
  }

  /** How many requests are waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Stops the engine; waiting requests fail. */
  dispose(): void {
    this.fail('the engine was stopped');
  }

  private enqueue(body: CoreRequestBody, transfer: Transferable[] = []): Promise<unknown> {
    const id = this.nextId++;
    const req = { ...body, id } as CoreRequest;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push(req);
      for (const t of transfer) {
        if (!this.transfers.includes(t)) this.transfers.push(t);
      }
      if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const requests = this.queue;
    const transfers = this.transfers;
    this.queue = [];
    this.transfers = [];
    if (requests.length === 0) return;
    try {
      if (!this.transport) {
        this.transport = this.factory(
          (m) => this.onResults(m),
          (message) => this.fail(message),
        );
      }
      this.transport.post({ kind: 'batch', requests }, transfers);
    } catch (e) {
      this.transport = null;
      const err = new EngineError(`the engine could not be started (${describe(e)})`);
      for (const r of requests) {
        this.pending.get(r.id)?.reject(err);
        this.pending.delete(r.id);
      }
    }
  }

  private onResults(message: ResultsMessage): void {
    if (!message || message.kind !== 'results' || !Array.isArray(message.responses)) return;
    let restart = false;
    for (const r of message.responses) {
      const p = this.pending.get(r.id);
      if (!p) continue;
      this.pending.delete(r.id);
      if (r.ok) {
        p.resolve(r.value);
      } else {
        p.reject(new EngineError(r.message));
        restart ||= r.fatal;
      }
    }
    if (restart) this.restart();
  }

  /** Drops the engine (a trapped WASM instance cannot be trusted); the next request starts a new one. */
  private restart(): void {
    const t = this.transport;
    this.transport = null;
    t?.terminate();
  }

  private fail(message: string): void {
    const err = new EngineError(message);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.queue = [];
    this.transfers = [];
    this.restart();
    for (const p of waiting) p.reject(err);
  }
}

/** A transport over a module Web Worker at `url` (dist/worker.js). */
export function workerTransport(url: URL): TransportFactory {
  return (onResults, onFailure) => {
    const worker = new Worker(url, { type: 'module' });
    worker.addEventListener('message', (ev: MessageEvent<ResultsMessage>) => onResults(ev.data));
    worker.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      onFailure(
        `the engine stopped${ev.message ? ` (${ev.message})` : ''}; reload the page to try again`,
      );
    });
    worker.addEventListener('messageerror', () => onFailure('a message to the engine was lost'));
    return {
      post: (m, t) => worker.postMessage(m, t),
      terminate: () => worker.terminate(),
    };
  };
}

/**
 * A transport that runs the engine on the page itself, for hosts without module workers. It
 * keeps the same asynchronous protocol, so callers cannot tell the difference (except that long
 * work blocks the page).
 */
export function inlineTransport(base: string | URL): TransportFactory {
  return (onResults, onFailure) => {
    let engine: Promise<WasmApi> | null = null;
    let stopped = false;
    return {
      post: (m) => {
        engine ??= loadEngine(base);
        engine.then(
          (api) => {
            if (stopped) return;
            onResults({ kind: 'results', responses: m.requests.map((r) => handleRequest(api, r)) });
          },
          (e: unknown) => {
            engine = null;
            const message = describe(e);
            const responses: CoreResponse[] = m.requests.map((r) => ({
              id: r.id,
              ok: false,
              message,
              fatal: false,
            }));
            if (!stopped) onResults({ kind: 'results', responses });
            else onFailure(message);
          },
        );
      },
      terminate: () => {
        stopped = true;
      },
    };
  };
}

let shared: CoreClient | null = null;

/**
 * The one client of this page (task pane and custom functions share it: one engine, loaded once).
 * `scriptUrl` is the URL of the bundle (`import.meta.url` of taskpane.js); worker.js and pkg/
 * sit next to it.
 */
export function defaultClient(scriptUrl: string): CoreClient {
  if (!shared) {
    const factory: TransportFactory =
      typeof Worker === 'undefined'
        ? inlineTransport(scriptUrl)
        : (onResults, onFailure) => {
            try {
              return workerTransport(new URL('./worker.js', scriptUrl))(onResults, onFailure);
            } catch {
              // Module workers unsupported (old WebView): run on the page instead.
              return inlineTransport(scriptUrl)(onResults, onFailure);
            }
          };
    shared = new CoreClient(factory);
  }
  return shared;
}
