import { describe, expect, it } from 'vitest';
import { isInviteNotFound, isPlanWithoutInvites } from '../../src/api/invites.ts';
import type { ApiFailure } from '../../src/api/transport.ts';

const http = (status: number, message: string, code?: string, fromApi = true): ApiFailure => ({
  kind: 'http',
  status,
  message,
  fromApi,
  request: 'GET /v2/organizations/acme/invites',
  apiUrl: 'https://api.turso.tech/',
  ...(code === undefined ? {} : { code }),
});

describe('isPlanWithoutInvites', () => {
  it('reads a 403, or a client error whose code names the plan, as "no invitations on this plan"', () => {
    expect(isPlanWithoutInvites(http(403, 'forbidden'))).toBe(true);
    expect(isPlanWithoutInvites(http(400, 'not allowed', 'feature_not_available_for_starter_plan'))).toBe(true);
    expect(isPlanWithoutInvites(http(402, 'payment required', 'plan_required'))).toBe(true);
  });

  it('does not excuse any other failure', () => {
    expect(isPlanWithoutInvites(http(500, 'plan service down'))).toBe(false);
    expect(isPlanWithoutInvites(http(400, 'bad request'))).toBe(false);
    expect(isPlanWithoutInvites({ kind: 'timeout', timeoutMs: 1_000 })).toBe(false);
  });
});

describe('isInviteNotFound', () => {
  it('takes only the API\'s own "invite not found"', () => {
    expect(isInviteNotFound(http(404, 'invite not found'))).toBe(true);
    expect(isInviteNotFound(http(404, 'organization not found'))).toBe(false);
    expect(isInviteNotFound(http(404, 'invite not found', undefined, false))).toBe(false);
  });
});
