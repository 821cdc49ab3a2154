/**
 * The access review as CSV (RFC 4180): one row per account (member, invitation, token) with the
 * columns an access review asks for. Every cell is quoted, and one a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'`, the
 * OWASP rule, so that it opens as text.
 */
import type { AccessReview, Finding, ReviewMember, ReviewToken } from './access-review.ts';

export const CSV_COLUMNS = [
  'account',
  'owner email',
  'kind',
  'role',
  'status',
  'created',
  'last activity',
  'on the roster',
  'finding',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

/** One cell: quoted, its quotes doubled, a formula's first character made text. */
export function csvCell(text: string): string {
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${inert.replace(/"/g, '""')}"`;
}

/** The whole file: a header and one row per account, each line ended by CRLF. */
export function reviewCsv(review: AccessReview): string {
  const findings = findingsByAccount(review.findings);
  const rows = [
    ...review.members.map((member) => memberRow(member, findings)),
    ...(review.invitations === 'unavailable' ? [] : review.invitations).map((invitation): Row => ({
      account: invitation.email,
      'owner email': invitation.email,
      kind: 'invitation',
      role: invitation.role ?? '',
      status: 'pending',
      created: invitation.createdAt ?? '',
      'last activity': '',
      'on the roster': invitation.onRoster === null ? 'no roster given' : invitation.onRoster ? 'yes' : 'no',
      finding: findings(`invitation ${invitation.email}`),
    })),
    ...review.members.flatMap((member) =>
      member.tokens.map((token) =>
        tokenRow(token, 'owner is a member', member.roster === null ? '' : onRoster(member), findings),
      ),
    ),
    ...review.tokensWithoutMember.map((token) => tokenRow(token, 'owner is not a member', '', findings)),
  ];
  return [CSV_COLUMNS.map(csvCell), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])))]
    .map((cells) => `${cells.join(',')}\r\n`)
    .join('');
}

/** The findings of each account, joined: by `<kind> <account>`. */
function findingsByAccount(findings: readonly Finding[]): (key: string) => string {
  const byAccount = new Map<string, string[]>();
  for (const { kind, account, finding } of findings) {
    const key = `${kind} ${account}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), finding]);
  }
  return (key) => (byAccount.get(key) ?? []).join('; ');
}

function onRoster(member: ReviewMember): string {
  if (member.roster === null) return 'no roster given';
  if (!member.roster.named) return 'no';
  return member.roster.role === 'any' ? 'yes' : `yes, up to ${member.roster.role}`;
}

function memberRow(member: ReviewMember, findings: (key: string) => string): Row {
  return {
    account: member.username,
    'owner email': member.email ?? '',
    kind: 'member',
    role: member.role,
    status: 'active',
    created: member.joined ?? '',
    'last activity': member.lastActivity ?? '',
    'on the roster': onRoster(member),
    finding: findings(`member ${member.username}`),
  };
}

function tokenRow(token: ReviewToken, status: string, ownerOnRoster: string, findings: (key: string) => string): Row {
  return {
    account: token.name,
    'owner email': token.owner?.email ?? '',
    kind: 'token',
    role: token.group === null ? 'organization' : `group ${token.group}: ${(token.scopes ?? []).join(' ')}`,
    status,
    created: token.created ?? '',
    // The API keeps no last use of a token.
    'last activity': '',
    'on the roster': ownerOnRoster,
    finding: findings(`token ${token.id}`),
  };
}
