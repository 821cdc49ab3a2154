import { describe, expect, it } from 'vitest';
import type { PersonPlan, PersonResult } from '../../src/model/people.ts';
import { RunRecord } from '../../src/model/run-record.ts';

const plan = (username: string, extra: Partial<PersonPlan> = {}): PersonPlan => ({
  username,
  entries: [username],
  membership: { kind: 'listed' },
  invites: { kind: 'skipped' },
  tokens: { kind: 'found', tokens: [] },
  ...extra,
});

const removed: PersonResult = {
  username: 'jane',
  entries: ['jane'],
  listedAtStart: true,
  result: 'removed',
  membership: 'removed',
  invite: 'skipped',
  tokens: [],
  problems: { others: [] },
  actions: [{ kind: 'membership', target: 'jane', outcome: 'removed', at: '', attempts: 1, mayHaveTakenEffect: true }],
  verified: 'not-checked',
};

describe('RunRecord', () => {
  it('after an unexpected error, keeps each known result (unverified) and fails everyone else, in plan order', () => {
    const record = new RunRecord();
    record.planned([
      plan('ann', {
        email: 'ann@acme.test',
        role: 'admin',
        invites: { kind: 'found', emails: ['ann@acme.test'] },
        tokens: { kind: 'found', tokens: [{ id: 'tok-ann', name: 'ann-ci' }] },
      }),
      plan('jane'),
      plan('bob', { membership: { kind: 'ask-api' }, invites: { kind: 'unavailable' } }),
    ]);
    record.finished(removed);
    const stopped =
      'no result: the run stopped on an unexpected error (boom); what was sent for this person, if anything, may have taken effect';
    expect(record.resultsAfter('boom')).toEqual([
      {
        username: 'ann',
        entries: ['ann'],
        email: 'ann@acme.test',
        role: 'admin',
        listedAtStart: true,
        result: 'failed',
        error: stopped,
        membership: 'failed',
        invite: 'failed',
        tokens: [{ id: 'tok-ann', name: 'ann-ci', result: 'failed' }],
        problems: { membership: stopped, others: [] },
        actions: [],
        verified: 'unverified',
      },
      { ...removed, verified: 'unverified' },
      expect.objectContaining({ username: 'bob', listedAtStart: false, result: 'failed', invite: 'unavailable' }),
    ]);
  });

  it('gives a result only to the person planned under that exact username (Alice and alice are two people)', () => {
    const record = new RunRecord();
    record.planned([plan('Jane'), plan('jane')]);
    record.finished(removed);
    expect(record.resultsAfter('boom')).toEqual([
      expect.objectContaining({ username: 'Jane', result: 'failed' }),
      { ...removed, verified: 'unverified' },
    ]);
  });

  it('has no one to report when nothing was planned', () => {
    const record = new RunRecord();
    record.finished(removed);
    expect(record.resultsAfter('boom')).toEqual([]);
  });
  it('after an unexpected error, keeps each rotation that ended and fails the other groups', () => {
    const record = new RunRecord();
    record.rotated({ group: 'beta', result: 'rotated' });
    record.rotated({ group: 'gamma', result: 'failed', error: 'HTTP 500' });
    expect(record.rotationsAfter(['alpha', 'beta', 'gamma'], 'boom')).toEqual([
      {
        group: 'alpha',
        result: 'failed',
        error:
          'no result: the run stopped on an unexpected error (boom); a rotation sent for it, if any, may have taken effect',
      },
      { group: 'beta', result: 'rotated' },
      { group: 'gamma', result: 'failed', error: 'HTTP 500' },
    ]);
  });
});
