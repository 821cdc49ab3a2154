import { describe, expect, it } from 'vitest';
import { latestApprovals } from '../../src/github/approvals.ts';

describe('latestApprovals', () => {
  it("takes each reviewer's latest verdict; a comment or a pending review leaves it standing", () => {
    expect(
      latestApprovals([
        { user: { login: 'a' }, state: 'APPROVED', submitted_at: '1' },
        { user: { login: 'a' }, state: 'COMMENTED', submitted_at: '2' },
        { user: { login: 'b' }, state: 'APPROVED', submitted_at: '1' },
        { user: { login: 'B' }, state: 'DISMISSED', submitted_at: '2' },
        { user: { login: 'c' }, state: 'CHANGES_REQUESTED', submitted_at: '1' },
        { user: { login: 'c' }, state: 'APPROVED', submitted_at: '3' },
        { user: null, state: 'APPROVED', submitted_at: '1' },
        { user: { login: 'd' }, state: 'PENDING' },
      ]),
    ).toEqual([
      { login: 'a', submittedAt: '1' },
      { login: 'c', submittedAt: '3' },
    ]);
  });
});
