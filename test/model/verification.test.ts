import { describe, expect, it } from 'vitest';
import type { Directory } from '../../src/model/organization.ts';
import { showsGone, stillListed } from '../../src/model/verification.ts';

const empty: Directory = {
  members: { kind: 'read', items: [] },
  invites: { kind: 'read', items: [] },
  tokens: { kind: 'read', items: [] },
};

describe('stillListed', () => {
  it('is empty when nothing of the person is listed', () => {
    expect(stillListed({ username: 'jane', email: 'jane@acme.test' }, empty)).toEqual([]);
  });

  it('names a membership by username or email, an invitation by email and a token by its owner, without case', () => {
    const directory: Directory = {
      members: {
        kind: 'read',
        items: [
          { username: 'Jane', role: 'member' },
          { username: 'j2', role: 'member', email: 'JANE@acme.test' },
        ],
      },
      invites: { kind: 'read', items: [{ email: 'jane@ACME.test' }] },
      tokens: {
        kind: 'read',
        items: [
          { id: 't1', name: 'ci', owner: { email: 'jane@acme.test' } },
          { id: 't2', name: 'other' },
        ],
      },
    };
    expect(stillListed({ username: 'jane', email: 'jane@acme.test' }, directory)).toEqual([
      'membership of Jane',
      'membership of j2',
      'invitation for jane@ACME.test',
      'token ci (t1)',
    ]);
  });

  it('checks only the lists that were read', () => {
    const directory: Directory = {
      ...empty,
      invites: { kind: 'not-needed' },
      tokens: { kind: 'unavailable', reason: 'plan' },
    };
    expect(stillListed({ username: 'jane' }, directory)).toEqual([]);
  });

  it('never blames a person for what another who shares their mailbox still has', () => {
    const directory: Directory = {
      members: { kind: 'read', items: [{ username: 'bob', role: 'member', email: 'dev@acme.test' }] },
      invites: { kind: 'read', items: [{ email: 'dev@acme.test' }, { email: 'sent@acme.test' }] },
      tokens: {
        kind: 'read',
        items: [
          { id: 't1', name: 'bob-ci', owner: { username: 'bob', email: 'dev@acme.test' } },
          { id: 't2', name: 'alice-ci', owner: { username: 'alice', email: 'dev@acme.test' } },
        ],
      },
    };
    const alice = {
      username: 'alice',
      email: 'dev@acme.test',
      emailAlsoShownBy: ['bob'],
      actions: [{ kind: 'invitation', target: 'sent@acme.test' }],
    };
    expect(stillListed(alice, directory)).toEqual(['invitation for sent@acme.test', 'token alice-ci (t2)']);
  });
});

describe('showsGone', () => {
  const directory: Directory = {
    members: { kind: 'read', items: [] },
    invites: { kind: 'read', items: [{ email: 'Jane@acme.test' }] },
    tokens: { kind: 'read', items: [{ id: 't1', name: 'ci' }] },
  };

  it('shows an invitation or a token gone only when the list read again no longer holds it', () => {
    expect(showsGone({ kind: 'invitation', target: 'jane@ACME.test' }, directory)).toBe(false);
    expect(showsGone({ kind: 'invitation', target: 'ann@acme.test' }, directory)).toBe(true);
    expect(showsGone({ kind: 'token', target: 't1' }, directory)).toBe(false);
    expect(showsGone({ kind: 'token', target: 't2' }, directory)).toBe(true);
  });

  it('shows nothing gone from a list it could not read, nor a membership (the members decide that)', () => {
    const unread: Directory = {
      ...directory,
      invites: { kind: 'failed', problem: 'x' },
      tokens: { kind: 'not-needed' },
    };
    expect(showsGone({ kind: 'invitation', target: 'ann@acme.test' }, unread)).toBe(false);
    expect(showsGone({ kind: 'token', target: 't2' }, unread)).toBe(false);
    expect(showsGone({ kind: 'membership', target: 'jane' }, directory)).toBe(false);
  });
});
