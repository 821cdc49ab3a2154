/**
 * The one way requests reach the Turso Platform API: each call is retried by ky under the
 * policy of retry-policy.ts and ends in an outcome value rather than an exception, so one
 * person's trouble never escapes into another's. The clients of each resource build on it.
 * Every attempt of every request of the run takes one of `concurrency` slots while the API may
 * be at work on it: from sending to its answer (a `Retry-After` or backoff wait after an answer
 * holds none), or, for an attempt that got no answer and may still be running, until the next
 * attempt. Nothing that holds a slot waits for another request, so the limit cannot deadlock
 * however operations nest.
 */
import ky, { HTTPError, NetworkError, TimeoutError, type KyInstance } from 'ky';
import pLimit, { type LimitFunction } from 'p-limit';
import { clip, createRedactor, jsonText, type Redactor } from '../model/safe-text.ts';
import type { RateLimitPause } from './rate-limit-pause.ts';
import { decideRetry, isAmbiguous, parseRetryAfter, pausesEveryRequest, type AttemptFailure } from './retry-policy.ts';

export interface ApiClientSettings {
  apiUrl: URL;
  token: string;
  retries: number;
  requestTimeoutMs: number;
  /** Attempts on the wire at once, across the whole run. */
  concurrency: number;
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

/**
 * Text from the API that leaves the transport has the token redacted and is cut to a short
 * length, in that order, so that a token echoed near the cut cannot leak even in part.
 */
export type ApiFailure =
  | {
      kind: 'http';
      status: number;
      /** The API's `error` text when the body was the usual JSON, else a short description. */
      message: string;
      /** True when `message` is the API's own `error` text. */
      fromApi: boolean;
      /** The API's `code` field, when its JSON error had one. */
      code?: string;
      /** What was asked, e.g. `DELETE /v1/organizations/acme/members/jane`. */
      request: string;
      /** The API base URL the request went to. */
      apiUrl: string;
      location?: string;
    }
  | { kind: 'network'; code: string; host: string }
  | { kind: 'timeout'; timeoutMs: number }
  /** `sent`: whether a request had gone out, so that it may have taken effect. */
  | { kind: 'cancelled'; sent: boolean };

interface AttemptTrail {
  attempts: number;
  /** Set when an earlier attempt ended without a definite answer; names what ended it. */
  ambiguousAttempt?: string;
}

export type ApiOutcome<T> =
  | (AttemptTrail & {
      ok: true;
      status: number;
      body: T | undefined;
      /** The answer body as received, token redacted (not cut). */
      rawBody: string;
      /** Set when a 2xx body stalled or broke off: the request took effect, the answer is partial. */
      incomplete?: string;
    })
  | (AttemptTrail & { ok: false; failure: ApiFailure; retryAfterTooLongMs?: number });

export type Method = 'GET' | 'DELETE' | 'POST' | 'PATCH';

/**
 * An answer body as a client may assume it before reading it: the fields it names may hold
 * anything, and the body itself may be any JSON value (an array, a string, `null`), whose fields
 * then read as undefined. So every value is checked where it is read, never trusted by its type.
 */
export type AnswerBody<Field extends string> = { readonly [Name in Field]?: unknown };

/** The fields of a JSON object; undefined for any other value (an array, a string, `null`). */
export function objectFields(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Whether a request may have been carried out: it was answered 2xx, or some attempt ended
 * without a definite answer (a 5xx, a timeout, a dropped connection, a cancel once sent).
 */
export function mayHaveTakenEffect(outcome: ApiOutcome<unknown>): boolean {
  if (outcome.ok || outcome.ambiguousAttempt !== undefined) return true;
  const { failure } = outcome;
  switch (failure.kind) {
    case 'http':
      return failure.status >= 500;
    case 'cancelled':
      return failure.sent;
    case 'timeout':
    case 'network':
      return true;
  }
}

export class ApiTransport {
  readonly #http: KyInstance;
  readonly #settings: ApiClientSettings;
  readonly #pause: RateLimitPause;
  readonly #onRetry: (notice: RetryNotice) => void;
  readonly #debug: (line: string) => void;
  readonly #redact: Redactor;
  readonly #slots: LimitFunction;

  /** `debug` is told of every attempt: method, path, status or error, duration and attempt number. */
  constructor(
    settings: ApiClientSettings,
    pause: RateLimitPause,
    onRetry: (notice: RetryNotice) => void,
    debug: (line: string) => void = () => undefined,
  ) {
    this.#settings = settings;
    this.#debug = debug;
    this.#redact = createRedactor([settings.token]);
    this.#pause = pause;
    this.#onRetry = onRetry;
    this.#slots = pLimit(settings.concurrency);
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

  /**
   * Resolves with a slot (the function that frees it) once one is free and no rate-limit pause
   * is in force. A pause that began while waiting for the slot is waited out without it.
   */
  async #takeSlot(signal: AbortSignal): Promise<() => void> {
    for (;;) {
      await this.#pause.wait(signal);
      const free = await new Promise<() => void>((granted) => {
        void this.#slots(() => new Promise<void>((done) => granted(() => done())));
      });
      if (!this.#pause.inForce()) return free;
      free();
    }
  }

  /** Each segment becomes exactly one encoded path segment below the API's base path. */
  #url(segments: readonly string[], query: Readonly<Record<string, string>>): URL {
    const url = new URL(this.#settings.apiUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  /** Sends `method` to the path made of `segments`, with `json` as its body; the answer body is typed by the caller. */
  async request<T>(
    method: Method,
    segments: readonly string[],
    query: Readonly<Record<string, string>> = {},
    json?: object,
  ): Promise<ApiOutcome<T>> {
    const url = this.#url(segments, query);
    const label = `${method} ${url.pathname}`;
    const { retries, signal } = this.#settings;
    const trail: AttemptTrail = { attempts: 1 };
    let nextWaitMs = 0;
    let retryAfterTooLongMs: number | undefined;
    let sent = false;
    let attempt = 0;
    let slot: (() => void) | undefined;
    const freeSlot = () => {
      slot?.();
      slot = undefined;
    };
    // Each attempt is one call of fetch: timed and told to `debug`, whatever ky makes of it.
    const timedFetch = async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
      attempt += 1;
      const number = attempt;
      const startedAt = performance.now();
      const took = () => `${Math.round(performance.now() - startedAt)} ms`;
      try {
        const response = await fetch(input, init);
        this.#debug(`${label}: HTTP ${response.status} in ${took()} (attempt ${number})`);
        return response;
      } catch (error) {
        this.#debug(`${label}: no answer (${networkErrorCode(error)}) after ${took()} (attempt ${number})`);
        throw error;
      }
    };

    try {
      slot = await this.#takeSlot(signal);
      sent = !signal.aborted;
      const response = await this.#http(url, {
        method,
        signal,
        fetch: timedFetch,
        ...(json !== undefined && { json }),
        retry: {
          limit: retries,
          // Every call is idempotent: repeating a removal, a revocation, a rotation or a role change does no harm.
          methods: ['get', 'delete', 'post', 'patch'],
          delay: () => nextWaitMs,
          shouldRetry: ({ error, retryCount }) => {
            const failure = attemptFailure(error);
            // Answered (ky has read the error body): the API is done with it, so the wait holds no slot.
            if (failure?.kind === 'status') freeSlot();
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
              // A slot kept through the wait is given up to a pause in force: the pause holds none either.
              if (slot === undefined || this.#pause.inForce()) {
                freeSlot();
                slot = await this.#takeSlot(signal);
              }
            },
          ],
        },
      });
      const read = await readBody(response, this.#settings.requestTimeoutMs);
      const rawBody = this.#redact(read.text);
      // Parsed from the redacted text: the redactor also knows the token JSON-escaped.
      const body = parseJson(rawBody) as T | undefined;
      const { status } = response;
      return read.incomplete === undefined
        ? { ...trail, ok: true, status, rawBody, body }
        : { ...trail, ok: true, status, rawBody, body, incomplete: read.incomplete };
    } catch (error) {
      if (signal.aborted) {
        return { ...trail, attempts: sent ? trail.attempts : 0, ok: false, failure: { kind: 'cancelled', sent } };
      }
      const failure = this.#finalFailure(error, label, url.host);
      return retryAfterTooLongMs === undefined
        ? { ...trail, ok: false, failure }
        : { ...trail, ok: false, failure, retryAfterTooLongMs };
    } finally {
      freeSlot();
    }
  }

  #finalFailure(error: unknown, request: string, host: string): ApiFailure {
    if (error instanceof HTTPError) {
      const { status, headers } = error.response;
      const apiError = apiErrorText(error.data);
      const failure: ApiFailure = {
        kind: 'http',
        status,
        message: clip(this.#redact(apiError ?? describeBody(error.data, headers.get('content-type')))),
        fromApi: apiError !== undefined,
        request,
        apiUrl: this.#settings.apiUrl.href,
      };
      const code = apiErrorCode(error.data);
      if (code !== undefined) failure.code = clip(this.#redact(code));
      const location = headers.get('location');
      if (location !== null) failure.location = clip(this.#redact(location));
      return failure;
    }
    if (error instanceof TimeoutError) return { kind: 'timeout', timeoutMs: this.#settings.requestTimeoutMs };
    if (error instanceof NetworkError) return { kind: 'network', code: networkErrorCode(error), host };
    // Anything else is a defect of ours; report it on this request rather than lose it.
    return { kind: 'network', code: clip(this.#redact(error instanceof Error ? error.message : String(error))), host };
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

function apiErrorCode(data: unknown): string | undefined {
  const value = typeof data === 'string' ? parseJson(data) : data;
  if (typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string') {
    return value.code;
  }
  return undefined;
}

function describeBody(data: unknown, contentType: string | null): string {
  if (data === undefined || data === '') return 'empty body';
  if (contentType?.includes('html') || (typeof data === 'string' && /^\s*</.test(data))) {
    return 'HTML error page';
  }
  return typeof data === 'string' ? data : jsonText(data);
}

/**
 * The most of a successful answer's body that is read; a larger one is reported as incomplete.
 * Far above the largest list an organization gives (15,000 members are about 1.2 MB), while
 * bounding what one answer can cost the runner's memory.
 */
const MAX_BODY_MIB = 64;
const MAX_BODY_BYTES = MAX_BODY_MIB * 1_048_576;

/**
 * Reads a successful answer's body within `timeoutMs` (a fresh budget after the headers). A
 * body that stalls, breaks off or is too large leaves what arrived and says why: the request
 * itself has already taken effect, so this is never a reason to send it again.
 */
async function readBody(response: Response, timeoutMs: number): Promise<{ text: string; incomplete?: string }> {
  if (response.body === null) return { text: '' };
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const stop = (incomplete: string) => {
    reader.cancel().catch(() => undefined);
    return { text: text + decoder.decode(), incomplete };
  };
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), deadline]);
      if (chunk === 'timeout') {
        return stop(`the rest of the answer did not arrive within ${timeoutMs / 1_000} s (request-timeout)`);
      }
      if (chunk.done) return { text: text + decoder.decode() };
      bytes += chunk.value.byteLength;
      text += decoder.decode(chunk.value, { stream: true });
      if (bytes > MAX_BODY_BYTES)
        return stop(`the answer was longer than ${MAX_BODY_MIB} MiB, the most this action reads`);
    }
  } catch (error) {
    return { text: text + decoder.decode(), incomplete: `the answer broke off (${networkErrorCode(error)})` };
  } finally {
    clearTimeout(timer);
  }
}
