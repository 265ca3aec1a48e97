/**
 * The module Web Worker hosting the WASM core (built to dist/worker.js). It loads
 * `./pkg/aism_wasm.js` next to itself, answers each batch of requests from the page with one
 * results message, and keeps Excel's UI thread free while the core computes.
 */
import type { BatchMessage, CoreResponse, ResultsMessage } from '../shared/protocol';
import { describe, handleRequest, loadEngine, type WasmApi } from './engine';

interface WorkerScope {
  postMessage(message: ResultsMessage): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<BatchMessage>) => void): void;
}

const scope = self as unknown as WorkerScope;

let engine: Promise<WasmApi> | null = null;

function start(): Promise<WasmApi> {
  if (!engine) {
    engine = loadEngine(import.meta.url);
    // A failed load is retried on the next batch.
    engine.catch(() => {
      engine = null;
    });
  }
  return engine;
}

// Start loading at once, so the first request does not pay for it.
void start().catch(() => undefined);

scope.addEventListener('message', (ev) => {
  const msg = ev.data;
  if (!msg || msg.kind !== 'batch' || !Array.isArray(msg.requests)) return;
  start().then(
    (api) => {
      const responses = msg.requests.map((r) => handleRequest(api, r));
      scope.postMessage({ kind: 'results', responses });
    },
    (e: unknown) => {
      const message = describe(e);
      const responses: CoreResponse[] = msg.requests.map((r) => ({
        id: r.id,
        ok: false,
        message,
        fatal: false,
      }));
      scope.postMessage({ kind: 'results', responses });
    },
  );
});
