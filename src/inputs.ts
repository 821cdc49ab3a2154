/**
 * Reads the action's inputs once into a typed settings object. Every problem is collected, so
 * a user sees all of them in one run, and nothing is sent before they are fixed.
 */
import * as core from '@actions/core';

export type IfNotMember = 'error' | 'warn' | 'ignore';

export interface Inputs {
  org: string;
  usernames: string[];
  token: string;
  apiUrl: URL;
  ifNotMember: IfNotMember;
  dryRun: boolean;
  retries: number;
  requestTimeoutMs: number;
  concurrency: number;
}

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
  return [
    ...new Set(
      value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    ),
  ];
}

/**
 * Why a value cannot be used as one path segment of an API URL, or undefined when it can.
 * Encoding would make such values "safe", but they are never real slugs or usernames, so a
 * value like `../x` is far more likely a mistake (or an attack) than a member.
 */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === '.' || value === '..') return `is "${value}", which is not a name`;
  if (/[/\\]/.test(value)) return 'contains a slash or backslash';
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(value)) return 'contains whitespace or a control character';
  return undefined;
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
  return url;
}

function wholeNumber(name: string, raw: string, min: number, max: number, problems: InputProblem[]): number {
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ input: name, message: `"${raw}" is not a whole number from ${min} to ${max}; set it to one` });
    return min;
  }
  return value;
}

function positiveSeconds(name: string, raw: string, max: number, problems: InputProblem[]): number {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    problems.push({
      input: name,
      message: `"${raw}" is not a number of seconds above 0 and at most ${max}; set it to one, e.g. 30`,
    });
    return 1;
  }
  return value;
}

/** Reads and checks every input; throws InvalidInputsError listing all problems. */
export function getInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const problems: InputProblem[] = [];

  const org = core.getInput('org');
  if (org === '') {
    problems.push({ input: 'org', message: 'is required; set it to the organization slug' });
  } else {
    const problem = pathSegmentProblem(org);
    if (problem !== undefined) problems.push({ input: 'org', message: `${problem}; give the organization slug` });
  }

  const usernames = parseList(core.getInput('username'));
  if (usernames.length === 0) {
    problems.push({
      input: 'username',
      message: 'is required; give one or more usernames, separated by newlines or commas',
    });
  }
  for (const username of usernames) {
    const problem = pathSegmentProblem(username);
    if (problem !== undefined) {
      problems.push({ input: 'username', message: `"${username}" ${problem}; give Turso usernames only` });
    }
  }

  const token = core.getInput('token') || (env.TURSO_API_TOKEN ?? '').trim();
  if (token === '') {
    problems.push({
      input: 'token',
      message:
        'no token: set the "token" input (e.g. token: ${{ secrets.TURSO_API_TOKEN }}) or the TURSO_API_TOKEN environment variable',
    });
  }

  const rawApiUrl = core.getInput('api-url') || (env.TURSO_API_BASEURL ?? '').trim() || DEFAULT_API_URL;
  const apiUrl = apiUrlProblem(rawApiUrl);
  if (typeof apiUrl === 'string') problems.push({ input: 'api-url', message: apiUrl });

  const ifNotMember = core.getInput('if-not-member') || 'error';
  if (ifNotMember !== 'error' && ifNotMember !== 'warn' && ifNotMember !== 'ignore') {
    problems.push({ input: 'if-not-member', message: `"${ifNotMember}" is not one of error, warn, ignore` });
  }

  let dryRun = false;
  const rawDryRun = core.getInput('dry-run');
  if (rawDryRun !== '') {
    try {
      dryRun = core.getBooleanInput('dry-run');
    } catch {
      problems.push({ input: 'dry-run', message: `"${rawDryRun}" is not a boolean; use true or false` });
    }
  }

  const retries = wholeNumber('retries', core.getInput('retries') || '3', 0, 20, problems);
  const requestTimeoutS = positiveSeconds('request-timeout', core.getInput('request-timeout') || '30', 600, problems);
  const concurrency = wholeNumber('concurrency', core.getInput('concurrency') || '4', 1, 64, problems);

  if (problems.length > 0 || typeof apiUrl === 'string') throw new InvalidInputsError(problems);
  return {
    org,
    usernames,
    token,
    apiUrl,
    ifNotMember: ifNotMember as IfNotMember,
    dryRun,
    retries,
    requestTimeoutMs: Math.round(requestTimeoutS * 1_000),
    concurrency,
  };
}
