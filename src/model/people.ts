/** The people a run offboards: what is planned for each, and what became of it. */
import type { OrganizationToken } from './organization.ts';
import type { IfNotMember } from './settings.ts';

export type ResultKind = 'removed' | 'not-member' | 'would-remove' | 'failed';
export type InviteResult = 'revoked' | 'none' | 'would-revoke' | 'skipped' | 'unavailable' | 'failed';
export type MembershipResult = 'removed' | 'would-remove' | 'not-member' | 'none' | 'failed';

export interface TokenResult {
  id: string;
  name: string;
  result: 'revoked' | 'would-revoke' | 'failed';
}

export interface PersonResult {
  /** The Turso username, or the entry as given when no member matched it. */
  username: string;
  result: ResultKind;
  email?: string;
  /** The `member` value the API returned; set only when the membership was removed. */
  member?: string;
  role?: string;
  membership: MembershipResult;
  invite: InviteResult;
  tokens: TokenResult[];
  /** Why the person is not (wholly) offboarded: the API's message, or what went wrong. */
  error?: string;
  /** Attempts of the membership request. */
  attempts?: number;
  /** Something that happened but deserves a second look (e.g. an incomplete answer). */
  warning?: string;
}

/** What to do about one person, decided from the inputs and the directory. */
export interface PersonPlan {
  username: string;
  email?: string;
  role?: string;
  /**
   * `listed`: a member as listed, removed without asking first; `ask-api`: not found in the
   * list, so Remove Member (Retrieve Member in a dry run) is sent and the API's answer decides;
   * `none`: no membership, and why; `failed`: it could not be found out.
   */
  membership:
    { kind: 'listed' } | { kind: 'ask-api' } | { kind: 'none'; reason: string } | { kind: 'failed'; problem: string };
  invites:
    | { kind: 'skipped' }
    | { kind: 'unavailable' }
    | { kind: 'failed'; problem: string }
    | { kind: 'found'; emails: string[] };
  tokens: { kind: 'failed'; problem: string } | { kind: 'found'; tokens: OrganizationToken[] };
}

/** True when this result makes the step fail. */
export function isFailure(result: PersonResult, ifNotMember: IfNotMember): boolean {
  return result.result === 'failed' || (result.result === 'not-member' && ifNotMember === 'error');
}

export interface RotationResult {
  group: string;
  result: 'rotated' | 'failed';
  error?: string;
}
