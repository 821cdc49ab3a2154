/** What a second read of the organization says of a person: what of theirs is still listed. */
import { directoryResolver } from './identity.ts';
import { sameName } from './names.ts';
import type { Directory } from './organization.ts';
import { claimableEmail, ownsToken, type Claimant } from './ownership.ts';

/** The person as the run resolved them, with the tokens it acted on and the requests it sent. */
export interface PersonActedOn extends Claimant {
  tokens?: readonly { id: string }[];
  actions?: readonly { kind: string; target: string }[];
}

/**
 * Each thing of the person's the directory still lists, in words (empty: gone from every list
 * read). A member is found by their username without case, as every name is resolved: a member
 * listed now under another case of it may be them, so it is no proof that they are gone. Their
 * email counts only when it is theirs alone: a shared mailbox never blames them for what another
 * person who shows it still has.
 */
export function stillListed(person: PersonActedOn, directory: Directory): string[] {
  const acted = new Set((person.tokens ?? []).map((t) => t.id));
  const invited = (person.actions ?? []).filter((a) => a.kind === 'invitation').map((a) => a.target);
  const email = claimableEmail(person);
  const { members, invites, tokens } = directory;
  const memberItems = members.kind === 'read' ? members.items : [];
  const tokenItems = tokens.kind === 'read' ? tokens.items : [];
  return [
    ...memberItems
      .filter((m) => sameName(m.username, person.username) || sameName(m.email, email))
      .map((m) => `membership of ${m.username}`),
    ...(invites.kind === 'read' ? invites.items : [])
      .filter((i) => sameName(i.email, email) || invited.some((target) => sameName(target, i.email)))
      .map((i) => `invitation for ${i.email}`),
    ...tokenItems
      // By id too: a token may stop showing its owner once the owner has left.
      // The resolver only where a token is listed: building one for 15,000 members costs.
      .filter((t) => acted.has(t.id) || ownsToken(person, t, directoryResolver(directory)))
      .map((t) => `token ${t.name} (${t.id})`),
  ];
}

/**
 * Whether the directory lists what `action` named: the invitation by its email, the token by
 * its id (a token may stop showing its owner); undefined when it did not read that list.
 */
function listsNow(action: { kind: string; target: string }, directory: Directory): boolean | undefined {
  const { invites, tokens } = directory;
  switch (action.kind) {
    case 'invitation':
      return invites.kind === 'read' ? invites.items.some((i) => sameName(i.email, action.target)) : undefined;
    case 'token':
      return tokens.kind === 'read' ? tokens.items.some((t) => t.id === action.target) : undefined;
    default:
      return undefined;
  }
}

/** True when the directory read the list of what `action` named and no longer lists it. */
export const showsGone = (action: { kind: string; target: string }, directory: Directory): boolean =>
  listsNow(action, directory) === false;

/** True when the directory read the list of what `action` named and still lists it. */
export const showsListed = (action: { kind: string; target: string }, directory: Directory): boolean =>
  listsNow(action, directory) === true;
