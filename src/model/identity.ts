/**
 * Who a name is. Every name the action acts on (an entry of `username` or of a roster, a token's
 * owner, the token's own user) is resolved here, one way for every mode: to exactly one listed
 * member, to no member (a username is then sent as given, and the API's own answer decides), or
 * refused with the reason. Names are compared by nameKey (without case, in Unicode's composed
 * form), so a name that several members share that way (`Alice` and `alice`) names none of
 * them, even when spelled exactly as one: which of them someone meant cannot be told.
 */
import { isEmail, nameKey, pathSegmentProblem, sameName, visibleName } from './names.ts';
import type { Directory, ListedMember, OrganizationToken, TokenUser } from './organization.ts';

export type Resolution =
  | { kind: 'member'; member: ListedMember }
  /** No listed member: the username to send as given, and the email it goes by, when known. */
  | { kind: 'unlisted'; username: string; email?: string }
  /** The name points at several people, or the lists disagree about it. */
  | { kind: 'refused'; reason: string }
  /** An email no one shows, while some members show none: whether it is a member cannot be told. */
  | { kind: 'unknown'; reason: string };

/** The listings read once, and every name resolved against them. */
export class Resolver {
  /** Members by the nameKey of their username. */
  readonly #members = new Map<string, ListedMember[]>();
  /** Token owners by the nameKey of their username: the spellings shown, and their emails by nameKey. */
  readonly #owners = new Map<string, { spellings: Set<string>; emails: Map<string, string> }>();
  /** The usernames shown with each email (by its nameKey), as members and token owners spell them. */
  readonly #shownWith = new Map<string, Set<string>>();
  readonly #withoutEmail: number;
  /** personKey's answers, since token ownership asks it once per person and token. */
  readonly #personKeys = new Map<string, string>();

  constructor(members: readonly ListedMember[], tokens: readonly OrganizationToken[] = []) {
    for (const member of members) {
      const key = nameKey(member.username);
      const sameKey = this.#members.get(key);
      if (sameKey === undefined) this.#members.set(key, [member]);
      else sameKey.push(member);
      this.#shows(member.email, member.username);
    }
    for (const { owner } of tokens) {
      if (owner?.username === undefined) continue;
      const key = nameKey(owner.username);
      const known = this.#owners.get(key) ?? { spellings: new Set<string>(), emails: new Map<string, string>() };
      known.spellings.add(owner.username);
      if (owner.email !== undefined) known.emails.set(nameKey(owner.email), owner.email);
      this.#owners.set(key, known);
      this.#shows(owner.email, owner.username);
    }
    this.#withoutEmail = members.filter((m) => m.email === undefined).length;
  }

  #shows(email: string | undefined, username: string): void {
    if (email === undefined) return;
    const key = nameKey(email);
    this.#shownWith.set(key, (this.#shownWith.get(key) ?? new Set()).add(username));
  }

  /** Who an entry names: by email when it is one, else by username. */
  resolve(name: string): Resolution {
    return isEmail(name) ? this.#byEmail(name) : this.resolveUsername(name);
  }

  /** Who a username is: the one member it names, or a name no member has, whose token owners pair it with one email at most. */
  resolveUsername(username: string): Exclude<Resolution, { kind: 'unknown' }> {
    const key = nameKey(username);
    const members = this.#members.get(key) ?? [];
    if (members.length > 1) {
      return {
        kind: 'refused',
        reason: `${username} matches ${members.length} members, ${members.map((m) => m.username).join(', ')} (names are compared without case), so which one is meant cannot be told: nothing of theirs is touched; tell them apart in Turso`,
      };
    }
    const [member] = members;
    const owner = this.#owners.get(key);
    const emails = new Map(owner?.emails);
    if (member?.email !== undefined) emails.set(nameKey(member.email), member.email);
    if (emails.size > 1) {
      return {
        kind: 'refused',
        reason: `the member list and the token owners pair ${username} with different emails (${[...emails.values()].join(', ')}), so who ${username} is cannot be told: nothing of theirs is touched`,
      };
    }
    if (member !== undefined) return { kind: 'member', member };
    const spellings = [...(owner?.spellings ?? [])];
    if (spellings.length > 1) {
      return {
        kind: 'refused',
        reason: `${username} matches token owners ${spellings.join(', ')} (names are compared without case), so which one is meant cannot be told: nothing of theirs is touched`,
      };
    }
    const problem = pathSegmentProblem(username);
    if (problem !== undefined) {
      return {
        kind: 'refused',
        reason: `the username "${visibleName(username)}" cannot be sent in a request: it ${problem}`,
      };
    }
    const [email] = emails.values();
    return email === undefined ? { kind: 'unlisted', username } : { kind: 'unlisted', username, email };
  }

  /** Who an email is: the one person (a member, or a token owner no member is) who shows it. */
  #byEmail(email: string): Resolution {
    const people = new Map<string, ResolvedPerson>();
    for (const username of this.#shownWith.get(nameKey(email)) ?? []) {
      const person = this.resolveUsername(username);
      if (person.kind === 'refused') {
        return { kind: 'refused', reason: `cannot tell who ${email} is: ${person.reason}` };
      }
      people.set(personKey(person), person);
    }
    if (people.size > 1) {
      return {
        kind: 'refused',
        reason: `cannot tell who ${email} is: it is the email of ${[...people.values()].map(shownName).join(', ')} (a shared mailbox); name the person by username`,
      };
    }
    const [person] = people.values();
    if (person?.kind === 'member')
      return { kind: 'member', member: { ...person.member, email: person.member.email ?? email } };
    if (person !== undefined) return { kind: 'unlisted', username: person.username, email };
    if (this.#withoutEmail > 0) {
      return {
        kind: 'unknown',
        reason: `cannot tell whether ${email} is a member: ${this.#withoutEmail} member(s) show no email`,
      };
    }
    return { kind: 'unlisted', username: email, email };
  }

  /**
   * One key per person: a member's username as listed, a name no member has without case; a
   * refused name is only ever itself, as spelled.
   */
  personKey(username: string): string {
    let key = this.#personKeys.get(username);
    if (key === undefined) {
      const person = this.resolveUsername(username);
      key = person.kind === 'refused' ? `as spelled:${username}` : personKey(person);
      this.#personKeys.set(username, key);
    }
    return key;
  }

  /** True when the two usernames are one person: one member, or one name no member has. */
  samePerson(a: string, b: string): boolean {
    return this.personKey(a) === this.personKey(b);
  }

  /** The people who show the email, each once, by the name they are listed under. */
  emailHolders(email: string | undefined): string[] {
    if (email === undefined) return [];
    const holders: string[] = [];
    for (const username of this.#shownWith.get(nameKey(email)) ?? []) {
      if (!holders.some((h) => this.samePerson(h, username))) {
        const person = this.resolveUsername(username);
        holders.push(person.kind === 'member' ? person.member.username : username);
      }
    }
    return holders;
  }

  /** Who else shows the person's email, besides the person: empty when the email is theirs alone. */
  othersWithEmail(person: { username: string; email?: string | undefined }): string[] {
    return this.emailHolders(person.email).filter((h) => !this.samePerson(h, person.username));
  }
}

/** One resolver per directory read (what of it was read), however many people are checked against it. */
const resolvers = new WeakMap<Directory, Resolver>();

export function directoryResolver(directory: Directory): Resolver {
  let resolver = resolvers.get(directory);
  if (resolver === undefined) {
    const { members, tokens } = directory;
    resolver = new Resolver(members.kind === 'read' ? members.items : [], tokens.kind === 'read' ? tokens.items : []);
    resolvers.set(directory, resolver);
  }
  return resolver;
}

type ResolvedPerson = Resolution & { kind: 'member' | 'unlisted' };

/** One key per person: a member's username as listed, or a name no member has, without case. */
function personKey(person: ResolvedPerson): string {
  return person.kind === 'member' ? `member:${person.member.username}` : `unlisted:${nameKey(person.username)}`;
}

function shownName(person: ResolvedPerson): string {
  return person.kind === 'member' ? person.member.username : person.username;
}

/**
 * Whether the person is the user whose token runs the action: the one rule for every mode. Their
 * username without case, or an email only that user shows (`claimable`: the person's email when
 * it is theirs alone). Never by an email that others share: a shared mailbox is not the token's user.
 */
export function isTokenUser(
  person: { username: string; claimable?: string | undefined },
  tokenUser: TokenUser,
): boolean {
  return sameName(person.username, tokenUser.username) || sameName(person.claimable, tokenUser.email);
}

/**
 * Why the person must not be removed or changed as the token's possible user, or undefined.
 * When Get Current User could not be read, any admin or owner may be that user, and so may
 * anyone at all when the member list, which shows the roles, could not be read either
 * (`membersUnread`: why not).
 */
export function tokenUserProtection(
  person: { username: string; claimable?: string | undefined; role?: string | undefined },
  tokenUser: TokenUser | undefined,
  membersUnread: string | undefined,
): string | undefined {
  if (tokenUser !== undefined) {
    return isTokenUser(person, tokenUser) ? 'this is the user whose token runs the action' : undefined;
  }
  const { role } = person;
  if (role === 'admin' || role === 'owner') {
    return 'Get Current User could not be read, and any admin or owner may be the user whose token runs the action';
  }
  if (membersUnread !== undefined) {
    return `${membersUnread}; and Get Current User could not be read, so anyone may be an admin or owner whose token runs the action`;
  }
  return undefined;
}
