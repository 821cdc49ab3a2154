/** The root action's job: offboard the people `username` names, then rotate the groups' tokens. */
import { runRemoval } from '../operations/removal.ts';
import type { RemoveJob } from '../model/settings.ts';
import { finish, guarded, rotateIfDue } from './finish.ts';
import type { Session } from './session.ts';

export async function removePeople(session: Session, job: RemoveJob): Promise<void> {
  const { api, log, policy } = session;
  const settings = { ...session.inputs.settings, policy };
  const end = await guarded(session, async (record) => {
    const outcome = await runRemoval(job, settings, api, log, record);
    return { ...outcome, rotations: await rotateIfDue(session, outcome.results, policy, record) };
  });
  await finish(session, end);
}
