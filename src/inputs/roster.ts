/**
 * The roster of an audit as the inputs give it (keep, keep-file, keep-github-team) and the
 * names of `username`: each entry checked against the entry grammar, each problem naming the
 * input, and for a file the line.
 */
import * as core from '@actions/core';
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { entryTextProblem, nameProblem, rosterNameProblem } from '../model/entries.ts';
import { splitUntil } from '../model/expiry.ts';
import { givenNameProblem, visibleName } from '../model/names.ts';
import type { RemovalLimit } from '../model/removal-limit.ts';
import { isAssignable, readRole, type AssignableRole, type RosterEntry } from '../model/roles.ts';
import type { TeamRef } from '../model/settings.ts';
import { decimalDigits, listItems, parseList, type InputProblem, type Quote } from './values.ts';

/** A name of a list input, and for a file the file and the line it is on. */
interface ListedName {
  name: string;
  at?: { file: string; line: number };
}

/** Where an entry is, for a message: the file and line of a keep-file entry, nothing for an input's. */
const whereIs = ({ at }: ListedName) => (at === undefined ? '' : `${visibleName(at.file)}, line ${at.line}: `);

/** Checks each name against `rule` (a username or an email, and for a roster no bare role word). */
function checkedNames(
  input: string,
  names: ListedName[],
  problems: InputProblem[],
  rule: (name: string) => string | undefined,
  quote: Quote,
): string[] {
  for (const item of names) {
    const problem = nameMessage(item.name, rule);
    if (problem !== undefined) problems.push({ input, message: `${whereIs(item)}${quote(item.name)} ${problem}` });
  }
  return names.map(({ name }) => name);
}

/** Why a given name is no name a person meant, and the fix; undefined when it is one. */
function nameMessage(name: string, rule: (name: string) => string | undefined): string | undefined {
  if (name.startsWith('@')) {
    return 'starts with @, like a pasted handle; drop the @ and give the Turso username (or an email)';
  }
  const problem = givenNameProblem(name);
  if (problem === undefined) return entryTextProblem(name) ?? rule(name);
  const hint = / /.test(name.trim())
    ? 'separate usernames with commas or newlines, not spaces'
    : 'give Turso usernames or emails only';
  return `${problem}; ${hint}`;
}

/**
 * A roster entry's name, the role after it and the day it ends (`alice admin`, `bob@acme.test
 * viewer until 2027-03-31`), split on spaces and tabs; undefined, with the problem pushed, when
 * the role is not one the API can set or the `until` is not a calendar date.
 */
function splitRole(
  input: string,
  item: ListedName,
  problems: InputProblem[],
  quote: Quote,
): { name: string; role?: AssignableRole; until?: string } | undefined {
  const text = item.name;
  const refuse = (problem: string) => {
    problems.push({ input, message: `${whereIs(item)}${quote(text)}${problem}` });
    return undefined;
  };
  // Checked whole first: `Jane Doe <jane@acme.test>` is a mail header, not a name and a role.
  const shape = entryTextProblem(text);
  if (shape !== undefined) return refuse(` ${shape}`);
  const [name = '', ...words] = text.split(/[ \t]+/);
  const dating = splitUntil(words, quote);
  if ('problem' in dating) return refuse(`: ${dating.problem}`);
  const [written, ...rest] = dating.words;
  const dated = dating.until === undefined ? {} : { until: dating.until };
  if (written === undefined) return { name, ...dated };
  const role = rest.length === 0 ? readRole(written) : undefined;
  if (role === undefined) {
    return refuse(
      `: ${quote([written, ...rest].join(' '))} is not a role; after a name give admin, member or viewer (the highest role that person may hold), and separate names with commas or newlines`,
    );
  }
  if (!isAssignable(role)) {
    return refuse(
      ": owner cannot be a roster role: the API cannot make anyone an owner, and this action never changes an owner's role; drop the role (no role keeps any role), or give admin, member or viewer",
    );
  }
  return { name, role, ...dated };
}

/** The entries of keep or keep-file, each a checked name with the highest role it allows, if it gives one. */
function rosterEntries(input: string, listed: ListedName[], problems: InputProblem[], quote: Quote): RosterEntry[] {
  const split = listed.flatMap((item) => {
    const entry = splitRole(input, item, problems, quote);
    return entry === undefined ? [] : [{ ...entry, at: item.at }];
  });
  checkedNames(
    input,
    split.map(({ name, at }) => (at === undefined ? { name } : { name, at })),
    problems,
    rosterNameProblem,
    quote,
  );
  return split.map(({ name, role, until }) => ({
    name,
    ...(role !== undefined && { role }),
    ...(until !== undefined && { until }),
  }));
}

/** The names of `username` (required), each checked. */
export function readUsernames(problems: InputProblem[], quote: Quote): string[] {
  const raw = core.getInput('username');
  const names = checkedNames(
    'username',
    parseList(raw).map((name) => ({ name })),
    problems,
    nameProblem,
    quote,
  );
  // A username of only separators (an expression that came out empty) names nobody: never a run that does nothing.
  if (names.length === 0) {
    problems.push({
      input: 'username',
      message: `${raw === '' ? 'is required' : 'names nobody (it holds only separators)'}: give one or more usernames or emails, separated by newlines or commas`,
    });
  }
  return names;
}

/**
 * The names of a keep file: one a line or several separated by commas (as `keep` reads them, and
 * as a CSV export writes them), blank lines and `#` comments (whole-line or trailing) ignored;
 * Windows line endings and a UTF-8 byte-order mark read like their plain twins.
 */
function readKeepFile(path: string, env: NodeJS.ProcessEnv, problems: InputProblem[]): ListedName[] {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const outside = (root: string, target: string) => {
    const inside = relative(root, target);
    // `..roster` is a file inside; only a first segment of exactly `..` leads out.
    return inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  };
  const refuse = () => {
    problems.push({
      input: 'keep-file',
      message: `"${path}" is outside the workspace; give a path inside the repository`,
    });
    return [];
  };
  if (outside(workspace, resolve(workspace, path))) return refuse();
  let file: string;
  try {
    file = realpathSync(resolve(workspace, path));
  } catch {
    problems.push({
      input: 'keep-file',
      message: `"${path}" does not exist in the workspace; check the path (and that the repository is checked out)`,
    });
    return [];
  }
  // A symbolic link inside the workspace must not lead outside it either.
  const realWorkspace = realpathSync(workspace);
  if (outside(realWorkspace, file)) return refuse();
  // Git's own files (a checkout's config holds the credential header) are never a roster.
  // By any case: a case-insensitive file system (macOS, Windows runners) finds it so.
  if (
    relative(realWorkspace, file)
      .split(sep)
      .some((segment) => segment.toLowerCase() === '.git')
  ) {
    problems.push({
      input: 'keep-file',
      message: `"${visibleName(path)}" is, or links to, a file under .git; give the roster file of the repository`,
    });
    return [];
  }
  try {
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/);
    return lines.flatMap((text, index) =>
      listItems(text.replace(/#.*$/, '')).map((name) => ({ name, at: { file: path, line: index + 1 } })),
    );
  } catch (error) {
    problems.push({
      input: 'keep-file',
      message: `"${path}" could not be read (${error instanceof Error ? error.message : String(error)})`,
    });
    return [];
  }
}

/** `org/team-slug` entries of keep-github-team, each optionally followed by the highest role its members may hold. */
function readTeams(problems: InputProblem[], quote: Quote): TeamRef[] {
  return parseList(core.getInput('keep-github-team')).flatMap((text) => {
    const entry = splitRole('keep-github-team', { name: text }, problems, quote);
    if (entry === undefined) return [];
    const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9_.-]+)$/.exec(entry.name);
    if (match?.[1] === undefined || match[2] === undefined) {
      problems.push({
        input: 'keep-github-team',
        message: `${quote(entry.name)} is not org/team-slug; give the organization and the team's slug, e.g. mycompany/engineering`,
      });
      return [];
    }
    const team: TeamRef = { org: match[1], slug: match[2] };
    if (entry.role !== undefined) team.role = entry.role;
    if (entry.until !== undefined) team.until = entry.until;
    return [team];
  });
}

/** max-removals: a number (`10`), a share of the members (`10%`), or one of each (`10, 5%`). */
export function readRemovalLimit(raw: string, problems: InputProblem[], quote: Quote): RemovalLimit {
  const limit: RemovalLimit = {};
  const parts = parseList(raw);
  for (const part of parts) {
    const percent = part.endsWith('%');
    const value = decimalDigits(percent ? part.slice(0, -1) : part);
    if (value === undefined) return refuseRemovalLimit(raw, problems, quote);
    if (!percent && limit.count === undefined && value <= 100_000) limit.count = value;
    else if (percent && limit.percent === undefined && value <= 100) limit.percent = value;
    else return refuseRemovalLimit(raw, problems, quote);
  }
  return parts.length === 0 ? refuseRemovalLimit(raw, problems, quote) : limit;
}

function refuseRemovalLimit(raw: string, problems: InputProblem[], quote: Quote): RemovalLimit {
  problems.push({
    input: 'max-removals',
    message: `${quote(raw)} is not a number of deletions from 0 to 100000 (e.g. 10), a share of the members from 0% to 100% (e.g. 10%), or one of each (e.g. 10, 5%); set it to one`,
  });
  return { count: 0 };
}

/** The roster of an audit: keep and keep-file merged, the teams apart (read when the audit runs). */
export interface RosterInputs {
  keep: string[];
  roster: RosterEntry[];
  githubTeams: TeamRef[];
}

/** keep, keep-file and keep-github-team, each checked; all may be empty (a report without a roster). */
export function readRosterEntries(env: NodeJS.ProcessEnv, problems: InputProblem[], quote: Quote): RosterInputs {
  const keepFile = core.getInput('keep-file');
  const githubTeams = readTeams(problems, quote);
  const roster = [
    ...rosterEntries(
      'keep',
      parseList(core.getInput('keep')).map((name) => ({ name })),
      problems,
      quote,
    ),
    ...(keepFile === '' ? [] : rosterEntries('keep-file', readKeepFile(keepFile, env, problems), problems, quote)),
  ];
  return { keep: [...new Set(roster.map((entry) => entry.name))], roster, githubTeams };
}

/** keep, keep-file and keep-github-team; at least one must name someone. */
export function readRoster(env: NodeJS.ProcessEnv, problems: InputProblem[], quote: Quote): RosterInputs {
  const { keep, roster, githubTeams } = readRosterEntries(env, problems, quote);
  const keepFile = core.getInput('keep-file');
  const keepProblem = problems.some((p) => p.input === 'keep-file' || p.input === 'keep-github-team');
  if (keep.length === 0 && githubTeams.length === 0 && !keepProblem) {
    problems.push({
      input: keepFile === '' ? 'keep' : 'keep-file',
      message: 'the keep list is empty, and an audit with it would remove every member; list the people who stay',
    });
  }
  return { keep, roster, githubTeams };
}
