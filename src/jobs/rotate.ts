/** The rotate action's job: rotate the database auth tokens of `groups`, and nothing else. */
import { readTokenUser } from '../operations/directory.ts';
import { finish, guarded, rotateIfDue } from './finish.ts';
import type { Session } from './session.ts';

export async function rotateGroups(session: Session): Promise<void> {
  const { api, log, policy } = session;
  const end = await guarded(session, async (record) => {
    const tokenUser = await readTokenUser(api, log);
    return { results: [], ...(tokenUser && { tokenUser }), rotations: await rotateIfDue(session, [], policy, record) };
  });
  await finish(session, end);
}
