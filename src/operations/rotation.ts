/**
 * Rotation of groups' database auth tokens. Database tokens are not tied to a user, so rotating
 * is the only way to make copies a departed person kept stop working.
 */
import { describeFailure } from '../api/describe-failure.ts';
import type { OrganizationApi } from '../api/organization.ts';
import type { Log } from '../model/log.ts';
import type { RotationResult } from '../model/people.ts';

export async function rotateGroupTokens(
  groups: readonly string[],
  api: OrganizationApi,
  log: Log,
): Promise<RotationResult[]> {
  return Promise.all(
    groups.map(async (group) => {
      const outcome = await api.groups.rotateTokens(group);
      if (outcome.ok) {
        log.info(`Group ${group}: database auth tokens rotated`);
        return { group, result: 'rotated' as const };
      }
      const error = describeFailure(outcome);
      log.error(`Group ${group}: tokens not rotated: ${error}`, `Turso: group ${group}`);
      return { group, result: 'failed' as const, error };
    }),
  );
}
