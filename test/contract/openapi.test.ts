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

const TOKEN = 'contract-token-0123456789';
const prism = new PrismMock();

beforeAll(() => prism.start(), 90_000);
afterAll(() => prism.stop());
beforeEach(() => {
  prism.preferCode = undefined;
  prism.requests.length = 0;
});

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({ inputs: { org: 'mycompany', token: TOKEN, 'api-url': prism.url, ...inputs } });
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
    'GET /v2/organizations/mycompany/invites',
  ];

  it('offboards a person by email: the three look-ups, Remove Member and Delete Invite', async () => {
    const outcome = await run({ username: 'iku@turso.tech' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'removed',
        email: 'iku@turso.tech',
        member: 'iku',
        role: 'owner',
        invite: 'revoked',
        tokens: [],
        attempts: 1,
      },
    ]);
    expect(prism.requests.toSorted()).toEqual(
      [
        ...LOOK_UPS,
        'DELETE /v1/organizations/mycompany/members/iku',
        'DELETE /v2/organizations/mycompany/invites/iku%40turso.tech',
      ].toSorted(),
    );
    expectNoViolations();
  });

  it('revokes the organization API tokens a person minted, and rotates group tokens', async () => {
    const outcome = await run({ username: 'alice', 'rotate-group-tokens': 'default' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)[0]).toMatchObject({
      result: 'removed',
      tokens: [{ id: 'clGFZ4STEe6fljpFzIum8A', name: 'ci-bot', result: 'revoked' }],
    });
    expect(outcome.outputs['rotated-groups']).toBe('default');
    expect(prism.requests).toContain('DELETE /v1/organizations/mycompany/api-tokens/clGFZ4STEe6fljpFzIum8A');
    expect(prism.requests).toContain('POST /v1/organizations/mycompany/groups/default/auth/rotate');
    expectNoViolations();
  });

  it('checks a person in a dry run: Retrieve Member and the look-ups only', async () => {
    const outcome = await run({ username: 'iku', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'would-remove',
        email: 'iku@turso.tech',
        role: 'owner',
        invite: 'would-revoke',
        tokens: [],
        attempts: 1,
      },
    ]);
    expect(prism.requests.toSorted()).toEqual([...LOOK_UPS, 'GET /v1/organizations/mycompany/members/iku'].toSorted());
    expectNoViolations();
  });

  it('audits: the look-ups, never removing the documented owner', async () => {
    const outcome = await run({ keep: 'someone-else', 'dry-run': 'true', 'max-removals': '10' });
    expect(outcome.exitCode).toBe(0);
    expect(plan(outcome)).toMatchObject({ remove: [], ownersKept: ['iku'] });
    expect(prism.requests.toSorted()).toEqual(LOOK_UPS);
    expectNoViolations();
  });

  // The documented 404s are asked of every request; these runs send only membership requests.
  it("reads Remove Member's documented 404 as not-member, with the API's message", async () => {
    prism.preferCode = 404;
    const outcome = await run({ username: 'iku', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'not-member',
        invite: 'skipped',
        tokens: [],
        error: 'user [username] is not a member of org [organizationSlug]',
        attempts: 1,
      },
    ]);
  });

  it("reads Retrieve Member's documented 404 as not-member in a dry run", async () => {
    prism.preferCode = 404;
    const outcome = await run({ username: 'iku', 'dry-run': 'true', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'not-member',
        invite: 'skipped',
        tokens: [],
        error: 'could not find member',
        attempts: 1,
      },
    ]);
  });
});
