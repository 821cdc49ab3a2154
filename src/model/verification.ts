/** What a second read of the organization says of a person: what of theirs is still listed. */
import { sameName } from './names.ts';
import type { Directory } from './organization.ts';

/** The person as the run resolved them, with the tokens the run acted on. */
export interface Identity {
  username: string;
  email?: string;
  tokens?: readonly { id: string }[];
}

/** Each thing of the person's the directory still lists, in words (empty: gone from every list read). */
export function stillListed(person: Identity, directory: Directory): string[] {
  const acted = new Set((person.tokens ?? []).map((t) => t.id));
  const theirs = (name: string | undefined) => sameName(name, person.username) || sameName(name, person.email);
  const { members, invites, tokens } = directory;
  return [
    ...(members.kind === 'read' ? members.items : [])
      .filter((m) => theirs(m.username) || theirs(m.email))
      .map((m) => `membership of ${m.username}`),
    ...(invites.kind === 'read' ? invites.items : [])
      .filter((i) => sameName(i.email, person.email) || sameName(i.email, person.username))
      .map((i) => `invitation for ${i.email}`),
    ...(tokens.kind === 'read' ? tokens.items : [])
      // By id too: a token may stop showing its owner once the owner has left.
      .filter((t) => acted.has(t.id) || theirs(t.owner?.username) || theirs(t.owner?.email))
      .map((t) => `token ${t.name} (${t.id})`),
  ];
}
