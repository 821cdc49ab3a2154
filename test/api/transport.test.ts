import { describe, expect, it } from 'vitest';
import { RequestDefect } from '../../src/api/api-failure.ts';
import { RateLimitPause } from '../../src/api/rate-limit-pause.ts';
import { MembersClient } from '../../src/api/members.ts';
import type { ApiClientSettings, RetryNotice } from '../../src/api/transport.ts';
import { transportTo } from '../support/api-transport.ts';
import { ANN, JANE } from '../support/fixtures.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { HTML_502, TursoStandIn } from '../stand-in/server.ts';

const TOKEN = 'tok-123';
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [JANE, ANN, { username: 'a+b@c%d', role: 'viewer', email: 'odd@acme.test' }] },
});
let notices: RetryNotice[];

/** The transport, driven through the members client of organization `acme`. */
function client(overrides: Partial<ApiClientSettings> = {}, pause = new RateLimitPause()): MembersClient {
  notices = [];
  return new MembersClient(transportTo(standIn, TOKEN, overrides, { pause, onRetry: (n) => notices.push(n) }), 'acme');
}

describe('ApiTransport', () => {
  it('removes a member with the token and user agent, in one attempt', async () => {
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, body: { member: 'jane' }, attempts: 1 });
    expect(standIn.members('acme').map((m) => m.username)).not.toContain('jane');
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]).toMatchObject({
      method: 'DELETE',
      rawPath: '/v1/organizations/acme/members/jane',
      authorization: `Bearer ${TOKEN}`,
      userAgent: 'test-agent',
    });
  });

  it('sends each name as exactly one encoded path segment', async () => {
    const outcome = await client().remove('a+b@c%d');
    expect(outcome.ok).toBe(true);
    expect(standIn.requests[0]?.rawPath).toBe('/v1/organizations/acme/members/a%2Bb%40c%25d');
    expect(standIn.requests[0]?.username).toBe('a+b@c%d');
  });

  it('keeps a path prefix of api-url', async () => {
    const transport = transportTo({ url: `${standIn.url}/proxy/` }, TOKEN, { retries: 0 });
    await new MembersClient(transport, 'acme').remove('jane');
    expect(standIn.requests[0]?.rawPath).toBe('/proxy/v1/organizations/acme/members/jane');
  });

  it('reports 404 with the API message, without retrying', async () => {
    const outcome = await client().remove('iku');
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 1,
      failure: { kind: 'http', status: 404, message: 'user iku is not a member of org acme', fromApi: true },
    });
    expect(outcome.ambiguousAttempt).toBeUndefined();
    expect(standIn.requests).toHaveLength(1);
  });

  it.each([401, 402, 403, 409, 400])('does not retry HTTP %i', async (status) => {
    standIn.script({ method: 'DELETE' }, { status, body: JSON.stringify({ error: `nope ${status}` }) });
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { status, message: `nope ${status}` } });
    expect(standIn.requests).toHaveLength(1);
    expect(notices).toHaveLength(0);
  });

  it('retries 5xx and HTML error pages, logging cause and wait, and marks the attempt ambiguous', async () => {
    standIn.script(
      { method: 'DELETE' },
      { status: 502, body: HTML_502, contentType: 'text/html' },
      { status: 500, body: '{"error":"internal"}' },
    );
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, attempts: 3, ambiguousAttempt: 'HTTP 502' });
    expect(notices.map((n) => [n.cause, n.retryNumber, n.maxRetries])).toEqual([
      ['HTTP 502', 1, 3],
      ['HTTP 500', 2, 3],
    ]);
    for (const notice of notices) expect(notice.waitMs).toBeGreaterThan(0);
    expect(notices[0]?.request).toBe('DELETE /v1/organizations/acme/members/jane');
  });

  it('describes an HTML error page instead of passing it on', async () => {
    standIn.script({ method: 'DELETE' }, { status: 502, body: HTML_502, contentType: 'text/html' });
    const outcome = await client({ retries: 0 }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, failure: { status: 502, message: 'HTML error page', fromApi: false } });
  });

  it('gives up after the configured retries', async () => {
    standIn.script({ method: 'DELETE' }, ...Array.from({ length: 5 }, () => ({ status: 503 })));
    const outcome = await client({ retries: 2 }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 3, failure: { status: 503 } });
    expect(standIn.requests).toHaveLength(3);
  });

  it('makes one attempt with retries 0', async () => {
    standIn.script({ method: 'DELETE' }, { status: 503 });
    const outcome = await client({ retries: 0 }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries connection resets', async () => {
    standIn.script({ method: 'DELETE' }, { reset: true });
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, attempts: 2, ambiguousAttempt: 'network error ECONNRESET' });
  });

  it('reports a refused connection with its code', async () => {
    await standIn.stop();
    const outcome = await client({ retries: 1 }).remove('jane');
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 2,
      failure: { kind: 'network', code: 'ECONNREFUSED', host: new URL(standIn.url).host },
    });
  });

  it('throws a request it cannot build as a defect of ours, sending and retrying nothing', async () => {
    // A header undici refuses (a line break): never the network's, never "could not reach".
    const sending = client({ retries: 3, userAgent: 'agent\r\nx-injected: 1' }).remove('jane');
    await expect(sending).rejects.toThrow(RequestDefect);
    await expect(sending).rejects.toThrow(
      'a defect of the action while sending DELETE /v1/organizations/acme/members/jane: InvalidArgumentError: invalid user-agent header',
    );
    expect(notices).toEqual([]);
    expect(standIn.requests).toEqual([]);
  });

  it('throws an answer the client fails on as a defect, after its one attempt, never retried', async () => {
    // undici 6 cannot take an answer header named like a member of Object.prototype.
    standIn.script({ method: 'DELETE' }, { status: 503, headers: { constructor: 'x' } }, { status: 503 });
    await expect(client({ retries: 3 }).remove('jane')).rejects.toThrow(
      /^a defect of the action while sending DELETE \/v1\/organizations\/acme\/members\/jane: TypeError: /,
    );
    expect(notices).toEqual([]);
    expect(standIn.requests).toHaveLength(1);
  });

  it('throws a defect of its own between attempts, rather than report the network', async () => {
    standIn.script({ method: 'DELETE' }, { status: 503 });
    const onRetry = () => {
      throw new TypeError('a defect while telling of the retry');
    };
    const transport = transportTo(standIn, TOKEN, {}, { onRetry });
    await expect(new MembersClient(transport, 'acme').remove('jane')).rejects.toThrow(
      'a defect of the action while sending DELETE /v1/organizations/acme/members/jane: TypeError: a defect while telling of the retry',
    );
    expect(standIn.requests).toHaveLength(1);
  });

  it.each([
    ['..', 'is "..", which is not a name'],
    ['.', 'is ".", which is not a name'],
    ['a/b', 'contains a slash or backslash'],
    ['a\\b', 'contains a slash or backslash'],
    ['a b', 'contains whitespace or a control character'],
    ['a\u0000b', 'contains whitespace or a control character'],
    ['\ud800', 'contains a lone surrogate'],
    ['x'.repeat(257), 'is longer than 256 characters'],
    ['', 'is empty'],
  ])('refuses to send a path whose value %j cannot be one segment, and sends nothing', async (value, problem) => {
    await expect(client().remove(value)).rejects.toThrow(problem);
    expect(standIn.requests).toEqual([]);
  });

  it('refuses to send any path that is not one of the endpoints the action calls, with exactly their segments', async () => {
    const transport = transportTo(standIn, TOKEN);
    const organization = ['v1', 'organizations', 'acme'];
    await expect(transport.request('DELETE', organization)).rejects.toThrow(
      'DELETE /v1/organizations/acme is not one of the endpoints the action calls',
    );
    await expect(transport.request('DELETE', [...organization, 'members'])).rejects.toThrow(/not one of the endpoints/);
    await expect(transport.request('DELETE', [...organization, 'members', 'jane', 'x'])).rejects.toThrow(
      /not one of the endpoints/,
    );
    await expect(transport.request('POST', [...organization, 'members', 'jane'])).rejects.toThrow(
      /not one of the endpoints/,
    );
    expect(standIn.requests).toEqual([]);
    expect(standIn.members('acme').map((m) => m.username)).toContain('jane');
  });

  it('abandons an attempt that exceeds request-timeout, and retries it', async () => {
    standIn.script({ method: 'DELETE' }, { hang: true });
    const outcome = await client({ requestTimeoutMs: 300 }).remove('jane');
    expect(outcome).toMatchObject({ ok: true, attempts: 2, ambiguousAttempt: 'no answer within request-timeout' });
  });

  it('reports a timeout when every attempt hangs', async () => {
    standIn.script({ method: 'DELETE' }, { hang: true }, { hang: true });
    const outcome = await client({ requestTimeoutMs: 200, retries: 1 }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 2, failure: { kind: 'timeout', timeoutMs: 200 } });
  });

  // The stand-in and the transport share this process's clock: the 429 is sent before it is read,
  // and the wait is counted from when it is read, so these bounds are exact. How much longer than
  // asked a run waits is a speed figure, measured by `npm run bench` (the rate-limited batch).
  it('honours Retry-After in seconds: the retry waits that long', async () => {
    standIn.script(
      { method: 'DELETE' },
      { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"slow down"}' },
    );
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(outcome.ambiguousAttempt).toBeUndefined();
    expect(notices[0]).toMatchObject({ cause: 'HTTP 429', waitMs: 1_000 });
    const [first, second] = standIn.requests;
    expect((second?.at ?? 0) - (first?.answeredAt ?? Infinity)).toBeGreaterThanOrEqual(1_000);
  });

  it('honours Retry-After as an HTTP date: the retry waits until then', async () => {
    const at = new Date(Date.now() + 2_000).toUTCString();
    const until = Date.parse(at);
    standIn.script({ method: 'DELETE' }, { status: 503, headers: { 'retry-after': at } });
    const outcome = await client().remove('jane');
    expect(outcome.ok).toBe(true);
    const [first, second] = standIn.requests;
    expect(notices[0]?.waitMs).toBeLessThanOrEqual(until - (first?.answeredAt ?? Infinity));
    expect(second?.at).toBeGreaterThanOrEqual(until);
  });

  it('fails at once when Retry-After is longer than 60 s', async () => {
    standIn.script({ method: 'DELETE' }, { status: 429, headers: { 'retry-after': '120' } });
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 1, retryAfterTooLongMs: 120_000 });
    expect(standIn.requests).toHaveLength(1);
  });

  it('does not follow redirects, so the token never reaches another host', async () => {
    const elsewhere = new TursoStandIn({ token: TOKEN });
    await elsewhere.start();
    try {
      standIn.script({ method: 'DELETE' }, { redirect: `${elsewhere.url}/v1/organizations/acme/members/jane` });
      const outcome = await client().remove('jane');
      expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'http', status: 307 } });
      expect(JSON.stringify(outcome)).toContain(`"location":"${elsewhere.url}/v1/organizations/acme/members/jane"`);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.stop();
    }
  });

  it('reads a JSON body that starts with a byte-order mark, error answers and 2xx alike', async () => {
    const notMember = '\uFEFF{"error":"user jane is not a member of org acme"}';
    standIn.script({ method: 'DELETE' }, { status: 404, body: notMember, contentType: 'application/json' });
    expect(await client().remove('jane')).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 404, message: 'user jane is not a member of org acme', fromApi: true },
    });
    standIn.script({ method: 'DELETE' }, { status: 200, body: '\uFEFF{"member":"ann"}', afterEffect: true });
    expect(await client().remove('ann')).toMatchObject({ ok: true, body: { member: 'ann' } });
  });

  it('counts a removal whose answer body is not JSON', async () => {
    standIn.script({ method: 'DELETE' }, { status: 200, body: 'OK', contentType: 'text/plain', afterEffect: true });
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, rawBody: 'OK', body: undefined });
    expect(standIn.members('acme').map((m) => m.username)).not.toContain('jane');
  });

  it('keeps a 2xx whose body stalls as done, reading it no longer than request-timeout, and never resends', async () => {
    standIn.script({ method: 'DELETE' }, { status: 200, body: '{"mem', bodyEnd: 'stall', afterEffect: true });
    const outcome = await client({ requestTimeoutMs: 300 }).remove('jane');
    expect(outcome).toMatchObject({
      ok: true,
      attempts: 1,
      // What arrived may end in part of the token: none of it is kept.
      rawBody: '',
      incomplete: 'the rest of the answer did not arrive within 0.3 s (request-timeout)',
    });
    expect(standIn.requests).toHaveLength(1);
  });

  it('keeps a 2xx whose body breaks off as done, and never resends', async () => {
    standIn.script({ method: 'DELETE' }, { status: 200, body: '{"member":"ja', bodyEnd: 'break', afterEffect: true });
    const outcome = await client().remove('jane');
    expect(outcome).toMatchObject({ ok: true, attempts: 1, rawBody: '' });
    expect(outcome.ok && outcome.incomplete).toMatch(/^the answer broke off/);
    expect(standIn.requests).toHaveLength(1);
  });
});

describe('text from the API', () => {
  // A token whose every prefix is distinctive, so a leak of even its first characters shows.
  const SECRET = 'Zq8Xw3Lp9Vr2Tk6';

  it('has the token redacted before it is cut, wherever the token stands around the cut', async () => {
    const api = new MembersClient(transportTo(standIn, SECRET, { retries: 0 }), 'acme');
    for (let offset = 150; offset <= 250; offset += 1) {
      const error = `${'x'.repeat(offset)}${SECRET} and more text after it`;
      standIn.script({ method: 'DELETE' }, { status: 403, body: JSON.stringify({ error }) });
      const outcome = await api.remove('jane');
      const text = JSON.stringify(outcome);
      expect(text, `token at offset ${offset}`).not.toContain(SECRET.slice(0, 3));
      expect(outcome.ok ? '' : outcome.failure.kind === 'http' && outcome.failure.message.length).toBeLessThanOrEqual(
        201,
      );
    }
  });

  it('has the token redacted from a 2xx body and an HTML error page alike', async () => {
    const api = new MembersClient(transportTo(standIn, SECRET, { retries: 0 }), 'acme');
    standIn.script({ method: 'DELETE' }, { status: 200, body: JSON.stringify({ member: `jane ${SECRET}` }) });
    expect(await api.remove('jane')).toMatchObject({ ok: true, body: { member: 'jane ***' } });
    standIn.script({ method: 'DELETE' }, { status: 400, body: `oops ${SECRET}`, contentType: 'text/plain' });
    expect(await api.remove('ann')).toMatchObject({ ok: false, failure: { message: 'oops ***' } });
  });
});

describe('shared rate-limit pause', () => {
  it('holds every request of the run until a Retry-After has passed', async () => {
    const pause = new RateLimitPause();
    const { promise: limitHandled, resolve: handled } = Promise.withResolvers<undefined>();
    const api = new MembersClient(
      transportTo(standIn, TOKEN, {}, { pause, onRetry: () => handled(undefined) }),
      'acme',
    );
    standIn.script({ username: 'jane' }, { status: 429, headers: { 'retry-after': '1' } });
    const first = api.remove('jane');
    // Once the 429 is handled the pause is in force, however slow the machine.
    await limitHandled;
    const second = api.remove('ann');
    await Promise.all([first, second]);
    const limited = standIn.requests.find((r) => r.answer === 429);
    const ann = standIn.requestsTo('DELETE', 'ann');
    expect(ann).toHaveLength(1);
    expect((ann[0]?.at ?? 0) - (limited?.answeredAt ?? Infinity)).toBeGreaterThanOrEqual(1_000);
  });
});

/** A pause that says when a request starts waiting on it. */
class WatchedPause extends RateLimitPause {
  readonly #waiting = Promise.withResolvers<undefined>();
  readonly waiting = this.#waiting.promise;

  override wait(signal?: AbortSignal): Promise<void> {
    this.#waiting.resolve(undefined);
    return super.wait(signal);
  }
}

describe('cancellation', () => {
  it('sends nothing once the run is cancelled', async () => {
    const cancelled = new AbortController();
    cancelled.abort('SIGINT');
    const outcome = await client({ signal: cancelled.signal }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 0, failure: { kind: 'cancelled', sent: false } });
    expect(standIn.requests).toHaveLength(0);
  });

  it('abandons a request under way, saying it may have taken effect', async () => {
    const cancellation = new AbortController();
    const underWay = standIn.hold({ method: 'DELETE' });
    void underWay.holding(1).then(() => cancellation.abort('SIGTERM'));
    const outcome = await client({ signal: cancellation.signal }).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'cancelled', sent: true } });
  });

  it('is settled once every request the cancel abandoned has ended and its caller has run on', async () => {
    const cancellation = new AbortController();
    const underWay = standIn.hold({ method: 'DELETE' });
    const transport = transportTo(standIn, TOKEN, { signal: cancellation.signal });
    const members = new MembersClient(transport, 'acme');
    const told: string[] = [];
    const removals = ['jane', 'ann'].map((name) => members.remove(name).then(() => told.push(name)));
    await underWay.holding(2);
    cancellation.abort('SIGTERM');
    await transport.settled();
    // Settled means no request under way and each caller told: nothing is left to record later.
    expect(told.toSorted()).toEqual(['ann', 'jane']);
    await Promise.all(removals);
  });

  it('is settled at once when nothing is under way', async () => {
    await expect(transportTo(standIn, TOKEN).settled()).resolves.toBeUndefined();
  });

  it('stops waiting for a retry', async () => {
    const cancellation = new AbortController();
    // The longest wait the action accepts: only the cancellation can end it within a test.
    standIn.script(
      { method: 'DELETE' },
      { status: 429, headers: { 'retry-after': '60' }, body: '{"error":"slow down"}' },
    );
    const transport = transportTo(
      standIn,
      TOKEN,
      { signal: cancellation.signal },
      // Once the wait has begun, as a runner's cancel would come.
      { onRetry: () => queueMicrotask(() => cancellation.abort('SIGINT')) },
    );
    const outcome = await new MembersClient(transport, 'acme').remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'cancelled', sent: true } });
    expect(standIn.requests).toHaveLength(1);
  });

  it('stops waiting out a rate-limit pause', async () => {
    const cancellation = new AbortController();
    const pause = new WatchedPause();
    // Far longer than a test may take: only the cancellation can end this wait.
    pause.pauseUntil(Date.now() + 3_600_000);
    void pause.waiting.then(() => cancellation.abort('SIGINT'));
    const outcome = await client({ signal: cancellation.signal }, pause).remove('jane');
    expect(outcome).toMatchObject({ ok: false, attempts: 0, failure: { kind: 'cancelled', sent: false } });
    expect(standIn.requests).toHaveLength(0);
  });
});
