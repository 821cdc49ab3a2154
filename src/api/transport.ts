/**
 * The one way requests reach the Turso Platform API: each call is sent with undici's `request`
 * (through the global dispatcher, so the runner's proxy applies) and retried
 * under the policy of retry-policy.ts, and ends in an outcome value rather than an exception, so
 * one person's trouble never escapes into another's. The one exception is a defect of ours: a
 * path that is none of the action's endpoints (endpoints.ts) is never sent. The clients of each resource build on it.
 * Every attempt of every request of the run takes one of `concurrency` slots while the API may
 * be at work on it: from sending to its answer (a `Retry-After` or backoff wait after an answer
 * holds none), or, for an attempt that got no answer and may still be running, until the next
 * attempt. Nothing that holds a slot waits for another request, so the limit cannot deadlock
 * however operations nest.
 */
import type { IncomingHttpHeaders } from 'node:http';
import pLimit, { type LimitFunction } from 'p-limit';
import { request, type Dispatcher } from 'undici';
import { clip, createRedactor, jsonText, type Redactor } from '../model/safe-text.ts';
import { endpointProblem, type Method } from './endpoints.ts';
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

/**
 * How one attempt ended: a 2xx with its body read; an answer that is not 2xx, with its body
 * (parsed when JSON, undefined when empty or unreadable); no answer within request-timeout; or
 * an error (a network error, or the run's cancellation).
 */
type Attempt =
  | { status: number; read: BodyRead }
  | { status: number; headers: IncomingHttpHeaders; data: unknown }
  | { timedOut: true }
  | { error: unknown };

export type ApiOutcome<T> =
  | (AttemptTrail & {
      ok: true;
      status: number;
      body: T | undefined;
      /**
       * The answer body as received, token redacted (not cut); empty when it broke off or stalled:
       * what arrived may end in the first part of the token, which no redaction can recognise.
       */
      rawBody: string;
      /** Set when a 2xx body stalled or broke off: the request took effect, the answer is partial. */
      incomplete?: string;
    })
  | (AttemptTrail & { ok: false; failure: ApiFailure; retryAfterTooLongMs?: number });

export type { Method } from './endpoints.ts';

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
  readonly #headers: Readonly<Record<string, string>>;
  readonly #settings: ApiClientSettings;
  readonly #pause: RateLimitPause;
  readonly #onRetry: (notice: RetryNotice) => void;
  readonly #debug: (line: string) => void;
  readonly #redact: Redactor;
  readonly #slots: LimitFunction;
  /** Requests not yet ended, and who waits until there are none: see settled(). */
  #underWay = 0;
  readonly #whenNoneUnderWay: (() => void)[] = [];

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
    this.#headers = {
      authorization: `Bearer ${settings.token}`,
      'user-agent': settings.userAgent,
      accept: 'application/json',
    };
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

  /**
   * Sends `method` to the path made of `segments`, with `json` as its body; the answer body is
   * typed by the caller. A path that is none of the action's endpoints (endpoints.ts) rejects,
   * unsent: a defect of ours, which stops the run rather than touch anything it did not mean to.
   */
  async request<T>(
    method: Method,
    segments: readonly string[],
    query: Readonly<Record<string, string>> = {},
    json?: object,
  ): Promise<ApiOutcome<T>> {
    const refused = endpointProblem(method, segments);
    if (refused !== undefined) throw new Error(`Refused to send a request, and sent nothing: ${refused}`);
    const url = this.#url(segments, query);
    const label = `${method} ${url.pathname}`;
    const { retries, signal } = this.#settings;
    const body = json === undefined ? undefined : JSON.stringify(json);
    const trail: AttemptTrail = { attempts: 1 };
    let sent = false;
    let slot: (() => void) | undefined;
    const freeSlot = () => {
      slot?.();
      slot = undefined;
    };
    try {
      this.#underWay += 1;
      slot = await this.#takeSlot(signal);
      sent = !signal.aborted;
      for (let retried = 0; ; retried += 1) {
        const ended = await this.#attempt(method, url, body, label, retried + 1);
        if ('read' in ended) {
          const { status, read } = ended;
          const redacted = this.#redact(read.text);
          // Parsed from the redacted text: the redactor also knows the token JSON-escaped. A
          // partial text parses only when its strings are all closed, so none holds a cut token.
          const parsed = parseJson(redacted) as T | undefined;
          return read.incomplete === undefined
            ? { ...trail, ok: true, status, rawBody: redacted, body: parsed }
            : { ...trail, ok: true, status, rawBody: '', body: parsed, incomplete: read.incomplete };
        }
        const failure = attemptFailure(ended);
        // Answered: the API is done with it, so what follows holds no slot.
        const answered = failure?.kind === 'status';
        if (answered) freeSlot();
        if (failure === undefined || retried >= retries)
          return this.#failed(ended, trail, label, url.host, signal, sent);
        if (isAmbiguous(failure)) trail.ambiguousAttempt ??= describeAttemptFailure(failure, ended);
        // Every call is idempotent: repeating a removal, a revocation, a rotation or a role change does no harm.
        const decision = decideRetry(failure, retried + 1, retries);
        if (!decision.retry) {
          const outcome = this.#failed(ended, trail, label, url.host, signal, sent);
          return decision.reason === 'retry-after-too-long'
            ? { ...outcome, retryAfterTooLongMs: decision.retryAfterMs }
            : outcome;
        }
        if (pausesEveryRequest(failure)) this.#pause.pauseUntil(Date.now() + decision.waitMs);
        this.#onRetry({
          request: label,
          retryNumber: retried + 1,
          maxRetries: retries,
          cause: describeAttemptFailure(failure, ended),
          waitMs: decision.waitMs,
        });
        await abortableDelay(decision.waitMs, signal);
        trail.attempts += 1;
        // A slot kept through the wait is given up to a pause in force: the pause holds none either.
        if (answered || this.#pause.inForce()) {
          freeSlot();
          slot = await this.#takeSlot(signal);
        }
      }
    } catch (error) {
      // Only a cancelled run ends a wait early; anything else is a defect of ours.
      return this.#failed({ error }, trail, label, url.host, signal, sent);
    } finally {
      freeSlot();
      this.#underWay -= 1;
      if (this.#underWay === 0) for (const resolve of this.#whenNoneUnderWay.splice(0)) resolve();
    }
  }

  /**
   * Resolves once no request is under way and what each ended one returned to has run on: after
   * the run's signal is aborted, once every request it abandoned has ended and been told.
   */
  async settled(): Promise<void> {
    for (;;) {
      // A turn of the event loop: a person's work ends on its request's outcome, or sends the next.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#underWay === 0) return;
      await new Promise<void>((resolve) => this.#whenNoneUnderWay.push(resolve));
    }
  }

  /**
   * One request, timed and told to `debug`: a 2xx with its body read, an answer that is not,
   * with its error body read, or what ended it without an answer. The attempt is abandoned when
   * the run is cancelled or when no answer came within request-timeout.
   */
  async #attempt(method: Method, url: URL, body: string | undefined, label: string, number: number): Promise<Attempt> {
    const { signal: run, requestTimeoutMs } = this.#settings;
    if (run.aborted) return { error: run.reason };
    const abandon = new AbortController();
    const cancel = () => abandon.abort(run.reason);
    run.addEventListener('abort', cancel, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const startedAt = performance.now();
    const took = () => `${Math.round(performance.now() - startedAt)} ms`;
    try {
      const timedOut = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), requestTimeoutMs)),
      );
      // A redirect is never followed (it would carry the token to wherever it points): it is reported.
      const answer = request(url, {
        method,
        headers: body === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/json' },
        signal: abandon.signal,
        ...(body !== undefined && { body }),
      });
      let response: Dispatcher.ResponseData | 'timeout';
      try {
        response = await Promise.race([answer, timedOut]);
      } catch (error) {
        this.#debug(`${label}: no answer (${networkErrorCode(error)}) after ${took()} (attempt ${number})`);
        return { error };
      }
      clearTimeout(timer);
      if (response === 'timeout') {
        abandon.abort();
        answer.catch(() => undefined);
        this.#debug(`${label}: no answer within request-timeout, after ${took()} (attempt ${number})`);
        return { timedOut: true };
      }
      const { statusCode: status, headers } = response;
      this.#debug(`${label}: HTTP ${status} in ${took()} (attempt ${number})`);
      if (status >= 200 && status < 300) return { status, read: await readBody(response.body, requestTimeoutMs) };
      return { status, headers, data: await errorData(response, requestTimeoutMs) };
    } finally {
      clearTimeout(timer);
      run.removeEventListener('abort', cancel);
    }
  }

  /** The outcome of a request whose last attempt ended as `ended`. */
  #failed(
    ended: Exclude<Attempt, { read: BodyRead }>,
    trail: AttemptTrail,
    request: string,
    host: string,
    signal: AbortSignal,
    sent: boolean,
  ): Extract<ApiOutcome<never>, { ok: false }> {
    if (signal.aborted) {
      return { ...trail, attempts: sent ? trail.attempts : 0, ok: false, failure: { kind: 'cancelled', sent } };
    }
    return { ...trail, ok: false, failure: this.#finalFailure(ended, request, host) };
  }

  #finalFailure(ended: Exclude<Attempt, { read: BodyRead }>, request: string, host: string): ApiFailure {
    if ('status' in ended) {
      const { status, headers, data } = ended;
      const apiError = apiErrorText(data);
      const failure: ApiFailure = {
        kind: 'http',
        status,
        message: clip(this.#redact(apiError ?? describeBody(data, header(headers, 'content-type')))),
        fromApi: apiError !== undefined,
        request,
        apiUrl: this.#settings.apiUrl.href,
      };
      const code = apiErrorCode(data);
      if (code !== undefined) failure.code = clip(this.#redact(code));
      const location = header(headers, 'location');
      if (location !== null) failure.location = clip(this.#redact(location));
      return failure;
    }
    if ('timedOut' in ended) return { kind: 'timeout', timeoutMs: this.#settings.requestTimeoutMs };
    const { error } = ended;
    if (isNetworkError(error)) return { kind: 'network', code: networkErrorCode(error), host };
    // Anything else is a defect of ours; report it on this request rather than lose it.
    return { kind: 'network', code: clip(this.#redact(error instanceof Error ? error.message : String(error))), host };
  }
}

function attemptFailure(ended: Exclude<Attempt, { read: BodyRead }>): AttemptFailure | undefined {
  if ('status' in ended) {
    return {
      kind: 'status',
      status: ended.status,
      retryAfterMs: parseRetryAfter(header(ended.headers, 'retry-after')),
    };
  }
  if ('timedOut' in ended) return { kind: 'timeout' };
  if (isNetworkError(ended.error)) return { kind: 'network' };
  return undefined;
}

function describeAttemptFailure(failure: AttemptFailure, ended: Exclude<Attempt, { read: BodyRead }>): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'timeout':
      return 'no answer within request-timeout';
    case 'network':
      return `network error ${networkErrorCode('error' in ended ? ended.error : undefined)}`;
  }
}

/**
 * undici's codes for a request it was given wrong: never the network's. (A run's own cancel is
 * told apart by its signal; undici's "aborted" is also what a proxy refusing the tunnel gives.)
 */
const NOT_THE_NETWORK = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

/**
 * Whether the connection failed or broke off: an error with a code (a system call's, TLS's, or
 * undici's for a socket or its timeouts), not a cancel and not a request built wrong. By code,
 * not by class: with the runner's proxy the dispatcher is Node's own copy of undici.
 */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && !NOT_THE_NETWORK.has(code);
}

/** A header's value (the first, when it came more than once), or null. */
function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Waits `ms`, or rejects with the run's reason as soon as it is cancelled. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    }, ms);
    const cancel = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', cancel, { once: true });
  });
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

/** The most of an error answer's body that is read; a larger one counts as unreadable. */
const MAX_ERROR_BODY_BYTES = 10 * 1_048_576;

/**
 * An error answer's body within `timeoutMs`: parsed when its content type is JSON (undefined
 * when it does not parse), the text otherwise, undefined when empty, too large or unreadable.
 */
async function errorData(response: Dispatcher.ResponseData, timeoutMs: number): Promise<unknown> {
  const read = await readBody(response.body, timeoutMs, MAX_ERROR_BODY_BYTES);
  if (read.incomplete !== undefined || read.text === '') return undefined;
  const mimeType = (header(response.headers, 'content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  // `json`, and its suffixed kinds: `problem+json`, `vnd.api+json`.
  return /\/(?:.*[.+-])?json$/.test(mimeType) ? parseJson(read.text) : read.text;
}

/**
 * The most of a successful answer's body that is read; a larger one is reported as incomplete.
 * Far above the largest list an organization gives (15,000 members are about 1.2 MB), while
 * bounding what one answer can cost the runner's memory.
 */
const MAX_BODY_MIB = 64;
const MAX_BODY_BYTES = MAX_BODY_MIB * 1_048_576;

interface BodyRead {
  text: string;
  /** Why the text is not the whole body, when it is not. */
  incomplete?: string;
}

/**
 * Reads a successful answer's body within `timeoutMs` (a fresh budget after the headers). A
 * body that stalls, breaks off or is too large leaves what arrived and says why: the request
 * itself has already taken effect, so this is never a reason to send it again.
 */
function readBody(
  body: Dispatcher.ResponseData['body'],
  timeoutMs: number,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyRead> {
  // Unlike a StringDecoder, it drops a byte-order mark, which JSON.parse would refuse.
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let done = false;
  return new Promise((resolve) => {
    const end = (incomplete?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      body.off('data', add);
      text += decoder.decode();
      resolve(incomplete === undefined ? { text } : { text, incomplete });
    };
    const stop = (incomplete: string) => {
      end(incomplete);
      // Nothing more is read: the rest goes with the connection.
      body.destroy();
    };
    const add = (chunk: Buffer) => {
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (bytes > maxBytes) stop(`the answer was longer than ${maxBytes / 1_048_576} MiB, the most this action reads`);
    };
    const timer = setTimeout(
      () => stop(`the rest of the answer did not arrive within ${timeoutMs / 1_000} s (request-timeout)`),
      timeoutMs,
    );
    // The error listener stays: an error after the end must not go unhandled.
    body
      .on('data', add)
      .once('end', () => end())
      .on('error', (error) => end(`the answer broke off (${networkErrorCode(error)})`));
  });
}
