/**
 * Every list and answer the action reads, answered in an odd shape (null, an array or a string
 * for an object, an object for a list, null items, fields of the wrong type): the run never ends
 * in "Unexpected error", nothing is deleted from a list that could not be read whole, and every
 * person still has a result in the outputs, the summary and the evidence record.
 */
import { describe, expect, it } from 'vitest';
import { errors, results, type ResultEntry } from '../support/action-results.ts';
import { ANN, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { bundleAndSource } from '../support/runners.ts';
import { standInInputs, type ActionRun, type ActionRunner } from '../support/run-action.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { RequestInfo } from '../stand-in/server.ts';

const TOKEN = 'turso-admin-token-odd-answers-0123';
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [JANE] },
  invites: { acme: ['jane@acme.test'] },
  tokens: {
    acme: [
      {
        id: 'tok-jane',
        name: 'jane-ci',
        owner: { username: 'jane', email: 'jane@acme.test' },
        created_at: '2026-05-01',
      },
    ],
  },
  groups: { acme: ['default'] },
});

/** Bodies that are not the object an answer should be. */
const NOT_AN_OBJECT = ['null', '[]', '"text"', '7'];
/** A list's key answered with something other than a list of objects. */
const oddLists = (key: string, ...oddItems: string[]) => [
  ...NOT_AN_OBJECT,
  `{"${key}": null}`,
  `{"${key}": {}}`,
  `{"${key}": "text"}`,
  `{"${key}": [null]}`,
  `{"${key}": ["text"]}`,
  ...oddItems.map((item) => `{"${key}": [${item}]}`),
];

const deleted = () => standIn.requestsTo('DELETE').map((r) => r.route);
const afterTheRemoval = (route: string) => (r: RequestInfo) =>
  r.route === route && r.method === 'GET' && standIn.requestsTo('DELETE').length > 0;

interface Case {
  /** The endpoint, as the README names it. */
  endpoint: string;
  /** Which requests get the odd answer. */
  match: Partial<RequestInfo> | ((r: RequestInfo) => boolean);
  bodies: string[];
  exitCode: number;
  /** What Jane's result must hold. */
  jane: Partial<ResultEntry>;
  /** The deletions the run may send, by route, in any order. */
  deletions: string[];
  /** Checks of their own. */
  also?: (outcome: ActionRun) => void;
}

const CASES: Case[] = [
  {
    endpoint: 'List Members, before any change',
    match: { route: 'members', method: 'GET' },
    bodies: oddLists(
      'members',
      '{"username": {"jane": 1}, "role": [], "email": 5}',
      // A lone surrogate cannot be URL-encoded: no request could name her.
      '{"username": "jane\\ud800", "role": "member", "email": "jane@acme.test"}',
    ),
    // The username is still sent as given; her invitation, keyed by the email only the list tells, is not.
    exitCode: 1,
    jane: {
      result: 'failed',
      invite: 'failed',
      error: expect.stringContaining('could not read the members') as unknown,
    },
    deletions: ['member', 'api-token'],
  },
  {
    endpoint: 'List Invites, before any change',
    match: { route: 'invites', method: 'GET' },
    bodies: oddLists(
      'invites',
      '{"email": ["jane@acme.test"], "created_at": {}}',
      '{"email": "jane@acme.test\\ud800", "created_at": "2026-11-01T09:00:00Z"}',
    ),
    exitCode: 1,
    jane: {
      result: 'failed',
      invite: 'failed',
      error: expect.stringContaining('could not read the invitations') as unknown,
    },
    deletions: ['member', 'api-token'],
  },
  {
    endpoint: 'List API Tokens, before any change',
    match: { route: 'api-tokens', method: 'GET' },
    bodies: oddLists(
      'tokens',
      '{"id": 42, "name": {}, "owner": "jane"}',
      '{"id": "tok-\\ud800", "name": "jane-cli", "owner": {"username": "jane"}}',
    ),
    exitCode: 1,
    jane: { result: 'failed', error: expect.stringContaining('could not read the organization API tokens') as unknown },
    deletions: ['member', 'invite'],
  },
  {
    endpoint: 'List Members, read again after the removal',
    match: afterTheRemoval('members'),
    bodies: oddLists('members', '{"username": {"jane": 1}}'),
    exitCode: 0,
    jane: { result: 'removed', verified: 'unverified' },
    deletions: ['member', 'invite', 'api-token'],
  },
  {
    endpoint: 'List Invites, read again after the removal',
    match: afterTheRemoval('invites'),
    bodies: oddLists('invites', '{"email": {}}'),
    exitCode: 0,
    jane: { result: 'removed', verified: 'unverified' },
    deletions: ['member', 'invite', 'api-token'],
  },
  {
    endpoint: 'List API Tokens, read again after the removal',
    match: afterTheRemoval('api-tokens'),
    bodies: oddLists('tokens', '{"id": [], "owner": 1}'),
    exitCode: 0,
    jane: { result: 'removed', verified: 'unverified' },
    deletions: ['member', 'invite', 'api-token'],
  },
  {
    endpoint: "Remove Member's returned member",
    match: { route: 'member', method: 'DELETE' },
    bodies: [...NOT_AN_OBJECT, '{"member": null}', '{"member": {"username": "jane"}}', '{"member": ["jane"]}'],
    exitCode: 0,
    // Not Remove Member's own answer, so no confirmation: the second read shows her gone.
    jane: { result: 'removed', verified: 'gone' },
    deletions: ['member', 'invite', 'api-token'],
    also: (outcome) => {
      expect(outcome.outputs.member).toBe('');
      expect(outcome.outputs['rotated-groups']).toBe('default');
      expect(outcome.evidence?.people).toEqual([
        expect.not.objectContaining({ error: expect.anything() as unknown }) as unknown,
      ]);
      expect(outcome.evidence?.people).toMatchObject([
        {
          actions: expect.arrayContaining([
            expect.objectContaining({ kind: 'membership', outcome: 'removed' }),
          ]) as unknown,
        },
      ]);
    },
  },
  {
    endpoint: 'Rotate Group Auth Tokens',
    match: { route: 'rotate' },
    bodies: [...NOT_AN_OBJECT, '{"group": {}}', '{}'],
    // Not its own empty answer, and no list shows a rotation: not known to be done.
    exitCode: 1,
    jane: { result: 'removed', verified: 'gone' },
    deletions: ['member', 'invite', 'api-token'],
    also: (outcome) => {
      expect(outcome.outputs['rotated-groups']).toBe('');
      expect(errors(outcome)).toContainEqual(
        expect.stringMatching(
          /^Group default: tokens not rotated: not confirmed: the API answered HTTP 200 without Rotate Group Auth Tokens' empty answer: /,
        ),
      );
    },
  },
  {
    endpoint: 'Get Current User',
    match: { route: 'user' },
    bodies: [
      ...NOT_AN_OBJECT,
      '{"user": null}',
      '{"user": "platform-bot"}',
      '{"user": {"username": ["x"], "email": {}}}',
    ],
    exitCode: 0,
    jane: { result: 'removed', verified: 'gone' },
    deletions: ['member', 'invite', 'api-token'],
    also: (outcome) => expect(outcome.evidence?.tokenUser).toBeNull(),
  },
  {
    endpoint: 'List Audit Logs',
    match: { route: 'audit-logs' },
    bodies: [
      ...oddLists('audit_logs', '{"code": "org-member-rm", "created_at": 17, "message": {}}'),
      '{"audit_logs": [{"code": "org-member-rm"}]}',
      '{"audit_logs": [{"code": ["org-member-rm"], "created_at": "2026-12-01T00:00:00Z"}]}',
      '{"audit_logs": [{"code": "org-member-rm", "created_at": "2026-12-01T00:00:00Z", "author": {}}]}',
      '{"audit_logs": [], "pagination": "one"}',
      '{"audit_logs": [], "pagination": {"total_pages": "1"}}',
    ],
    exitCode: 0,
    jane: { result: 'removed', verified: 'gone', audit_log: 'unavailable' },
    deletions: ['member', 'invite', 'api-token'],
    also: (outcome) => {
      const notices = outcome.annotations.filter((a) => a.level === 'notice').map((a) => a.message);
      expect(notices).toEqual([
        expect.stringMatching(/^The audit log could not be read .*: removals are not corroborated by it$/),
      ]);
    },
  },
];

bundleAndSource('odd answers end the run with every result recorded', (runWith: ActionRunner) => {
  for (const { endpoint, match, bodies, exitCode, jane, deletions, also } of CASES) {
    describe(endpoint, () => {
      it.each(bodies)('answered %s', async (body) => {
        standIn.script(match, { status: 200, body, afterEffect: true });
        const outcome = await runWith({
          inputs: standInInputs(standIn, TOKEN, { username: 'jane', 'rotate-group-tokens': 'default', retries: '0' }),
        });
        expect(errors(outcome).filter((e) => e.startsWith('Unexpected error'))).toEqual([]);
        expect(outcome.exitCode).toBe(exitCode);
        expect(results(outcome)).toEqual([expect.objectContaining({ username: 'jane', ...jane })]);
        expect(outcome.evidence?.people).toMatchObject([{ username: 'jane' }]);
        expect(outcome.summary).toContain('jane');
        expect(deleted().sort()).toEqual([...deletions].sort());
        also?.(outcome);
      });
    });
  }
});

bundleAndSource('an odd list refuses an audit before any change', (runWith: ActionRunner) => {
  it.each([
    '"text"',
    '{"members": {}}',
    '{"members": [null]}',
    '{"members": [{"username": "ann\\ud800", "role": "member"}]}',
  ])('List Members answered %s', async (body) => {
    standIn.addMember('acme', ANN);
    standIn.script({ route: 'members' }, { status: 200, body });
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(standIn, TOKEN, { keep: 'jane', 'max-removals': '10', retries: '0' }),
    });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toMatch(
      /^The audit of acme was refused, and nothing was removed: could not read the members: /,
    );
    expect(results(outcome)).toEqual([]);
    expect(outcome.evidence).toMatchObject({ job: 'audit', people: [] });
    expect(standIn.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});

bundleAndSource('an answer that reached a throw after the first change', (runWith: ActionRunner) => {
  it('fails the person whose error answer is nested too deep to show, and records everyone', async () => {
    standIn.addMember('acme', ANN);
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    standIn.script({ method: 'DELETE', username: 'ann' }, { status: 400, body: nested });
    const outcome = await runWith({
      inputs: standInInputs(standIn, TOKEN, { username: 'jane, ann', concurrency: '1', ...MEMBERSHIP_ONLY }),
    });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).filter((e) => e.startsWith('Unexpected error'))).toEqual([]);
    expect(results(outcome)).toMatchObject([
      { username: 'jane', result: 'removed', verified: 'gone' },
      {
        username: 'ann',
        result: 'failed',
        error: expect.stringMatching(/^HTTP 400: \(a JSON value nested too deeply to show\);/) as unknown,
      },
    ]);
    expect(outcome.evidence?.people).toMatchObject([{ username: 'jane' }, { username: 'ann' }]);
    expect(outcome.summary).toContain('ann');
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(['jane', 'ann']);
  });
});
