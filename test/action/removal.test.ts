/**
 * Removing memberships: the action against the local API stand-in. Invitations and API tokens
 * are left out here (see offboarding.test.ts), so that each request the stand-in sees is a
 * membership request. What only the shipped bundle can show runs on the bundle and on src/main.ts
 * in this process; the rest runs in this process only (CONTRIBUTING.md, "The test layers").
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { ANN, BOB, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs, type ActionRunner, type RunOptions } from '../support/run-action.ts';
import { bundleAndSource, bundleOnly, sourceOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { numberedMembers, TOKEN_USER } from '../stand-in/server.ts';

const TOKEN = 'turso-admin-token-0123456789';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE, ANN, BOB] } });

/** The action, started by `runWith`, against the stand-in's organization `acme`. */
function runner(runWith: ActionRunner) {
  return (inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}) =>
    runWith({ inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }), ...options });
}

bundleAndSource('outputs, summary, annotations and exit code as they ship', (runWith) => {
  const run = runner(runWith);

  it('removes one member and reports it in outputs, log and summary', async () => {
    const outcome = await run({ username: 'jane' });
    expect(outcome.exitCode).toBe(0);
    const [removal] = standIn.auditLogs('acme');
    expect(outcome.outputs).toEqual({
      member: 'jane',
      result: 'removed',
      results: JSON.stringify([
        {
          username: 'jane',
          result: 'removed',
          email: 'jane@acme.test',
          member: 'jane',
          role: 'member',
          invite: 'skipped',
          tokens: [],
          verified: 'gone',
          audit_log: { created_at: removal?.created_at, author: removal?.author },
          attempts: 1,
        },
      ]),
      'evidence-file': expect.stringMatching(/turso-evidence-acme-4242-1\.json$/) as unknown,
      'removed-count': '1',
      'revoked-invites-count': '0',
      'revoked-tokens-count': '0',
      'rotated-groups': '',
    });
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', 'bob']);
    expect(standIn.requestsTo('DELETE').map((r) => [r.method, r.rawPath, r.authorization])).toEqual([
      ['DELETE', '/v1/organizations/acme/members/jane', `Bearer ${TOKEN}`],
    ]);
    expect(standIn.requests[0]?.userAgent).toContain('acme/platform');
    expect(outcome.stdout).toContain('jane: removed (member: jane)');
    expect(outcome.annotations).toEqual([]);
    expect(outcome.summary).toContain('<h2>Turso offboarding</h2>');
    expect(outcome.summary).toContain('1 of 1 person removed.');
    expect(outcome.summary).toContain(
      // Text from the API is inert: `@`, `.` and `:` as character references.
      `<td>jane (jane&#64;<wbr>acme&#46;test)</td><td>removed</td><td>removed</td><td>skipped</td><td>none</td><td>gone</td><td>member: jane; role: member; audit log: removed by ${TOKEN_USER.username} at ${(removal?.created_at ?? '').replaceAll(':', '&#58;')}</td><td>1</td>`,
    );
    // An offboarding record: when (UTC), where, at which commit, started how and by whom.
    expect(outcome.summary).toMatch(
      /<p>Finished \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ in <code>acme\/platform<\/code> at commit <code>0123456789ab<\/code> triggered by <code>workflow_dispatch<\/code> started by <code>octocat<\/code>, <a href="https:\/\/github.com\/acme\/platform\/actions\/runs\/4242">run 4242<\/a>.<\/p>/,
    );
  });

  it('goes on after a failure: every username gets its result, then the step fails', async () => {
    standIn.script({ username: 'ann' }, { status: 403, body: '{"error":"forbidden"}' });
    const outcome = await run({ username: 'jane\nann\niku\nbob', concurrency: '1' });
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      ['jane', 'removed'],
      ['ann', 'failed'],
      ['iku', 'not-member'],
      ['bob', 'removed'],
    ]);
    expect(outcome.outputs.result).toBe('failed');
    expect(outcome.outputs['removed-count']).toBe('2');
    expect(outcome.outputs.member).toBe('jane\nbob');
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann']);
    expect(outcome.summary).toContain('<td>iku</td><td>not-member</td>');
    expect(errors(outcome).at(-1)).toContain('2 of 4 people not offboarded: ann, iku');
  });

  it('reports every problem with the inputs at once', async () => {
    const outcome = await run({ username: 'jane', retries: '-1', concurrency: '0', 'if-not-member': 'maybe' });
    expect(errors(outcome).map((m) => /^Input "([^"]+)"/.exec(m)?.[1])).toEqual([
      'if-not-member',
      'retries',
      'concurrency',
      undefined,
    ]);
  });

  it('skips the job summary quietly when GITHUB_STEP_SUMMARY is unset', async () => {
    const outcome = await run({ username: 'jane' }, { noSummary: true });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(outcome.annotations).toEqual([]);
  });

  // With no GITHUB_EVENT_NAME the roster may not be merged: the run only plans, and says why.
  it('writes outputs and summary without the optional runner variables (act, local-action, Gitea)', async () => {
    const outcome = await run({ username: 'jane' }, { noRunContext: true });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.annotations).toEqual([
      {
        level: 'notice',
        message:
          'Nothing is changed in Turso, whatever dry-run says: the run has no GITHUB_EVENT_NAME, so its roster may not be merged. This run only plans; the run on the merged roster (a push to the default branch, schedule, workflow_dispatch or repository_dispatch on it) carries it out',
      },
    ]);
    expect(outcome.outputs.result).toBe('would-remove');
    expect(outcome.summary).toContain('<td>jane (jane&#64;<wbr>acme&#46;test)</td><td>would-remove</td>');
    expect(standIn.requests[0]?.userAgent).toBe('turso-remove-member-action');
  });
});

bundleAndSource('secrets and workflow commands in the real log', (runWith) => {
  const run = runner(runWith);

  it('never writes the token, even when the API echoes it back', async () => {
    standIn.script(
      { username: 'jane' },
      { status: 200, body: JSON.stringify({ member: `jane ${TOKEN}` }), afterEffect: true },
    );
    standIn.script(
      { username: 'ann' },
      { status: 403, body: JSON.stringify({ error: `token ${TOKEN} lacks rights` }) },
    );
    standIn.script({ username: 'bob' }, { status: 404, body: JSON.stringify({ error: `no ${TOKEN}\n::warning::x` }) });
    const outcome = await run({ username: 'jane\nann\nbob', 'if-not-member': 'ignore' });
    expect(outcome.everything).not.toContain(TOKEN);
    expect(outcome.everything).toContain('***');
    expect(outcome.outputs.member).toBe('jane ***');
  });

  it('never lets text from inputs or the API start a workflow command or break a line', async () => {
    const sneaky = '::stop-commands::pwned';
    standIn.addMember('acme', { username: sneaky, role: 'member', email: 'sneaky@acme.test' });
    standIn.script(
      { username: 'iku' },
      {
        status: 404,
        body: JSON.stringify({
          error: 'user iku is not a member of org acme\n::set-output name=result::removed\n##[group]x',
        }),
      },
    );
    // Named by email: a name carrying `::` is no username an input may give, but the API may list one.
    const outcome = await run({ username: 'sneaky@acme.test\niku', 'if-not-member': 'ignore' });
    expect(outcome.exitCode).toBe(0);
    for (const line of outcome.stdout.split('\n')) {
      if (/^::(error|warning|notice|debug|add-mask)/.test(line)) continue;
      expect(line).not.toMatch(/::|##\[/);
    }
    expect(outcome.stdout).toContain(
      'iku: not a member: user iku is not a member of org acme%0A:%3Aset-output name=result:%3Aremoved%0A#%23[group]x',
    );
    expect(outcome.outputs.result).toBe('not-member');
  });

  it('masks the token in the runner log', async () => {
    const outcome = await run({ username: 'jane' });
    expect(outcome.stdout).toContain(`::add-mask::${TOKEN}`);
  });
});

sourceOnly((runWith) => {
  const run = runner(runWith);

  describe('removing members', () => {
    it('counts a 2xx whose body is not the expected JSON as removed once the second read shows the member gone', async () => {
      standIn.script(
        { method: 'DELETE' },
        { status: 200, body: '<html>ok</html>', contentType: 'text/html', afterEffect: true },
      );
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs.result).toBe('removed');
      expect(outcome.outputs['removed-count']).toBe('1');
      expect(outcome.outputs.member).toBe('');
      expect(results(outcome)).toEqual([expect.objectContaining({ result: 'removed', verified: 'gone' })]);
      expect(results(outcome)[0]).not.toHaveProperty('error');
    });

    it('takes a list separated by newlines and commas, ignoring blanks and repeats, in input order', async () => {
      const outcome = await run({ username: 'bob, jane\n\n  ,jane\nbob ' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs.member).toBe('bob\njane');
      expect(outcome.outputs['removed-count']).toBe('2');
      expect(results(outcome).map((r) => r.username)).toEqual(['bob', 'jane']);
      expect(standIn.requestsTo('DELETE')).toHaveLength(2);
    });

    it('fails with the API message verbatim when a user is not a member', async () => {
      const outcome = await run({ username: 'iku' });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.outputs.result).toBe('not-member');
      expect(outcome.outputs.member).toBe('');
      expect(results(outcome)).toEqual([
        {
          username: 'iku',
          result: 'not-member',
          invite: 'skipped',
          tokens: [],
          verified: 'not-checked',
          error: 'user iku is not a member of org acme',
          attempts: 1,
        },
      ]);
      expect(errors(outcome).some((m) => m.includes('user iku is not a member of org acme'))).toBe(true);
      expect(errors(outcome).at(-1)).toContain('user iku is not a member of org acme');
    });

    it('does not take a 404 page that is not the API answer for "not a member"', async () => {
      standIn.script({ method: 'DELETE' }, { status: 404, body: '<html>Not Found</html>', contentType: 'text/html' });
      const outcome = await run({ username: 'jane', 'if-not-member': 'ignore' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]).toMatchObject({ result: 'failed' });
      expect(results(outcome)[0]?.error).toBe(
        `HTTP 404: HTML error page (DELETE /v1/organizations/acme/members/jane). That is not the API's "not a member" answer: check that the org input is the organization's slug (as in "turso org list") and that api-url (${standIn.url}/) is the Turso Platform API; still listed after the run: membership of jane`,
      );
    });

    it('only warns about a non-member with if-not-member: warn', async () => {
      const outcome = await run({ username: 'iku', 'if-not-member': 'warn' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.annotations).toEqual([
        { level: 'warning', message: 'iku: not a member: user iku is not a member of org acme' },
      ]);
    });

    it('only logs a non-member with if-not-member: ignore', async () => {
      const outcome = await run({ username: 'iku', 'if-not-member': 'ignore' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.annotations).toEqual([]);
      expect(outcome.stdout).toContain('iku: not a member: user iku is not a member of org acme');
      expect(outcome.outputs.result).toBe('not-member');
    });

    it.each([
      [401, 'turso auth api-tokens mint'],
      [402, 'no active subscription'],
      [403, 'Only organization owners and admins can manage members'],
    ])('explains HTTP %i and what to do about it', async (status, advice) => {
      standIn.script({ method: 'DELETE' }, { status, body: JSON.stringify({ error: `api says ${status}` }) });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.outputs.result).toBe('failed');
      const [error] = results(outcome).map((r) => r.error as string);
      expect(error).toContain(`HTTP ${status}: api says ${status}`);
      expect(error).toContain(advice);
      expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    });

    it('uses the real 401 answer for a wrong token', async () => {
      const outcome = await run({ username: 'jane', token: 'wrong-token' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]?.error).toContain('token contains an invalid number of segments');
    });

    it('settles an ambiguous attempt by reading again: removed when listed before and gone now', async () => {
      // The first DELETE removes jane but its answer is lost in a 503; the retry then gets 404.
      standIn.script({ method: 'DELETE' }, { status: 503, afterEffect: true });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(0);
      const [result] = results(outcome);
      expect(result).toMatchObject({ username: 'jane', result: 'removed', verified: 'gone', attempts: 2 });
      expect(outcome.outputs['removed-count']).toBe('1');
    });

    it('does not report a silent success after an ambiguous attempt for someone never listed', async () => {
      // A 503 that carried nothing out, then the API's 404: iku may or may not ever have been a member.
      standIn.script({ method: 'DELETE' }, { status: 503 });
      const outcome = await run({ username: 'iku' });
      expect(outcome.exitCode).toBe(1);
      const [result] = results(outcome);
      expect(result).toMatchObject({ username: 'iku', result: 'not-member', verified: 'gone', attempts: 2 });
      expect(result?.error).toContain('user iku is not a member of org acme');
      expect(result?.error).toContain('an earlier attempt got no definite answer (HTTP 503)');
      expect(result?.error).toContain('may have removed the user');
    });

    it('logs each retry with its cause and wait', async () => {
      standIn.script({ method: 'DELETE' }, { reset: true }, { status: 429, headers: { 'retry-after': '1' } });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.stdout).toMatch(/network error ECONNRESET; retry 1\/3 in \d\.\d s/);
      expect(outcome.stdout).toContain('HTTP 429; retry 2/3 in 1.0 s');
      expect(results(outcome)[0]).toMatchObject({ result: 'removed', attempts: 3 });
    });

    it('logs every request at debug level, when debug logging is on: method, path, status, duration and attempt', async () => {
      standIn.script({ method: 'DELETE' }, { status: 503, headers: { 'retry-after': '0' } });
      const quiet = await run({ username: 'jane' });
      expect(quiet.stdout).not.toContain('::debug::');
      standIn.addMember('acme', { username: 'jane', role: 'member', email: 'jane@acme.test' });
      standIn.script({ method: 'DELETE' }, { status: 503, headers: { 'retry-after': '0' } });
      const outcome = await run({ username: 'jane' }, { env: { RUNNER_DEBUG: '1' } });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.stdout).toMatch(
        /^::debug::DELETE \/v1\/organizations\/acme\/members\/jane: HTTP 503 in \d+ ms \(attempt 1\)$/m,
      );
      expect(outcome.stdout).toMatch(
        /^::debug::DELETE \/v1\/organizations\/acme\/members\/jane: HTTP 200 in \d+ ms \(attempt 2\)$/m,
      );
    });

    it('fails a username at once when Retry-After is longer than 60 s', async () => {
      standIn.script({ method: 'DELETE' }, { status: 429, headers: { 'retry-after': '600' } });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]?.error).toContain('asked to wait 600 s');
      expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    });

    it('refuses a redirect and says why', async () => {
      standIn.script({ method: 'DELETE' }, { redirect: 'https://elsewhere.example/v1' });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]?.error).toContain('Redirects are not followed');
    });

    it('fails an attempt that exceeds request-timeout, after its retries', async () => {
      standIn.script({ method: 'DELETE' }, { hang: true }, { hang: true });
      const outcome = await run({ username: 'jane', 'request-timeout': '0.3', retries: '1' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]).toMatchObject({ result: 'failed', attempts: 2 });
      expect(results(outcome)[0]?.error).toContain('no answer within 0.3 s');
    });

    it('keeps at most `concurrency` requests in flight, and that many', async () => {
      const many = numberedMembers(12);
      for (const member of many) standIn.addMember('acme', member);
      // No answer until three removals are under way at once, so the limit is reached however
      // slow the machine; then every answer takes a while, so that a fourth would overlap.
      const firstThree = standIn.hold({ method: 'DELETE' });
      void firstThree.holding(3).then(() => firstThree.release());
      standIn.latencyMs = 50;
      const outcome = await run({ username: many.map((m) => m.username).join(','), concurrency: '3' });
      expect(outcome.exitCode).toBe(0);
      expect(firstThree.peak).toBe(3);
      expect(standIn.maxInFlight).toBe(3);
    });
  });

  describe('outcomes that can be trusted', () => {
    it('fails a mistyped org instead of calling its JSON 404 "not a member", naming org and api-url', async () => {
      const outcome = await run({ org: 'acmee', username: 'jane', 'if-not-member': 'ignore' });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.outputs.result).toBe('failed');
      const [error] = results(outcome).map((r) => r.error as string);
      expect(error).toContain('HTTP 404: organization not found (DELETE /v1/organizations/acmee/members/jane)');
      expect(error).toContain(`the org input is the organization's slug`);
      expect(error).toContain(`api-url (${standIn.url}/)`);
      expect(standIn.members('acme')).toHaveLength(3);
    });

    it('takes the documented not-a-member answers by their shape, not one exact string', async () => {
      standIn.script(
        { username: 'ghost' },
        { status: 404, body: '{"error":"User ghost is not a member of org acme."}' },
      );
      const outcome = await run({ username: 'ghost,iku', 'if-not-member': 'ignore' });
      expect(results(outcome).map((r) => r.result)).toEqual(['not-member', 'not-member']);
      const dry = await run({ username: 'iku', 'dry-run': 'true', 'if-not-member': 'ignore' });
      expect(results(dry)[0]).toMatchObject({ result: 'not-member', error: 'could not find member' });
    });

    it('says in one line when no username of the run is a member: a typo in org is likelier', async () => {
      const outcome = await run({ username: 'iku,zoe', 'if-not-member': 'warn' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.annotations).toContainEqual({
        level: 'warning',
        message: 'None of the 2 usernames is a member of acme: check that the org input is the right organization slug',
      });
    });

    it.each(['/v1', '/v1/', '/v2'])(
      'accepts an api-url copied with its version (%s), without doubling it',
      async (suffix) => {
        const outcome = await run({ username: 'jane', 'api-url': `${standIn.url}${suffix}` });
        expect(outcome.exitCode).toBe(0);
        expect(standIn.requestsTo('DELETE').map((r) => r.rawPath)).toEqual(['/v1/organizations/acme/members/jane']);
        expect(standIn.requests.every((r) => !r.rawPath.includes('/v1/v1/') && !r.rawPath.startsWith('/v2/v'))).toBe(
          true,
        );
      },
    );

    it('reports a removal whose answer stalls as removed once the second read shows the member gone, and never resends it', async () => {
      standIn.script({ method: 'DELETE' }, { status: 200, body: '{"mem', bodyEnd: 'stall', afterEffect: true });
      const outcome = await run({ username: 'jane', 'request-timeout': '0.5' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toEqual([
        {
          username: 'jane',
          result: 'removed',
          email: JANE.email,
          role: 'member',
          invite: 'skipped',
          tokens: [],
          verified: 'gone',
          audit_log: expect.anything() as unknown,
          attempts: 1,
        },
      ]);
      expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    });

    it('fails a removal whose answer breaks off while the member is still listed: an answer cut short confirms nothing', async () => {
      standIn.script({ method: 'DELETE' }, { status: 200, body: '{"member":"jane"', bodyEnd: 'break' });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([{ result: 'failed', verified: 'still-listed' }]);
      expect(results(outcome)[0]?.error).toMatch(
        /^removal not confirmed: the API answered HTTP 200, but the answer broke off.*; still listed after the run: membership of jane$/,
      );
      expect(outcome.outputs['removed-count']).toBe('0');
      expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    });

    it('names the host it could not reach', async () => {
      await standIn.stop();
      const outcome = await run({ username: 'jane', retries: '0' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]?.error).toContain(
        `could not reach ${new URL(standIn.url).host} (ECONNREFUSED) after 1 attempt`,
      );
    });

    it('logs a username containing % as the API lists it', async () => {
      // Named by email: `%` is in no username an input may give, but the API may list one.
      standIn.addMember('acme', { username: 'a%2eb', role: 'member', email: 'ab@acme.test' });
      const outcome = await run({ username: 'ab@acme.test' });
      expect(outcome.stdout).toContain('a%2eb: removed (member: a%2eb)');
      expect(outcome.stdout).not.toContain('%252e');
    });
  });

  describe('dry run', () => {
    it('sends no DELETE and reports who would be removed, with the role', async () => {
      const outcome = await run({ username: 'ann\niku', 'dry-run': 'true', 'if-not-member': 'warn' });
      expect(outcome.exitCode).toBe(0);
      expect(standIn.requestsTo('DELETE')).toHaveLength(0);
      // ann is listed, so only iku, whom the list does not show, is asked about.
      expect(
        standIn
          .requestsTo('GET')
          .map((r) => r.rawPath)
          .toSorted(),
      ).toEqual(['/v1/organizations/acme/members', '/v1/user', '/v1/organizations/acme/members/iku'].toSorted());
      expect(results(outcome)).toEqual([
        {
          username: 'ann',
          result: 'would-remove',
          email: 'ann@acme.test',
          role: 'admin',
          invite: 'skipped',
          tokens: [],
          verified: 'not-checked',
        },
        {
          username: 'iku',
          result: 'not-member',
          invite: 'skipped',
          tokens: [],
          verified: 'not-checked',
          error: 'could not find member',
          attempts: 1,
        },
      ]);
      expect(outcome.outputs.result).toBe('not-member');
      expect(outcome.outputs['removed-count']).toBe('0');
      expect(standIn.members('acme')).toHaveLength(3);
      expect(outcome.summary).toContain('(dry run)');
      expect(outcome.summary).toContain(
        '<td>ann (ann&#64;<wbr>acme&#46;test)</td><td>would-remove</td><td>would-remove</td>',
      );
      expect(outcome.summary).toContain('<td>role: admin</td>');
    });
  });

  describe('token and api-url sources', () => {
    it('reads the token from TURSO_API_TOKEN when the input is empty', async () => {
      const outcome = await run({ username: 'jane', token: '' }, { env: { TURSO_API_TOKEN: TOKEN } });
      expect(outcome.exitCode).toBe(0);
      expect(standIn.requests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it('fails before any request when neither is set, naming both', async () => {
      const outcome = await run({ username: 'jane', token: '' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toMatch(/^Input "token":.*"token" input.*TURSO_API_TOKEN environment variable/);
      expect(standIn.requests).toHaveLength(0);
    });

    it('reads the API URL from TURSO_API_BASEURL when the input is empty', async () => {
      const outcome = await run({ username: 'jane', 'api-url': '' }, { env: { TURSO_API_BASEURL: standIn.url } });
      expect(outcome.exitCode).toBe(0);
      expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    });
  });

  describe('input problems', () => {
    it.each([
      [{ retries: '-1' }, 'retries'],
      [{ retries: 'many' }, 'retries'],
      [{ concurrency: '0' }, 'concurrency'],
      [{ 'if-not-member': 'maybe' }, 'if-not-member'],
      [{ 'request-timeout': 'x' }, 'request-timeout'],
      [{ 'request-timeout': '0' }, 'request-timeout'],
      [{ 'dry-run': 'maybe' }, 'dry-run'],
      [{ org: '' }, 'org'],
      [{ org: '..' }, 'org'],
      [{ username: '' }, 'username'],
      [{ username: ' ,\n ' }, 'username'],
      [{ username: 'jane\n../admin' }, 'username'],
      [{ username: 'a/b' }, 'username'],
      [{ username: 'a\\b' }, 'username'],
      [{ username: 'a\tb' }, 'username'],
      [{ username: 'jane bob' }, 'username'],
      [{ username: '.' }, 'username'],
      [{ 'api-url': 'http://api.turso.example' }, 'api-url'],
      [{ 'api-url': 'https://user:pw@api.turso.tech' }, 'api-url'],
      [{ 'api-url': 'ftp://api.turso.tech' }, 'api-url'],
      [{ 'api-url': 'not a url' }, 'api-url'],
    ])('refuses %o with an error naming "%s", before any request', async (bad, input) => {
      const outcome = await run({ username: 'jane', ...bad });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toMatch(new RegExp(`^Input "${input}": `));
      expect(errors(outcome).at(-1)).toContain('nothing was sent to the API');
      expect(standIn.requests).toHaveLength(0);
      expect(outcome.outputs.result).toBe('failed');
    });

    it('hints at commas or newlines for usernames separated by spaces', async () => {
      const outcome = await run({ username: 'alice bob' });
      expect(errors(outcome)[0]).toBe(
        'Input "username": "alice bob" contains whitespace or a control character; separate usernames with commas or newlines, not spaces',
      );
    });

    it('accepts plain http for loopback hosts only', async () => {
      const localhostUrl = standIn.url.replace('127.0.0.1', 'localhost');
      const outcome = await run({ username: 'jane', 'api-url': localhostUrl });
      expect(outcome.exitCode).toBe(0);
    });
  });

  describe('untrusted text', () => {
    it('redacts the token before cutting long API text, wherever the token stands around the cut', async () => {
      const offsets = Array.from({ length: 21 }, (_, i) => 190 + i);
      for (const offset of offsets) {
        const text = `${'x'.repeat(offset)}${TOKEN} trailing text`;
        standIn.script(
          { username: `u${offset}` },
          offset % 2 === 0
            ? { status: 403, body: JSON.stringify({ error: text }) }
            : { status: 400, body: text, contentType: 'text/plain' },
        );
      }
      const outcome = await run({ username: offsets.map((o) => `u${o}`).join(',') });
      expect(results(outcome)).toHaveLength(offsets.length);
      expect(outcome.everything).not.toContain(TOKEN.slice(0, 8));
      expect(results(outcome).every((r) => (r.error as string).includes('…'))).toBe(true);
    });

    it('writes summary cells as inert text (test/action/markup-safety.test.ts has the hostile corpus)', async () => {
      standIn.script(
        { username: 'jane' },
        { status: 404, body: JSON.stringify({ error: '<img src=x onerror=alert(1)>' }) },
      );
      standIn.addMember('acme', { username: 'a<b>&c', role: 'member', email: 'abc@acme.test' });
      const outcome = await run({ username: 'jane\nabc@acme.test', 'if-not-member': 'ignore' });
      expect(outcome.summary).toContain('&#60;img src=x onerror=alert&#40;1&#41;&#62;');
      expect(outcome.summary).toContain('a&#60;b&#62;&#38;c');
      expect(outcome.summary).not.toContain('<img');
      expect(outcome.summary).not.toContain('<b>');
    });
  });
});

// In this process a signal or a global proxy would reach the test runner itself, and the
// toolkit keeps the first summary path it was given.
bundleOnly('signals, the proxy and an unwritable summary', (runWith) => {
  const run = runner(runWith);

  it('records every username when the run is cancelled (SIGINT), and sends nothing new', async () => {
    const many = numberedMembers(12);
    for (const member of many) standIn.addMember('acme', member);
    // Two removals done; the stand-in holds the next two, under way when the signal comes.
    const underWay = standIn.hold((r) => r.method === 'DELETE' && ['user002', 'user003'].includes(r.username ?? ''));
    const outcome = await run(
      { username: many.map((m) => m.username).join(','), concurrency: '2' },
      { interrupt: underWay.holding(2) },
    );
    expect(outcome.exitCode).toBe(1);
    const list = results(outcome);
    expect(list.map((r) => r.username)).toEqual(many.map((m) => m.username));
    const removed = list.filter((r) => r.result === 'removed').map((r) => r.username);
    expect(removed).toEqual(['user000', 'user001']);
    expect(list.slice(2, 4).map((r) => r.error)).toEqual([
      'the run was cancelled while this request was under way; it may or may not have taken effect',
      'the run was cancelled while this request was under way; it may or may not have taken effect',
    ]);
    expect(list.slice(4).every((r) => r.error === 'not attempted: the run was cancelled' && r.attempts === 0)).toBe(
      true,
    );
    expect(outcome.outputs['removed-count']).toBe('2');
    // The two look-ups and four removals; after the signal, not even the second read.
    expect(standIn.requestsTo('DELETE')).toHaveLength(4);
    expect(standIn.requestsTo('GET')).toHaveLength(2);
    expect(outcome.annotations[0]).toEqual({
      level: 'warning',
      message: 'Received SIGINT: the run is cancelled; no further requests are sent',
    });
    expect(outcome.summary).toContain('not attempted&#58; the run was cancelled');
  });

  it('does not fail a step whose work is done when the job summary cannot be written', async () => {
    const outcome = await run({ username: 'jane' }, { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary.md' } });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs.result).toBe('removed');
    expect(outcome.annotations).toHaveLength(1);
    expect(outcome.annotations[0]).toMatchObject({ level: 'warning' });
    expect(outcome.annotations[0]?.message).toMatch(/^The job summary could not be written: /);
  });

  it('sends requests through the runner proxy (http_proxy) and honours no_proxy', async () => {
    // A tunnelling proxy, as undici uses one: CONNECT host:port, then raw bytes both ways.
    const tunnels: string[] = [];
    const proxy: Server = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: IncomingMessage, client: Socket) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const viaProxy = await run({ username: 'jane' }, { env: { http_proxy: proxyUrl } });
      expect(viaProxy.exitCode).toBe(0);
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([new URL(standIn.url).host]));
      const tunnelled = tunnels.length;
      const direct = await run({ username: 'ann' }, { env: { http_proxy: proxyUrl, no_proxy: '127.0.0.1' } });
      expect(direct.exitCode).toBe(0);
      expect(tunnels).toHaveLength(tunnelled);
      expect(standIn.requestsTo('DELETE')).toHaveLength(2);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('retries a request the proxy refused to tunnel, as any network failure', async () => {
    const refused: string[] = [];
    const proxy: Server = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: IncomingMessage, client: Socket) => {
      refused.push(req.url ?? '');
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const outcome = await run({ username: 'jane', retries: '1' }, { env: { http_proxy: proxyUrl } });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stdout).toMatch(/GET \/v1\/organizations\/acme\/members: network error \S+; retry 1\/1 in /);
      expect(outcome.stdout).toMatch(/GET \/v1\/user: network error \S+; retry 1\/1 in /);
      // Every attempt asked the proxy for the API's host; none reached it.
      expect(new Set(refused)).toEqual(new Set([new URL(standIn.url).host]));
      expect(standIn.requests).toEqual([]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
