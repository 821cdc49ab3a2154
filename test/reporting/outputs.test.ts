import { describe, expect, it } from 'vitest';
import { overallResult, planJson, resultsJson } from '../../src/reporting/outputs.ts';
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
  it('lists usernames per part of the plan, the invitations and the tokens', () => {
    const plan = {
      remove: [{ username: 'bob', role: 'admin', email: 'bob@x.test' }],
      keep: [
        { username: 'ann', role: 'member' },
        { username: 'cy', role: 'admin', email: 'cy@x.test' },
      ],
      demote: [{ username: 'cy', email: 'cy@x.test', from: 'admin', to: 'viewer' as const }],
      belowRole: [{ username: 'ann', from: 'member', to: 'admin' as const }],
      ownersAboveRole: [{ username: 'root', from: 'owner', to: 'admin' as const }],
      tokenUserNotLowered: [{ username: 'bot', from: 'admin', to: 'member' as const }],
      invitesAboveRole: [{ email: 'new@x.test', role: 'admin', allowed: 'viewer' as const }],
      tokenUserKept: [{ username: 'bot', role: 'admin' }],
      ownersKept: [{ username: 'root', role: 'owner' }],
      unknownRoleKept: [{ username: 'odd', role: '(none)' }],
      notMembers: ['typo'],
      teamNotMembers: ['gh-only'],
      revokeInvites: ['eve@x.test'],
      invitesKept: [{ email: 'new@x.test', invitedDaysAgo: 2 }],
      revokeTokens: [{ id: 't1', name: 'ci', owner: 'bob' }],
      tokensOwnerUnknown: [{ id: 't2', name: 'old' }],
      keepUnresolved: ['who@x.test'],
      keepRefused: [],
      tokenUserUnknown: false,
    };
    expect(JSON.parse(planJson(plan))).toEqual({
      remove: ['bob'],
      keep: ['ann', 'cy'],
      demote: [{ username: 'cy', email: 'cy@x.test', from: 'admin', to: 'viewer' }],
      belowRole: [{ username: 'ann', from: 'member', to: 'admin' }],
      ownersAboveRole: [{ username: 'root', from: 'owner', to: 'admin' }],
      tokenUserNotLowered: [{ username: 'bot', from: 'admin', to: 'member' }],
      invitesAboveRole: [{ email: 'new@x.test', role: 'admin', allowed: 'viewer' }],
      tokenUserKept: ['bot'],
      ownersKept: ['root'],
      unknownRoleKept: ['odd'],
      notMembers: ['typo'],
      teamNotMembers: ['gh-only'],
      revokeInvites: ['eve@x.test'],
      invitesKept: [{ email: 'new@x.test', invitedDaysAgo: 2 }],
      revokeTokens: [{ id: 't1', name: 'ci', owner: 'bob' }],
      tokensOwnerUnknown: [{ id: 't2', name: 'old' }],
      keepUnresolved: ['who@x.test'],
    });
  });
});
