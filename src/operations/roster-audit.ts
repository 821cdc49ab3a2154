/**
 * An audit against the roster a company already keeps: the keep inputs plus the members of
 * GitHub teams, and, on request, a drift issue that shows the plan until the drift is gone.
 * GitHub is reached (and Octokit loaded) only when the audit uses one of these.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { AuditMode } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import type { RunContext } from '../run-context.ts';
import type { Redactor } from '../safe-text.ts';
import { runAudit, type AuditOutcome } from './audit.ts';
import type { RunSettings } from './offboarding.ts';

export interface RosterAuditOutcome extends AuditOutcome {
  /** The drift issue's URL while drift remains; '' when there is none; undefined when not kept. */
  driftIssueUrl?: string;
  /** Why the drift issue could not be kept (the audit itself is done). */
  driftIssueProblem?: string;
}

export async function runRosterAudit(
  mode: AuditMode,
  settings: RunSettings,
  api: OrganizationApi,
  github: { token: string; run: RunContext; redact: Redactor },
  log: Log,
): Promise<RosterAuditOutcome> {
  if (mode.githubTeams.length === 0 && mode.driftIssue === undefined) return runAudit(mode, settings, api, log);
  const { createGitHubClient, errorText, keepDriftIssue, readTeams } = await import('../github/index.ts');
  const client = createGitHubClient(github.token, log);

  let keep = mode.keep;
  if (mode.githubTeams.length > 0) {
    const teams = await readTeams(client, mode.githubTeams);
    if ('problems' in teams) {
      return {
        results: [],
        problem: `The audit of ${api.org} was refused, and nothing was removed: ${teams.problems.join('; ')}`,
      };
    }
    log.info(
      `Roster: ${teams.logins.length} GitHub login(s) from ${mode.githubTeams.map((t) => `${t.org}/${t.slug}`).join(', ')}`,
    );
    keep = [...new Set([...keep, ...teams.logins])];
  }
  const outcome: RosterAuditOutcome = await runAudit({ ...mode, keep }, settings, api, log);
  if (mode.driftIssue === undefined) return outcome;
  if (outcome.plan === undefined) {
    log.warning('The drift issue was left as it is: the organization could not be read, so the drift is unknown');
    return outcome;
  }
  try {
    const context = {
      org: api.org,
      repository: mode.driftIssue.repository,
      dryRun: settings.dryRun,
      refused: outcome.problem !== undefined,
      run: github.run,
    };
    outcome.driftIssueUrl = await keepDriftIssue(client, outcome.plan, context, github.redact);
    log.info(
      outcome.driftIssueUrl === '' ? 'No drift: no drift issue is open' : `Drift issue: ${outcome.driftIssueUrl}`,
    );
  } catch (error) {
    outcome.driftIssueProblem = `the drift issue could not be kept in ${mode.driftIssue.repository} (it needs issues: write): ${errorText(error)}`;
  }
  return outcome;
}
