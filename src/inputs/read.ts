/**
 * Reads the action's inputs once into a typed settings object, for the job whose action runs.
 * Every problem is collected, so a user sees all of them in one run, and nothing is sent before
 * they are fixed.
 */
import * as core from '@actions/core';
import { givenNameProblem, visibleName } from '../model/names.ts';
import { isAssignable, readRole, type AssignableRole } from '../model/roles.ts';
import type { Redactor } from '../model/safe-text.ts';
import type { ApprovalPolicy, Job, JobName, RunInputs, RunSettings } from '../model/settings.ts';
import { INPUTS, inputsOf, usesName, JOBS, type InputName } from '../model/actions.ts';
import { readRemovalLimit, readRoster, readRosterEntries, readUsernames } from './roster.ts';
import {
  apiUrlProblem,
  booleanInput,
  DEFAULT_API_URL,
  givenOrDefault,
  oneOf,
  InvalidInputsError,
  isOneLine,
  parseList,
  quoter,
  refuseHeaderToken,
  seconds,
  wholeNumber,
  type InputProblem,
  type Quote,
} from './values.ts';

export { InvalidInputsError, type InputProblem } from './values.ts';

/** The longest `reference`: a ticket number, not a description. */
export const REFERENCE_MAX_CHARS = 200;

/** The token input or, when it is empty, TURSO_API_TOKEN (as the Turso CLI reads it). */
export function readTursoToken(env: NodeJS.ProcessEnv = process.env): string {
  return core.getInput('token') || (env.TURSO_API_TOKEN ?? '').trim();
}

/** The github-token input (by default the workflow's own token). */
export function readGitHubToken(): string {
  return core.getInput('github-token');
}

/** The org input as given: what a run refused for its inputs still records. */
export function givenOrg(): string {
  return core.getInput('org');
}

/** The job's inputs but the two tokens, as given: what the evidence record keeps of a run's inputs. */
export function recordedInputs(job: JobName): Record<string, string> {
  return Object.fromEntries(
    inputsOf(job)
      .filter((name) => name !== 'token' && name !== 'github-token')
      .map((name) => [name, core.getInput(name)]),
  );
}

/**
 * Refuses every non-empty input this job's action does not have (the runner only warns): one
 * of another action's names where that action is, any other as unknown, since a misspelt
 * `dry-run` must not change Turso.
 */
function refuseMisplaced(job: JobName, env: NodeJS.ProcessEnv, problems: InputProblem[]): void {
  const own = new Set<string>(inputsOf(job));
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('INPUT_') || (value ?? '').trim() === '') continue;
    const name = variable.slice('INPUT_'.length).toLowerCase();
    if (own.has(name)) continue;
    const owners = JOBS.filter((other) => name in INPUTS && inputsOf(other).includes(name as InputName));
    problems.push({
      input: visibleName(name),
      message:
        owners.length === 0
          ? `is not an input of ${usesName(job)}; remove it from the step's with: (its inputs: ${inputsOf(job).join(', ')})`
          : `belongs to ${owners.map(usesName).join(' and ')}, not to ${usesName(job)}; use that action for it, or remove it from this step`,
    });
  }
}

/**
 * Reads and checks every input of `job`'s action; throws InvalidInputsError listing all
 * problems. `redact` knows the tokens (read before any input is checked), which an entry
 * quoted in a message may hold.
 */
export function getInputs(jobName: JobName, redact: Redactor, env: NodeJS.ProcessEnv = process.env): RunInputs {
  const problems: InputProblem[] = [];
  const quote = quoter(redact);
  refuseMisplaced(jobName, env, problems);
  const org = readOrg(problems);
  const { job, settings, rotateGroupTokens } = readJob(jobName, env, problems, quote);
  const token = readTursoToken(env);
  if (token === '') {
    problems.push({
      input: 'token',
      message:
        'no token: set the "token" input (e.g. token: ${{ secrets.TURSO_API_TOKEN }}) or the TURSO_API_TOKEN environment variable',
    });
  } else refuseHeaderToken('token', token, problems);
  const approval = oneOf('approval', ['none', 'record', 'require'], problems);
  const approvalEnvironment = readApprovalEnvironment(approval, problems);
  const reference = readReference(problems);
  const githubToken = readGitHubFor(job, approval, problems);
  const apiUrl = apiUrlProblem(core.getInput('api-url') || (env.TURSO_API_BASEURL ?? '').trim() || DEFAULT_API_URL);
  if (typeof apiUrl === 'string') problems.push({ input: 'api-url', message: apiUrl });
  const dryRun = booleanInput('dry-run', problems);
  const retries = wholeNumber('retries', 0, 20, problems, quote);
  const requestTimeoutS = seconds('request-timeout', givenOrDefault('request-timeout'), 600, problems);
  const concurrency = wholeNumber('concurrency', 1, 64, problems, quote);
  if (problems.length > 0 || typeof apiUrl === 'string') throw new InvalidInputsError(problems);
  return {
    org,
    job,
    token,
    apiUrl,
    dryRun,
    settings,
    rotateGroupTokens,
    githubToken,
    retries,
    requestTimeoutMs: Math.round(requestTimeoutS * 1_000),
    concurrency,
    approval,
    approvalEnvironment,
    reference,
  };
}

function readOrg(problems: InputProblem[]): string {
  const org = core.getInput('org');
  if (org === '') {
    problems.push({ input: 'org', message: 'is required; set it to the organization slug' });
  } else {
    const problem = givenNameProblem(org);
    if (problem !== undefined) problems.push({ input: 'org', message: `${problem}; give the organization slug` });
  }
  return org;
}

interface JobInputs {
  job: Job;
  settings: Omit<RunSettings, 'policy'>;
  rotateGroupTokens: string[];
}

/** What a job that changes no one's invitations or tokens carries out: nothing besides its own change (a report: nothing). */
const ROLE_OR_ROTATION: Omit<RunSettings, 'policy'> = {
  ifNotMember: 'error',
  revokeInvites: false,
  revokeApiTokens: false,
  auditLog: false,
};

/** The inputs only `job`'s action has. */
function readJob(job: JobName, env: NodeJS.ProcessEnv, problems: InputProblem[], quote: Quote): JobInputs {
  switch (job) {
    case 'remove':
      return {
        job: { kind: 'remove', entries: readUsernames(problems, quote) },
        settings: {
          ...readRevocations(problems),
          ifNotMember: oneOf('if-not-member', ['error', 'warn', 'ignore'], problems),
        },
        rotateGroupTokens: readGroups('rotate-group-tokens', problems),
      };
    case 'audit':
      return {
        job: readAudit(env, problems, quote),
        settings: { ...readRevocations(problems), ifNotMember: 'error' },
        rotateGroupTokens: readGroups('rotate-group-tokens', problems),
      };
    case 'demote':
      return {
        job: { kind: 'demote', entries: readUsernames(problems, quote), role: readTargetRole(problems) },
        settings: ROLE_OR_ROTATION,
        rotateGroupTokens: [],
      };
    case 'rotate': {
      const groups = readGroups('groups', problems);
      if (groups.length === 0) problems.push({ input: 'groups', message: 'is required; name the groups to rotate' });
      return { job: { kind: 'rotate' }, settings: ROLE_OR_ROTATION, rotateGroupTokens: groups };
    }
    case 'report':
      return {
        job: {
          kind: 'report',
          ...readRosterEntries(env, problems, quote),
          inactiveDays: wholeNumber('inactive-days', 1, 3650, problems, quote),
          inviteGraceDays: wholeNumber('invite-grace-days', 0, 3650, problems, quote),
        },
        settings: ROLE_OR_ROTATION,
        rotateGroupTokens: [],
      };
  }
}

/** What a removal or an audit revokes besides memberships, and whether it reads the audit log. */
function readRevocations(problems: InputProblem[]): Omit<RunSettings, 'policy' | 'ifNotMember'> {
  return {
    revokeInvites: booleanInput('revoke-invites', problems),
    revokeApiTokens: booleanInput('revoke-api-tokens', problems),
    auditLog: booleanInput('audit-log', problems),
  };
}

/** The audit's roster, its limits and what it writes to GitHub. */
function readAudit(env: NodeJS.ProcessEnv, problems: InputProblem[], quote: Quote): Job {
  const roster = readRoster(env, problems, quote);
  const driftIssue = booleanInput('drift-issue', problems);
  const repository = (env.GITHUB_REPOSITORY ?? '').trim();
  if (driftIssue && repository === '') {
    problems.push({
      input: 'drift-issue',
      message: 'needs the repository to keep the issue in, and GITHUB_REPOSITORY is not set; run it on a GitHub runner',
    });
  }
  return {
    kind: 'audit',
    ...roster,
    driftIssue: driftIssue ? { repository } : undefined,
    maxRemovals: readRemovalLimit(givenOrDefault('max-removals'), problems, quote),
    inviteGraceDays: wholeNumber('invite-grace-days', 0, 3650, problems, quote),
    prComment: booleanInput('pr-comment', problems),
  };
}

/** role: the role demote lowers the people to. */
function readTargetRole(problems: InputProblem[]): AssignableRole {
  const raw = core.getInput('role');
  const role = readRole(raw);
  if (role !== undefined && isAssignable(role)) return role;
  problems.push({
    input: 'role',
    message:
      raw === ''
        ? 'is required; set it to admin, member or viewer, the role to lower the people to'
        : `"${visibleName(raw)}" is not admin, member or viewer${role === 'owner' ? ' (the API cannot make anyone an owner)' : ''}; set it to the role to lower the people to`,
  });
  return 'viewer';
}

/** A list of group names. */
function readGroups(input: 'groups' | 'rotate-group-tokens', problems: InputProblem[]): string[] {
  const groups = parseList(core.getInput(input));
  for (const group of groups) {
    const problem = givenNameProblem(group);
    if (problem !== undefined)
      problems.push({ input, message: `"${visibleName(group)}" ${problem}; give group names` });
  }
  return groups;
}

/** The github-token when a feature of this run uses GitHub (the one place that decides it), else ''. */
function readGitHubFor(job: Job, approval: ApprovalPolicy, problems: InputProblem[]): string {
  // Named as the user set them, so that the message names only inputs of this action.
  const uses = [
    ...(job.kind === 'audit' || job.kind === 'report' ? [job.githubTeams.length > 0 ? 'keep-github-team' : ''] : []),
    ...(job.kind === 'audit'
      ? [job.driftIssue === undefined ? '' : 'drift-issue', job.prComment ? 'pr-comment' : '']
      : []),
    approval === 'none' ? '' : `approval: ${approval}`,
  ].filter(Boolean);
  if (uses.length === 0) return '';
  const githubToken = readGitHubToken();
  if (githubToken === '') {
    const [needs, them] = uses.length === 1 ? ['needs', 'it'] : ['need', 'them'];
    const named = [uses.slice(0, -1).join(', '), uses.at(-1)].filter(Boolean).join(' and ');
    problems.push({
      input: 'github-token',
      message: `is empty, and ${named} ${needs} it; pass a token with the permissions the README's "Permissions" lists for ${them}, e.g. github-token: \${{ steps.app-token.outputs.token }}`,
    });
  } else refuseHeaderToken('github-token', githubToken, problems);
  return githubToken;
}

/** GitHub's longest environment name. */
const ENVIRONMENT_NAME_MAX_CHARS = 255;

/** `approval-environment`: one environment name, and only where approvals are looked up. */
function readApprovalEnvironment(approval: ApprovalPolicy, problems: InputProblem[]): string {
  const raw = core.getInput('approval-environment');
  if (raw === '') return '';
  const input = 'approval-environment';
  const oneLine = isOneLine(raw);
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
  if (!isOneLine(raw)) {
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
