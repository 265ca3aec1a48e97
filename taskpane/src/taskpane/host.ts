/**
 * Which host the page runs in: Excel (Office.onReady reports Excel) or a plain browser (the
 * standalone demo) — including when office.js could not be loaded at all.
 */

/** Where the pane runs. */
export type HostKind = 'excel' | 'standalone';

/** The host for what `Office.onReady` resolved with. */
export function hostFromInfo(info: { host?: unknown } | null | undefined): HostKind {
  const host = info?.host;
  if (host === 'Excel') return 'excel';
  if (typeof Office !== 'undefined' && Office.HostType && host === Office.HostType.Excel) return 'excel';
  return 'standalone';
}

/** What the page learns about its host. */
export interface HostInfo {
  kind: HostKind;
  /** Office's display language (Excel only), e.g. "es-ES". */
  displayLanguage: string | null;
}

/**
 * Waits for office.js (at most `timeoutMs`) and reports the host. Without office.js, or if it
 * never becomes ready, the page is the standalone demo.
 */
export async function detectHost(timeoutMs = 5000): Promise<HostInfo> {
  const standalone: HostInfo = { kind: 'standalone', displayLanguage: null };
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return standalone;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const info = await Promise.race([Office.onReady(), timeout]);
    const kind = hostFromInfo(info);
    let displayLanguage: string | null = null;
    if (kind === 'excel') {
      try {
        displayLanguage = Office.context?.displayLanguage ?? null;
      } catch {
        displayLanguage = null;
      }
    }
    return { kind, displayLanguage };
  } catch {
    return standalone;
  } finally {
    clearTimeout(timer);
  }
}
