import { describe, expect, it } from 'vitest';
import { approvalRefusal, independentApprovers, type ApprovalRecord } from '../../src/model/approval.ts';

const PULL = {
  number: 7,
  url: 'https://github.example/acme/platform/pull/7',
  author: 'Writer',
  mergedAt: '2026-12-06T09:00:00Z',
  approvals: [],
};
const record = (fields: Partial<ApprovalRecord>): ApprovalRecord => ({
  policy: 'require',
  unavailable: [],
  stepStartedAt: '2026-12-06T10:00:00.000Z',
  actor: 'starter',
  pullRequest: PULL,
  environmentApprovals: [],
  ...fields,
});
const approved = (...logins: string[]) => logins.map((login) => ({ login, submittedAt: '2026-12-06T08:00:00Z' }));

describe('independentApprovers', () => {
  it('counts neither the actor nor the author, in any case', () => {
    const found = record({
      pullRequest: { ...PULL, approvals: approved('STARTER', 'writer', 'reviewer') },
      environmentApprovals: [{ login: 'Reviewer', state: 'approved', environments: ['prod'], comment: '' }],
    });
    expect(independentApprovers(found)).toEqual(['reviewer', 'Reviewer']);
  });

  it('counts a rejected environment review as no approval', () => {
    const found = record({
      environmentApprovals: [{ login: 'ops', state: 'rejected', environments: [], comment: '' }],
    });
    expect(independentApprovers(found)).toEqual([]);
    expect(approvalRefusal(found)).toMatch(/^approval: require found no approval/);
  });

  it('counts nobody when the actor is unknown: no one can be told apart from them', () => {
    const found = record({ actor: undefined, pullRequest: { ...PULL, approvals: approved('x') } });
    expect(independentApprovers(found)).toEqual([]);
    expect(approvalRefusal(found)).toContain('started by an unknown actor (GITHUB_ACTOR is not set)');
  });

  it('refuses only under require', () => {
    expect(approvalRefusal(record({ policy: 'record' }))).toBeUndefined();
  });
});
