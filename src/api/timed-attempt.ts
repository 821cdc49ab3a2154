/**
 * One attempt of a request over undici's `request` (through the global dispatcher, so the
 * runner's proxy applies), timed by request-timeout and abandoned when the run is cancelled.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { errorData, readBody, type BodyRead } from './answer-reading.ts';
import type { Method } from './endpoints.ts';
import { networkErrorCode } from './network-error.ts';

/** What an attempt sends, and how the log names it (`DELETE /v1/organizations/acme/members/jane`). */
export interface AttemptRequest {
  method: Method;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
  label: string;
}

/**
 * How one attempt ended: a 2xx with its body read; an answer that is not 2xx, with its body
 * (parsed when JSON, undefined when empty or unreadable); no answer within request-timeout; or
 * what undici's `request` rejected with (the network's error, the run's cancel, or a defect).
 * Anything our own code throws on the way is thrown, not returned.
 */
export type Attempt =
  | { status: number; read: BodyRead }
  | { status: number; headers: IncomingHttpHeaders; data: unknown }
  | { timedOut: true }
  | { error: unknown };

export interface AttemptSettings {
  requestTimeoutMs: number;
  /** The run's signal: aborted, nothing is sent and what is under way is abandoned. */
  signal: AbortSignal;
  /** Told of every attempt: method, path, status or error, duration and attempt number. */
  debug: (line: string) => void;
}

/** Sends attempt number `number` of `call`. A redirect is never followed (it would carry the token to wherever it points). */
export async function timedAttempt(call: AttemptRequest, number: number, settings: AttemptSettings): Promise<Attempt> {
  const { signal: run, requestTimeoutMs, debug } = settings;
  if (run.aborted) return { error: run.reason };
  const abandon = new AbortController();
  const cancel = () => abandon.abort(run.reason);
  run.addEventListener('abort', cancel, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const startedAt = performance.now();
  const took = () => `${Math.round(performance.now() - startedAt)} ms (attempt ${number})`;
  try {
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), requestTimeoutMs)),
    );
    const { method, url, headers, body } = call;
    const answer = request(url, { method, headers, signal: abandon.signal, ...(body !== undefined && { body }) });
    let response: Dispatcher.ResponseData | 'timeout';
    try {
      response = await Promise.race([answer, timedOut]);
    } catch (error) {
      debug(`${call.label}: no answer (${networkErrorCode(error)}) after ${took()}`);
      return { error };
    }
    clearTimeout(timer);
    if (response === 'timeout') {
      abandon.abort();
      answer.catch(() => undefined);
      debug(`${call.label}: no answer within request-timeout, after ${took()}`);
      return { timedOut: true };
    }
    const { statusCode: status, headers: answered } = response;
    debug(`${call.label}: HTTP ${status} in ${took()}`);
    if (status >= 200 && status < 300) return { status, read: await readBody(response.body, requestTimeoutMs) };
    return { status, headers: answered, data: await errorData(response, requestTimeoutMs) };
  } finally {
    clearTimeout(timer);
    run.removeEventListener('abort', cancel);
  }
}
