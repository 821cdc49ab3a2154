import { describe, expect, it } from 'vitest';
import { isEmail } from '../../src/model/names.ts';
import type { Directory } from '../../src/model/organization.ts';
import { planRemovals, protectTokenUser, removalNeeds } from '../../src/operations/removal.ts';

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
  it('lists the members always, to resolve every entry the same way, and the rest as asked', () => {
    expect(removalNeeds(false, false)).toEqual({ members: true, invites: false, tokens: false });
    expect(removalNeeds(false, true)).toEqual({ members: true, invites: false, tokens: true });
    expect(removalNeeds(true, false)).toEqual({ members: true, invites: true, tokens: false });
  });
});

describe('planRemovals', () => {
  const jane = directory.tokens.kind === 'read' ? directory.tokens.items[0] : undefined;

  it('resolves an email to the listed member, without case, with their invitation and tokens', () => {
    expect(planRemovals(['JANE.DOE@acme.test'], directory, 'acme')).toEqual([
      {
        username: 'jane',
        entries: ['JANE.DOE@acme.test'],
        email: 'Jane.Doe@acme.test',
        role: 'member',
        membership: { kind: 'listed' },
        invites: { kind: 'found', emails: ['jane.doe@acme.test'] },
        tokens: { kind: 'found', tokens: [jane] },
      },
    ]);
  });

  it('matches a username without case and removes it under the listed spelling', () => {
    const [plan] = planRemovals(['JANE'], directory, 'acme');
    expect(plan).toMatchObject({ username: 'jane', entries: ['JANE'], membership: { kind: 'listed' } });
    expect(plan?.invites).toEqual({ kind: 'found', emails: ['jane.doe@acme.test'] });
  });

  it('offboards an invited person who never joined, by email, without a membership request', () => {
    const [zoe] = planRemovals(['zoe@acme.test'], directory, 'acme');
    expect(zoe?.membership).toEqual({ kind: 'ask-api' });
    expect(zoe?.username).toBe('zoe');
    expect(zoe?.invites).toEqual({ kind: 'found', emails: ['zoe@acme.test'] });
    expect(zoe?.tokens).toMatchObject({ kind: 'found', tokens: [{ id: 't2' }] });
    const [nobody] = planRemovals(['nobody@acme.test'], directory, 'acme');
    expect(nobody?.membership).toEqual({ kind: 'none', reason: 'no member of acme has the email nobody@acme.test' });
  });

  it('sends a username that matches no listed member as given, so that the API decides', () => {
    const [ghost] = planRemovals(['ghost'], directory, 'acme');
    expect(ghost).toEqual({
      username: 'ghost',
      entries: ['ghost'],
      membership: { kind: 'ask-api' },
      invites: { kind: 'found', emails: [] },
      tokens: { kind: 'found', tokens: [] },
    });
  });

  it('resolves an email through a token owner when the member shows no email', () => {
    const hidden: Directory = {
      ...directory,
      members: { kind: 'read', items: [{ username: 'jane', role: 'member' }] },
    };
    const [plan] = planRemovals(['jane.doe@acme.test'], hidden, 'acme');
    expect(plan).toMatchObject({
      username: 'jane',
      email: 'jane.doe@acme.test',
      membership: { kind: 'listed' },
      invites: { kind: 'found', emails: ['jane.doe@acme.test'] },
    });
  });

  it('ties nothing to a person by an email others show too, and never takes a sharer for the token user', () => {
    const shared: Directory = {
      members: { kind: 'read', items: [{ username: 'alice', role: 'member', email: 'dev@acme.test' }] },
      invites: { kind: 'read', items: [{ email: 'dev@acme.test' }] },
      tokens: {
        kind: 'read',
        items: [{ id: 't1', name: 'carol-ci', owner: { username: 'carol', email: 'DEV@acme.test' } }],
      },
    };
    const [carol] = planRemovals(['carol'], shared, 'acme');
    expect(carol).toEqual({
      username: 'carol',
      entries: ['carol'],
      email: 'DEV@acme.test',
      emailAlsoShownBy: ['alice'],
      membership: { kind: 'ask-api' },
      invites: { kind: 'found', emails: [] },
      tokens: {
        kind: 'found',
        tokens: [{ id: 't1', name: 'carol-ci', owner: { username: 'carol', email: 'DEV@acme.test' } }],
      },
      unresolved:
        "cannot tell whether the invitation for dev@acme.test is carol's: DEV@acme.test is also the email of alice (a shared mailbox), so it was left alone",
    });
    const [alice] = planRemovals(['alice'], shared, 'acme').map((p) =>
      protectTokenUser(p, { username: 'carol', email: 'dev@acme.test' }, undefined),
    );
    expect(alice).toMatchObject({ username: 'alice', membership: { kind: 'listed' }, emailAlsoShownBy: ['carol'] });
  });

  it('matches tokens by username when the members could not be listed', () => {
    const unlisted: Directory = { ...directory, members: { kind: 'failed', problem: 'could not list the members' } };
    const [jane] = planRemovals(['jane'], unlisted, 'acme');
    expect(jane).toMatchObject({
      username: 'jane',
      membership: { kind: 'ask-api' },
      tokens: { kind: 'found', tokens: [{ id: 't1' }] },
    });
  });

  it('fails an email it cannot tie to anyone while some members show no email, and revokes nothing of it', () => {
    const hidden: Directory = {
      members: {
        kind: 'read',
        items: [
          { username: 'jane', role: 'member' },
          { username: 'ann', role: 'admin' },
        ],
      },
      invites: { kind: 'read', items: [{ email: 'jane@acme.test' }] },
      tokens: { kind: 'read', items: [{ id: 't9', name: 'ci', owner: { email: 'jane@acme.test' } }] },
    };
    expect(planRemovals(['jane@acme.test'], hidden, 'acme')).toEqual([
      {
        username: 'jane@acme.test',
        entries: ['jane@acme.test'],
        membership: {
          kind: 'failed',
          problem: 'cannot tell whether jane@acme.test is a member: 2 member(s) show no email',
        },
        invites: { kind: 'skipped' },
        tokens: { kind: 'found', tokens: [] },
      },
    ]);
  });

  it('fails a member who shows no email while invitations or tokens show only an email no member shows', () => {
    const hidden: Directory = {
      members: { kind: 'read', items: [{ username: 'dave', role: 'member' }] },
      invites: { kind: 'read', items: [{ email: 'dave@acme.test' }] },
      tokens: {
        kind: 'read',
        items: [
          { id: 't1', name: 'ci', owner: { username: 'dave' } },
          { id: 't2', name: 'old', owner: { email: 'dave@acme.test' } },
        ],
      },
    };
    const [plan] = planRemovals(['dave'], hidden, 'acme');
    expect(plan).toMatchObject({
      username: 'dave',
      membership: { kind: 'listed' },
      tokens: { kind: 'found', tokens: [{ id: 't1' }] },
      unresolved:
        "cannot tell whether the invitation for dave@acme.test, token old (owner dave@acme.test) are dave's: dave shows no email",
    });
  });

  it('never plans to remove the user whose token runs the action, nor revoke what is theirs', () => {
    const [plan] = planRemovals(['Jane'], directory, 'acme').map((p) =>
      protectTokenUser(p, { username: 'jane' }, undefined),
    );
    expect(plan).toMatchObject({
      username: 'jane',
      membership: { kind: 'failed', problem: 'not removed: this is the user whose token runs the action' },
      invites: { kind: 'skipped' },
      tokens: { kind: 'found', tokens: [] },
    });
  });

  it('offboards entries naming the same person once, keeping every entry', () => {
    expect(planRemovals(['jane', 'jane.doe@acme.test'], directory, 'acme').map((p) => [p.username, p.entries])).toEqual(
      [['jane', ['jane', 'jane.doe@acme.test']]],
    );
  });

  it('marks what could not be found out as failed, and what the plan lacks as unavailable', () => {
    const broken: Directory = {
      members: { kind: 'failed', problem: 'could not list the members: HTTP 500' },
      invites: { kind: 'unavailable', reason: 'HTTP 403' },
      tokens: { kind: 'failed', problem: 'could not list the organization API tokens: HTTP 500' },
    };
    const [byEmail, byName] = planRemovals(['x@acme.test', 'jane'], broken, 'acme');
    expect(byEmail?.membership).toEqual({ kind: 'failed', problem: 'could not list the members: HTTP 500' });
    expect(byEmail?.invites).toEqual({ kind: 'skipped' });
    expect(byName?.membership).toEqual({ kind: 'ask-api' });
    expect(byName?.tokens).toEqual({ kind: 'failed', problem: 'could not list the organization API tokens: HTTP 500' });
  });
});
