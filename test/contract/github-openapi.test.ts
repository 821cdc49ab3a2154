/**
 * Every GitHub request the action sends, against GitHub's official OpenAPI description
 * (`github-openapi.json`, cut from it by scripts/github-spec.ts) served by Prism with request
 * validation on: the bundle runs each scenario against the GitHub stand-in, and every request it
 * sent there is replayed to Prism, which must take it as the spec allows. Every call of
 * src/github/ must be sent by some scenario, so a new call cannot go unchecked.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, type GitHubRequest, type GitHubStandIn } from '../stand-in/github.ts';
import { DRIFT_MARKER, GITHUB_TOKEN, GONE, openIssue, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { githubOperationIds } from '../support/github-operations.ts';
import { GITHUB_SPEC, PrismMock, type ReplayedRequest } from '../support/prism.ts';
import { runAction, standInInputs } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'github-contract-turso-token-0123456789';
/** A team of 250, so that reading it takes three pages. */
const ENGINEERING = Array.from({ length: 250 }, (_, i) => `engineer-${i}`);

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/engineering': ENGINEERING });
const prism = new PrismMock(GITHUB_SPEC);

beforeAll(() => prism.start(), 90_000);
afterAll(() => prism.stop());

interface Spec {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
}
const spec = JSON.parse(readFileSync(GITHUB_SPEC, 'utf8')) as Spec;

/** Each operation of the spec, with a pattern of its path; the fewest parameters first, so a literal segment wins. */
const OPERATIONS = Object.entries(spec.paths)
  .flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operationId: operation.operationId ?? '',
      hasBody: operation.requestBody !== undefined,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  )
  .sort((a, b) => a.template.split('{').length - b.template.split('{').length);

/** The operation of the spec a recorded request is, or undefined when the spec has none. */
const operationOf = ({ method, path }: { method: string; path: string }) =>
  OPERATIONS.find((o) => o.method === method && o.pattern.test(path.split('?')[0] ?? ''))?.operationId;

/**
 * What Octokit sends with each request, but for Accept: it asks for
 * `application/vnd.github.v3+json`, which GitHub answers as `application/json`, the only media
 * type the spec lists for its answers; Prism would answer 406 before checking anything else.
 */
const asOctokitSends = (
  request: Pick<GitHubRequest, 'method' | 'path' | 'body' | 'authorization'>,
): ReplayedRequest => ({
  method: request.method,
  path: request.path,
  headers: {
    accept: 'application/json',
    'user-agent': 'turso-remove-member-action',
    ...(request.authorization !== undefined && { authorization: request.authorization }),
    ...(request.body !== undefined && { 'content-type': 'application/json; charset=utf-8' }),
  },
  body: request.body,
});

/** A violation Prism found in the answer it made from the spec, not in the request. */
const isAboutAnswer = (violation: unknown) =>
  typeof violation === 'object' &&
  violation !== null &&
  'location' in violation &&
  Array.isArray(violation.location) &&
  violation.location[0] === 'response';

/** The requests Prism did not take as the spec allows, with what it said. */
async function refusedByPrism(requests: readonly ReplayedRequest[]) {
  const refused = [];
  for (const request of requests) {
    const verdict = await prism.replay(request);
    // Some of the spec's own examples break its schemas (a team without `type`): Prism then
    // answers 500 for the example it made up, and that says nothing of the request.
    const aboutRequest = verdict.violations.filter((v) => !isAboutAnswer(v));
    const answerOnly = verdict.status === 500 && verdict.violations.length > 0 && aboutRequest.length === 0;
    if ((verdict.status >= 300 && !answerOnly) || aboutRequest.length > 0) {
      refused.push({ request: `${request.method} ${request.path}`, ...verdict });
    }
  }
  return refused;
}

interface Scenario {
  name: string;
  /** What the GitHub side holds before the run. */
  seed?: (github: GitHubStandIn) => void;
  /** The action's inputs, beyond the GitHub token and a dry run. */
  inputs: Record<string, string>;
  /** The runner's environment, beyond the usual run context. */
  env?: Record<string, string>;
  /** The operations (operationIds) the run sends, every one of them. */
  sends: string[];
}

const DRIFT_ISSUE = { 'drift-issue': 'true' };
const PLAN_COMMENT = { keep: 'stays', 'pr-comment': 'true' };
const PLAN_MARKER = '<!-- turso-remove-member-action plan-comment org=acme -->';

/** A pull_request event's payload for pull request 1, as the runner leaves it at GITHUB_EVENT_PATH. */
const PULL_REQUEST_EVENT = (() => {
  const path = join(mkdtempSync(join(tmpdir(), 'github-contract-')), 'event.json');
  writeFileSync(path, JSON.stringify({ pull_request: { number: 1 } }));
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path };
})();

/** A run for each GitHub call of src/github/: a new call needs a row here. */
/** The pull request a push's commit came from, merged by someone else after a review. */
const addMergedPull = (github: GitHubStandIn) =>
  github.addPull(REPO, {
    author: 'dev',
    commits: [],
    merged: { sha: RUN_CONTEXT.GITHUB_SHA, at: '2026-12-02T09:00:00Z', by: 'lead' },
    reviews: [{ login: 'rev', state: 'APPROVED', submittedAt: '2026-12-01T10:00:00Z' }],
  });

const SCENARIOS: Scenario[] = [
  {
    name: 'reads a team roster page by page',
    inputs: { 'keep-github-team': 'acme-gh/engineering', keep: 'stays' },
    sends: ['teams/list-members-in-org'],
  },
  {
    name: 'opens the drift issue',
    inputs: { keep: 'stays', ...DRIFT_ISSUE },
    sends: ['issues/list-for-repo', 'issues/create'],
  },
  {
    name: 'updates the drift issue whose label was dropped, and adds the label back',
    seed: (github) => openIssue(github, { title: 'Turso drift (renamed)', body: `${DRIFT_MARKER}\nold plan` }),
    inputs: { keep: 'stays', ...DRIFT_ISSUE },
    sends: ['issues/list-for-repo', 'issues/update', 'issues/add-labels'],
  },
  {
    name: 'closes the drift issue with a comment once there is no drift',
    seed: (github) =>
      openIssue(github, {
        title: 'Turso membership drift in acme',
        body: `${DRIFT_MARKER}\nold plan`,
        labels: ['turso-drift'],
      }),
    inputs: { keep: 'root, stays, gone', ...DRIFT_ISSUE },
    sends: ['issues/list-for-repo', 'issues/create-comment', 'issues/update'],
  },
  {
    name: 'writes the plan on the pull request',
    seed: (github) => github.addPull(REPO, { author: 'dev', commits: [] }),
    inputs: PLAN_COMMENT,
    env: PULL_REQUEST_EVENT,
    sends: ['issues/list-comments', 'issues/create-comment'],
  },
  {
    name: 'marks a second plan comment of its own superseded',
    seed: (github) => {
      const pull = github.addPull(REPO, { author: 'dev', commits: [] });
      github.addComment(pull, PLAN_MARKER, ACTIONS_BOT);
      github.addComment(pull, PLAN_MARKER, ACTIONS_BOT);
    },
    inputs: PLAN_COMMENT,
    env: PULL_REQUEST_EVENT,
    sends: ['issues/list-comments', 'issues/update-comment'],
  },
  {
    name: 'updates the plan comment in place',
    seed: (github) => github.addComment(github.addPull(REPO, { author: 'dev', commits: [] }), PLAN_MARKER, ACTIONS_BOT),
    inputs: PLAN_COMMENT,
    env: PULL_REQUEST_EVENT,
    sends: ['issues/list-comments', 'issues/update-comment'],
  },
  {
    name: 'reads who approved the merged pull request a push brought, who wrote its commits, the environment approvals, and the permission of each approver',
    seed: addMergedPull,
    inputs: { keep: 'stays', approval: 'record' },
    env: { GITHUB_EVENT_NAME: 'push' },
    sends: [
      'repos/list-pull-requests-associated-with-commit',
      'pulls/get',
      'pulls/list-reviews',
      'pulls/list-commits',
      'actions/get-reviews-for-run',
      'repos/get-collaborator-permission-level',
    ],
  },
  {
    name: 'reads the head of the branch a push under approval: require was for',
    seed: addMergedPull,
    inputs: { keep: 'stays', approval: 'require' },
    env: { GITHUB_EVENT_NAME: 'push' },
    sends: [
      'repos/list-pull-requests-associated-with-commit',
      'pulls/get',
      'pulls/list-reviews',
      'pulls/list-commits',
      'actions/get-reviews-for-run',
      'repos/get-branch',
      'repos/get-collaborator-permission-level',
    ],
  },
];

describe("against GitHub's official OpenAPI description (Prism, request validation on)", () => {
  it.each(SCENARIOS)('$name: every request as the spec allows', async ({ seed, inputs, env, sends }) => {
    seed?.(github);
    const outcome = await runAction({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        'github-token': GITHUB_TOKEN,
        'dry-run': 'true',
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url, ...env },
    });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(new Set(github.requests.map(operationOf))).toEqual(new Set(sends));
    expect(await refusedByPrism(github.requests.map(asOctokitSends))).toEqual([]);
  });

  it('has a scenario for every GitHub call of src/github/, and the spec has each of them', () => {
    const calls = githubOperationIds();
    const inSpec = new Set(OPERATIONS.map((o) => o.operationId));
    expect(
      calls.filter((id) => !inSpec.has(id)),
      'not in github-openapi.json: run node scripts/github-spec.ts',
    ).toEqual([]);
    const sent = new Set(SCENARIOS.flatMap((s) => s.sends));
    expect(calls.filter((id) => !sent.has(id))).toEqual([]);
  });
});

describe('Prism refuses what the spec does not allow', () => {
  const request = (method: string, path: string, body?: unknown) =>
    asOctokitSends({ method, path, body, authorization: `token ${GITHUB_TOKEN}` });

  it.each([
    ['Create an Issue without a title', request('POST', `/repos/${REPO}/issues`, { body: 'no title' }), 'required'],
    [
      'Update an Issue to a state there is none of',
      request('PATCH', `/repos/${REPO}/issues/1`, { state: 'shut' }),
      'enum',
    ],
    [
      'List Team Members with a per_page that is no number',
      request('GET', '/orgs/acme-gh/teams/eng/members?per_page=all'),
      'type',
    ],
    [
      'List Reviews of a pull request whose number is no number',
      request('GET', `/repos/${REPO}/pulls/first/reviews?per_page=100`),
      'type',
    ],
  ])('%s', async (_, wrong, code) => {
    const [refused] = await refusedByPrism([wrong]);
    expect(refused).toMatchObject({ status: 422, violations: [expect.objectContaining({ code }) as unknown] });
  });

  // Prism checks nothing against a schema it cannot compile, and says nothing about it.
  it.each(OPERATIONS.filter((o) => o.hasBody))('checks the body of $operationId', async ({ method, template }) => {
    const path = template.replace(/\{[^}]+\}/g, '1');
    const [refused] = await refusedByPrism([request(method, path, true)]);
    expect(refused?.violations).toContainEqual(expect.objectContaining({ code: 'type' }));
  });
});
