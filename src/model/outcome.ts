/** What a run found out and did, as the operations hand it to reporting. */
import type { AuditPlan } from './audit-plan.ts';
import type { TokenUser } from './organization.ts';
import type { PersonResult, RotationResult } from './people.ts';

/** What a removal or an audit found out and did, before verification. */
export interface ModeOutcome {
  /** Audit mode only; undefined when the organization could not be read. */
  plan?: AuditPlan;
  results: PersonResult[];
  /** The user whose token runs the action, when Get Current User could be read. */
  tokenUser?: TokenUser;
  /** Why the audit stopped before removing anyone. */
  problem?: string;
  /** The drift issue's URL while drift remains; '' when there is none; undefined when not kept. */
  driftIssueUrl?: string;
  /** Why the drift issue could not be kept (the audit itself is done). */
  driftIssueProblem?: string;
}

/** Everything a run found out, for the outputs and the summary. */
export interface RunReport {
  results: readonly PersonResult[];
  /** Audit mode only. */
  plan?: AuditPlan | undefined;
  /** Why the run stopped before removing anyone, if it did. */
  problem?: string | undefined;
  rotations: readonly RotationResult[];
  /** Audit with drift-issue only: the open drift issue, or '' when there is none. */
  driftIssueUrl?: string | undefined;
}
