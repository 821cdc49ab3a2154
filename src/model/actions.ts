/**
 * The one definition of the four actions: which inputs and outputs each has, and what they
 * mean. The four action.yml files are generated from it (`npm run docs`; the suite fails when
 * one differs), so a shared input cannot drift between them, and the run refuses an input that
 * belongs to another action from the same list.
 */

import { PLAN_OUTPUT_FIELDS } from './plan-output.ts';
import type { JobName } from './settings.ts';

/** The five jobs, each an action of its own in the `uses:` line. */
export const JOBS = ['remove', 'audit', 'demote', 'rotate', 'report'] as const satisfies readonly JobName[];

/** The jobs that may change Turso: each writes an evidence record, and has the run policy's inputs. */
const CHANGING: readonly JobName[] = ['remove', 'audit', 'demote', 'rotate'];

const REPOSITORY = 'turso-offboard/remove-member-action';
const DOCS = `https://github.com/${REPOSITORY}/blob/main/docs`;

export interface ActionDefinition {
  /** The folder of its action.yml, '' for the root. */
  folder: string;
  name: string;
  description: string;
}

export const ACTIONS: Record<JobName, ActionDefinition> = {
  remove: {
    folder: '',
    name: 'Turso Remove Organization Member',
    description:
      'Offboard people from a Turso organization: membership, invitations and API tokens, by username or email.',
  },
  audit: {
    folder: 'audit',
    name: 'Turso Organization Audit',
    description: 'Audit a Turso organization against a roster: remove or lower everyone it does not name.',
  },
  demote: {
    folder: 'demote',
    name: 'Turso Lower Member Roles',
    description: 'Lower the roles of Turso organization members: admin, member or viewer.',
  },
  rotate: {
    folder: 'rotate',
    name: 'Turso Rotate Group Tokens',
    description: "Rotate Turso groups' database auth tokens, to cut off copies of them.",
  },
  report: {
    folder: 'report',
    name: 'Turso Access Review',
    description:
      'Report who can reach a Turso organization, with which role and which tokens, against a roster; changes nothing.',
  },
};

/** How the action is named in a `uses:` line, without its version. */
export function usesName(job: JobName): string {
  const { folder } = ACTIONS[job];
  return folder === '' ? REPOSITORY : `${REPOSITORY}/${folder}`;
}

export interface InputDefinition {
  /** The actions that have it: every one, or those named. */
  jobs: 'all' | readonly JobName[];
  description: string;
  required?: true;
  default?: string;
}

export interface OutputDefinition {
  jobs: readonly JobName[];
  description: string;
}

const PEOPLE: readonly JobName[] = ['remove', 'audit'];
const ROSTER: readonly JobName[] = ['audit', 'report'];

export const INPUTS = {
  org: { jobs: 'all', description: 'The organization slug (as in `turso org list`).', required: true },
  token: {
    jobs: 'all',
    description:
      'Platform API token of an organization owner or admin (`turso auth api-tokens mint`). When empty, the `TURSO_API_TOKEN` environment variable.',
    default: '',
  },
  username: {
    jobs: ['remove', 'demote'],
    description: `The people, separated by newlines or commas: Turso usernames (matched without case) or emails, resolved through the members and the token owners. The user whose token runs the action is never changed. [More](${DOCS}/offboarding.md)`,
    required: true,
  },
  role: {
    jobs: ['demote'],
    description:
      'The role to lower each person to: `admin`, `member` or `viewer`. A person at or below it is `unchanged`; an owner is never changed.',
    required: true,
  },
  groups: {
    jobs: ['rotate'],
    description:
      'Group names, separated by newlines or commas, whose database auth tokens are rotated: what finishes a rotation that failed, or cuts off a copied token.',
    required: true,
  },
  keep: {
    jobs: ROSTER,
    description: `The people who stay: usernames or emails, separated by newlines or commas, each optionally followed by the highest role they may hold (\`alice admin\`) and the day the entry stops counting (\`carol member until 2027-03-31\`). An audit removes every other member but the owners; a report lists them. [Roster rules](${DOCS}/audit.md)`,
    default: '',
  },
  'keep-file': {
    jobs: ROSTER,
    description: `Path, inside the workspace, of a roster file read like \`keep\`, one or several a line, \`#\` comments ignored. Merged with \`keep\`. [Roster rules](${DOCS}/audit.md)`,
    default: '',
  },
  'keep-github-team': {
    jobs: ROSTER,
    description: `GitHub teams, \`org/team-slug\`, separated by newlines or commas, optionally each with a role and an \`until YYYY-MM-DD\`: their members (logins compared with usernames without case) stay. A team that cannot be read refuses the audit (fails the report). [Roster rules](${DOCS}/audit.md)`,
    default: '',
  },
  'max-removals': {
    jobs: ['audit'],
    description:
      'The most deletions (memberships, invitations and tokens) one audit may make: a number (`10`), a share of the members (`10%`), or both (`10, 5%`). A larger plan fails before any deletion.',
    default: '10',
  },
  'invite-grace-days': {
    jobs: ROSTER,
    description:
      'A pending invitation is revoked (a report: is a finding) only when older than this many days (0 to 3650; `0`: whatever its age), so that a new hire keeps theirs.',
    default: '7',
  },
  'inactive-days': {
    jobs: ['report'],
    description: `A member with no audit-log entry as author within this many days (1 to 3650) is a finding; the audit log records changes, not queries. [More](${DOCS}/report.md)`,
    default: '90',
  },
  'if-not-member': {
    jobs: ['remove'],
    description:
      'What a person who is not a member does: `error` fails the step, `warn` adds a warning, `ignore` logs a line.',
    default: 'error',
  },
  'revoke-invites': {
    jobs: PEOPLE,
    description:
      '`true` also deletes the pending invitations of each person removed (in an audit, of everyone off the roster older than `invite-grace-days`).',
    default: 'true',
  },
  'revoke-api-tokens': {
    jobs: PEOPLE,
    description:
      '`true` also revokes the organization API tokens each person removed minted (in an audit, those whose owner is no member once it is done).',
    default: 'true',
  },
  'rotate-group-tokens': {
    jobs: PEOPLE,
    description:
      'Group names, separated by newlines or commas, whose database auth tokens are rotated after a run that removed a membership (database tokens are tied to no user).',
    default: '',
  },
  'audit-log': {
    jobs: PEOPLE,
    description:
      '`true` looks for the audit-log entry that corroborates each removal (or records `none-found` or `unavailable`); it never fails a run.',
    default: 'true',
  },
  'drift-issue': {
    jobs: ['audit'],
    description: `\`true\` keeps one open issue per organization in this repository showing the plan while there is drift, closed by the first run that finds none. Needs \`issues: write\`. [More](${DOCS}/audit.md)`,
    default: 'false',
  },
  'pr-comment': {
    jobs: ['audit'],
    description: `\`true\` writes the plan as one comment on the pull request (on pull-request runs), updated in place. Needs \`pull-requests: write\`. [More](${DOCS}/approvals.md)`,
    default: 'false',
  },
  'dry-run': {
    jobs: CHANGING,
    description: `\`true\` changes nothing and reports what would change. Whatever it says, only a push to the default branch, \`schedule\`, \`workflow_dispatch\` on the default branch and \`repository_dispatch\` change Turso. [Run policy](${DOCS}/approvals.md)`,
    default: 'false',
  },
  approval: {
    jobs: CHANGING,
    description: `\`none\`, \`record\` (who approved the run goes into the record) or \`require\` (a run that would change Turso without an approval that counts is refused). [Approvals](${DOCS}/approvals.md)`,
    default: 'none',
  },
  'approval-environment': {
    jobs: CHANGING,
    description: `The environment whose reviewers' approvals count for \`approval\`; empty: only reviews of the merged pull request count. [Approvals](${DOCS}/approvals.md)`,
    default: '',
  },
  'github-token': {
    jobs: 'all',
    description:
      'Token for the GitHub API, used only by `approval` and, in the audit, by `keep-github-team`, `drift-issue` and `pr-comment`. See the permissions each needs in the README.',
    default: '${{ github.token }}',
  },
  reference: {
    jobs: CHANGING,
    description:
      'A ticket or change number (one line, at most 200 characters) carried into the evidence record and the summary (in the audit, also the plan comment and the drift issue).',
    default: '',
  },
  'api-url': {
    jobs: 'all',
    description:
      "Base URL of the API; `''`: the `TURSO_API_BASEURL` environment variable. https only (plain http for loopback addresses).",
    default: 'https://api.turso.tech',
  },
  retries: {
    jobs: 'all',
    description: 'Retries after the first attempt of a request, 0 to 20.',
    default: '3',
  },
  'request-timeout': {
    jobs: 'all',
    description:
      'Seconds one attempt may take (0.001 to 600) before it is abandoned and retried; reading its answer gets as long again.',
    default: '30',
  },
  concurrency: {
    jobs: 'all',
    description: 'Turso requests on the wire at once, 1 to 64, in every part of a run.',
    default: '4',
  },
} as const satisfies Record<string, InputDefinition>;

export type InputName = keyof typeof INPUTS;

/** The outputs of the jobs that change Turso, set from the run's record. */
export const RUN_OUTPUTS = {
  member: {
    jobs: PEOPLE,
    description: 'The `member` value the API returned for each membership removed, one a line (cut at 200 characters).',
  },
  result: {
    jobs: ['remove', 'audit', 'demote'],
    description:
      'The first of `failed`, `not-member`, `would-remove`, `would-demote`, `removed`, `demoted`, `unchanged` that any person got; empty when there was no one to change.',
  },
  results: {
    jobs: ['remove', 'audit', 'demote'],
    description: `JSON array, one object a person: \`username\`, \`result\`, \`invite\`, \`tokens\`, \`verified\`, and where known \`email\`, \`member\`, \`role\`, \`role_change\`, \`roster_expired\`, \`error\`, \`attempts\`, \`audit_log\`. [Fields](${DOCS}/evidence.md)`,
  },
  'removed-count': { jobs: PEOPLE, description: 'How many memberships were removed.' },
  'demoted-count': {
    jobs: ['audit', 'demote'],
    description:
      "How many members' roles were lowered (`demoted`): as the second read showed them, or, when it could not be made, as Update Member Role confirmed.",
  },
  'revoked-invites-count': { jobs: PEOPLE, description: 'How many pending invitations were revoked.' },
  'revoked-tokens-count': { jobs: PEOPLE, description: 'How many organization API tokens were revoked.' },
  'rotated-groups': {
    jobs: ['remove', 'audit', 'rotate'],
    description: 'The groups whose database auth tokens were rotated, one a line.',
  },
  'evidence-file': {
    jobs: CHANGING,
    description: `Path of the run's evidence record (JSON, in \`RUNNER_TEMP\`); keep it with \`actions/upload-artifact\`. Empty when it could not be written. [Schema](${DOCS}/evidence.schema.json)`,
  },
  'drift-issue-url': {
    jobs: ['audit'],
    description: 'The open drift issue (with `drift-issue`); empty when there is none.',
  },
  'plan-comment-url': {
    jobs: ['audit'],
    description: 'The plan comment on the pull request (with `pr-comment`); empty when none was written.',
  },
  plan: {
    jobs: ['audit'],
    // From the fields the output holds, so that it names each of them (a test holds them together).
    description: `JSON of the plan, an object of: ${Object.entries(PLAN_OUTPUT_FIELDS)
      .map(([field, meaning]) => `\`${field}\`, ${meaning}`)
      .join('; ')}.`,
  },
} as const satisfies Record<string, OutputDefinition>;

export type RunOutputName = keyof typeof RUN_OUTPUTS;

/** The access review's outputs: its three files and how many findings it has. */
export const REPORT_OUTPUTS = {
  'report-file': {
    jobs: ['report'],
    description: `Path of the access review (JSON, in \`RUNNER_TEMP\`): members, invitations, tokens, settings and findings; its SHA-256 is in the log and the summary. [Schema](${DOCS}/report.schema.json)`,
  },
  'csv-file': {
    jobs: ['report'],
    description:
      "Path of the review as CSV (RFC 4180, in `RUNNER_TEMP`): one row per member, invitation and token; a cell a spreadsheet would run as a formula starts with `'`.",
  },
  'roster-file': {
    jobs: ['report'],
    description:
      'Path of the organization as a roster file (in `RUNNER_TEMP`): one member a line with their role, owners without one; fed to the audit, it plans no change.',
  },
  'findings-count': { jobs: ['report'], description: 'How many findings the review has (0 when none).' },
} as const satisfies Record<string, OutputDefinition>;

export type ReportOutputName = keyof typeof REPORT_OUTPUTS;

export const OUTPUTS = { ...RUN_OUTPUTS, ...REPORT_OUTPUTS };

export type OutputName = RunOutputName | ReportOutputName;

/** Whether `job`'s action has this input or output. */
export function belongsTo(definition: InputDefinition | OutputDefinition, job: JobName): boolean {
  return definition.jobs === 'all' || definition.jobs.includes(job);
}

/** The inputs of `job`'s action, in the definition's order. */
export function inputsOf(job: JobName): InputName[] {
  return (Object.keys(INPUTS) as InputName[]).filter((name) => belongsTo(INPUTS[name], job));
}

/** The outputs of `job`'s action, in the definition's order. */
export function outputsOf(job: JobName): OutputName[] {
  return (Object.keys(OUTPUTS) as OutputName[]).filter((name) => belongsTo(OUTPUTS[name], job));
}
