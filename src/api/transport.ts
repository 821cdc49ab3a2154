/**
 * The one way requests reach the Turso Platform API, and the clients of each resource build on
 * it: each call is sent one timed attempt at a time (timed-attempt.ts), each attempt in one of
 * the run's slots (attempt-slots.ts), retried under the policy of retry-policy.ts, and ends in an
 * outcome value rather than an exception, so one person's trouble never escapes into another's.
 * The one exception is a defect of ours (api-failure.ts): a path that is none of the action's
 * endpoints (endpoints.ts) is never sent, and an error that is neither the network's nor the
 * run's cancel is thrown, never retried.
 */
import { createRedactor, type Redactor } from '../model/safe-text.ts';
import {
  classifyAttempt,
  describeAttemptFailure,
  finalFailure,
  isCancellation,
  RequestDefect,
  type Unanswered,
} from './api-failure.ts';
import { parseJson, type BodyRead } from './answer-reading.ts';
import type { ApiOutcome, AttemptTrail } from './api-outcome.ts';
import { AttemptSlots, HeldSlot } from './attempt-slots.ts';
import { endpointProblem, type Method } from './endpoints.ts';
import type { RateLimitPause } from './rate-limit-pause.ts';
import { decideRetry, isAmbiguous, pausesEveryRequest, type RetryDecision } from './retry-policy.ts';
import { timedAttempt, type AttemptRequest, type AttemptSettings } from './timed-attempt.ts';

export { mayHaveTakenEffect, objectFields, type AnswerBody, type ApiOutcome } from './api-outcome.ts';
export type { ApiFailure } from './api-failure.ts';
export type { Method } from './endpoints.ts';

export interface ApiClientSettings {
  apiUrl: URL;
  token: string;
  retries: number;
  requestTimeoutMs: number;
  /** Attempts on the wire at once, across the whole run. */
  concurrency: number;
  userAgent: string;
  /** Aborted when the run is cancelled or stopped: nothing new is sent, and what is under way is abandoned. */
  signal: AbortSignal;
  /**
   * The job's cancellation alone, when `signal` also stops the run for a defect of ours: so that
   * a request abandoned for a defect does not say the run was cancelled.
   */
  cancelled?: AbortSignal;
}

/** Told before each retry, so the log shows why and for how long the action waits. */
export interface RetryNotice {
  request: string;
  retryNumber: number;
  maxRetries: number;
  cause: string;
  waitMs: number;
}

type Failed = Extract<ApiOutcome<never>, { ok: false }>;

/** One request on its way: its attempts so far, and whether any went out. */
interface RequestState {
  trail: AttemptTrail;
  sent: boolean;
}

export class ApiTransport {
  readonly #headers: Readonly<Record<string, string>>;
  readonly #settings: ApiClientSettings;
  readonly #slots: AttemptSlots;
  readonly #onRetry: (notice: RetryNotice) => void;
  readonly #attemptSettings: AttemptSettings;
  readonly #redact: Redactor;
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
    this.#attemptSettings = { requestTimeoutMs: settings.requestTimeoutMs, signal: settings.signal, debug };
    this.#redact = createRedactor([settings.token]);
    this.#slots = new AttemptSlots(settings.concurrency, pause);
    this.#onRetry = onRetry;
    this.#headers = {
      authorization: `Bearer ${settings.token}`,
      'user-agent': settings.userAgent,
      accept: 'application/json',
    };
  }

  /**
   * Sends `method` to the path made of `segments`, with `json` as its body; the answer body is
   * typed by the caller. A path that is none of the action's endpoints (endpoints.ts) rejects,
   * unsent, and so does any other defect of ours met on the way (a RequestDefect): it stops the
   * run rather than touch anything it did not mean to.
   */
  async request<T>(
    method: Method,
    segments: readonly string[],
    query: Readonly<Record<string, string>> = {},
    json?: object,
  ): Promise<ApiOutcome<T>> {
    const refused = endpointProblem(method, segments);
    if (refused !== undefined) throw new RequestDefect(`Refused to send a request, and sent nothing: ${refused}`);
    const url = this.#url(segments, query);
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers = body === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/json' };
    const call: AttemptRequest = { method, url, headers, body, label: `${method} ${url.pathname}` };
    const state: RequestState = { trail: { attempts: 1 }, sent: false };
    const slot = new HeldSlot(this.#slots, this.#settings.signal);
    this.#underWay += 1;
    try {
      return await this.#attempts<T>(call, slot, state);
    } catch (error) {
      // A cancelled run ends a wait early; anything else is a defect of ours.
      if (isCancellation(error, this.#settings.signal)) return this.#cancelled(state);
      throw RequestDefect.of(error, call.label);
    } finally {
      slot.free();
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

  /** Each segment becomes exactly one encoded path segment below the API's base path. */
  #url(segments: readonly string[], query: Readonly<Record<string, string>>): URL {
    const url = new URL(this.#settings.apiUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  /**
   * The attempts of one request, until one is answered 2xx or the retry policy stops them. An
   * attempt holds its slot until its answer, or, with no answer, until the next attempt: the
   * API may still be at work on it. A wait before a retry holds none once answered, nor while a
   * rate-limit pause is in force.
   */
  async #attempts<T>(call: AttemptRequest, slot: HeldSlot, state: RequestState): Promise<ApiOutcome<T>> {
    const { retries, signal } = this.#settings;
    const { trail } = state;
    await slot.take();
    state.sent = !signal.aborted;
    for (let retried = 0; ; retried += 1) {
      const ended = await timedAttempt(call, retried + 1, this.#attemptSettings);
      if ('read' in ended) return this.#succeeded<T>(ended, trail);
      const failure = classifyAttempt(ended, signal, call.label);
      if (failure.kind === 'cancelled') return this.#cancelled(state);
      if (failure.kind === 'status') slot.free();
      if (retried >= retries) return this.#failed(ended, trail, call);
      if (isAmbiguous(failure)) trail.ambiguousAttempt ??= describeAttemptFailure(failure, ended);
      // Every call is idempotent: repeating a removal, a revocation, a rotation or a role change does no harm.
      const decision = decideRetry(failure, retried + 1, retries);
      if (!decision.retry) return this.#failed(ended, trail, call, decision);
      if (pausesEveryRequest(failure)) this.#slots.pauseUntil(Date.now() + decision.waitMs);
      const cause = describeAttemptFailure(failure, ended);
      this.#onRetry({
        request: call.label,
        retryNumber: retried + 1,
        maxRetries: retries,
        cause,
        waitMs: decision.waitMs,
      });
      await abortableDelay(decision.waitMs, signal);
      trail.attempts += 1;
      if (!slot.held || this.#slots.pauseInForce()) await slot.take();
    }
  }

  #succeeded<T>({ status, read }: { status: number; read: BodyRead }, trail: AttemptTrail): ApiOutcome<T> {
    const redacted = this.#redact(read.text);
    // Parsed from the redacted text: the redactor also knows the token JSON-escaped. A partial
    // text parses only when its strings are all closed, so none holds a cut token.
    const body = parseJson(redacted) as T | undefined;
    return read.incomplete === undefined
      ? { ...trail, ok: true, status, rawBody: redacted, body }
      : { ...trail, ok: true, status, rawBody: '', body, incomplete: read.incomplete };
  }

  #failed(ended: Unanswered, trail: AttemptTrail, call: AttemptRequest, decision?: RetryDecision): Failed {
    const { apiUrl, requestTimeoutMs } = this.#settings;
    const failure = finalFailure(ended, { request: call.label, apiUrl, requestTimeoutMs, redact: this.#redact });
    const outcome: Failed = { ...trail, ok: false, failure };
    return decision?.retry === false && decision.reason === 'retry-after-too-long'
      ? { ...outcome, retryAfterTooLongMs: decision.retryAfterMs }
      : outcome;
  }

  #cancelled({ trail, sent }: RequestState): Failed {
    const { cancelled } = this.#settings;
    const byDefect = cancelled !== undefined && !cancelled.aborted;
    const failure = { kind: 'cancelled' as const, sent, ...(byDefect && { byDefect: true as const }) };
    return { ...trail, attempts: sent ? trail.attempts : 0, ok: false, failure };
  }
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
