import { describe, expect, it } from 'vitest';
import { resettled, withItemsGone, type ActionRecord } from '../../src/model/people.ts';
import { personResult } from '../support/person-result.ts';

const action = (
  kind: ActionRecord['kind'],
  target: string,
  outcome: ActionRecord['outcome'],
  mayHaveTakenEffect: boolean,
): ActionRecord => ({ kind, target, outcome, at: '', attempts: 2, mayHaveTakenEffect, status: 404 });

describe('withItemsGone', () => {
  // jane's membership stands; two invitations and two tokens were asked to go.
  const jane = personResult('jane', {
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
    expect(resettled(settled)).toMatchObject({ result: 'failed', error: 'invitation: HTTP 403; token cli: HTTP 502' });
  });

  it('leaves the person removed, with no error, once every item is settled', () => {
    const lost = personResult('ann', {
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
    const settled = resettled(withItemsGone(lost, () => true));
    expect(settled).toMatchObject({ result: 'removed', invite: 'revoked', tokens: [{ result: 'revoked' }] });
    expect(settled).not.toHaveProperty('error');
  });
});
