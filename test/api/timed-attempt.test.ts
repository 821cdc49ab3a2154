/** One attempt against the stand-in: how it ended, and the line the debug log gets for it. */
import { describe, expect, it } from 'vitest';
import { timedAttempt, type AttemptRequest, type AttemptSettings } from '../../src/api/timed-attempt.ts';
import { JANE } from '../support/fixtures.ts';
import { useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'tok-attempt';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE] } });
const LABEL = 'DELETE /v1/organizations/acme/members/jane';

const removal = (headers: Record<string, string> = {}): AttemptRequest => ({
  method: 'DELETE',
  url: new URL(`${standIn.url}/v1/organizations/acme/members/jane`),
  headers: { authorization: `Bearer ${TOKEN}`, ...headers },
  body: undefined,
  label: LABEL,
});

function settings(overrides: Partial<AttemptSettings> = {}): AttemptSettings & { lines: string[] } {
  const lines: string[] = [];
  return {
    requestTimeoutMs: 2_000,
    signal: new AbortController().signal,
    debug: (line) => lines.push(line),
    lines,
    ...overrides,
  };
}

describe('timedAttempt', () => {
  it('reads a 2xx body, and logs the status, duration and attempt number', async () => {
    const told = settings();
    expect(await timedAttempt(removal(), 2, told)).toEqual({ status: 200, read: { text: '{"member":"jane"}' } });
    expect(told.lines).toEqual([
      expect.stringMatching(/^DELETE \/v1\/organizations\/acme\/members\/jane: HTTP 200 in \d+ ms \(attempt 2\)$/),
    ]);
  });

  it('reads an error answer with its headers and its parsed body', async () => {
    standIn.script(
      { method: 'DELETE' },
      { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"slow down"}' },
    );
    expect(await timedAttempt(removal(), 1, settings())).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
      data: { error: 'slow down' },
    });
  });

  it('abandons an attempt with no answer within request-timeout', async () => {
    standIn.script({ method: 'DELETE' }, { hang: true });
    const told = settings({ requestTimeoutMs: 200 });
    expect(await timedAttempt(removal(), 1, told)).toEqual({ timedOut: true });
    expect(told.lines[0]).toMatch(/: no answer within request-timeout, after \d+ ms \(attempt 1\)$/);
  });

  it('returns what the client rejected with, the network code in the log', async () => {
    standIn.script({ method: 'DELETE' }, { reset: true });
    const told = settings();
    const ended = await timedAttempt(removal(), 1, told);
    expect(ended).toMatchObject({ error: { code: 'ECONNRESET' } });
    expect(told.lines[0]).toMatch(/: no answer \(ECONNRESET\) after \d+ ms \(attempt 1\)$/);
  });

  it('returns, not throws, what the client rejects a request or an answer with, for the caller to classify', async () => {
    expect(await timedAttempt(removal({ 'x-note': 'a\r\nb' }), 1, settings())).toMatchObject({
      error: { code: 'UND_ERR_INVALID_ARG' },
    });
    expect(standIn.requests).toEqual([]);
    // undici 6 cannot take an answer header named like a member of Object.prototype.
    standIn.script({ method: 'DELETE' }, { status: 200, headers: { constructor: 'x' }, body: '{}' });
    const ended = await timedAttempt(removal(), 1, settings());
    expect('error' in ended && ended.error).toBeInstanceOf(TypeError);
    expect(standIn.requests).toHaveLength(1);
  });

  it('sends nothing once the run is cancelled', async () => {
    const cancellation = new AbortController();
    cancellation.abort('SIGINT');
    expect(await timedAttempt(removal(), 1, settings({ signal: cancellation.signal }))).toEqual({ error: 'SIGINT' });
    expect(standIn.requests).toEqual([]);
  });
});
