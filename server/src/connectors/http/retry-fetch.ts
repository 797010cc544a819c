/**
 * `fetch` with bounded retries for connector clients (I/O only, no Nest).
 *
 * Retries network errors, per-attempt timeouts, 5xx and 429 with exponential backoff
 * (base × 2^attempt, capped), honouring `Retry-After` (seconds or an HTTP date) when the server
 * sends one. Everything that waits goes through the injectable `sleep`, so tests run in
 * milliseconds. A non-retryable status (4xx other than 429) is returned to the caller as is.
 */

export interface RetryOptions {
  /** retries after the first attempt (default 4) */
  retries?: number;
  /** first backoff in ms (default 500); doubles per attempt */
  baseDelayMs?: number;
  /** ceiling of one wait in ms, also applied to Retry-After (default 60 s) */
  maxDelayMs?: number;
  /** per-attempt timeout in ms (default 30 s) */
  timeoutMs?: number;
  /** injectable wait (tests) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** injectable fetch (tests) */
  fetch?: typeof fetch;
  /** aborts the whole call (run shutdown) */
  signal?: AbortSignal;
  /** the clock for Retry-After dates */
  now?: () => number;
  onRetry?: (info: { attempt: number; status?: number; waitMs: number; reason: string }) => void;
}

/** Thrown when every attempt failed; `status` is the last HTTP status when there was one. */
export class HttpRetryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpRetryError';
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parses `Retry-After` (delta-seconds or HTTP date) into ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value == null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function fetchWithRetry(url: string, init: RequestInit, options: RetryOptions = {}): Promise<Response> {
  const retries = options.retries ?? 4;
  const base = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;

  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    let status: number | undefined;
    let reason: string;
    let retryAfterMs: number | null = null;
    try {
      const res = await doFetch(url, { ...init, signal: AbortSignal.any(signals) });
      if (!isRetryableStatus(res.status)) return res;
      status = res.status;
      reason = `HTTP ${res.status}`;
      retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
      // drain the body so the connection can be reused
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const e = err as Error;
      reason = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `network error: ${e.message}`;
    }
    if (attempt >= retries) {
      throw new HttpRetryError(`${init.method ?? 'GET'} ${redactUrl(url)} failed after ${attempt + 1} attempts: ${reason}`, status);
    }
    const backoff = Math.min(maxDelay, base * 2 ** attempt);
    const waitMs = Math.min(maxDelay, retryAfterMs ?? backoff);
    options.onRetry?.({ attempt: attempt + 1, status, waitMs, reason });
    await sleep(waitMs, options.signal);
  }
}

/** Drops the query string (it may carry filters, never meant for logs verbatim). */
function redactUrl(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
