/**
 * Team rosters: the logins of every member of the named GitHub teams (child teams included, as
 * the API lists them), read page by page. A team that cannot be read, or reads as empty, is a
 * problem: an empty roster must never mean "remove everyone". Nor a roster cut short: a full
 * page without a link to the next is the last only when the page after it is empty.
 */
import type { RosterEntry } from '../model/roles.ts';
import type { TeamRosterRead } from '../model/roster.ts';
import type { TeamRef } from '../model/settings.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';

/** Logins asked for per page: GitHub's largest page. */
const PER_PAGE = 100;

/** The `next` link of GitHub's `Link` header, as Octokit follows it. */
const NEXT_LINK = /<[^<>]+>;\s*rel="next"/;

const PERMISSION_HINT =
  'the github-token must be able to read the organization\'s members: a GitHub App installation token with the "Members: read" organization permission, or a fine-grained token with the same (the workflow\'s GITHUB_TOKEN cannot read teams)';

export async function readTeams(github: GitHubClient, teams: readonly TeamRef[]): Promise<TeamRosterRead> {
  const problems: string[] = [];
  const logins: string[] = [];
  const roster: RosterEntry[] = [];
  for (const team of teams) {
    const name = `${team.org}/${team.slug}`;
    try {
      const query = { org: team.org, team_slug: team.slug, per_page: PER_PAGE };
      const members: { login: string }[] = [];
      let pages = 0;
      let full = false;
      for await (const page of github.paginate.iterator(github.rest.teams.listMembersInOrg, query)) {
        members.push(...page.data);
        pages += 1;
        full = page.data.length >= PER_PAGE && !NEXT_LINK.test(page.headers.link ?? '');
      }
      // A team of exactly 100 logins ends on a full page too; one more page tells it from a cut.
      const cutShort =
        full && (await github.rest.teams.listMembersInOrg({ ...query, page: pages + 1 })).data.length > 0;
      if (cutShort) {
        problems.push(
          `team ${name} could not be read whole: page ${pages} holds ${PER_PAGE} logins and no link to the next, yet page ${pages + 1} is not empty (a proxy dropping GitHub's Link header?); fix what strips the header, or name the people with keep`,
        );
      } else if (members.length === 0)
        problems.push(`team ${name} has no members, or none the github-token can see; ${PERMISSION_HINT}`);
      logins.push(...members.map((m) => m.login));
      const { role, until } = team;
      roster.push(
        ...members.map((m) => ({
          name: m.login,
          ...(role !== undefined && { role }),
          ...(until !== undefined && { until, team: name }),
        })),
      );
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
