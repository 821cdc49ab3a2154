/**
 * When the drift issue is left alone: the organization could not be read, or the run was
 * cancelled before or while the issue was written. The roster audit in this process, against the
 * Turso and GitHub stand-ins, with the action's own GitHub client (test/action/audit-cancel.test.ts
 * sends the signals to the bundle).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { organizationApi } from '../../src/api/organization.ts';
import { createGitHub } from '../../src/github/index.ts';
import { cancelledAfter } from '../../src/model/outcome.ts';
import type { AuditJob, RunSettings } from '../../src/model/settings.ts';
import type { RunProgress } from '../../src/model/run-record.ts';
import { auditWithGitHub } from '../../src/jobs/audit-github.ts';
import { transportTo } from '../support/api-transport.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO, tokenOf } from '../support/audit-fixtures.ts';
import { recordingLog } from '../support/recording-log.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'roster-drift-token-0123';
const MODE: AuditJob = {
  kind: 'audit',
  keep: ['stays'],
  roster: [{ name: 'stays' }],
  githubTeams: [],
  driftIssue: { repository: REPO },
  maxRemovals: { count: 10 },
  inviteGraceDays: 7,
  prComment: false,
};
const SETTINGS: RunSettings = {
  policy: { kind: 'apply', reason: 'a schedule run on the merged roster' },
  ifNotMember: 'error',
  revokeInvites: false,
  revokeApiTokens: true,
  auditLog: true,
};

const turso = useStandIn({
  token: TOKEN,
  orgs: { acme: [...OWNER_AND_STAYER, GONE] },
  tokens: { acme: [tokenOf('t1', 'left')] },
});
const github = useGitHubStandIn(GITHUB_TOKEN);

// The action's GitHub client finds the stand-in as it would GitHub Enterprise Server.
beforeEach(() => {
  vi.stubEnv('GITHUB_API_URL', github.url);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function audit(cancellation: AbortController, onResult: () => void = () => undefined) {
  const progress: RunProgress = { planned: () => undefined, finished: onResult };
  const log = recordingLog();
  const api = organizationApi(transportTo(turso, TOKEN, { signal: cancellation.signal, concurrency: 1 }), 'acme');
  const client = createGitHub(GITHUB_TOKEN, log, (text) => text, cancellation.signal, 30_000);
  const outcome = await auditWithGitHub(
    MODE,
    SETTINGS,
    api,
    { client, run: {}, reference: undefined },
    log,
    progress,
    cancellation.signal,
  );
  return { outcome, log };
}

describe('auditWithGitHub and the drift issue', () => {
  it('leaves the issue as it is when the organization could not be read', async () => {
    turso.script({ route: 'members' }, { status: 403, body: '{"error":"no"}' });
    const { outcome, log } = await audit(new AbortController());
    expect(outcome.plan).toBeUndefined();
    expect(github.requests).toEqual([]);
    expect(log.lines).toContain(
      'warning The drift issue was left as it is: the organization could not be read, so the drift is unknown',
    );
  });

  it('leaves the issue as it is when the run is cancelled during the audit, and says what was done', async () => {
    const cancellation = new AbortController();
    // Cancelled as soon as the first person's result is known: the second is never sent.
    const { outcome, log } = await audit(cancellation, () => cancellation.abort());
    expect(github.requests).toEqual([]);
    expect(turso.requestsTo('DELETE')).toHaveLength(1);
    expect(log.lines).toContain('warning The drift issue was left as it is: the run was cancelled');
    expect(cancelledAfter({ ...outcome, rotations: [] }, 'audit')).toBe(
      'The run was cancelled after removing 1 of 2 (memberships, invitations and tokens the audit planned); nothing more was sent',
    );
  });

  it('starts no further GitHub request once cancelled while the issue is written, and does not call it a failure', async () => {
    const cancellation = new AbortController();
    const listing = github.hold(/\/issues$/);
    void listing.arrived.then(() => {
      cancellation.abort();
      listing.release();
    });
    const { outcome, log } = await audit(cancellation);
    expect(github.requests.map((r) => r.method)).toEqual(['GET']);
    expect(outcome.githubFailures).toBeUndefined();
    expect(log.lines).toContain(
      'warning The drift issue may be unfinished: the run was cancelled while it was written',
    );
  });
});
