import { describe, expect, it } from 'vitest';
import {
  approvalRefusal,
  candidateApprovers,
  independentApprovers,
  type ApprovalRecord,
} from '../../src/model/approval.ts';

const PULL = {
  number: 7,
  url: 'https://github.example/acme/platform/pull/7',
  author: 'Writer',
  mergedAt: '2026-12-06T09:00:00Z',
  head: 'b0b0b0',
  approvals: [],
  contributors: ['Coder', 'web-flow'],
};
const record = (fields: Partial<ApprovalRecord>): ApprovalRecord => ({
  policy: 'require',
  unavailable: [],
  stepStartedAt: '2026-12-06T10:00:00.000Z',
  actor: 'starter',
  triggeringActor: 'rerunner',
  environment: 'prod',
  pullRequest: PULL,
  environmentApprovals: [],
  permissions: [],
  ...fields,
});
const approved = (...logins: string[]) => logins.map((login) => ({ login, submittedAt: '2026-12-06T08:00:00Z' }));
const environmentApproval = (login: string, environments = ['prod'], bot = false) => ({
  login,
  bot,
  state: 'approved',
  environments,
  comment: '',
});
const writers = (...logins: string[]) => logins.map((login) => ({ login, permission: 'write' }));

describe('candidateApprovers', () => {
  it('counts neither the actors, nor the author, nor a committer, in any case, and each person once', () => {
    const found = record({
      pullRequest: { ...PULL, approvals: approved('STARTER', 'writer', 'coder', 'ReRunner', 'reviewer') },
      environmentApprovals: [environmentApproval('Reviewer'), environmentApproval('rerunner')],
    });
    expect(candidateApprovers(found)).toEqual(['reviewer']);
  });

  it("counts an approval of the named environment only, and no bot's", () => {
    const found = record({
      environmentApprovals: [
        environmentApproval('preview-ops', ['staging-preview']),
        environmentApproval('deploy-bot', ['prod'], true),
        environmentApproval('ops', ['staging-preview', 'PROD']),
      ],
    });
    expect(candidateApprovers(found)).toEqual(['ops']);
    expect(candidateApprovers(record({ ...found, environment: undefined }))).toEqual([]);
  });
});

describe('independentApprovers', () => {
  it('counts only who has write, maintain or admin permission on the repository', () => {
    const found = record({
      pullRequest: { ...PULL, approvals: approved('w', 'm', 'a', 'r', 't', 'unread', 'absent') },
      permissions: [
        { login: 'W', permission: 'write' },
        { login: 'm', permission: 'maintain' },
        { login: 'a', permission: 'admin' },
        { login: 'r', permission: 'read' },
        { login: 't', permission: 'triage' },
        { login: 'unread', permission: '' },
      ],
    });
    expect(independentApprovers(found)).toEqual(['w', 'm', 'a']);
  });

  it('counts a rejected environment review as no approval', () => {
    const found = record({
      environmentApprovals: [{ ...environmentApproval('ops'), state: 'rejected' }],
      permissions: writers('ops'),
    });
    expect(independentApprovers(found)).toEqual([]);
    expect(approvalRefusal(found)).toMatch(/^approval: require found no approval/);
  });

  it('counts nobody when the actor is unknown: no one can be told apart from them', () => {
    const found = record({
      actor: undefined,
      pullRequest: { ...PULL, approvals: approved('x') },
      permissions: writers('x'),
    });
    expect(independentApprovers(found)).toEqual([]);
    expect(approvalRefusal(found)).toContain('started by an unknown actor (GITHUB_ACTOR is not set)');
  });

  it('refuses only under require', () => {
    expect(approvalRefusal(record({ policy: 'record' }))).toBeUndefined();
  });
});
