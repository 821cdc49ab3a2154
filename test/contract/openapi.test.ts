/**
 * The bundled action, run as the runner runs it, against Turso's official OpenAPI description
 * served by Prism with request validation on: every request the action sends must be one the
 * spec allows, and the documented answers must be read as the README says.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plan, results } from '../support/action-results.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { runAction, type ActionRun } from '../support/run-action.ts';
import { PrismMock } from '../support/prism.ts';
import type { JobName } from '../../src/model/settings.ts';

const TOKEN = 'contract-token-0123456789';
const prism = new PrismMock();

beforeAll(() => prism.start(), 90_000);
afterAll(() => prism.stop());
beforeEach(() => {
  prism.preferCode = undefined;
  prism.listedMembers = undefined;
  prism.requests.length = 0;
});

function run(inputs: Record<string, string>, action: JobName = 'remove'): Promise<ActionRun> {
  return runAction({ action, inputs: { org: 'mycompany', token: TOKEN, 'api-url': prism.url, ...inputs } });
}

/** Prism logs a violation for any request or answer that breaks the spec. */
function expectNoViolations(): void {
  expect(prism.log).toContain('The request passed the validation rules');
  expect(prism.log).not.toMatch(/did not pass the validation rules|Request terminated with error/);
}

describe('against the official OpenAPI spec (Prism, request validation on)', () => {
  const LOOK_UPS = [
    'GET /v1/organizations/mycompany/api-tokens',
    'GET /v1/organizations/mycompany/members',
    'GET /v1/user',
    'GET /v2/organizations/mycompany/invites',
  ];
  const SECOND_READ = [
    'GET /v1/organizations/mycompany/api-tokens',
    'GET /v1/organizations/mycompany/audit-logs?page=1&page_size=100',
    'GET /v1/organizations/mycompany/members',
    'GET /v2/organizations/mycompany/invites',
  ];

  it("never removes the spec's own current user (iku), named by email: the look-ups only", async () => {
    const outcome = await run({ username: 'iku@turso.tech' });
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome)).toMatchObject([
      {
        username: 'iku',
        result: 'failed',
        email: 'iku@turso.tech',
        role: 'owner',
        error: 'not removed: this is the user whose token runs the action',
        verified: 'not-checked',
      },
    ]);
    expect(prism.requests.toSorted()).toEqual(LOOK_UPS);
    expectNoViolations();
  });

  it('removes, revokes and rotates, then reads again; the mock never changes, so it reports still-listed', async () => {
    const outcome = await run({ username: 'alice', 'rotate-group-tokens': 'default' });
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome)[0]).toMatchObject({
      result: 'failed',
      member: 'iku',
      // Its own answer confirmed the revocation, but the second read still lists the token.
      tokens: [{ id: 'clGFZ4STEe6fljpFzIum8A', name: 'ci-bot', result: 'failed' }],
      verified: 'still-listed',
    });
    expect(outcome.outputs['revoked-tokens-count']).toBe('0');
    expect(results(outcome)[0]?.error).toContain('still listed after the run: token ci-bot (clGFZ4STEe6fljpFzIum8A)');
    expect(outcome.outputs['rotated-groups']).toBe('default');
    expect(prism.requests.toSorted()).toEqual(
      [
        ...LOOK_UPS,
        'DELETE /v1/organizations/mycompany/members/alice',
        'DELETE /v1/organizations/mycompany/api-tokens/clGFZ4STEe6fljpFzIum8A',
        ...SECOND_READ,
        'POST /v1/organizations/mycompany/groups/default/auth/rotate',
      ].toSorted(),
    );
    expect(outcome.evidence).toMatchObject({ tokenUser: { username: 'iku' }, totals: { stillListed: 1 } });
    expectNoViolations();
  });

  it('checks a person in a dry run: Retrieve Member and the look-ups only', async () => {
    const outcome = await run({ username: 'alice', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([
      { username: 'alice', result: 'would-remove', role: 'owner', verified: 'not-checked', attempts: 1 },
    ]);
    expect(prism.requests.toSorted()).toEqual(
      [...LOOK_UPS, 'GET /v1/organizations/mycompany/members/alice'].toSorted(),
    );
    expectNoViolations();
  });

  it("audits: the look-ups, keeping the spec's current user (iku), with a warning", async () => {
    const outcome = await run({ keep: 'someone-else', 'dry-run': 'true', 'max-removals': '10' }, 'audit');
    expect(outcome.exitCode).toBe(0);
    expect(plan(outcome)).toMatchObject({ remove: [], tokenUserKept: ['iku'] });
    expect(prism.requests.toSorted()).toEqual(LOOK_UPS);
    expectNoViolations();
  });

  it('reviews access (report): the look-ups, the organization and the audit log, each a read the spec allows', async () => {
    const outcome = await run({ keep: 'iku' }, 'report');
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(outcome.outputs['findings-count']).toMatch(/^\d+$/);
    expect(prism.requests.toSorted()).toEqual(
      [
        ...LOOK_UPS,
        'GET /v1/organizations/mycompany',
        'GET /v1/organizations/mycompany/audit-logs?page=1&page_size=100',
      ].toSorted(),
    );
    expectNoViolations();
  });

  // Only an owner is above admin, and an owner is never changed: member and viewer are every role the action can send.
  it.each(['member', 'viewer'])(
    'sends Update Member Role with the role %s as the spec allows, then reads the members again',
    async (role) => {
      prism.listedMembers = [{ username: 'ada', role: 'admin', email: 'ada@mycompany.test' }];
      const outcome = await run({ username: 'ada', role }, 'demote');
      // The mock answers the spec's example, a member at admin: that confirms nothing. Its members
      // never change: the second read still lists ada as admin.
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([{ username: 'ada', result: 'failed', verified: 'not-at-role' }]);
      expect(results(outcome)[0]?.error).toMatch(
        new RegExp(
          `^role change to ${role} not confirmed: the API answered HTTP 200 without Update Member Role's .*"role":"admin".*; still admin after the run \\(planned: ${role}\\)$`,
        ),
      );
      expect(prism.requests.toSorted()).toEqual(
        [
          'GET /v1/user',
          'GET /v1/organizations/mycompany/members',
          'PATCH /v1/organizations/mycompany/members/ada',
          'GET /v1/organizations/mycompany/members',
        ].toSorted(),
      );
      expectNoViolations();
    },
  );

  it('audits a roster with roles: Update Member Role as the spec allows', async () => {
    prism.listedMembers = [
      { username: 'iku', role: 'owner', email: 'iku@turso.tech' },
      { username: 'ada', role: 'admin', email: 'ada@mycompany.test' },
      { username: 'ben', role: 'member', email: 'ben@mycompany.test' },
    ];
    const outcome = await run({ keep: 'iku, ada member, ben viewer', ...MEMBERSHIP_ONLY }, 'audit');
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      ['ada', 'failed'],
      ['ben', 'failed'],
    ]);
    // Each member is read again (Retrieve Member) just before the change.
    expect(prism.requests.filter((r) => /^(PATCH|GET) .*\/members\/./.test(r)).toSorted()).toEqual([
      'GET /v1/organizations/mycompany/members/ada',
      'GET /v1/organizations/mycompany/members/ben',
      'PATCH /v1/organizations/mycompany/members/ada',
      'PATCH /v1/organizations/mycompany/members/ben',
    ]);
    expectNoViolations();
  });

  it('audits: Retrieve Member just before each removal, as the spec allows, then Remove Member', async () => {
    prism.listedMembers = [
      { username: 'iku', role: 'owner', email: 'iku@turso.tech' },
      { username: 'cy', role: 'member', email: 'cy@mycompany.test' },
      { username: 'di', role: 'member', email: 'di@mycompany.test' },
    ];
    const outcome = await run({ keep: 'iku, di', ...MEMBERSHIP_ONLY }, 'audit');
    // The mock's members never change: the second read still lists cy, so its answer counts for nothing.
    expect(results(outcome)).toMatchObject([
      { username: 'cy', result: 'failed', role: 'member', verified: 'still-listed' },
    ]);
    expect(results(outcome)[0]).not.toHaveProperty('member');
    expect(outcome.outputs['removed-count']).toBe('0');
    expect(prism.requests.filter((r) => /\/members\/./.test(r))).toEqual([
      'GET /v1/organizations/mycompany/members/cy',
      'DELETE /v1/organizations/mycompany/members/cy',
    ]);
    expectNoViolations();
  });

  it("reads Remove Member's documented 404 as not-member, with the API's message", async () => {
    prism.preferCode = 404;
    // The members read (as nobody), so that the request is sent: without them and without Get
    // Current User, anyone may be an admin whose token runs the action, and nothing is sent.
    prism.listedMembers = [];
    const outcome = await run({ username: 'iku', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'not-member',
        invite: 'skipped',
        tokens: [],
        verified: 'not-checked',
        error: 'user [username] is not a member of org [organizationSlug]',
        attempts: 1,
      },
    ]);
  });

  it("reads Retrieve Member's documented 404 as not-member in a dry run", async () => {
    prism.preferCode = 404;
    // The members read (as nobody), so that the request is sent: without them and without Get
    // Current User, anyone may be an admin whose token runs the action, and nothing is sent.
    prism.listedMembers = [];
    const outcome = await run({ username: 'iku', 'dry-run': 'true', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
    expect(results(outcome)).toEqual([
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
  });
});
