/**
 * Whose a token or invitation is. A token whose owner shows a username is that person's, whoever
 * the username resolves to (identity.ts), whatever email it shows. An email ties something to a
 * person only when it is theirs alone: a shared mailbox (two members, or a member and a departed
 * token owner, showing one email) claims nothing by itself, and what it would claim is reported.
 */
import type { Resolver } from './identity.ts';
import { sameName } from './names.ts';
import type { OrganizationToken } from './organization.ts';

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
export function ownsToken(person: Claimant, token: OrganizationToken, resolver: Resolver): boolean {
  const { owner } = token;
  if (owner?.username !== undefined) return resolver.samePerson(owner.username, person.username);
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
