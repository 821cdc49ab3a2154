/**
 * Rotation of groups' database auth tokens. Database tokens are not tied to a user, so rotating
 * is the only way to make copies a departed person kept stop working.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { confirmedRotation } from '../api/groups.ts';
import type { OrganizationApi } from '../api/organization.ts';
import type { ApiOutcome } from '../api/transport.ts';
import type { Log } from '../model/log.ts';
import type { RotationResult } from '../model/people.ts';

export async function rotateGroupTokens(
  groups: readonly string[],
  api: OrganizationApi,
  log: Log,
  /** Told of each group's rotation as it ends, so that one a defect of ours cuts short keeps the others. */
  rotated: (result: RotationResult) => void,
): Promise<RotationResult[]> {
  return Promise.all(
    groups.map(async (group) => {
      const result = rotationResult(group, await api.groups.rotateTokens(group), log);
      rotated(result);
      return result;
    }),
  );
}

function rotationResult(group: string, outcome: ApiOutcome<unknown>, log: Log): RotationResult {
  const error = rotationProblem(outcome);
  if (error === undefined) {
    log.info(`Group ${group}: database auth tokens rotated`);
    return { group, result: 'rotated' };
  }
  log.error(`Group ${group}: tokens not rotated: ${error}`, `Turso: group ${group}`);
  return { group, result: 'failed', error };
}

/**
 * Why a rotation is not known to be done, or undefined when the API confirmed it. No list shows
 * a rotation, so an answer that is not the endpoint's own leaves it unknown: a failure.
 */
function rotationProblem(outcome: ApiOutcome<unknown>): string | undefined {
  if (!outcome.ok) return describeFailure(outcome);
  const confirmation = confirmedRotation(outcome);
  return confirmation.confirmed ? undefined : `not confirmed: the API answered ${confirmation.answer}`;
}
