/**
 * Team rosters: the logins of every member of the named GitHub teams (child teams included, as
 * the API lists them), read page by page. A team that cannot be read, or reads as empty, is a
 * problem: an empty roster must never mean "remove everyone".
 */
import type { RosterEntry } from '../model/roles.ts';
import type { TeamRosterRead } from '../model/roster.ts';
import type { TeamRef } from '../model/settings.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';

const PERMISSION_HINT =
  'the github-token must be able to read the organization\'s members: a GitHub App installation token with the "Members: read" organization permission, or a fine-grained token with the same (the workflow\'s GITHUB_TOKEN cannot read teams)';

export async function readTeams(github: GitHubClient, teams: readonly TeamRef[]): Promise<TeamRosterRead> {
  const problems: string[] = [];
  const logins: string[] = [];
  const roster: RosterEntry[] = [];
  for (const team of teams) {
    const name = `${team.org}/${team.slug}`;
    try {
      const members = await github.paginate(github.rest.teams.listMembersInOrg, {
        org: team.org,
        team_slug: team.slug,
        per_page: 100,
      });
      if (members.length === 0)
        problems.push(`team ${name} has no members, or none the github-token can see; ${PERMISSION_HINT}`);
      logins.push(...members.map((m) => m.login));
      const { role } = team;
      roster.push(...members.map((m) => (role === undefined ? { name: m.login } : { name: m.login, role })));
    } catch (error) {
      const status = errorStatus(error);
      problems.push(
        status === 404 || status === 403 || status === 401
          ? `team ${name} could not be read (HTTP ${status}): it does not exist, or ${PERMISSION_HINT}`
          : `team ${name} could not be read: ${errorText(error)}`,
      );
    }
  }
  return problems.length > 0 ? { problems } : { logins: [...new Set(logins)], roster };
}
