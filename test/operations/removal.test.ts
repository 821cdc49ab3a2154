import { describe, expect, it } from 'vitest';
import { isEmail } from '../../src/model/names.ts';
import type { Directory } from '../../src/model/organization.ts';
import { planRemovals, removalNeeds } from '../../src/operations/removal.ts';

const directory: Directory = {
  members: {
    kind: 'read',
    items: [
      { username: 'jane', role: 'member', email: 'Jane.Doe@acme.test' },
      { username: 'ann', role: 'admin', email: 'ann@acme.test' },
    ],
  },
  invites: { kind: 'read', items: [{ email: 'jane.doe@acme.test' }, { email: 'zoe@acme.test' }] },
  tokens: {
    kind: 'read',
    items: [
      { id: 't1', name: 'jane-ci', owner: { username: 'jane', email: 'jane.doe@acme.test' } },
      { id: 't2', name: 'zoe-ci', owner: { username: 'zoe', email: 'ZOE@acme.test' } },
      { id: 't3', name: 'nobody-knows' },
    ],
  },
};

describe('isEmail', () => {
  it.each([
    ['jane@acme.test', true],
    ['jane', false],
    ['@jane', false],
    ['jane@acme', false],
  ])('%s → %s', (entry, expected) => {
    expect(isEmail(entry)).toBe(expected);
  });
});

describe('removalNeeds', () => {
  it('lists members only for emails or invitations', () => {
    expect(removalNeeds(['jane'], false, false)).toEqual({ members: false, invites: false, tokens: false });
    expect(removalNeeds(['jane@acme.test'], false, true)).toEqual({ members: true, invites: false, tokens: true });
    expect(removalNeeds(['jane'], true, false)).toEqual({ members: true, invites: true, tokens: false });
  });
});

describe('planRemovals', () => {
  it('resolves an email to the member, without case, with their invitation and tokens', () => {
    expect(planRemovals(['JANE.DOE@acme.test'], directory, 'acme')).toEqual([
      {
        username: 'jane',
        email: 'Jane.Doe@acme.test',
        role: 'member',
        membership: { kind: 'ask-api' },
        invites: { kind: 'found', emails: ['jane.doe@acme.test'] },
        tokens: { kind: 'found', tokens: [directory.tokens.kind === 'read' && directory.tokens.items[0]] },
      },
    ]);
  });

  it('offboards an invited person who never joined, by email, without a membership request', () => {
    const [zoe] = planRemovals(['zoe@acme.test'], directory, 'acme');
    expect(zoe?.membership).toEqual({ kind: 'none', reason: 'no member of acme has the email zoe@acme.test' });
    expect(zoe?.invites).toEqual({ kind: 'found', emails: ['zoe@acme.test'] });
    expect(zoe?.tokens).toMatchObject({ kind: 'found', tokens: [{ id: 't2' }] });
  });

  it('always removes a username entry by username, so that the API decides', () => {
    const [ghost] = planRemovals(['ghost'], directory, 'acme');
    expect(ghost).toEqual({
      username: 'ghost',
      membership: { kind: 'ask-api' },
      invites: { kind: 'found', emails: [] },
      tokens: { kind: 'found', tokens: [] },
    });
  });

  it('offboards entries naming the same person once', () => {
    expect(planRemovals(['jane', 'jane.doe@acme.test'], directory, 'acme').map((p) => p.username)).toEqual(['jane']);
  });

  it('marks what could not be found out as failed, and what the plan lacks as unavailable', () => {
    const broken: Directory = {
      members: { kind: 'failed', problem: 'could not list the members: HTTP 500' },
      invites: { kind: 'unavailable', reason: 'HTTP 403' },
      tokens: { kind: 'failed', problem: 'could not list the organization API tokens: HTTP 500' },
    };
    const [byEmail, byName] = planRemovals(['x@acme.test', 'jane'], broken, 'acme');
    expect(byEmail?.membership).toEqual({ kind: 'failed', problem: 'could not list the members: HTTP 500' });
    expect(byEmail?.invites).toEqual({ kind: 'unavailable' });
    expect(byName?.membership).toEqual({ kind: 'ask-api' });
    expect(byName?.tokens).toEqual({ kind: 'failed', problem: 'could not list the organization API tokens: HTTP 500' });
  });
});
