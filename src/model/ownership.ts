/**
 * Whose a token or an invitation is. A token's owner is matched by username first: an owner
 * shown with a username is that user's, whatever email it shows. An email ties something to a
 * person only when it is theirs alone: a shared mailbox (two members, or a member and a departed
 * token owner, showing one email) claims nothing by itself, and what it would claim is reported.
 */
import { nameKey, sameName } from './names.ts';
import type { ListedMember, OrganizationToken } from './organization.ts';

/** The usernames (each once, without regard to case) of the members and token owners that show this email. */
export function emailHolders(
  email: string | undefined,
  members: readonly ListedMember[],
  tokens: readonly OrganizationToken[],
): string[] {
  return emailHolderIndex(members, tokens)(email);
}

/** emailHolders for any email, the members and tokens read once for all the emails looked up. */
export function emailHolderIndex(
  members: readonly ListedMember[],
  tokens: readonly OrganizationToken[],
): (email: string | undefined) => string[] {
  const byEmail = new Map<string, string[]>();
  const shows = (email: string | undefined, username: string | undefined) => {
    if (email === undefined || username === undefined) return;
    const holders = byEmail.get(nameKey(email)) ?? [];
    if (!holders.some((h) => sameName(h, username))) holders.push(username);
    byEmail.set(nameKey(email), holders);
  };
  for (const member of members) shows(member.email, member.username);
  for (const token of tokens) shows(token.owner?.email, token.owner?.username);
  return (email) => (email === undefined ? [] : [...(byEmail.get(nameKey(email)) ?? [])]);
}

/** Who else shows the person's email, besides the person: empty when the email is theirs alone. */
export function othersWithEmail(
  person: { username: string; email?: string | undefined },
  holders: (email: string | undefined) => string[],
): string[] {
  return holders(person.email).filter((h) => !sameName(h, person.username));
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
