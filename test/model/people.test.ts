import { describe, expect, it } from 'vitest';
import { personResult, withItemsGone, type ActionRecord, type PersonParts } from '../../src/model/people.ts';
import { personResult as fixture } from '../support/person-result.ts';

const action = (
  kind: ActionRecord['kind'],
  target: string,
  outcome: ActionRecord['outcome'],
  mayHaveTakenEffect: boolean,
): ActionRecord => ({ kind, target, outcome, at: '', attempts: 2, mayHaveTakenEffect, status: 404 });

describe('withItemsGone', () => {
  // jane's membership stands; two invitations and two tokens were asked to go.
  const jane = fixture('jane', {
    result: 'failed',
    error: 'stale',
    invite: 'failed',
    tokens: [
      { id: 't1', name: 'ci', result: 'not-found' },
      { id: 't2', name: 'cli', result: 'failed' },
    ],
    problems: {
      items: [
        { kind: 'invitation', target: 'a@acme.test', problem: 'invitation: HTTP 502' },
        { kind: 'invitation', target: 'b@acme.test', problem: 'invitation: HTTP 403' },
        { kind: 'token', target: 't2', problem: 'token cli: HTTP 502' },
      ],
      others: [],
    },
    actions: [
      action('invitation', 'a@acme.test', 'failed', true),
      action('invitation', 'b@acme.test', 'failed', false),
      action('token', 't1', 'not-found', true),
      action('token', 't2', 'failed', true),
    ],
  });

  it('counts as revoked each item gone whose request may have taken effect, dropping only its problem', () => {
    const settled = withItemsGone(jane, (a) => a.target !== 't2');
    expect(settled.actions.map((a) => [a.target, a.outcome])).toEqual([
      ['a@acme.test', 'revoked'],
      // Refused: it cannot have been this run's, gone or not.
      ['b@acme.test', 'failed'],
      ['t1', 'revoked'],
      ['t2', 'failed'],
    ]);
    expect(settled.tokens.map((t) => t.result)).toEqual(['revoked', 'failed']);
    expect(settled.invite).toBe('failed');
    expect(settled.problems.items).toEqual([
      { kind: 'invitation', target: 'b@acme.test', problem: 'invitation: HTTP 403' },
      { kind: 'token', target: 't2', problem: 'token cli: HTTP 502' },
    ]);
    expect(settled).toMatchObject({ result: 'failed', error: 'invitation: HTTP 403; token cli: HTTP 502' });
  });

  it('settles the person removed, with no error, once every item is settled', () => {
    const lost = fixture('ann', {
      result: 'not-member',
      membership: 'not-member',
      error: 'user ann is not a member of org acme',
      invite: 'none',
      tokens: [{ id: 't1', name: 'ci', result: 'failed' }],
      problems: {
        membership: 'user ann is not a member of org acme',
        items: [{ kind: 'token', target: 't1', problem: 'token ci: HTTP 502' }],
        others: [],
      },
      actions: [action('invitation', 'ann@acme.test', 'not-found', true), action('token', 't1', 'failed', true)],
    });
    const settled = withItemsGone(lost, () => true);
    expect(settled).toMatchObject({ result: 'removed', invite: 'revoked', tokens: [{ result: 'revoked' }] });
    expect(settled).not.toHaveProperty('error');
  });
});

/** A person of whom nothing was found: no membership, no invitation, no token, no problem. */
const nothing: PersonParts = {
  username: 'jane',
  entries: ['jane'],
  listedAtStart: false,
  membership: 'none',
  invite: 'none',
  tokens: [],
  problems: { others: [] },
  actions: [],
  verified: 'not-checked',
};
const settled = (parts: Partial<PersonParts>) => {
  const { result, error } = personResult({ ...nothing, ...parts });
  return error === undefined ? { result } : { result, error };
};
const token = (result: 'revoked' | 'would-revoke' | 'not-found' | 'failed') => ({ id: 't1', name: 'ci', result });

describe('personResult: the rule over the membership', () => {
  it('is removed or would-remove as the membership is', () => {
    expect(settled({ membership: 'removed' })).toEqual({ result: 'removed' });
    expect(settled({ membership: 'would-remove' })).toEqual({ result: 'would-remove' });
  });

  it("is not a member when nothing of theirs changed, with the membership's message when there is one", () => {
    expect(settled({})).toEqual({ result: 'not-member' });
    const message = 'user jane is not a member of org acme';
    expect(settled({ membership: 'not-member', problems: { membership: message, others: [] } })).toEqual({
      result: 'not-member',
      error: message,
    });
  });

  it("fails a membership that failed, with its problem, and counts a not-member's message only then", () => {
    expect(settled({ membership: 'failed', problems: { membership: 'HTTP 502', others: [] } })).toEqual({
      result: 'failed',
      error: 'HTTP 502',
    });
    expect(
      settled({ membership: 'not-member', problems: { membership: 'not a member', others: ['tokens: HTTP 500'] } }),
    ).toEqual({ result: 'failed', error: 'tokens: HTTP 500' });
  });
});

describe('personResult: the rule over invitations and tokens', () => {
  it('is removed when only an invitation or a token was revoked (would-remove when only planned)', () => {
    expect(settled({ invite: 'revoked' })).toEqual({ result: 'removed' });
    expect(settled({ tokens: [token('revoked')] })).toEqual({ result: 'removed' });
    expect(settled({ invite: 'would-revoke' })).toEqual({ result: 'would-remove' });
    expect(settled({ tokens: [token('would-revoke')] })).toEqual({ result: 'would-remove' });
  });

  it('counts a token the API called "not found" as nothing revoked', () => {
    expect(settled({ tokens: [token('not-found')] })).toEqual({ result: 'not-member' });
  });

  it("fails on each item's problem, in order: the membership's, the items', then the others", () => {
    expect(
      settled({
        membership: 'failed',
        invite: 'failed',
        tokens: [token('failed')],
        problems: {
          membership: 'HTTP 502',
          items: [
            { kind: 'invitation', target: 'jane@acme.test', problem: 'invitation: HTTP 403' },
            { kind: 'token', target: 't1', problem: 'token ci: HTTP 500' },
          ],
          others: ['what cannot be told to be theirs'],
        },
      }),
    ).toEqual({
      result: 'failed',
      error: 'HTTP 502; invitation: HTTP 403; token ci: HTTP 500; what cannot be told to be theirs',
    });
  });

  it('fails a part that failed even when no problem says why', () => {
    expect(settled({ membership: 'failed' })).toEqual({ result: 'failed' });
    expect(settled({ membership: 'removed', invite: 'failed' })).toEqual({ result: 'failed' });
    expect(settled({ membership: 'removed', tokens: [token('failed')] })).toEqual({ result: 'failed' });
  });

  it('fails a person removed when any other problem stands', () => {
    expect(settled({ membership: 'removed', problems: { others: ['still listed after the run: token ci'] } })).toEqual({
      result: 'failed',
      error: 'still listed after the run: token ci',
    });
  });
});

describe('personResult: the rule over a member kept', () => {
  const kept = (outcome: PersonParts['kept'], problems: string[] = []) =>
    settled({ membership: 'kept', kept: outcome, problems: { others: problems } });

  it('is as their role change ended', () => {
    expect(kept({ kind: 'lowered' })).toEqual({ result: 'demoted' });
    expect(kept({ kind: 'would-lower' })).toEqual({ result: 'would-demote' });
    expect(kept({ kind: 'not-lowered' }, ['role not lowered to member: HTTP 502'])).toEqual({
      result: 'failed',
      error: 'role not lowered to member: HTTP 502',
    });
  });

  it('is unchanged when left alone, with the reason when there is one', () => {
    expect(kept({ kind: 'left' })).toEqual({ result: 'unchanged' });
    expect(kept({ kind: 'left', reason: 'now on the roster' })).toEqual({
      result: 'unchanged',
      error: 'now on the roster',
    });
  });

  it('fails a role change with a problem, whatever its answer said', () => {
    expect(kept({ kind: 'lowered' }, ['still admin after the run (planned: member)'])).toEqual({
      result: 'failed',
      error: 'still admin after the run (planned: member)',
    });
  });

  it('fails a member kept of whom nothing tells what became of their role', () => {
    expect(kept({ kind: 'not-lowered' })).toEqual({ result: 'failed' });
    expect(kept(undefined)).toEqual({ result: 'failed' });
  });
});

describe('personResult: the rule over a refused run', () => {
  it('fails everyone with the refusal alone, whatever else their parts say', () => {
    const refusal = 'approval: require found no approval';
    const expected = { result: 'failed', error: `not carried out: ${refusal}` };
    expect(settled({ membership: 'would-remove', refusal })).toEqual(expected);
    expect(settled({ membership: 'kept', kept: { kind: 'would-lower' }, refusal })).toEqual(expected);
    expect(settled({ membership: 'failed', problems: { membership: 'HTTP 502', others: ['x'] }, refusal })).toEqual(
      expected,
    );
  });
});

describe('personResult', () => {
  it('settles a person handed in whole again: no earlier result or error stays', () => {
    const person = personResult(fixture('jane', { result: 'failed', error: 'stale', membership: 'removed' }));
    expect(person).toMatchObject({ result: 'removed', membership: 'removed' });
    expect(person).not.toHaveProperty('error');
  });

  it('keeps every part as handed in', () => {
    const parts: PersonParts = { ...nothing, email: 'jane@acme.test', role: 'admin', attempts: 2, warning: 'w' };
    expect(personResult(parts)).toEqual({ ...parts, result: 'not-member' });
  });
});
