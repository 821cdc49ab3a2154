import { describe, expect, it } from 'vitest';
import {
  classifyAttempt,
  describeAttemptFailure,
  finalFailure,
  isCancellation,
  RequestDefect,
  type FailureContext,
} from '../../src/api/api-failure.ts';
import { createRedactor } from '../../src/model/safe-text.ts';

const REQUEST = 'DELETE /v1/organizations/acme/members/jane';
const running = new AbortController().signal;
const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function cancelledBy(reason: unknown): AbortSignal {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
}

describe('classifyAttempt', () => {
  it('tells an answer, a timeout and a network error apart, for the retry policy', () => {
    expect(
      classifyAttempt({ status: 503, headers: { 'retry-after': '2' }, data: undefined }, running, REQUEST),
    ).toEqual({
      kind: 'status',
      status: 503,
      retryAfterMs: 2_000,
    });
    expect(classifyAttempt({ timedOut: true }, running, REQUEST)).toEqual({ kind: 'timeout' });
    expect(classifyAttempt({ error: reset }, running, REQUEST)).toEqual({ kind: 'network' });
  });

  it.each([
    ['a TypeError of ours', new TypeError('Cannot read properties of undefined')],
    [
      'a Node code for a call made wrong',
      Object.assign(new TypeError('bad argument'), { code: 'ERR_INVALID_ARG_TYPE' }),
    ],
    [
      'undici refusing the request it was given',
      Object.assign(new Error('invalid user-agent header'), { code: 'UND_ERR_INVALID_ARG' }),
    ],
    ['something thrown that is not an error', 'oops'],
  ])('throws %s as a defect naming the request, never as the network', (_what, error) => {
    let thrown: unknown;
    try {
      classifyAttempt({ error }, running, REQUEST);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(RequestDefect);
    expect((thrown as RequestDefect).message).toMatch(
      /^a defect of the action while sending DELETE \/v1\/organizations\/acme\/members\/jane: /,
    );
    expect((thrown as RequestDefect).cause).toBe(error);
  });

  it('takes the run cancel, and whatever ended once the run is cancelled, for the cancel', () => {
    const cancelled = cancelledBy('SIGINT');
    expect(classifyAttempt({ error: 'SIGINT' }, cancelled, REQUEST)).toEqual({ kind: 'cancelled' });
    expect(classifyAttempt({ error: reset }, cancelled, REQUEST)).toEqual({ kind: 'cancelled' });
    expect(classifyAttempt({ status: 404, headers: {}, data: undefined }, cancelled, REQUEST)).toEqual({
      kind: 'cancelled',
    });
  });

  it('still throws a defect met after the run was cancelled', () => {
    expect(() =>
      classifyAttempt({ error: new TypeError('x is not a function') }, cancelledBy('SIGINT'), REQUEST),
    ).toThrow(RequestDefect);
  });
});

describe('isCancellation', () => {
  it('is the run reason, or an error it caused, once the run is cancelled', () => {
    const reason = new Error('a defect elsewhere stopped the run');
    const cancelled = cancelledBy(reason);
    expect(isCancellation(reason, cancelled)).toBe(true);
    expect(isCancellation(new Error('The operation was aborted', { cause: reason }), cancelled)).toBe(true);
    expect(isCancellation(new Error('The operation was aborted'), cancelled)).toBe(false);
    expect(isCancellation(reason, running)).toBe(false);
  });
});

describe('RequestDefect.of', () => {
  it('keeps the stack of what it was met on, for the log', () => {
    const error = new TypeError('x is not a function');
    expect(RequestDefect.of(error, REQUEST).stack).toContain(`Caused by: ${error.stack ?? ''}`);
  });

  it('leaves a defect as it is', () => {
    const defect = new RequestDefect('Refused to send a request, and sent nothing');
    expect(RequestDefect.of(defect, REQUEST)).toBe(defect);
  });
});

describe('describeAttemptFailure', () => {
  it('names the status, the timeout or the network code', () => {
    expect(describeAttemptFailure({ kind: 'status', status: 502, retryAfterMs: undefined }, { timedOut: true })).toBe(
      'HTTP 502',
    );
    expect(describeAttemptFailure({ kind: 'timeout' }, { timedOut: true })).toBe('no answer within request-timeout');
    expect(describeAttemptFailure({ kind: 'network' }, { error: reset })).toBe('network error ECONNRESET');
  });
});

describe('finalFailure', () => {
  const context: FailureContext = {
    request: REQUEST,
    apiUrl: new URL('https://api.turso.tech/'),
    requestTimeoutMs: 30_000,
    redact: createRedactor(['tok-secret-123']),
  };

  it('keeps the API error text, its code and a redirect target, token redacted and cut', () => {
    const data = { error: `denied tok-secret-123 ${'x'.repeat(300)}`, code: 'forbidden' };
    const failure = finalFailure({ status: 403, headers: { location: 'https://elsewhere.test/' }, data }, context);
    expect(failure).toMatchObject({
      kind: 'http',
      status: 403,
      fromApi: true,
      code: 'forbidden',
      request: REQUEST,
      apiUrl: 'https://api.turso.tech/',
      location: 'https://elsewhere.test/',
    });
    expect(failure.kind === 'http' && failure.message).toMatch(/^denied \*\*\* x+…?$/);
    expect(failure.kind === 'http' && failure.message.length).toBeLessThanOrEqual(201);
  });

  it('describes a body that is not the API error JSON', () => {
    const html = { status: 502, headers: { 'content-type': 'text/html' }, data: '<html>bad gateway</html>' };
    expect(finalFailure(html, context)).toMatchObject({ message: 'HTML error page', fromApi: false });
    expect(finalFailure({ status: 500, headers: {}, data: undefined }, context)).toMatchObject({
      message: 'empty body',
    });
    expect(finalFailure({ status: 400, headers: {}, data: { detail: 'no' } }, context)).toMatchObject({
      message: '{"detail":"no"}',
    });
  });

  it('gives a timeout its limit and a network error its code and host', () => {
    expect(finalFailure({ timedOut: true }, context)).toEqual({ kind: 'timeout', timeoutMs: 30_000 });
    expect(finalFailure({ error: reset }, context)).toEqual({
      kind: 'network',
      code: 'ECONNRESET',
      host: 'api.turso.tech',
    });
  });
});
