/**
 * How an attempt that brought no 2xx ended, in the kinds the rest of the action knows: an
 * answer, a timeout, the network, the run's cancel. Anything else is a defect of ours: thrown as
 * a RequestDefect, never retried and never reported as the network's.
 */
import { clip, jsonText, type Redactor } from '../model/safe-text.ts';
import { header, parseJson } from './answer-reading.ts';
import { isNetworkError, networkErrorCode } from './network-error.ts';
import { parseRetryAfter, type AttemptFailure } from './retry-policy.ts';
import type { Attempt } from './timed-attempt.ts';

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
  /**
   * `sent`: whether a request had gone out, so that it may have taken effect; `byDefect`: the run
   * was stopped by a defect of ours, not cancelled by the job.
   */
  | { kind: 'cancelled'; sent: boolean; byDefect?: true };

/**
 * A defect of ours met while sending a request (a request that is none of the action's
 * endpoints, an error our code or the HTTP client threw): it stops the run, as any other defect
 * does, rather than count as one person's failure or be sent again.
 */
export class RequestDefect extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'RequestDefect';
  }

  /** `error`, met while sending `request`, as a defect; one already is stays as it is. */
  static of(error: unknown, request: string): RequestDefect {
    if (error instanceof RequestDefect) return error;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const defect = new RequestDefect(`a defect of the action while sending ${request}: ${what}`, { cause: error });
    // The log shows the stack of an unexpected error: where the defect is, not only where it was met.
    if (error instanceof Error) defect.stack = `${defect.stack ?? defect.message}\nCaused by: ${error.stack ?? what}`;
    return defect;
  }
}

/** An attempt that brought no 2xx. */
export type Unanswered = Exclude<Attempt, { read: unknown }>;

/**
 * Whether `error` is the run's own cancel: its reason, or an error it caused (a wait cut
 * short). Nothing else thrown after a cancel is taken for it.
 */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (error === signal.reason || (error instanceof Error && error.cause === signal.reason));
}

/**
 * What ended an attempt, as the retry policy sees it, or `cancelled` once the run is. Throws a
 * RequestDefect for an error that is neither the network's nor the cancel's.
 */
export function classifyAttempt(
  ended: Unanswered,
  signal: AbortSignal,
  request: string,
): AttemptFailure | { kind: 'cancelled' } {
  if ('error' in ended && !isNetworkError(ended.error) && !isCancellation(ended.error, signal)) {
    throw RequestDefect.of(ended.error, request);
  }
  if (signal.aborted) return { kind: 'cancelled' };
  if ('status' in ended) {
    return {
      kind: 'status',
      status: ended.status,
      retryAfterMs: parseRetryAfter(header(ended.headers, 'retry-after')),
    };
  }
  return 'timedOut' in ended ? { kind: 'timeout' } : { kind: 'network' };
}

/** What a retry notice and an ambiguous attempt say of `failure`. */
export function describeAttemptFailure(failure: AttemptFailure, ended: Unanswered): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'timeout':
      return 'no answer within request-timeout';
    case 'network':
      return `network error ${networkErrorCode('error' in ended ? ended.error : undefined)}`;
  }
}

/** Where a request went and how it was timed, for its failure. */
export interface FailureContext {
  request: string;
  apiUrl: URL;
  requestTimeoutMs: number;
  redact: Redactor;
}

/** The failure of a request whose last attempt ended as `ended`, classified already (not cancelled, not a defect). */
export function finalFailure(ended: Unanswered, context: FailureContext): ApiFailure {
  if ('status' in ended) return httpFailure(ended, context);
  if ('timedOut' in ended) return { kind: 'timeout', timeoutMs: context.requestTimeoutMs };
  return { kind: 'network', code: networkErrorCode(ended.error), host: context.apiUrl.host };
}

function httpFailure(ended: Extract<Unanswered, { status: number }>, context: FailureContext): ApiFailure {
  const { status, headers, data } = ended;
  const { redact } = context;
  const apiError = apiErrorText(data);
  const failure: ApiFailure = {
    kind: 'http',
    status,
    message: clip(redact(apiError ?? describeBody(data, header(headers, 'content-type')))),
    fromApi: apiError !== undefined,
    request: context.request,
    apiUrl: context.apiUrl.href,
  };
  const code = apiErrorCode(data);
  if (code !== undefined) failure.code = clip(redact(code));
  const location = header(headers, 'location');
  if (location !== null) failure.location = clip(redact(location));
  return failure;
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
