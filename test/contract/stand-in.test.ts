/**
 * The local stand-in answers as Turso's official OpenAPI spec says: each answer it gives is
 * checked against the spec's schema for that operation and status, so the stand-in cannot
 * drift from the real API unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { specViolations } from '../support/spec-schema.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { SAMPLE_MEMBERS } from '../stand-in/server.ts';

const TOKEN = 'spec-check-token';
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [...SAMPLE_MEMBERS] },
  invites: { acme: ['zoe@acme.test'] },
  tokens: {
    acme: [
      { id: 'tok-1', name: 'ci', owner: { username: 'bob', email: 'bob@acme.test' }, created_at: '2026-05-21' },
      { id: 'tok-2', name: 'unowned', created_at: '2026-05-21' },
      {
        id: 'tok-3',
        name: 'deploy',
        owner: { username: 'carol', email: 'carol@acme.test' },
        group: 'default',
        scopes: ['db:create', 'db:mint-token'],
        created_at: '2026-05-21',
      },
    ],
  },
  groups: { acme: ['default'] },
});

async function answer(method: string, path: string, json?: object): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(json && { 'content-type': 'application/json' }) },
    ...(json && { body: JSON.stringify(json) }),
  });
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
    ['GET', '/v2/organizations/{organizationSlug}/invites', '/v2/organizations/acme/invites', 200],
    [
      'DELETE',
      '/v2/organizations/{organizationSlug}/invites/{email}',
      '/v2/organizations/acme/invites/zoe%40acme.test',
      200,
    ],
    [
      'DELETE',
      '/v2/organizations/{organizationSlug}/invites/{email}',
      '/v2/organizations/acme/invites/x%40acme.test',
      404,
    ],
    ['GET', '/v1/organizations/{organizationSlug}/api-tokens', '/v1/organizations/acme/api-tokens', 200],
    [
      'DELETE',
      '/v1/organizations/{organizationSlug}/api-tokens/{tokenId}',
      '/v1/organizations/acme/api-tokens/tok-1',
      200,
    ],
    [
      'POST',
      '/v1/organizations/{organizationSlug}/groups/{groupName}/auth/rotate',
      '/v1/organizations/acme/groups/default/auth/rotate',
      200,
    ],
    [
      'POST',
      '/v1/organizations/{organizationSlug}/groups/{groupName}/auth/rotate',
      '/v1/organizations/acme/groups/nope/auth/rotate',
      404,
    ],
    ['GET', '/v1/user', '/v1/user', 200],
    ['GET', '/v1/organizations/{organizationSlug}', '/v1/organizations/acme', 200],
    ['GET', '/v1/organizations/{organizationSlug}', '/v1/organizations/nope', 404],
  ])('%s %s answers %i as the spec describes', async (method, specPath, path, status) => {
    const got = await answer(method, path);
    expect(got.status).toBe(status);
    expect(specViolations(specPath, method, status, got.body)).toBeUndefined();
  });

  it.each([
    ['bob', { role: 'viewer' }, 200],
    ['bob', { role: 'owner' }, 400],
    ['zoe', { role: 'member' }, 404],
  ])('PATCH (Update Member Role) of %s with %o answers %i as the spec describes', async (username, body, status) => {
    const got = await answer('PATCH', `/v1/organizations/acme/members/${username}`, body);
    expect(got.status).toBe(status);
    expect(
      specViolations('/v1/organizations/{organizationSlug}/members/{username}', 'PATCH', status, got.body),
    ).toBeUndefined();
    if (status === 200) expect(standIn.members('acme').find((m) => m.username === username)?.role).toBe(body.role);
  });

  it('answers List Audit Logs as the spec describes, with the entry a removal writes, page by page', async () => {
    await answer('DELETE', '/v1/organizations/acme/members/bob');
    await answer('DELETE', '/v1/organizations/acme/members/carol');
    const path = '/v1/organizations/{organizationSlug}/audit-logs';
    const first = await answer('GET', '/v1/organizations/acme/audit-logs?page=1&page_size=1');
    expect(first.status).toBe(200);
    expect(specViolations(path, 'GET', 200, first.body)).toBeUndefined();
    expect(first.body).toMatchObject({
      audit_logs: [{ code: 'org-member-rm', data: { username: 'carol' } }],
      pagination: { page: 1, page_size: 1, total_pages: 2, total_rows: 2 },
    });
    const second = await answer('GET', '/v1/organizations/acme/audit-logs?page=2&page_size=1');
    expect(second.body).toMatchObject({ audit_logs: [{ data: { username: 'bob' } }] });
  });

  it('answers List Audit Logs at the size of a big organization: 50,000 entries, 500 pages of 100', async () => {
    const entry = { code: 'db-create', message: '', origin: 'cli', author: 'bob', data: {} } as const;
    standIn.addAuditLogs(
      'acme',
      Array.from({ length: 50_000 }, (_, i) => ({
        ...entry,
        created_at: new Date(Date.UTC(2026, 10, 1) - i * 60_000).toISOString(),
      })),
    );
    const path = '/v1/organizations/{organizationSlug}/audit-logs';
    const last = await answer('GET', '/v1/organizations/acme/audit-logs?page=500&page_size=100');
    expect(specViolations(path, 'GET', 200, last.body)).toBeUndefined();
    expect(last.body).toMatchObject({
      pagination: { page: 500, page_size: 100, total_pages: 500, total_rows: 50_000 },
    });
    expect((last.body as { audit_logs: unknown[] }).audit_logs).toHaveLength(100);
  });

  it('would notice a field the spec does not have, or a wrong type', () => {
    const path = '/v1/organizations/{organizationSlug}/members/{username}';
    expect(specViolations(path, 'DELETE', 200, { member: 'bob', removed: true })).toContain('additional properties');
    expect(specViolations(path, 'GET', 200, { member: { username: 'bob', role: 'boss' } })).toContain('allowed values');
    const invite = '/v2/organizations/{organizationSlug}/invites/{email}';
    expect(specViolations(invite, 'DELETE', 200, { deleted: true })).toBe('the spec documents no body for this answer');
  });
});
