/**
 * Reads the action's inputs once into a typed settings object. Every problem is collected, so
 * a user sees all of them in one run, and nothing is sent before they are fixed.
 */
import * as core from '@actions/core';
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { entryExcerpt, entryTextProblem, nameProblem, rosterNameProblem } from '../model/entries.ts';
import { givenNameProblem, visibleName } from '../model/names.ts';
import type { ApprovalPolicy } from '../model/approval.ts';
import type { RemovalLimit } from '../model/removal-limit.ts';
import { isAssignable, readRole, type AssignableRole, type RosterEntry } from '../model/roles.ts';
import type { Redactor } from '../model/safe-text.ts';
import type { IfNotMember, RunMode, RunSettings, TeamRef } from '../model/settings.ts';

export interface Inputs {
  org: string;
  mode: RunMode;
  token: string;
  apiUrl: URL;
  /** Only plan: with the event and the approvals, it makes the run's policy. */
  dryRun: boolean;
  /** How the mode is carried out, but for the run's policy (decided once the approvals are read). */
  settings: Omit<RunSettings, 'policy'>;
  /** Groups whose database auth tokens are rotated after a run that removed a membership. */
  rotateGroupTokens: string[];
  /** For keep-github-team and drift-issue; empty when neither is used. */
  githubToken: string;
  retries: number;
  requestTimeoutMs: number;
  /** Turso requests on the wire at once. */
  concurrency: number;
  /** Audits on a pull request: write the plan as a comment on it. */
  prComment: boolean;
  /** Look up who approved the run, and with `require` refuse a run nobody else approved. */
  approval: ApprovalPolicy;
  /** The environment whose reviewers' approvals count; '' when environment approvals do not. */
  approvalEnvironment: string;
  /** A ticket or change number that travels with the run, as given. */
  reference: string | undefined;
}

/** The longest `reference`: a ticket number, not a description. */
export const REFERENCE_MAX_CHARS = 200;

export const DEFAULT_API_URL = 'https://api.turso.tech';

/** One problem with one input, phrased as what is wrong and how to fix it. */
export interface InputProblem {
  input: string;
  message: string;
}

export class InvalidInputsError extends Error {
  readonly problems: InputProblem[];

  constructor(problems: InputProblem[]) {
    super(problems.map((p) => `Input "${p.input}": ${p.message}`).join('\n'));
    this.name = 'InvalidInputsError';
    this.problems = problems;
  }
}

/** Splits a list input on newlines and commas, trims, drops blanks and repeats. */
export function parseList(value: string): string[] {
  return [...new Set(listItems(value))];
}

/** The items of a list, split on newlines and commas and trimmed, blanks dropped. */
function listItems(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function apiUrlProblem(raw: string): string | URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL; use the API's base URL, e.g. ${DEFAULT_API_URL}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'contains credentials; remove them and pass the token in the "token" input';
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return 'uses plain http, which would send the token unencrypted; use https (http is allowed only for localhost, 127.0.0.0/8 and [::1])';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `uses ${url.protocol.replace(':', '')}; use an https URL`;
  }
  if (url.search !== '' || url.hash !== '') {
    return 'has a query or fragment; give only the base URL';
  }
  // The docs show paths with their version (https://api.turso.tech/v1/...), so people copy it;
  // the action adds the version itself.
  url.pathname = url.pathname.replace(/\/v[12]\/*$/, '/');
  return url;
}

/** A whole number written in plain decimal digits (never `0x10`, `1e1`, `+3` or ` 3`); undefined otherwise. */
function decimalDigits(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** A whole-number input, read as given (untrimmed) or its default when empty, from `min` to `max`. */
function wholeNumber(
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: InputProblem[],
  quote: Quote,
): number {
  const raw = core.getInput(name, { trimWhitespace: false });
  if (raw === '') return fallback;
  const value = decimalDigits(raw);
  if (value === undefined || value < min || value > max) {
    problems.push({
      input: name,
      message: `${quote(raw)} is not a whole number from ${min} to ${max} in plain decimal digits; set it to one, e.g. ${fallback}`,
    });
    return fallback;
  }
  return value;
}

/** Seconds as a plain decimal (`30`, `0.5`), from 1 ms (what a timer can wait) to `max`. */
function seconds(name: string, raw: string, max: number, problems: InputProblem[]): number {
  const value = Number(raw);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw) || value < 0.001 || value > max) {
    problems.push({
      input: name,
      message: `"${visibleName(raw)}" is not a number of seconds from 0.001 to ${max} written as a plain decimal; set it to one, e.g. 30`,
    });
    return 1;
  }
  return value;
}

/** A name of a list input, and for a file the file and the line it is on. */
interface ListedName {
  name: string;
  at?: { file: string; line: number };
}

/** Where an entry is, for a message: the file and line of a keep-file entry, nothing for an input's. */
const whereIs = ({ at }: ListedName) => (at === undefined ? '' : `${visibleName(at.file)}, line ${at.line}: `);

/**
 * An entry as a message quotes it: redacted, then cut short (a cut can split a secret, which
 * redaction then no longer recognises), invisible characters shown as code points.
 */
type Quote = (text: string) => string;

const quoter =
  (redact: Redactor): Quote =>
  (text) =>
    `"${visibleName(entryExcerpt(redact(text)))}"`;

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
 * A roster entry's name and the role after it (`alice admin`, `bob@acme.test viewer`), split on
 * spaces and tabs; undefined, with the problem pushed, when the role is not one the API can set.
 */
function splitRole(
  input: string,
  item: ListedName,
  problems: InputProblem[],
  quote: Quote,
): { name: string; role?: AssignableRole } | undefined {
  const text = item.name;
  // Checked whole first: `Jane Doe <jane@acme.test>` is a mail header, not a name and a role.
  const shape = entryTextProblem(text);
  if (shape !== undefined) {
    problems.push({ input, message: `${whereIs(item)}${quote(text)} ${shape}` });
    return undefined;
  }
  const [name = '', written, ...rest] = text.split(/[ \t]+/);
  if (written === undefined) return { name };
  const where = whereIs(item);
  const role = rest.length === 0 ? readRole(written) : undefined;
  if (role === undefined) {
    problems.push({
      input,
      message: `${where}${quote(text)}: ${quote([written, ...rest].join(' '))} is not a role; after a name give admin, member or viewer (the highest role that person may hold), and separate names with commas or newlines`,
    });
    return undefined;
  }
  if (!isAssignable(role)) {
    problems.push({
      input,
      message: `${where}${quote(text)}: owner cannot be a roster role: the API cannot make anyone an owner, and this action never changes an owner's role; drop the role (no role keeps any role), or give admin, member or viewer`,
    });
    return undefined;
  }
  return { name, role };
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
  return split.map(({ name, role }) => (role === undefined ? { name } : { name, role }));
}

/** The names of `username`, each checked. */
function checkedUsernames(problems: InputProblem[], quote: Quote): string[] {
  return checkedNames(
    'username',
    parseList(core.getInput('username')).map((name) => ({ name })),
    problems,
    nameProblem,
    quote,
  );
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
    return [team];
  });
}

/** max-removals: a number (`10`), a share of the members (`10%`), or one of each (`10, 5%`). */
function readRemovalLimit(raw: string, problems: InputProblem[], quote: Quote): RemovalLimit {
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

/**
 * Exactly one mode: `username` offboards those people; keep, keep-file and keep-github-team
 * audit everyone else.
 */
function readMode(env: NodeJS.ProcessEnv, problems: InputProblem[], quote: Quote): RunMode {
  const entries = checkedUsernames(problems, quote);
  const keepFile = core.getInput('keep-file');
  const githubTeams = readTeams(problems, quote);
  const maxRemovals = readRemovalLimit(core.getInput('max-removals') || '10', problems, quote);
  const inviteGraceDays = wholeNumber('invite-grace-days', 7, 0, 3650, problems, quote);
  const driftIssue = booleanInput('drift-issue', false, problems);
  // A keep input of only separators still asks for an audit, and is refused below as empty.
  const auditing = core.getInput('keep') !== '' || keepFile !== '' || core.getInput('keep-github-team') !== '';
  // Likewise a username of only separators (an expression that came out empty) still asks to
  // offboard someone: never a rotation of every database token with nobody removed.
  const naming = core.getInput('username') !== '';
  if (driftIssue && !auditing) {
    problems.push({
      input: 'drift-issue',
      message: 'applies to audits only; give keep, keep-file or keep-github-team',
    });
  }

  if (booleanInput('rotate-only', false, problems)) {
    if (naming || auditing) {
      problems.push({
        input: 'rotate-only',
        message:
          'cannot be combined with username, keep, keep-file or keep-github-team: a rotation-only run removes nobody; drop rotate-only to offboard or audit (rotation follows a run that removed someone)',
      });
    }
    if (parseList(core.getInput('rotate-group-tokens')).length === 0) {
      problems.push({ input: 'rotate-only', message: 'needs rotate-group-tokens; name the groups to rotate' });
    }
    return { kind: 'rotate' };
  }
  const demoteTo = readDemoteTo(auditing, problems);
  if (entries.length > 0 && auditing) {
    problems.push({
      input: 'username',
      message:
        'cannot be combined with keep, keep-file or keep-github-team: give username to offboard those people, or the keep inputs to audit everyone else',
    });
    return { kind: 'remove', entries };
  }
  if (!auditing) {
    if (demoteTo !== undefined) return { kind: 'remove', entries, demoteTo };
    if (entries.length === 0) {
      problems.push({
        input: 'username',
        message: `${naming ? 'names nobody (it holds only separators)' : 'is required'}: give one or more usernames or emails, separated by newlines or commas; or keep, keep-file or keep-github-team for an audit, or rotate-only: true to only rotate rotate-group-tokens`,
      });
    }
    return { kind: 'remove', entries };
  }
  const roster = [
    ...rosterEntries(
      'keep',
      parseList(core.getInput('keep')).map((name) => ({ name })),
      problems,
      quote,
    ),
    ...(keepFile === '' ? [] : rosterEntries('keep-file', readKeepFile(keepFile, env, problems), problems, quote)),
  ];
  const keep = [...new Set(roster.map((entry) => entry.name))];
  const keepProblem = problems.some((p) => p.input === 'keep-file' || p.input === 'keep-github-team');
  if (keep.length === 0 && githubTeams.length === 0 && !keepProblem) {
    problems.push({
      input: keepFile === '' ? 'keep' : 'keep-file',
      message: 'the keep list is empty, and an audit with it would remove every member; list the people who stay',
    });
  }
  const repository = (env.GITHUB_REPOSITORY ?? '').trim();
  if (driftIssue && repository === '') {
    problems.push({
      input: 'drift-issue',
      message: 'needs the repository to keep the issue in, and GITHUB_REPOSITORY is not set; run it on a GitHub runner',
    });
  }
  return {
    kind: 'audit',
    keep,
    roster,
    githubTeams,
    driftIssue: driftIssue ? { repository } : undefined,
    maxRemovals,
    inviteGraceDays,
  };
}

/** demote-to: the role removal mode lowers people to instead of removing them; undefined (empty) removes. */
function readDemoteTo(auditing: boolean, problems: InputProblem[]): AssignableRole | undefined {
  const raw = core.getInput('demote-to');
  if (raw === '') return undefined;
  if (auditing) {
    problems.push({
      input: 'demote-to',
      message:
        'applies to removal mode only, and cannot be combined with keep, keep-file or keep-github-team: in an audit, put the role after the name on the roster (e.g. alice viewer)',
    });
  }
  const role = readRole(raw);
  if (role === undefined || !isAssignable(role)) {
    problems.push({
      input: 'demote-to',
      message: `"${visibleName(raw)}" is not admin, member or viewer${role === 'owner' ? ' (the API cannot make anyone an owner)' : ''}; set it to the role to lower the people to, or leave it empty to remove them`,
    });
    return undefined;
  }
  return role;
}

/** A true/false input (the toolkit's YAML 1.2 booleans); empty means the default. */
function booleanInput(name: string, fallback: boolean, problems: InputProblem[]): boolean {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    problems.push({ input: name, message: `"${raw}" is not a boolean; use true or false` });
    return fallback;
  }
}

/**
 * Refuses a token that no HTTP header can carry (a line break, a control character, a character
 * beyond Latin-1: what fetch and undici refuse to send), never quoting it: sent, it would fail
 * every request as if the network had.
 */
function refuseHeaderToken(input: string, token: string, problems: InputProblem[]): void {
  // The characters of an HTTP header value (RFC 9110 field-value), as the runtime checks them.
  if (/^[\t\x20-\x7e\x80-\xff]*$/.test(token)) return;
  problems.push({
    input,
    message:
      'holds a line break or another character an HTTP header cannot carry (copied with the end of a line?); store the secret again as the token alone, on one line',
  });
}

/** The token input or, when it is empty, TURSO_API_TOKEN (as the Turso CLI reads it). */
export function readTursoToken(env: NodeJS.ProcessEnv = process.env): string {
  return core.getInput('token') || (env.TURSO_API_TOKEN ?? '').trim();
}

/** Every input but the two tokens, as given: what the evidence record keeps of a run's inputs. */
export const RECORDED_INPUTS = [
  'org',
  'username',
  'demote-to',
  'keep',
  'keep-file',
  'keep-github-team',
  'drift-issue',
  'max-removals',
  'invite-grace-days',
  'dry-run',
  'if-not-member',
  'revoke-invites',
  'revoke-api-tokens',
  'rotate-group-tokens',
  'rotate-only',
  'pr-comment',
  'approval',
  'approval-environment',
  'reference',
  'audit-log',
  'api-url',
  'retries',
  'request-timeout',
  'concurrency',
] as const;

export function recordedInputs(): Record<string, string> {
  return Object.fromEntries(RECORDED_INPUTS.map((name) => [name, core.getInput(name)]));
}

/** The github-token input (by default the workflow's own token). */
export function readGitHubToken(): string {
  return core.getInput('github-token');
}

/**
 * Reads and checks every input; throws InvalidInputsError listing all problems. `redact` knows
 * the tokens (read before any input is checked), which an entry quoted in a message may hold.
 */
export function getInputs(redact: Redactor, env: NodeJS.ProcessEnv = process.env): Inputs {
  const problems: InputProblem[] = [];
  const quote = quoter(redact);

  const org = core.getInput('org');
  if (org === '') {
    problems.push({ input: 'org', message: 'is required; set it to the organization slug' });
  } else {
    const problem = givenNameProblem(org);
    if (problem !== undefined) problems.push({ input: 'org', message: `${problem}; give the organization slug` });
  }

  const mode = readMode(env, problems, quote);

  const token = readTursoToken(env);
  if (token === '') {
    problems.push({
      input: 'token',
      message:
        'no token: set the "token" input (e.g. token: ${{ secrets.TURSO_API_TOKEN }}) or the TURSO_API_TOKEN environment variable',
    });
  } else refuseHeaderToken('token', token, problems);

  const prComment = booleanInput('pr-comment', false, problems);
  if (prComment && mode.kind !== 'audit') {
    problems.push({ input: 'pr-comment', message: 'applies to audits only; give keep, keep-file or keep-github-team' });
  }
  const approval = core.getInput('approval') || 'none';
  if (approval !== 'none' && approval !== 'record' && approval !== 'require') {
    problems.push({
      input: 'approval',
      message: `"${visibleName(approval)}" is not one of none, record, require; set it to one`,
    });
  }
  const approvalEnvironment = readApprovalEnvironment(approval, problems);
  const reference = readReference(problems);

  const githubToken = readGitHubToken();
  const needsGitHub =
    (mode.kind === 'audit' && (mode.githubTeams.length > 0 || mode.driftIssue !== undefined || prComment)) ||
    approval !== 'none';
  if (needsGitHub) refuseHeaderToken('github-token', githubToken, problems);
  if (needsGitHub && githubToken === '') {
    problems.push({
      input: 'github-token',
      message:
        'is empty, and keep-github-team, drift-issue, pr-comment and approval need it; pass a token that can read the teams (and write issues), e.g. github-token: ${{ steps.app-token.outputs.token }}',
    });
  }

  const rawApiUrl = core.getInput('api-url') || (env.TURSO_API_BASEURL ?? '').trim() || DEFAULT_API_URL;
  const apiUrl = apiUrlProblem(rawApiUrl);
  if (typeof apiUrl === 'string') problems.push({ input: 'api-url', message: apiUrl });

  const ifNotMember = core.getInput('if-not-member') || 'error';
  if (ifNotMember !== 'error' && ifNotMember !== 'warn' && ifNotMember !== 'ignore') {
    problems.push({ input: 'if-not-member', message: `"${ifNotMember}" is not one of error, warn, ignore` });
  }

  const dryRun = booleanInput('dry-run', false, problems);
  const revokeInvites = booleanInput('revoke-invites', true, problems);
  const revokeApiTokens = booleanInput('revoke-api-tokens', true, problems);
  const auditLog = booleanInput('audit-log', true, problems);
  const rotateGroupTokens = parseList(core.getInput('rotate-group-tokens'));
  for (const group of rotateGroupTokens) {
    const problem = givenNameProblem(group);
    if (problem !== undefined) {
      problems.push({ input: 'rotate-group-tokens', message: `"${visibleName(group)}" ${problem}; give group names` });
    }
  }

  const retries = wholeNumber('retries', 3, 0, 20, problems, quote);
  const requestTimeoutS = seconds('request-timeout', core.getInput('request-timeout') || '30', 600, problems);
  const concurrency = wholeNumber('concurrency', 4, 1, 64, problems, quote);

  if (problems.length > 0 || typeof apiUrl === 'string') throw new InvalidInputsError(problems);
  return {
    org,
    mode,
    token,
    apiUrl,
    dryRun,
    settings: {
      ifNotMember: ifNotMember as IfNotMember,
      revokeInvites,
      revokeApiTokens,
      auditLog,
    },
    rotateGroupTokens,
    githubToken: needsGitHub ? githubToken : '',
    retries,
    requestTimeoutMs: Math.round(requestTimeoutS * 1_000),
    concurrency,
    prComment,
    approval: approval as ApprovalPolicy,
    approvalEnvironment,
    reference,
  };
}

/** GitHub's longest environment name. */
const ENVIRONMENT_NAME_MAX_CHARS = 255;

/** `approval-environment`: one environment name, and only where approvals are looked up. */
function readApprovalEnvironment(approval: string, problems: InputProblem[]): string {
  const raw = core.getInput('approval-environment');
  if (raw === '') return '';
  const input = 'approval-environment';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  const oneLine = !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(raw);
  if (approval === 'none') {
    problems.push({
      input,
      message: 'names an environment, but approval is none; set approval: require, or remove it',
    });
  } else if (!oneLine || raw.length > ENVIRONMENT_NAME_MAX_CHARS) {
    problems.push({
      input,
      message: `is no environment name; give one name of at most ${ENVIRONMENT_NAME_MAX_CHARS} characters, on one line, as the job's environment: says, e.g. production`,
    });
  }
  return raw;
}

/** `reference`: one line of at most REFERENCE_MAX_CHARS characters; undefined when empty. */
function readReference(problems: InputProblem[]): string | undefined {
  const raw = core.getInput('reference');
  if (raw === '') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(raw)) {
    problems.push({
      input: 'reference',
      message: 'holds a line break or control character; give one line, e.g. HR-4521',
    });
  } else if (raw.length > REFERENCE_MAX_CHARS) {
    problems.push({
      input: 'reference',
      message: `is ${raw.length} characters long; give at most ${REFERENCE_MAX_CHARS} (a ticket or change number, e.g. HR-4521)`,
    });
  }
  return raw;
}
