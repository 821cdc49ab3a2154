/** What an audit asks of GitHub; main.ts imports this module only when an audit needs it. */
import type { Log } from '../model/log.ts';
import type { AuditGitHub } from '../model/roster.ts';
import type { Redactor } from '../model/safe-text.ts';
import { createGitHubClient } from './client.ts';
import { driftIssueProblem, keepDriftIssue } from './drift-issue.ts';
import { readTeams } from './teams.ts';

export function createAuditGitHub(
  token: string,
  log: Log,
  redact: Redactor,
  signal: AbortSignal,
  requestTimeoutMs: number,
): AuditGitHub {
  const client = createGitHubClient(token, log, signal, requestTimeoutMs);
  return {
    readTeams: (teams) => readTeams(client, teams),
    keepDriftIssue: (plan, context) =>
      keepDriftIssue(client, plan, context, redact).catch((error: unknown) => {
        throw new Error(driftIssueProblem(error), { cause: error });
      }),
  };
}
