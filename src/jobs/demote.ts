/** The demote action's job: lower the people `username` names to `role`. */
import { runDemotion } from '../operations/demotion.ts';
import type { DemoteJob } from '../model/settings.ts';
import { finish, guarded } from './finish.ts';
import type { Session } from './session.ts';

export async function lowerRoles(session: Session, job: DemoteJob): Promise<void> {
  const { api, log, policy } = session;
  const settings = { ...session.inputs.settings, policy };
  const end = await guarded(session, async (record) => ({
    ...(await runDemotion(job, settings, api, log, record)),
    rotations: [],
  }));
  await finish(session, end);
}
