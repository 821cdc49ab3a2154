/** Each person's result in the step's log, as soon as it is known; failures as annotations. */
import type { Log } from '../model/log.ts';
import { notMemberRule, type PersonResult } from '../model/people.ts';
import type { IfNotMember } from '../model/settings.ts';

export function logPersonResult(result: PersonResult, ifNotMember: IfNotMember, log: Log): void {
  const title = `Turso: ${result.username}`;
  const parts = [
    `membership ${result.membership}`,
    `invitation ${result.invite}`,
    `tokens ${result.tokens.length === 0 ? 'none' : result.tokens.map((t) => `${t.name} ${t.result}`).join(', ')}`,
  ].join('; ');
  if (result.warning !== undefined) log.warning(`${result.username}: ${result.warning}`, title);
  switch (result.result) {
    case 'removed':
      log.info(
        `${result.username}: removed${result.member === undefined ? '' : ` (member: ${result.member})`} (${parts})`,
      );
      return;
    case 'would-remove':
      log.info(`${result.username}: would be removed (dry run; role: ${result.role ?? 'unknown'}; ${parts})`);
      return;
    case 'demoted':
      log.info(
        `${result.username}: role lowered from ${result.roleChange?.from ?? 'unknown'} to ${result.roleChange?.to ?? 'unknown'}${result.roleChange?.after === undefined ? '' : ` (now ${result.roleChange.after})`}`,
      );
      return;
    case 'would-demote':
      log.info(
        `${result.username}: role would be lowered from ${result.roleChange?.from ?? 'unknown'} to ${result.roleChange?.to ?? 'unknown'} (dry run)`,
      );
      return;
    case 'unchanged':
      // An audit's member left alone: the plan said otherwise, so it is worth a look.
      if (result.error !== undefined) log.warning(`${result.username}: unchanged: ${result.error}`, title);
      else log.info(`${result.username}: unchanged: ${result.role ?? 'unknown'}, at or below the role asked for`);
      return;
    case 'not-member': {
      const message = `${result.username}: not a member: ${result.error ?? ''}`;
      const rule = notMemberRule(result, ifNotMember);
      if (rule === 'error') log.error(message, title);
      else if (rule === 'warn') log.warning(message, title);
      else log.info(message);
      return;
    }
    case 'failed':
      log.error(`${result.username}: ${result.error ?? 'failed'}`, title);
  }
}
