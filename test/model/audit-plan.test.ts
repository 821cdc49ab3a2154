import { describe, expect, it } from 'vitest';
import { hasDrift, planAudit, rosterReadsAsNobody } from '../../src/model/audit-plan.ts';
import { Resolver } from '../../src/model/identity.ts';

/** The token's user is known, and is no member here. */
const KNOWN = { tokenUser: { username: 'platform-bot' } };

describe('planAudit', () => {
  const members = [
    { username: 'alice', role: 'owner' },
    { username: 'bob', role: 'admin', email: 'bob@acme.test' },
    { username: 'carol', role: 'member', email: 'carol@acme.test' },
    { username: 'Dave', role: 'member' },
    { username: 'erin', role: 'viewer', email: 'Erin@Acme.test' },
    { username: 'root2', role: 'owner' },
  ];

  it('keeps listed members whatever their case, never removes owners, and names strangers', () => {
    expect(planAudit(members, ['ALICE', 'dave', 'Erin', 'nobody'], [], [], KNOWN)).toEqual({
      remove: [
        { username: 'bob', role: 'admin', email: 'bob@acme.test' },
        { username: 'carol', role: 'member', email: 'carol@acme.test' },
      ],
      keep: [
        { username: 'alice', role: 'owner' },
        { username: 'Dave', role: 'member' },
        { username: 'erin', role: 'viewer', email: 'Erin@Acme.test' },
      ],
      demote: [],
      belowRole: [],
      ownersAboveRole: [],
      tokenUserNotLowered: [],
      invitesAboveRole: [],
      tokenUserKept: [],
      ownersKept: [{ username: 'root2', role: 'owner' }],
      unknownRoleKept: [],
      notMembers: ['nobody'],
      teamNotMembers: [],
      revokeInvites: [],
      invitesKept: [],
      revokeTokens: [],
      tokensOwnerUnknown: [],
      keepUnresolved: [],
      keepRefused: [],
      tokenUserUnknown: false,
    });
  });

  it('lowers a kept member to the highest role the entries naming them allow, and never an owner or the token user', () => {
    const roster = [
      { name: 'alice', role: 'viewer' as const },
      { name: 'bob', role: 'viewer' as const },
      { name: 'BOB@acme.test', role: 'member' as const },
      { name: 'carol', role: 'viewer' as const },
      { name: 'carol' },
      { name: 'dave', role: 'admin' as const },
      { name: 'erin', role: 'member' as const },
    ];
    const plan = planAudit(
      [...members, { username: 'bot', role: 'admin' }],
      roster.map((e) => e.name).concat('bot'),
      [],
      [],
      { tokenUser: { username: 'bot' }, roster: [...roster, { name: 'bot', role: 'viewer' }] },
    );
    expect(plan.demote).toEqual([{ username: 'bob', email: 'bob@acme.test', from: 'admin', to: 'member' }]);
    expect(plan.ownersAboveRole).toEqual([{ username: 'alice', from: 'owner', to: 'viewer' }]);
    expect(plan.belowRole).toEqual([
      { username: 'Dave', from: 'member', to: 'admin' },
      { username: 'erin', email: 'Erin@Acme.test', from: 'viewer', to: 'member' },
    ]);
    expect(plan.tokenUserNotLowered).toEqual([{ username: 'bot', from: 'admin', to: 'viewer' }]);
    expect(plan.remove).toEqual([]);
  });

  it('keeps the user whose token runs the action, even off the list', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin'], [], [], { tokenUser: { username: 'CAROL' } });
    expect(plan.tokenUserKept).toEqual([{ username: 'carol', role: 'member', email: 'carol@acme.test' }]);
    expect(plan.remove.map((m) => m.username)).toEqual(['bob']);
  });

  it('keeps a member named on the list by email', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin@acme.test', 'CAROL@acme.test'], [], [], KNOWN);
    expect(plan.remove.map((m) => m.username)).toEqual(['bob']);
    expect(plan.notMembers).toEqual([]);
  });

  it('revokes invitations of people not on the list, and tokens whose owner is not staying', () => {
    const plan = planAudit(
      members,
      ['alice', 'dave', 'erin', 'new@acme.test'],
      [{ email: 'new@acme.test' }, { email: 'gone@acme.test' }, { email: 'erin@acme.test' }],
      [
        { id: 't1', name: 'bob-ci', owner: { username: 'bob', email: 'bob@acme.test' } },
        { id: 't2', name: 'left', owner: { username: 'zed', email: 'zed@acme.test' } },
        { id: 't3', name: 'erin', owner: { email: 'ERIN@acme.test' } },
        { id: 't4', name: 'mystery' },
        { id: 't5', name: 'root', owner: { username: 'root2' } },
      ],
      KNOWN,
    );
    expect(plan.revokeInvites).toEqual(['gone@acme.test']);
    expect(plan.revokeTokens).toEqual([
      { id: 't1', name: 'bob-ci', owner: 'bob' },
      { id: 't2', name: 'left', owner: 'zed' },
    ]);
    expect(plan.tokensOwnerUnknown).toEqual([{ id: 't4', name: 'mystery' }]);
  });

  it('keeps every admin, and says so, when the token user could not be read', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin']);
    expect(plan.tokenUserUnknown).toBe(true);
    expect(plan.tokenUserKept.map((m) => m.username)).toEqual(['bob']);
    expect(plan.remove.map((m) => m.username)).toEqual(['carol']);
  });

  it('keeps the member a keep-list email names through a token owner, though the member shows no email', () => {
    const people = [
      { username: 'carol', role: 'member' },
      { username: 'bob', role: 'member', email: 'bob@acme.test' },
    ];
    const tokens = [{ id: 't1', name: 'ci', owner: { username: 'carol', email: 'carol@acme.test' } }];
    const plan = planAudit(people, ['carol@acme.test'], [], tokens, KNOWN);
    expect(plan.keep.map((m) => m.username)).toEqual(['carol']);
    expect(plan.revokeTokens).toEqual([]);
    expect(plan.keepUnresolved).toEqual([]);
  });

  it('cannot resolve a keep-list email that names no one while members show no email, nor revoke a token shown only by such an email', () => {
    const people = [
      { username: 'carol', role: 'member' },
      { username: 'bob', role: 'member', email: 'bob@acme.test' },
    ];
    const tokens = [{ id: 't1', name: 'ci', owner: { email: 'carol@acme.test' } }];
    const plan = planAudit(people, ['bob', 'carol@acme.test'], [], tokens, KNOWN);
    expect(plan.keepUnresolved).toEqual(['carol@acme.test']);
    expect(plan.tokensOwnerUnknown).toEqual([{ id: 't1', name: 'ci', owner: 'carol@acme.test' }]);
    expect(plan.revokeTokens).toEqual([]);
  });

  it('revokes the invitation of a member it removes, whatever the grace', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const people = [{ username: 'dave', role: 'member', email: 'dave@acme.test' }];
    const invites = [
      { email: 'dave@acme.test', createdAt: now - 86_400_000 },
      { email: 'new@acme.test', createdAt: now - 86_400_000 },
    ];
    const plan = planAudit(people, [], invites, [], { ...KNOWN, inviteGraceDays: 7, now });
    expect(plan.revokeInvites).toEqual(['dave@acme.test']);
    expect(plan.invitesKept).toEqual([{ email: 'new@acme.test', invitedDaysAgo: 1 }]);
  });
});

describe('rosterReadsAsNobody', () => {
  const members = [
    { username: 'root', role: 'owner' },
    { username: 'bot', role: 'admin' },
    { username: 'carol', role: 'member', email: 'carol@acme.test' },
    { username: 'dave', role: 'viewer' },
  ];
  const refusal = (keep: string[], username?: string, invites: { email: string }[] = []) => {
    const tokenUser = username === undefined ? undefined : { username };
    return rosterReadsAsNobody(
      planAudit(members, keep, invites, [], tokenUser === undefined ? {} : { tokenUser }),
      keep,
      tokenUser,
      new Resolver(members),
    );
  };

  it('passes a roster that keeps a member, whatever else it names', () => {
    expect(refusal(['carol', 'not-on-turso'], 'bot')).toBeUndefined();
    expect(refusal(['CAROL@acme.test'], 'bot')).toBeUndefined();
  });

  it('refuses a roster none of whose names is a member, naming a few', () => {
    expect(refusal(['crol', 'dvae', 'rot', 'bto'], 'bot')).toMatch(
      /^none of the 4 name\(s\) of keep and keep-file \(crol, dvae, rot, …\) is a member: the roster reads as nobody/,
    );
  });

  it("refuses a plan that leaves only owners and the token's user", () => {
    expect(refusal(['root'], 'bot')).toMatch(/^the plan removes 2 member\(s\) and leaves no one but owners/);
    expect(refusal(['root', 'bot'], 'bot')).toMatch(/^the plan removes 2 member\(s\)/);
    expect(refusal(['root', 'bot', 'carol'], 'bot')).toBeUndefined();
  });

  it('counts an admin the roster names as staying when Get Current User could not be read', () => {
    expect(refusal(['bot'])).toBeUndefined();
    expect(refusal(['root'])).toMatch(/^the plan removes 2 member\(s\)/);
  });

  it('refuses a roster of invitations only, and passes a plan that removes nobody', () => {
    expect(refusal(['new@acme.test'], 'bot', [{ email: 'new@acme.test' }])).toMatch(/^the plan removes 2 member\(s\)/);
    const owner = members.slice(0, 1);
    const plan = planAudit(owner, ['root'], [], [], {});
    expect(rosterReadsAsNobody(plan, ['root'], { username: 'bot' }, new Resolver(owner))).toBeUndefined();
  });
});

describe('hasDrift', () => {
  const owner = { username: 'root', role: 'owner' };
  const stays = { username: 'stays', role: 'member' };

  it('finds none when everyone is on the roster at their role, and nothing is kept by exception', () => {
    expect(hasDrift(planAudit([owner, stays], ['root', 'stays'], [], [], KNOWN))).toBe(false);
  });

  it.each([
    ['an owner the roster does not name', [owner, stays], ['stays'], [], KNOWN],
    [
      "the token's user the roster does not name",
      [stays, { username: 'platform-bot', role: 'admin' }],
      ['stays'],
      [],
      KNOWN,
    ],
    ['a role that cannot be read', [stays, { username: 'odd', role: 'superuser' }], ['stays'], [], KNOWN],
    ['a token with no owner shown', [stays], ['stays'], [{ id: 't1', name: 'ci' }], KNOWN],
    ['an admin kept because Get Current User failed', [stays, { username: 'ada', role: 'admin' }], ['stays'], [], {}],
  ])('finds drift in %s', (_kind, listed, keep, tokens, rules) => {
    expect(hasDrift(planAudit(listed, keep, [], tokens, rules))).toBe(true);
  });

  it("finds drift in the token's user named at a lower role than it holds", () => {
    const plan = planAudit([stays, { username: 'platform-bot', role: 'admin' }], ['stays', 'platform-bot'], [], [], {
      ...KNOWN,
      roster: [{ name: 'stays' }, { name: 'platform-bot', role: 'member' }],
    });
    expect(plan.tokenUserNotLowered).toHaveLength(1);
    expect(hasDrift(plan)).toBe(true);
  });
});
