/**
 * The audit action's job: read the roster and the organization, plan, apply the plan under the
 * run policy, keep the drift issue and the plan comment, then rotate the groups' tokens.
 */
import { keepsDriftIssue } from '../model/run-policy.ts';
import { isPullRequestEvent, pullRequestHead, pullRequestNumber } from '../model/run-context.ts';
import type { AuditJob, PlanCommentTarget } from '../model/settings.ts';
import { auditWithGitHub } from './audit-github.ts';
import { finish, guarded, rotateIfDue } from './finish.ts';
import type { Session } from './session.ts';

export async function auditOrganization(session: Session, asked: AuditJob): Promise<void> {
  const { api, log, github, run, inputs } = session;
  const job = auditUnderPolicy(session, asked);
  const settings = { ...inputs.settings, policy: session.policy };
  const end = await guarded(session, async (record) => {
    const outcome = await auditWithGitHub(
      job,
      settings,
      api,
      github === undefined ? undefined : { client: github, run, reference: inputs.reference },
      log,
      record,
      session.work,
    );
    // An audit refuses a plan its reviewers did not see, once it knows the plan.
    const policy = outcome.policy ?? session.policy;
    return { ...outcome, rotations: await rotateIfDue(session, outcome.results, policy, record) };
  });
  await finish(session, end);
}

/** The audit as the policy allows it: the drift issue only where it is kept, the plan comment on a pull request. */
function auditUnderPolicy(session: Session, job: AuditJob): AuditJob {
  const { policy, approval, run, log } = session;
  const keptHere = keepsDriftIssue(policy);
  if (job.driftIssue !== undefined && !keptHere) {
    log.info('The drift issue is kept by runs on the merged roster, not by this run');
  }
  const planComment = job.prComment ? planCommentTarget(session) : undefined;
  // A push under approval: require applies only the plan its pull request showed (see model/approved-plan.ts).
  const pullRequest =
    policy.kind === 'apply' && approval?.policy === 'require' && run.eventName === 'push'
      ? approval.pullRequest
      : undefined;
  return {
    ...job,
    startedAt: session.startedAt,
    driftIssue: keptHere ? job.driftIssue : undefined,
    ...(planComment !== undefined && { planComment }),
    ...(pullRequest !== undefined &&
      run.repository !== undefined && { approvedPlanOf: { repository: run.repository, pullRequest } }),
  };
}

/** The pull request to write the plan on, or undefined (with a notice) outside a pull-request run. */
function planCommentTarget({ run, payload, log }: Session): PlanCommentTarget | undefined {
  if (!isPullRequestEvent(run)) {
    log.notice(
      `pr-comment is ignored on a ${run.eventName ?? 'run without GITHUB_EVENT_NAME'}: the plan is written on pull_request and pull_request_target runs`,
    );
    return undefined;
  }
  const pullRequest = pullRequestNumber(payload);
  if (pullRequest === undefined || run.repository === undefined) {
    log.warning(
      'The plan is not written on the pull request: the event payload (GITHUB_EVENT_PATH) names no pull request, or GITHUB_REPOSITORY is not set. The plan is in the job summary and the plan output',
    );
    return undefined;
  }
  const head = pullRequestHead(payload);
  return { repository: run.repository, pullRequest, ...(head !== undefined && { head }) };
}
