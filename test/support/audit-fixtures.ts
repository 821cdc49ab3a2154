/**
 * What the audit tests share: an organization's owner and a member who stays, tokens minted by
 * someone, and the GitHub side of a roster audit (the token, the repository and its drift issue).
 */
import { ACTIONS_BOT, type GitHubStandIn, type Issue } from '../stand-in/github.ts';
import type { ApiToken, Member } from '../stand-in/server.ts';
import { RUN_CONTEXT } from './run-context.ts';

/** An owner (never removed) and a member on every test's keep list. */
export const OWNER_AND_STAYER: readonly Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'stays', role: 'member', email: 'stays@acme.test' },
];

/** A member who left: on no keep list unless a test puts them there. */
export const GONE: Member = { username: 'gone', role: 'member', email: 'gone@acme.test' };

/** An organization API token minted by `username`, named `username-id`. */
export const tokenOf = (id: string, username: string): ApiToken => ({
  id,
  name: `${username}-${id}`,
  owner: { username, email: `${username}@acme.test` },
  created_at: '2026-01-01',
});

/** The token the GitHub stand-ins take, given as `github-token`: a GitHub App installation token. */
export const GITHUB_TOKEN = 'ghs_app-installation-token-0123456789';

/** The repository of the run, where the drift issue is kept. */
export const REPO = RUN_CONTEXT.GITHUB_REPOSITORY;

/** The hidden marker that makes an issue the drift issue of the organization `acme`. */
export const DRIFT_MARKER = '<!-- turso-remove-member-action drift-issue org=acme -->';

/** The address the GitHub stand-in gives issue `number` of REPO. */
export const issueUrl = (number: number): string => `https://github.example/${REPO}/issues/${number}`;

/** Puts an open issue in REPO, numbered next, as an earlier run left it (or, given its author, a person). */
export function openIssue(github: GitHubStandIn, fields: Partial<Issue>): Issue {
  const issues = github.repoIssues(REPO);
  const issue: Issue = {
    number: issues.length + 1,
    title: 'Something else',
    body: '',
    state: 'open',
    labels: [],
    comments: [],
    author: ACTIONS_BOT,
    ...fields,
  };
  issues.push(issue);
  return issue;
}
