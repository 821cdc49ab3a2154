import { describe, expect, it } from 'vitest';
import { PLAN_OUTPUT_FIELDS } from '../../src/model/plan-output.ts';
import { overallResult, planJson, resultsJson } from '../../src/reporting/outputs.ts';
import { EVERY_KIND_OF_ROW } from '../support/plan-rows.ts';
import { personResult } from '../support/person-result.ts';

const person = personResult;
const removed = person('a', {
  member: 'a',
  attempts: 1,
  auditLog: { created_at: '2026-12-01T10:00:00Z', author: 'bot' },
});
const wouldRemove = person('b', {
  result: 'would-remove',
  membership: 'would-remove',
  role: 'admin',
  verified: 'not-checked',
});
const notMember = person('c', { result: 'not-member', membership: 'not-member', error: 'nope', attempts: 1 });
const failed = person('d', {
  result: 'failed',
  membership: 'failed',
  email: 'd@x.test',
  invite: 'failed',
  tokens: [{ id: 't1', name: 'ci', result: 'failed' }],
  error: 'HTTP 403',
  attempts: 1,
  warning: 'x',
  verified: 'still-listed',
});

describe('overallResult', () => {
  it('is the first of failed > not-member > would-remove > removed that occurs', () => {
    expect(overallResult([removed], undefined)).toBe('removed');
    expect(overallResult([removed, wouldRemove], undefined)).toBe('would-remove');
    expect(overallResult([wouldRemove, notMember, removed], undefined)).toBe('not-member');
    expect(overallResult([removed, notMember, failed], undefined)).toBe('failed');
  });

  it('is failed when the run stopped before processing anyone, and empty when there was no one', () => {
    expect(overallResult([], 'could not list')).toBe('failed');
    expect(overallResult([], undefined)).toBe('');
  });
});

describe('resultsJson', () => {
  it('keeps input order and only the documented fields that are known', () => {
    expect(JSON.parse(resultsJson([failed, removed, wouldRemove]))).toEqual([
      {
        username: 'd',
        result: 'failed',
        email: 'd@x.test',
        invite: 'failed',
        tokens: [{ id: 't1', name: 'ci', result: 'failed' }],
        verified: 'still-listed',
        error: 'HTTP 403',
        attempts: 1,
      },
      {
        username: 'a',
        result: 'removed',
        member: 'a',
        invite: 'none',
        tokens: [],
        verified: 'gone',
        audit_log: { created_at: '2026-12-01T10:00:00Z', author: 'bot' },
        attempts: 1,
      },
      { username: 'b', result: 'would-remove', role: 'admin', invite: 'none', tokens: [], verified: 'not-checked' },
    ]);
  });
});

describe('planJson', () => {
  it('lists usernames per part of the plan, the invitations and the tokens, in the fields it documents', () => {
    const json: unknown = JSON.parse(planJson(EVERY_KIND_OF_ROW));
    expect(json).toEqual({
      remove: ['bob'],
      keep: ['ann', 'cy', 'dee', 'root', 'bot'],
      demote: [{ username: 'cy', email: 'cy@x.test', from: 'admin', to: 'viewer' }],
      belowRole: [{ username: 'ann', from: 'member', to: 'admin' }],
      ownersAboveRole: [{ username: 'root', from: 'owner', to: 'admin' }],
      tokenUserNotLowered: [{ username: 'bot', from: 'admin', to: 'member' }],
      invitesAboveRole: [{ email: 'new@x.test', role: 'admin', allowed: 'viewer' }],
      tokenUserKept: ['bot2'],
      ownersKept: ['root2'],
      unknownRoleKept: ['odd'],
      notMembers: ['typo'],
      teamNotMembers: ['gh-only'],
      revokeInvites: ['eve@x.test'],
      invitesKept: [{ email: 'fresh@x.test', invitedDaysAgo: 2 }, { email: 'undated@x.test' }],
      revokeTokens: [{ id: 't1', name: 'ci', owner: 'bob' }],
      tokensOwnerUnknown: [{ id: 't2', name: 'old' }],
      keepUnresolved: ['who@x.test'],
    });
    expect(Object.keys(json as object)).toEqual(Object.keys(PLAN_OUTPUT_FIELDS));
  });
});
