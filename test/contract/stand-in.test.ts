/**
 * The local stand-in answers as Turso's official OpenAPI spec says: each answer it gives is
 * checked against the spec's schema for that operation and status, so the stand-in cannot
 * drift from the real API unnoticed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { specViolations } from '../support/spec-schema.ts';
import { SAMPLE_MEMBERS, TursoStandIn } from '../stand-in/server.ts';

const TOKEN = 'spec-check-token';
let standIn: TursoStandIn;

beforeEach(async () => {
  standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: [...SAMPLE_MEMBERS] } });
  await standIn.start();
});
afterEach(() => standIn.stop());

async function answer(method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${standIn.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('the stand-in against the official spec', () => {
  it.each([
    ['GET', '/v1/organizations/{organizationSlug}/members', '/v1/organizations/acme/members', 200],
    ['GET', '/v1/organizations/{organizationSlug}/members/{username}', '/v1/organizations/acme/members/bob', 200],
    ['GET', '/v1/organizations/{organizationSlug}/members/{username}', '/v1/organizations/acme/members/zoe', 404],
    ['DELETE', '/v1/organizations/{organizationSlug}/members/{username}', '/v1/organizations/acme/members/bob', 200],
    ['DELETE', '/v1/organizations/{organizationSlug}/members/{username}', '/v1/organizations/acme/members/zoe', 404],
  ])('%s %s answers %i as the spec describes', async (method, specPath, path, status) => {
    const got = await answer(method, path);
    expect(got.status).toBe(status);
    expect(specViolations(specPath, method, status, got.body)).toBeUndefined();
  });

  it('would notice a field the spec does not have, or a wrong type', () => {
    const path = '/v1/organizations/{organizationSlug}/members/{username}';
    expect(specViolations(path, 'DELETE', 200, { member: 'bob', removed: true })).toContain('additional properties');
    expect(specViolations(path, 'GET', 200, { member: { username: 'bob', role: 'boss' } })).toContain('allowed values');
  });
});
