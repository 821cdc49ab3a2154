import { describe, expect, it } from 'vitest';
import { accessReview, type ReviewFacts } from '../../src/model/access-review.ts';
import { csvCell, reviewCsv } from '../../src/model/review-csv.ts';
import { rosterFile } from '../../src/model/roster-file.ts';

const NOW = new Date('2026-12-07T12:00:00Z');
const DAY_MS = 86_400_000;

function facts(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    org: 'acme',
    generatedAt: NOW,
    settings: { type: 'team', requireMfa: true },
    members: [{ username: 'ann', role: 'admin', email: 'ann@acme.test' }],
    invites: [],
    tokens: [],
    tokenUser: undefined,
    auditLog: [{ code: 'db-create', message: '', author: 'ANN', createdAt: '2026-12-01T00:00:00Z', data: {} }],
    roster: undefined,
    inactiveDays: 90,
    inviteGraceDays: 7,
    ...overrides,
  };
}

const kinds = (review: ReturnType<typeof accessReview>) => review.findings.map((f) => `${f.finding} ${f.account}`);

describe('accessReview', () => {
  it('finds no one inactive with an entry as author (compared without case) within the window', () => {
    expect(kinds(accessReview(facts()))).toEqual([]);
    const late = facts({ inactiveDays: 5 });
    expect(kinds(accessReview(late))).toEqual(['inactive ann']);
  });

  it('finds an invitation only once it is older than invite-grace-days, and never an undated one', () => {
    const invites = [
      { email: 'at@acme.test', createdAt: NOW.getTime() - 7 * DAY_MS },
      { email: 'past@acme.test', createdAt: NOW.getTime() - 8 * DAY_MS },
      { email: 'undated@acme.test' },
    ];
    expect(kinds(accessReview(facts({ invites })))).toEqual(['old-invitation past@acme.test']);
  });

  it("ties a token to a member by the owner's username, or failing that the email; any other token has no member", () => {
    const tokens = [
      { id: 't1', name: 'by-email', owner: { email: 'ANN@acme.test' }, group: 'g', scopes: ['read'] },
      { id: 't2', name: 'nobody', group: 'g', scopes: ['read-only'] },
    ];
    const review = accessReview(facts({ tokens }));
    expect(review.members[0]?.tokens.map((t) => t.id)).toEqual(['t1']);
    expect(review.tokensWithoutMember.map((t) => t.id)).toEqual(['t2']);
    expect(kinds(review)).toEqual(['token-owner-not-member t2']);
  });

  it('finds full access in a token without scopes, with empty scopes, or with full-access', () => {
    const tokens = [
      { id: 'org', name: 'org', owner: { username: 'ann' } },
      { id: 'empty', name: 'empty', owner: { username: 'ann' }, group: 'g', scopes: [] },
      { id: 'full', name: 'full', owner: { username: 'ann' }, group: 'g', scopes: ['full-access'] },
      { id: 'read', name: 'read', owner: { username: 'ann' }, group: 'g', scopes: ['read-only'] },
    ];
    expect(kinds(accessReview(facts({ tokens })))).toEqual([
      'full-access-token org',
      'full-access-token empty',
      'full-access-token full',
    ]);
  });

  it('finds a role above the roster only above it, not at or below it', () => {
    const members = [
      { username: 'ann', role: 'admin' },
      { username: 'bob', role: 'viewer' },
      { username: 'cy', role: 'member' },
    ];
    const roster = {
      keep: ['ann', 'bob', 'cy'],
      roster: [
        { name: 'ann', role: 'member' as const },
        { name: 'bob', role: 'member' as const },
        { name: 'cy', role: 'member' as const },
      ],
      teamLogins: [],
    };
    const review = accessReview(facts({ members, roster, auditLog: { unavailable: '403' } }));
    expect(kinds(review)).toEqual(['role-above-roster ann']);
  });
});

describe('the CSV', () => {
  it.each([
    ['=1+2', `"'=1+2"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@a', `"'@a"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['a "b"', '"a ""b"""'],
    ['a,b', '"a,b"'],
    ['plain', '"plain"'],
    ['', '""'],
  ])('writes %j as %s', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('ends every record with CRLF', () => {
    const csv = reviewCsv(accessReview(facts()));
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('the roster file', () => {
  it('writes a name the roster cannot hold as a comment, and a role it cannot give not at all', () => {
    const members = [
      { username: 'jane', role: 'owner' },
      { username: 'odd', role: 'superuser' },
      { username: 'a,b#c', role: 'member' },
    ];
    expect(
      rosterFile(accessReview(facts({ members })))
        .split('\n')
        .slice(1),
    ).toEqual([expect.stringMatching(/^# not a roster entry: a,bc /) as unknown, 'jane', 'odd', '']);
  });

  it('keeps a name with a line break inside its comment, so that it starts no roster line', () => {
    for (const username of ['x\nmallory admin', 'x\rmallory admin', 'x\r\nmallory admin']) {
      const lines = rosterFile(accessReview(facts({ members: [{ username, role: 'member' }] }))).split(/\r\n|\r|\n/);
      expect(lines.slice(1)).toEqual([expect.stringMatching(/^# not a roster entry: x<U\+000[AD]>/) as unknown, '']);
    }
  });
});
