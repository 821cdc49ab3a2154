/**
 * What a request of the transport ends in, and what a client may assume of an answer's body
 * before it checks it.
 */
import type { ApiFailure } from './api-failure.ts';

export interface AttemptTrail {
  attempts: number;
  /** Set when an earlier attempt ended without a definite answer; names what ended it. */
  ambiguousAttempt?: string;
}

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
