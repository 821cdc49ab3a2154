/**
 * The bundled action, run as the runner runs it, against Turso's official OpenAPI description
 * served by Prism with request validation on: every request the action sends must be one the
 * spec allows, and the documented answers must be read as the README says.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

function results(outcome: ActionRun): Record<string, unknown>[] {
  return JSON.parse(outcome.outputs.results ?? '[]') as Record<string, unknown>[];
}

/** Prism logs a violation for any request or answer that breaks the spec. */
function expectNoViolations(): void {
  expect(prism.log).toContain('The request passed the validation rules');
  expect(prism.log).not.toMatch(/did not pass the validation rules|Request terminated with error/);
}

describe('against the official OpenAPI spec (Prism, request validation on)', () => {
  it('removes a member: Remove Member, read as the spec documents it', async () => {
    const outcome = await run({ username: 'iku' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([{ username: 'iku', result: 'removed', member: 'iku', attempts: 1 }]);
    expect(prism.requests).toEqual(['DELETE /v1/organizations/mycompany/members/iku']);
    expectNoViolations();
  });

  it('checks a member in a dry run: Retrieve Member, with the documented role', async () => {
    const outcome = await run({ username: 'iku', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([{ username: 'iku', result: 'would-remove', role: 'owner', attempts: 1 }]);
    expect(prism.requests).toEqual(['GET /v1/organizations/mycompany/members/iku']);
    expectNoViolations();
  });

  it('audits: List Members, never removing the documented owner', async () => {
    const outcome = await run({ keep: 'someone-else' });
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.outputs.plan ?? '')).toMatchObject({ remove: [], ownersKept: ['iku'] });
    expect(prism.requests).toEqual(['GET /v1/organizations/mycompany/members']);
    expectNoViolations();
  });

  it("reads Remove Member's documented 404 as not-member, with the API's message", async () => {
    prism.preferCode = 404;
    const outcome = await run({ username: 'iku', 'if-not-member': 'warn' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'iku',
        result: 'not-member',
        error: 'user [username] is not a member of org [organizationSlug]',
        attempts: 1,
      },
    ]);
  });

  it("reads Retrieve Member's documented 404 as not-member in a dry run", async () => {
    prism.preferCode = 404;
    const outcome = await run({ username: 'iku', 'dry-run': 'true', 'if-not-member': 'warn' });
    expect(results(outcome)).toEqual([
      { username: 'iku', result: 'not-member', error: 'could not find member', attempts: 1 },
    ]);
  });
});
