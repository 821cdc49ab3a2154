/**
 * What a run has planned and done, kept as it happens, so that a run stopped by an unexpected
 * error (a defect of ours) still reports every person and every group rotation that was due: as
 * far as known, or as failed.
 */
import { personResult, type PersonParts, type PersonPlan, type PersonResult, type RotationResult } from './people.ts';

/** Told of the people about to be offboarded, before any request for them, and of each result. */
export interface RunProgress {
  planned(people: readonly PersonPlan[]): void;
  finished(result: PersonResult): void;
}

export class RunRecord implements RunProgress {
  readonly #people: PersonPlan[] = [];
  readonly #results: PersonResult[] = [];
  readonly #rotations: RotationResult[] = [];

  planned(people: readonly PersonPlan[]): void {
    this.#people.push(...people);
  }

  finished(result: PersonResult): void {
    this.#results.push(result);
  }

  /** Told of each group's rotation as it ends. */
  rotated(result: RotationResult): void {
    this.#rotations.push(result);
  }

  /**
   * Each of `groups`' rotation once the run stopped on `error`: a rotation already known stands;
   * any other group failed, since a rotation sent for it, if any, may have taken effect.
   */
  rotationsAfter(groups: readonly string[], error: string): RotationResult[] {
    return groups.map(
      (group) =>
        this.#rotations.find((rotation) => rotation.group === group) ?? {
          group,
          result: 'failed',
          error: `no result: the run stopped on an unexpected error (${error}); a rotation sent for it, if any, may have taken effect`,
        },
    );
  }

  /**
   * Every planned person's result once the run stopped on `error`: a result already known
   * stands (though the second read that would check it did not happen); anyone else failed,
   * since what was sent for them, if anything, may have taken effect.
   */
  resultsAfter(error: string): PersonResult[] {
    return this.#people.map((plan) => {
      // Exactly as planned: `Alice` and `alice` may be two people.
      const known = this.#results.find((result) => result.username === plan.username);
      if (known !== undefined) {
        return known.verified === 'not-checked' && known.actions.some((a) => a.mayHaveTakenEffect)
          ? personResult({ ...known, verified: 'unverified' })
          : known;
      }
      return stoppedResult(plan, error);
    });
  }
}

function stoppedResult(plan: PersonPlan, error: string): PersonResult {
  const problem = `no result: the run stopped on an unexpected error (${error}); what was sent for this person, if anything, may have taken effect`;
  const result: PersonParts = {
    username: plan.username,
    entries: plan.entries,
    listedAtStart: plan.membership.kind === 'listed',
    membership: 'failed',
    invite: plan.invites.kind === 'skipped' || plan.invites.kind === 'unavailable' ? plan.invites.kind : 'failed',
    tokens:
      plan.tokens.kind === 'found' ? plan.tokens.tokens.map(({ id, name }) => ({ id, name, result: 'failed' })) : [],
    problems: { membership: problem, others: [] },
    actions: [],
    verified: 'unverified',
  };
  if (plan.email !== undefined) result.email = plan.email;
  if (plan.role !== undefined) result.role = plan.role;
  return personResult(result);
}
