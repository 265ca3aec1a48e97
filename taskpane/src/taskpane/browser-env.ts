/**
 * The browser's side of the account ({@link AccountEnv} parts): HTTP through `fetch` and a store
 * in `localStorage` (in memory where the page may not use it). Shared by the task pane and the
 * sign-in dialog page.
 */
import type { Http, KeyValueStore } from '../shared/account';

/** HTTP through `fetch`, no cookies (the API takes bearer tokens). */
export const fetchHttp: Http = async (url, request) => {
  const init: RequestInit = { method: request.method, headers: request.headers, credentials: 'omit' };
  if (request.body !== undefined) init.body = request.body;
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
};

/**
 * `localStorage`, or a map for this page's life when storage is blocked (some embedded
 * browsers); writes that fail (quota) are kept in the map too.
 */
export function browserStore(): KeyValueStore {
  const memory = new Map<string, string>();
  let storage: Storage | null = null;
  try {
    storage = typeof localStorage === 'undefined' ? null : localStorage;
    storage?.getItem('aism.probe');
  } catch {
    storage = null;
  }
  return {
    get: (key) => {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set: (key, value) => {
      try {
        if (!storage) throw new Error('no storage');
        storage.setItem(key, value);
        memory.delete(key);
      } catch {
        memory.set(key, value);
      }
    },
    remove: (key) => {
      memory.delete(key);
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing kept there.
      }
    },
  };
}
