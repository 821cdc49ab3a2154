/**
 * When a 2xx is the API's confirmation that a change was made: only with the endpoint's own
 * body, whole. A captive portal's `200 text/html`, a `200 {"error": ...}` or a body of another
 * shape confirms nothing: the request may have taken effect, and only a second read can show it.
 * Each client says what its endpoint's own body is (`confirmedRemoval`, `confirmedRevocation`, ...).
 */
import { clip } from '../model/safe-text.ts';
import type { ApiOutcome } from './transport.ts';

export type Confirmation<T> = { confirmed: true; value: T } | { confirmed: false; answer: string };

/**
 * `read` gives what the body confirms, or undefined when it is not the endpoint's own body
 * (`expected`, in words); an answer that broke off or stalled confirms nothing.
 */
export function confirmation<T>(
  outcome: ApiOutcome<unknown> & { ok: true },
  expected: string,
  read: (body: unknown, rawBody: string) => T | undefined,
): Confirmation<T> {
  const answered = `HTTP ${outcome.status}`;
  if (outcome.incomplete !== undefined) return { confirmed: false, answer: `${answered}, but ${outcome.incomplete}` };
  const value = read(outcome.body, outcome.rawBody);
  return value === undefined
    ? { confirmed: false, answer: `${answered} without ${expected}: ${clip(outcome.rawBody) || '(empty)'}` }
    : { confirmed: true, value };
}

/**
 * The spec's "Successful response (No Content)": a body with nothing in it but whitespace,
 * whatever its content type says. `{}`, `null` or any other text is not empty.
 */
export const emptyBody = (_body: unknown, rawBody: string): true | undefined =>
  rawBody.trim() === '' ? true : undefined;
