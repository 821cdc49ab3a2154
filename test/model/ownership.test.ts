import { describe, expect, it } from 'vitest';
import { Resolver } from '../../src/model/identity.ts';
import { ownsToken, sharedEmailClaims } from '../../src/model/ownership.ts';

const members = [
  { username: 'alice', role: 'member', email: 'dev@acme.test' },
  { username: 'Bob', role: 'member', email: 'DEV@acme.test' },
  { username: 'jane', role: 'member', email: 'jane@acme.test' },
];
const tokens = [
  { id: 't1', name: 'bob-ci', owner: { username: 'bob', email: 'dev@acme.test' } },
  { id: 't2', name: 'carol-ci', owner: { username: 'carol', email: 'jane@acme.test' } },
  { id: 't3', name: 'dev-ci', owner: { email: 'dev@acme.test' } },
];

const resolver = new Resolver(members, tokens);

describe('ownsToken', () => {
  it("goes by the owner's username first, and by email only when the email is the person's alone", () => {
    const alice = { username: 'alice', email: 'dev@acme.test', emailAlsoShownBy: ['Bob'] };
    expect(tokens.filter((t) => ownsToken(alice, t, resolver)).map((t) => t.id)).toEqual([]);
    expect(
      tokens.filter((t) => ownsToken({ username: 'bob', email: 'dev@acme.test' }, t, resolver)).map((t) => t.id),
    ).toEqual(['t1', 't3']);
    expect(tokens.filter((t) => ownsToken({ username: 'jane', email: 'jane@acme.test' }, t, resolver))).toEqual([]);
  });
});

describe('sharedEmailClaims', () => {
  it("names what only a shared email points at, and nothing for an email that is the person's alone", () => {
    const invites = [{ email: 'dev@acme.test' }, { email: 'jane@acme.test' }];
    expect(
      sharedEmailClaims({ username: 'alice', email: 'dev@acme.test', emailAlsoShownBy: ['Bob'] }, invites, tokens),
    ).toEqual(['the invitation for dev@acme.test', 'token dev-ci (owner dev@acme.test)']);
    expect(sharedEmailClaims({ username: 'jane', email: 'jane@acme.test' }, invites, tokens)).toEqual([]);
  });
});
