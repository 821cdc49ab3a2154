import { describe, expect, it } from 'vitest';
import { latestApprovals } from '../../src/github/approvals.ts';

describe('latestApprovals', () => {
  it('counts no approval when the merged commit is unknown', () => {
    expect(latestApprovals([{ user: { login: 'a' }, state: 'APPROVED', commit_id: '' }], '')).toEqual([]);
  });

  it("takes each reviewer's latest verdict; a comment or a pending review leaves it standing; an approval of an earlier commit is stale", () => {
    expect(
      latestApprovals(
        [
          { user: { login: 'a' }, state: 'APPROVED', submitted_at: '1', commit_id: 'h' },
          { user: { login: 'a' }, state: 'COMMENTED', submitted_at: '2' },
          { user: { login: 'b' }, state: 'APPROVED', submitted_at: '1', commit_id: 'h' },
          { user: { login: 'B' }, state: 'DISMISSED', submitted_at: '2' },
          { user: { login: 'c' }, state: 'CHANGES_REQUESTED', submitted_at: '1' },
          { user: { login: 'c' }, state: 'APPROVED', submitted_at: '3', commit_id: 'h' },
          { user: null, state: 'APPROVED', submitted_at: '1', commit_id: 'h' },
          { user: { login: 'd' }, state: 'PENDING' },
          { user: { login: 'e' }, state: 'APPROVED', submitted_at: '1', commit_id: 'earlier' },
        ],
        'h',
      ),
    ).toEqual([
      { login: 'a', submittedAt: '1' },
      { login: 'c', submittedAt: '3' },
    ]);
  });
});
