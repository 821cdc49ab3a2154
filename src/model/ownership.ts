/**
 * Whose a token or an invitation is. A token's owner is matched by username first: an owner
 * shown with a username is that user's, whatever email it shows. An email ties something to a
 * person only when it is theirs alone: a shared mailbox (two members, or a member and a departed
 * token owner, showing one email) claims nothing by itself, and what it would claim is reported.
 */
import { sameName } from './names.ts';
import type { ListedMember, OrganizationToken } from './organization.ts';

/** The usernames (each once, without regard to case) of the members and token owners that show this email. */
export function emailHolders(
  email: string | undefined,
  members: readonly ListedMember[],
  tokens: readonly OrganizationToken[],
): string[] {
  if (email === undefined) return [];
  const holders: string[] = [];
  const shown = [
    ...members.filter((m) => sameName(m.email, email)).map((m) => m.username),
    ...tokens.flatMap((t) =>
      sameName(t.owner?.email, email) && t.owner?.username !== undefined ? [t.owner.username] : [],
    ),
  ];
  for (const username of shown) if (!holders.some((h) => sameName(h, username))) holders.push(username);
  return holders;
}

/** Who else shows the person's email, besides the person: empty when the email is theirs alone. */
export function othersWithEmail(
  person: { username: string; email?: string | undefined },
  members: readonly ListedMember[],
  tokens: readonly OrganizationToken[],
): string[] {
  return emailHolders(person.email, members, tokens).filter((h) => !sameName(h, person.username));
}

/** A person as things are claimed for them: `emailAlsoShownBy` set means the email claims nothing alone. */
export interface Claimant {
  username: string;
  email?: string | undefined;
  emailAlsoShownBy?: readonly string[] | undefined;
}

/** The person's email when it is theirs alone, the one an invitation or token owner may be matched by. */
export function claimableEmail(person: Claimant): string | undefined {
  return person.emailAlsoShownBy === undefined || person.emailAlsoShownBy.length === 0 ? person.email : undefined;
}

/** True when the token is the person's: by its owner's username when shown, else by an email theirs alone. */
export function ownsToken(person: Claimant, token: OrganizationToken): boolean {
  const { owner } = token;
  if (owner?.username !== undefined) return sameName(owner.username, person.username);
  return sameName(owner?.email, claimableEmail(person));
}

/**
 * What only the person's shared email points at, so that it cannot be told to be theirs: the
 * invitations for it, and the tokens whose owner shows it without a username. Empty when the
 * email is theirs alone.
 */
export function sharedEmailClaims(
  person: Claimant,
  invites: readonly { email: string }[],
  tokens: readonly OrganizationToken[],
): string[] {
  if (claimableEmail(person) !== undefined || person.email === undefined) return [];
  const { email } = person;
  return [
    ...invites.filter((i) => sameName(i.email, email)).map((i) => `the invitation for ${i.email}`),
    ...tokens
      .filter((t) => t.owner?.username === undefined && sameName(t.owner?.email, email))
      .map((t) => `token ${t.name} (owner ${email})`),
  ];
}
