import { describe, expect, it } from 'vitest';
import { isTokenUser, Resolver, tokenUserProtection } from '../../src/model/identity.ts';
import type { Directory } from '../../src/model/organization.ts';
import { stillListed } from '../../src/model/verification.ts';

const members = [
  { username: 'Alice', role: 'member', email: 'alice.smith@acme.test' },
  { username: 'alice', role: 'admin', email: 'alice.jones@acme.test' },
  { username: 'carol', role: 'member', email: 'carol@acme.test' },
  { username: 'Jose\u0301', role: 'member', email: 'jose@acme.test' },
  { username: 'dave', role: 'member' },
  { username: 'erin', role: 'member', email: 'dev@acme.test' },
  { username: 'fay', role: 'member', email: 'DEV@acme.test' },
];
const tokens = [
  { id: 't1', name: 'carol-ci', owner: { username: 'carol', email: 'bob@acme.test' } },
  { id: 't2', name: 'dave-ci', owner: { username: 'DAVE', email: 'dave@acme.test' } },
  { id: 't3', name: 'zed-ci', owner: { username: 'zed', email: 'zed@acme.test' } },
  { id: 't4', name: 'odd', owner: { username: '..', email: 'gone@acme.test' } },
  { id: 't5', name: 'twins', owner: { username: 'Kim', email: 'kim@acme.test' } },
  { id: 't6', name: 'twins2', owner: { username: 'kim', email: 'kim@acme.test' } },
];
const resolver = new Resolver(members, tokens);

describe('Resolver', () => {
  it('resolves a username to the one member it names, without case or Unicode composition', () => {
    expect(resolver.resolve('jos\u00e9')).toEqual({ kind: 'member', member: members[3] });
    expect(resolver.resolve('DAVE')).toEqual({ kind: 'member', member: members[4] });
  });

  it('refuses a name several members share without case, even spelled exactly as one, naming them', () => {
    for (const name of ['Alice', 'alice', 'ALICE']) {
      expect(resolver.resolve(name)).toEqual({
        kind: 'refused',
        reason: `${name} matches 2 members, Alice, alice (names are compared without case), so which one is meant cannot be told: nothing of theirs is touched; tell them apart in Turso`,
      });
    }
    // Their emails are each one's own, but an email leads to a name that is refused.
    expect(resolver.resolve('alice.jones@acme.test')).toMatchObject({ kind: 'refused' });
  });

  it("refuses a username or email that the member list and a token's owner pair differently", () => {
    const reason =
      'the member list and the token owners pair carol with different emails (bob@acme.test, carol@acme.test), so who carol is cannot be told: nothing of theirs is touched';
    expect(resolver.resolve('carol')).toEqual({ kind: 'refused', reason });
    expect(resolver.resolve('bob@acme.test')).toEqual({
      kind: 'refused',
      reason: `cannot tell who bob@acme.test is: ${reason}`,
    });
  });

  it('takes an email a token owner pairs with a member who shows none as that member', () => {
    expect(resolver.resolve('dave@acme.test')).toEqual({
      kind: 'member',
      member: { username: 'dave', role: 'member', email: 'dave@acme.test' },
    });
  });

  it('refuses an email several people show (a shared mailbox)', () => {
    expect(resolver.resolve('dev@acme.test')).toEqual({
      kind: 'refused',
      reason:
        'cannot tell who dev@acme.test is: it is the email of erin, fay (a shared mailbox); name the person by username',
    });
  });

  it('leaves a name no member has to be sent as given, with the email its token owner shows', () => {
    expect(resolver.resolve('Zed')).toEqual({ kind: 'unlisted', username: 'Zed', email: 'zed@acme.test' });
    expect(resolver.resolve('zed@acme.test')).toEqual({ kind: 'unlisted', username: 'zed', email: 'zed@acme.test' });
    expect(resolver.resolve('iku')).toEqual({ kind: 'unlisted', username: 'iku' });
    expect(resolver.resolve('kim')).toMatchObject({ kind: 'refused' });
  });

  it('refuses a token owner whose username cannot be one path segment', () => {
    expect(resolver.resolve('gone@acme.test')).toEqual({
      kind: 'refused',
      reason:
        'cannot tell who gone@acme.test is: the username ".." cannot be sent in a request: it is "..", which is not a name',
    });
  });

  it('cannot tell whether an email no one shows is a member while some members show none', () => {
    expect(resolver.resolve('new@acme.test')).toEqual({
      kind: 'unknown',
      reason: 'cannot tell whether new@acme.test is a member: 1 member(s) show no email',
    });
    expect(
      new Resolver([{ username: 'carol', role: 'member', email: 'carol@acme.test' }]).resolve('new@acme.test'),
    ).toEqual({
      kind: 'unlisted',
      username: 'new@acme.test',
      email: 'new@acme.test',
    });
  });

  it('tells people apart by who they are, not by spelling', () => {
    expect(resolver.samePerson('dave', 'DAVE')).toBe(true);
    expect(resolver.samePerson('zed', 'ZED')).toBe(true);
    expect(resolver.samePerson('Alice', 'alice')).toBe(false);
    expect(resolver.emailHolders('dev@acme.test')).toEqual(['erin', 'fay']);
    expect(resolver.othersWithEmail({ username: 'erin', email: 'dev@acme.test' })).toEqual(['fay']);
  });
});

describe("the token's own user", () => {
  const user = { username: 'Platform-Bot', email: 'bot@acme.test' };

  it('is the username without case, or an email only that user shows', () => {
    expect(isTokenUser({ username: 'platform-bot' }, user)).toBe(true);
    expect(isTokenUser({ username: 'bot@acme.test', claimable: 'BOT@acme.test' }, user)).toBe(true);
    // A shared mailbox claims nothing: `claimable` is unset for it.
    expect(isTokenUser({ username: 'jane' }, user)).toBe(false);
  });

  it('leaves every admin and owner alone when Get Current User could not be read, and anyone without the members', () => {
    expect(tokenUserProtection({ username: 'a', role: 'admin' }, undefined, undefined)).toContain('any admin or owner');
    expect(tokenUserProtection({ username: 'o', role: 'owner' }, undefined, undefined)).toContain('any admin or owner');
    expect(tokenUserProtection({ username: 'm', role: 'member' }, undefined, undefined)).toBeUndefined();
    expect(tokenUserProtection({ username: 'm' }, undefined, 'could not list the members: HTTP 500')).toBe(
      'could not list the members: HTTP 500; and Get Current User could not be read, so anyone may be an admin or owner whose token runs the action',
    );
    expect(tokenUserProtection({ username: 'a', role: 'admin' }, user, undefined)).toBeUndefined();
  });
});

describe('stillListed', () => {
  it('finds the membership by the username without case: a member listed under another case is no proof of gone', () => {
    const directory: Directory = {
      members: { kind: 'read', items: [{ username: 'alice', role: 'member' }] },
      invites: { kind: 'read', items: [] },
      tokens: { kind: 'read', items: [] },
    };
    expect(stillListed({ username: 'Alice' }, directory)).toEqual(['membership of alice']);
    expect(stillListed({ username: 'bob' }, directory)).toEqual([]);
  });
});
