/**
 * The one way requests reach the Turso Platform API: each call is retried by ky under the
 * policy of retry-policy.ts and ends in an outcome value rather than an exception, so one
 * person's trouble never escapes into another's. The clients of each resource build on it.
 */
import ky, { HTTPError, NetworkError, TimeoutError, type KyInstance } from 'ky';
import type { RateLimitPause } from './rate-limit-pause.ts';
import { decideRetry, isAmbiguous, parseRetryAfter, pausesEveryRequest, type AttemptFailure } from './retry-policy.ts';

export interface ApiClientSettings {
  apiUrl: URL;
  token: string;
  retries: number;
  requestTimeoutMs: number;
  userAgent: string;
  /** Aborted when the run is cancelled: nothing new is sent, and what is under way is abandoned. */
  signal: AbortSignal;
}

/** Told before each retry, so the log shows why and for how long the action waits. */
export interface RetryNotice {
  request: string;
  retryNumber: number;
  maxRetries: number;
  cause: string;
  waitMs: number;
}

export type ApiFailure =
  | {
      kind: 'http';
      status: number;
      /** The API's `error` text when the body was the usual JSON, else a short description. */
      message: string;
      /** True when `message` is the API's own `error` text. */
      fromApi: boolean;
      location?: string;
    }
  | { kind: 'network'; code: string }
  | { kind: 'timeout'; timeoutMs: number }
  /** `sent`: whether a request had gone out, so that it may have taken effect. */
  | { kind: 'cancelled'; sent: boolean };

interface AttemptTrail {
  attempts: number;
  /** Set when an earlier attempt ended without a definite answer; names what ended it. */
  ambiguousAttempt?: string;
}

export type ApiOutcome<T> =
  | (AttemptTrail & { ok: true; body: T | undefined; rawBody: string })
  | (AttemptTrail & { ok: false; failure: ApiFailure; retryAfterTooLongMs?: number });

export type Method = 'GET' | 'DELETE';

export class ApiTransport {
  readonly #http: KyInstance;
  readonly #settings: ApiClientSettings;
  readonly #pause: RateLimitPause;
  readonly #onRetry: (notice: RetryNotice) => void;

  constructor(settings: ApiClientSettings, pause: RateLimitPause, onRetry: (notice: RetryNotice) => void) {
    this.#settings = settings;
    this.#pause = pause;
    this.#onRetry = onRetry;
    this.#http = ky.create({
      headers: {
        authorization: `Bearer ${settings.token}`,
        'user-agent': settings.userAgent,
        accept: 'application/json',
      },
      // A redirect would carry the token to wherever it points; it is reported instead.
      redirect: 'manual',
      timeout: settings.requestTimeoutMs,
      throwHttpErrors: true,
    });
  }

  /** Each segment becomes exactly one encoded path segment below the API's base path. */
  #url(segments: readonly string[]): URL {
    const url = new URL(this.#settings.apiUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
    return url;
  }

  /** Sends `method` to the path made of `segments`; the answer body is typed by the caller. */
  async request<T>(method: Method, segments: readonly string[]): Promise<ApiOutcome<T>> {
    const url = this.#url(segments);
    const label = `${method} ${url.pathname}`;
    const { retries, signal } = this.#settings;
    const trail: AttemptTrail = { attempts: 1 };
    let nextWaitMs = 0;
    let retryAfterTooLongMs: number | undefined;
    let sent = false;

    try {
      await this.#pause.wait(signal);
      sent = !signal.aborted;
      const rawBody = await this.#http(url, {
        method,
        signal,
        retry: {
          limit: retries,
          methods: ['get', 'delete'],
          delay: () => nextWaitMs,
          shouldRetry: ({ error, retryCount }) => {
            const failure = attemptFailure(error);
            if (failure === undefined) return false;
            if (isAmbiguous(failure)) trail.ambiguousAttempt ??= describeAttemptFailure(failure, error);
            const decision = decideRetry(failure, retryCount, retries);
            if (!decision.retry) {
              if (decision.reason === 'retry-after-too-long') retryAfterTooLongMs = decision.retryAfterMs;
              return false;
            }
            if (pausesEveryRequest(failure)) this.#pause.pauseUntil(Date.now() + decision.waitMs);
            nextWaitMs = decision.waitMs;
            this.#onRetry({
              request: label,
              retryNumber: retryCount,
              maxRetries: retries,
              cause: describeAttemptFailure(failure, error),
              waitMs: decision.waitMs,
            });
            return true;
          },
        },
        hooks: {
          beforeRetry: [
            async () => {
              trail.attempts += 1;
              await this.#pause.wait(signal);
            },
          ],
        },
      }).text();
      return { ...trail, ok: true, rawBody, body: parseJson(rawBody) as T | undefined };
    } catch (error) {
      if (signal.aborted) {
        return { ...trail, attempts: sent ? trail.attempts : 0, ok: false, failure: { kind: 'cancelled', sent } };
      }
      const failure = this.#finalFailure(error);
      return retryAfterTooLongMs === undefined
        ? { ...trail, ok: false, failure }
        : { ...trail, ok: false, failure, retryAfterTooLongMs };
    }
  }

  #finalFailure(error: unknown): ApiFailure {
    if (error instanceof HTTPError) {
      const { status, headers } = error.response;
      const apiError = apiErrorText(error.data);
      const failure: ApiFailure = {
        kind: 'http',
        status,
        message: apiError ?? describeBody(error.data, headers.get('content-type')),
        fromApi: apiError !== undefined,
      };
      const location = headers.get('location');
      if (location !== null) failure.location = location;
      return failure;
    }
    if (error instanceof TimeoutError) return { kind: 'timeout', timeoutMs: this.#settings.requestTimeoutMs };
    if (error instanceof NetworkError) return { kind: 'network', code: networkErrorCode(error) };
    // Anything else is a defect of ours; report it on this username rather than lose it.
    return { kind: 'network', code: error instanceof Error ? error.message : String(error) };
  }
}

function attemptFailure(error: Error): AttemptFailure | undefined {
  if (error instanceof HTTPError) {
    return {
      kind: 'status',
      status: error.response.status,
      retryAfterMs: parseRetryAfter(error.response.headers.get('retry-after')),
    };
  }
  if (error instanceof TimeoutError) return { kind: 'timeout' };
  if (error instanceof NetworkError) return { kind: 'network' };
  return undefined;
}

function describeAttemptFailure(failure: AttemptFailure, error: Error): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'timeout':
      return 'no answer within request-timeout';
    case 'network':
      return `network error ${networkErrorCode(error)}`;
  }
}

/** The most specific code in an error's cause chain (ECONNRESET, ENOTFOUND, ...). */
function networkErrorCode(error: unknown): string {
  let deepest = 'unknown';
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') deepest = code;
    current = current.cause;
  }
  return deepest;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function apiErrorText(data: unknown): string | undefined {
  const value = typeof data === 'string' ? parseJson(data) : data;
  if (typeof value === 'object' && value !== null && 'error' in value) {
    const { error } = value;
    if (typeof error === 'string' && error.length > 0) return error;
  }
  return undefined;
}

function describeBody(data: unknown, contentType: string | null): string {
  if (data === undefined || data === '') return 'empty body';
  if (contentType?.includes('html') || (typeof data === 'string' && /^\s*</.test(data))) {
    return 'HTML error page';
  }
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
