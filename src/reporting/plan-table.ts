/** The audit plan as rows of text: who is removed, who stays and why. Shared by the job summary and the drift issue. */
import type { AuditPlan } from '../operations/audit.ts';

export const PLAN_COLUMNS = ['Who', 'Role', 'Action', 'Reason'] as const;

/** Rows of raw text (escape them for where they go); a refused plan says so in its rows. */
export function planRows(plan: AuditPlan, dryRun: boolean, refused: boolean): string[][] {
  const act = (verb: string) =>
    refused ? `not ${verb}d: plan refused (max-removals)` : dryRun ? `would ${verb}` : verb;
  return [
    ...plan.remove.map((m) => [m.username, m.role, act('remove'), 'not on the keep list']),
    ...plan.revokeInvites.map((email) => [
      email,
      'invited',
      act('revoke'),
      'invitation for someone not on the keep list',
    ]),
    ...plan.revokeTokens.map((t) => [
      `token ${t.name}`,
      `minted by ${t.owner}`,
      act('revoke'),
      'its owner is not a member once the audit is done',
    ]),
    ...plan.ownersKept.map((m) => [m.username, m.role, 'keep', 'owner (an audit never removes owners)']),
    ...plan.unknownRoleKept.map((m) => [
      m.username,
      m.role,
      'keep',
      'role unknown (an audit removes only admins, members and viewers)',
    ]),
    ...plan.tokensOwnerUnknown.map((t) => [`token ${t.name}`, 'owner not shown', 'keep', 'check it by hand']),
    ...plan.keep.map((m) => [m.username, m.role, 'keep', 'on the keep list']),
    ...plan.notMembers.map((name) => [
      name,
      '',
      'none',
      'on the keep list but not a member (typo or pending invitation?)',
    ]),
  ];
}

/** True when the plan removes or revokes anything: the organization has drifted from the roster. */
export function hasDrift(plan: AuditPlan): boolean {
  return plan.remove.length + plan.revokeInvites.length + plan.revokeTokens.length > 0;
}
