import { describe, expect, it } from 'vitest';
import {
  hasDrift,
  planAudit,
  roleChange,
  rosterReadsAsNobody,
  rowsWhere,
  type AuditPlan,
  type MemberRow,
  type PlanRow,
} from '../../src/model/audit-plan.ts';
import { Resolver } from '../../src/model/identity.ts';

/** The usernames of the member rows of one kind. */
const membersWhy = (plan: AuditPlan, why: MemberRow['why']) =>
  rowsWhere(plan, { what: 'member', why }).map((row) => row.whom.username);

/** The emails, tokens or entries of the rows of one kind. */
const whomOf = (plan: AuditPlan, what: PlanRow['what'], why: PlanRow['why']): unknown[] =>
  plan.filter((row) => row.what === what && row.why === why).map((row) => row.whom);

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
    expect(planAudit(members, ['ALICE', 'dave', 'Erin', 'nobody'], [], [], KNOWN)).toEqual([
      { what: 'member', whom: { username: 'alice', role: 'owner' }, why: 'on-roster', action: 'keep' },
      {
        what: 'member',
        whom: { username: 'bob', role: 'admin', email: 'bob@acme.test' },
        why: 'not-on-roster',
        action: 'remove',
      },
      {
        what: 'member',
        whom: { username: 'carol', role: 'member', email: 'carol@acme.test' },
        why: 'not-on-roster',
        action: 'remove',
      },
      { what: 'member', whom: { username: 'Dave', role: 'member' }, why: 'on-roster', action: 'keep' },
      {
        what: 'member',
        whom: { username: 'erin', role: 'viewer', email: 'Erin@Acme.test' },
        why: 'on-roster',
        action: 'keep',
      },
      { what: 'member', whom: { username: 'root2', role: 'owner' }, why: 'owner', action: 'keep-by-exception' },
      { what: 'roster-entry', whom: 'nobody', why: 'not-a-member', action: 'none' },
    ]);
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
    const changes = (why: 'above-role' | 'owner-above-role' | 'below-role' | 'token-user-above-role') =>
      rowsWhere(plan, { what: 'member', why }).map(roleChange);
    expect(changes('above-role')).toEqual([{ username: 'bob', email: 'bob@acme.test', from: 'admin', to: 'member' }]);
    expect(changes('owner-above-role')).toEqual([{ username: 'alice', from: 'owner', to: 'viewer' }]);
    expect(changes('below-role')).toEqual([
      { username: 'Dave', from: 'member', to: 'admin' },
      { username: 'erin', email: 'Erin@Acme.test', from: 'viewer', to: 'member' },
    ]);
    expect(changes('token-user-above-role')).toEqual([{ username: 'bot', from: 'admin', to: 'viewer' }]);
    expect(membersWhy(plan, 'not-on-roster')).toEqual([]);
  });

  it('keeps the user whose token runs the action, even off the list', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin'], [], [], { tokenUser: { username: 'CAROL' } });
    expect(rowsWhere(plan, { why: 'token-user' })).toEqual([
      {
        what: 'member',
        whom: { username: 'carol', role: 'member', email: 'carol@acme.test' },
        why: 'token-user',
        action: 'keep-by-exception',
        certain: true,
      },
    ]);
    expect(membersWhy(plan, 'not-on-roster')).toEqual(['bob']);
  });

  it('keeps a member named on the list by email', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin@acme.test', 'CAROL@acme.test'], [], [], KNOWN);
    expect(membersWhy(plan, 'not-on-roster')).toEqual(['bob']);
    expect(rowsWhere(plan, { what: 'roster-entry' })).toEqual([]);
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
    expect(whomOf(plan, 'invitation', 'not-on-roster')).toEqual(['gone@acme.test']);
    expect(whomOf(plan, 'token', 'owner-leaves')).toEqual([
      { id: 't1', name: 'bob-ci', owner: 'bob' },
      { id: 't2', name: 'left', owner: 'zed' },
    ]);
    expect(whomOf(plan, 'token', 'owner-unknown')).toEqual([{ id: 't4', name: 'mystery' }]);
  });

  it('keeps every admin, and says so, when the token user could not be read', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin']);
    expect(rowsWhere(plan, { why: 'token-user' }).map((row) => [row.whom.username, row.certain])).toEqual([
      ['bob', false],
    ]);
    expect(membersWhy(plan, 'not-on-roster')).toEqual(['carol']);
  });

  it('keeps the member a keep-list email names through a token owner, though the member shows no email', () => {
    const people = [
      { username: 'carol', role: 'member' },
      { username: 'bob', role: 'member', email: 'bob@acme.test' },
    ];
    const tokens = [{ id: 't1', name: 'ci', owner: { username: 'carol', email: 'carol@acme.test' } }];
    const plan = planAudit(people, ['carol@acme.test'], [], tokens, KNOWN);
    expect(membersWhy(plan, 'on-roster')).toEqual(['carol']);
    expect(whomOf(plan, 'token', 'owner-leaves')).toEqual([]);
    expect(whomOf(plan, 'roster-entry', 'unresolved')).toEqual([]);
  });

  it('cannot resolve a keep-list email that names no one while members show no email, nor revoke a token shown only by such an email', () => {
    const people = [
      { username: 'carol', role: 'member' },
      { username: 'bob', role: 'member', email: 'bob@acme.test' },
    ];
    const tokens = [{ id: 't1', name: 'ci', owner: { email: 'carol@acme.test' } }];
    const plan = planAudit(people, ['bob', 'carol@acme.test'], [], tokens, KNOWN);
    expect(whomOf(plan, 'roster-entry', 'unresolved')).toEqual(['carol@acme.test']);
    expect(whomOf(plan, 'token', 'owner-unknown')).toEqual([{ id: 't1', name: 'ci', owner: 'carol@acme.test' }]);
    expect(whomOf(plan, 'token', 'owner-leaves')).toEqual([]);
  });

  it('revokes the invitation of a member it removes, whatever the grace', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const people = [{ username: 'dave', role: 'member', email: 'dave@acme.test' }];
    const invites = [
      { email: 'dave@acme.test', createdAt: now - 86_400_000 },
      { email: 'new@acme.test', createdAt: now - 86_400_000 },
    ];
    const plan = planAudit(people, [], invites, [], { ...KNOWN, inviteGraceDays: 7, now });
    expect(whomOf(plan, 'invitation', 'not-on-roster')).toEqual(['dave@acme.test']);
    expect(rowsWhere(plan, { what: 'invitation', action: 'keep' })).toEqual([
      { what: 'invitation', whom: 'new@acme.test', why: 'within-grace', action: 'keep', invitedDaysAgo: 1 },
    ]);
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
    expect(membersWhy(plan, 'token-user-above-role')).toEqual(['platform-bot']);
    expect(hasDrift(plan)).toBe(true);
  });
});

describe('roster entries that expire', () => {
  /** The run started at 2027-03-31, 10:00 UTC. */
  const now = Date.parse('2027-03-31T10:00:00Z');
  const members = [
    { username: 'root', role: 'owner' },
    { username: 'stays', role: 'member' },
    { username: 'carol', role: 'admin' },
  ];
  const plan = (entries: { name: string; role?: 'admin' | 'member' | 'viewer'; until?: string; team?: string }[]) => {
    const roster = [{ name: 'root' }, { name: 'stays' }, ...entries];
    return planAudit(members, [...new Set(roster.map((entry) => entry.name))], [], [], { ...KNOWN, now, roster });
  };

  it('treats an entry as absent from its until day on, and marks the member removed with that day', () => {
    expect(rowsWhere(plan([{ name: 'carol', until: '2027-03-31' }]), { what: 'member', why: 'not-on-roster' })).toEqual(
      [{ what: 'member', whom: members[2], why: 'not-on-roster', action: 'remove', expired: '2027-03-31' }],
    );
    expect(membersWhy(plan([{ name: 'carol', until: '2027-04-01' }]), 'on-roster')).toContain('carol');
  });

  it('revokes the invitation of an email whose entry expired', () => {
    const invites = [{ email: 'new@acme.test', createdAt: now }];
    const roster = [
      { name: 'root' },
      { name: 'stays' },
      { name: 'carol' },
      { name: 'new@acme.test', until: '2027-03-31' },
    ];
    const keep = roster.map((entry) => entry.name);
    const rules = { ...KNOWN, now, roster, inviteGraceDays: 0 };
    expect(whomOf(planAudit(members, keep, invites, [], rules), 'invitation', 'not-on-roster')).toEqual([
      'new@acme.test',
    ]);
  });

  it('counts the entries of a person that have not expired', () => {
    expect(membersWhy(plan([{ name: 'carol', until: '2027-03-01' }, { name: 'carol' }]), 'on-roster')).toContain(
      'carol',
    );
  });

  it('lowers a member to the role an entry left allows, marked with the day the one allowing more expired', () => {
    const lowered = plan([
      { name: 'carol', until: '2027-03-02' },
      { name: 'carol', role: 'viewer', until: '2027-03-20' },
      { name: 'carol', role: 'member' },
    ]);
    expect(rowsWhere(lowered, { what: 'member', why: 'above-role' })).toEqual([
      {
        what: 'member',
        whom: members[2],
        why: 'above-role',
        action: 'demote',
        allowed: 'member',
        expired: '2027-03-02',
      },
    ]);
  });

  it('gives a notice for each entry or team line expiring within 14 days or expired, by day; expired ones are drift', () => {
    const soon = plan([
      { name: 'carol', until: '2027-04-14' },
      { name: 'carol', role: 'viewer', until: '2027-04-15' },
      { name: 'dan', until: '2027-04-01', team: 'acme-gh/contractors' },
      { name: 'eve', until: '2027-04-01', team: 'acme-gh/contractors' },
    ]);
    expect(rowsWhere(soon, { action: 'notice' })).toEqual([
      {
        what: 'roster-entry',
        whom: 'acme-gh/contractors',
        why: 'expires-soon',
        action: 'notice',
        until: '2027-04-01',
        daysLeft: 1,
      },
      { what: 'roster-entry', whom: 'carol', why: 'expires-soon', action: 'notice', until: '2027-04-14', daysLeft: 14 },
    ]);
    expect(hasDrift(soon)).toBe(false);
    const gone = plan([{ name: 'ghost', until: '2027-03-30' }]);
    expect(rowsWhere(gone, { action: 'notice' })).toEqual([
      { what: 'roster-entry', whom: 'ghost', why: 'expired', action: 'notice', until: '2027-03-30' },
    ]);
    expect(whomOf(gone, 'roster-entry', 'not-a-member')).toEqual([]);
    expect(hasDrift(gone)).toBe(true);
  });
});
