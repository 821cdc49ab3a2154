import { describe, expect, it } from 'vitest';
import type { MemberResult } from '../../src/operations/removal.ts';
import { overallResult, planJson, resultsJson } from '../../src/reporting/outputs.ts';

const removed: MemberResult = { username: 'a', result: 'removed', member: 'a', attempts: 1 };
const wouldRemove: MemberResult = { username: 'b', result: 'would-remove', role: 'admin' };
const notMember: MemberResult = { username: 'c', result: 'not-member', error: 'nope', attempts: 1 };
const failed: MemberResult = { username: 'd', result: 'failed', error: 'HTTP 403', attempts: 1, warning: 'x' };

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
      { username: 'd', result: 'failed', error: 'HTTP 403', attempts: 1 },
      { username: 'a', result: 'removed', member: 'a', attempts: 1 },
      { username: 'b', result: 'would-remove', role: 'admin' },
    ]);
  });
});

describe('planJson', () => {
  it('lists usernames per part of the plan', () => {
    const plan = {
      remove: [{ username: 'bob', role: 'admin' }],
      keep: [{ username: 'ann', role: 'member' }],
      ownersKept: [{ username: 'root', role: 'owner' }],
      unknownRoleKept: [{ username: 'odd', role: '(none)' }],
      notMembers: ['typo'],
    };
    expect(JSON.parse(planJson(plan))).toEqual({
      remove: ['bob'],
      keep: ['ann'],
      ownersKept: ['root'],
      unknownRoleKept: ['odd'],
      notMembers: ['typo'],
    });
  });
});
