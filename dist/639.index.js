export const id = 639;
export const ids = [639];
export const modules = {

/***/ 4639:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHub: () => (/* binding */ createGitHub)
});

// EXTERNAL MODULE: ./src/model/approval.ts
var approval = __webpack_require__(8762);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./src/github/client.ts
/**
 * The GitHub API client for team rosters and the drift issue: the toolkit's Octokit with
 * Octokit's own throttling and retry plugins, at GITHUB_API_URL (GitHub Enterprise Server
 * included). Loaded only when an audit reads a team or keeps a drift issue.
 */



/** The longest rate-limit wait worth holding a step for; a longer one fails instead. */
const MAX_RATE_LIMIT_WAIT_S = 60;
const RATE_LIMIT_RETRIES = 3;
/**
 * Octokit rethrows an AbortError as it is, and neither plugin retries one: so a request the run
 * gave up on fails that GitHub step at once.
 */
const abandoned = (why) => new DOMException(why, 'AbortError');
/** Read anew each time: a signal can abort while a request is under way. */
const isAborted = (signal) => signal.aborted;
/**
 * Each request, answer body included, within `requestTimeoutMs` and abandoned when the run is
 * cancelled (`signal`); after the cancel none starts. The body is read here, under the same
 * signal, because Octokit takes a JSON body that breaks off for an empty one: a team page that
 * stalled would read as no members.
 */
function boundedFetch(requestTimeoutMs, signal) {
    const nullBody = new Set([101, 204, 205, 304]);
    return async (input, init) => {
        if (signal.aborted)
            throw abandoned('the run was cancelled');
        const timeout = AbortSignal.timeout(requestTimeoutMs);
        try {
            const answer = await fetch(input, { ...init, signal: AbortSignal.any([signal, timeout]) });
            const body = await answer.arrayBuffer();
            return new Response(nullBody.has(answer.status) ? null : body, {
                status: answer.status,
                statusText: answer.statusText,
                headers: answer.headers,
            });
        }
        catch (error) {
            if (isAborted(signal))
                throw abandoned('the run was cancelled while this GitHub request was under way');
            if (timeout.aborted) {
                throw abandoned(`GitHub gave no answer within ${requestTimeoutMs / 1_000} s (request-timeout)`);
            }
            throw error;
        }
    };
}
/** `signal` is the run's cancellation; `requestTimeoutMs` the `request-timeout` input. */
function createGitHubClient(token, log, signal, requestTimeoutMs) {
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
        log.info(`GitHub ${kind} on ${options.method ?? ''} ${options.url ?? ''}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retrying;
    };
    const octokit = (0,github/* getOctokit */.Q)(token, {
        // Read at call time, not when the toolkit was first loaded.
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        userAgent: 'turso-remove-member-action',
        request: { fetch: boundedFetch(requestTimeoutMs, signal) },
        throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    }, plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
    // Outermost, around the plugins' waits for a rate limit or a retry (up to a minute), which a
    // cancel must not sit out: the request is given up at once, and boundedFetch refuses the
    // attempt the wait would have led to.
    octokit.hook.wrap('request', (request, options) => untilCancelled(Promise.resolve(request(options)), signal));
    return octokit;
}
function untilCancelled(work, signal) {
    return new Promise((resolve, reject) => {
        const giveUp = () => reject(abandoned('the run was cancelled while this GitHub request was under way'));
        if (signal.aborted)
            giveUp();
        signal.addEventListener('abort', giveUp, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', giveUp));
    });
}
/** The status of an Octokit request error, or undefined for anything else. */
function errorStatus(error) {
    return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : undefined;
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/github/approvals.ts
/**
 * Who approved the run, read from GitHub: for a push, the merged pull request the commit came
 * from (who wrote it, who committed to it, who merged it, who approved it); for any run, the
 * approvals of the environments its jobs waited for; then, once per approver who may count, their
 * permission on the repository. Each look-up that fails is recorded as unavailable, with the
 * permission it needs, and the others are still recorded.
 */


/** Review states that settle a reviewer's verdict; a comment leaves an earlier approval standing, as on GitHub. */
const VERDICTS = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);
/** A field of GitHub's answer as text; '' when it is missing or not text, which counts for no one. */
const approvals_text = (value) => (typeof value === 'string' ? value : '');
/**
 * The people whose latest verdict approves the commit that was merged (`head`), each with when
 * they approved. An approval of an earlier commit is stale: the author pushed after it, as GitHub's
 * "dismiss stale approvals" has it. A bot's review is no second pair of eyes: a workflow whose
 * token may approve pull requests approves its author's.
 */
function latestApprovals(reviews, head) {
    const latest = new Map();
    for (const review of reviews) {
        const login = approvals_text(review.user?.login);
        if (login === '' || review.user?.type === 'Bot' || !VERDICTS.has(review.state ?? ''))
            continue;
        latest.set(login.toLowerCase(), review);
    }
    return [...latest.values()].flatMap((review) => review.state === 'APPROVED' && head !== '' && approvals_text(review.commit_id) === head
        ? [{ login: approvals_text(review.user?.login), submittedAt: approvals_text(review.submitted_at) }]
        : []);
}
function unavailable(what, permissions, error) {
    const status = errorStatus(error);
    const refused = status === 401 || status === 403 || status === 404;
    return `${what} could not be read (${errorText(error)})${refused ? `; the github-token needs ${permissions}` : ''}`;
}
async function mergedPullRequest(github, owner, repo, sha) {
    const associated = await github.paginate(github.rest.repos.listPullRequestsAssociatedWithCommit, {
        owner,
        repo,
        commit_sha: sha,
        per_page: 100,
    });
    // The pull request whose merge made this very commit; one that merely contains it was not merged by it.
    const merged = associated.find((pr) => pr.merge_commit_sha === sha && pr.merged_at !== null);
    if (merged?.merged_at == null)
        return null;
    const [pull, reviews, commits] = await Promise.all([
        github.rest.pulls.get({ owner, repo, pull_number: merged.number }),
        github.paginate(github.rest.pulls.listReviews, { owner, repo, pull_number: merged.number, per_page: 100 }),
        github.paginate(github.rest.pulls.listCommits, { owner, repo, pull_number: merged.number, per_page: 100 }),
    ]);
    // GitHub lists at most 250 commits of a pull request: who wrote the others is unknown.
    if (typeof pull.data.commits === 'number' && commits.length < pull.data.commits) {
        throw new Error(`GitHub lists ${commits.length} of its ${pull.data.commits} commits`);
    }
    // A commit whose author or committer GitHub links to no account names nobody who could approve.
    const contributors = commits.flatMap((c) => [approvals_text(c.author?.login), approvals_text(c.committer?.login)]).filter(Boolean);
    const found = {
        number: merged.number,
        url: approvals_text(merged.html_url),
        author: approvals_text(merged.user?.login),
        mergedAt: approvals_text(merged.merged_at),
        head: approvals_text(pull.data.head.sha),
        approvals: latestApprovals(reviews, approvals_text(pull.data.head.sha)),
        contributors: [...new Set(contributors)],
    };
    const mergedBy = approvals_text(pull.data.merged_by?.login);
    if (mergedBy !== '')
        found.mergedBy = mergedBy;
    return found;
}
/** The commit at the head of `branch` now. */
async function branchHead(github, owner, repo, branch) {
    const { data } = await github.rest.repos.getBranch({ owner, repo, branch });
    return approvals_text(data.commit.sha);
}
async function environmentApprovals(github, owner, repo, runId) {
    const { data } = await github.rest.actions.getReviewsForRun({ owner, repo, run_id: runId });
    return data.map((review) => ({
        login: approvals_text(review.user.login),
        bot: review.user.type === 'Bot',
        state: approvals_text(review.state),
        environments: review.environments.map((environment) => approvals_text(environment.name)),
        comment: approvals_text(review.comment),
    }));
}
/** GitHub's own repository roles; a custom role is taken at its base permission. */
const ROLES = new Set(['admin', 'maintain', 'write', 'triage', 'read']);
/** The permission `login` holds on the repository, or '' when it could not be read (recorded as unavailable). */
async function permissionOf(github, owner, repo, login, record) {
    try {
        const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
        // `permission` gives maintain as write and triage as read; `role_name` names them, and a custom role by its own name.
        const role = approvals_text(data.role_name);
        return ROLES.has(role) ? role : approvals_text(data.permission);
    }
    catch (error) {
        record.unavailable.push(unavailable(`the permission of ${login} on the repository`, 'metadata: read', error));
        return '';
    }
}
async function readApprovals(github, policy, environment, run, stepStartedAt) {
    const record = {
        policy,
        unavailable: [],
        permissions: [],
        stepStartedAt: stepStartedAt.toISOString(),
    };
    if (run.actor !== undefined)
        record.actor = run.actor;
    if (run.triggeringActor !== undefined)
        record.triggeringActor = run.triggeringActor;
    if (environment !== '')
        record.environment = environment;
    const [owner = '', repo = ''] = (run.repository ?? '').split('/');
    if (owner === '' || repo === '') {
        record.unavailable.push('nothing could be read: GITHUB_REPOSITORY is not set');
        return record;
    }
    const repository = { github, owner, repo };
    await Promise.all([
        readPushApproval(repository, policy, run, record),
        readEnvironmentApprovals(repository, run, record),
    ]);
    // Read only for who may count otherwise: one request per approver, none for the run's own people.
    const approvers = (0,approval/* candidateApprovers */.KA)(record);
    const permissions = await Promise.all(approvers.map((login) => permissionOf(github, owner, repo, login, record)));
    record.permissions = approvers.map((login, i) => ({ login, permission: permissions[i] ?? '' }));
    return record;
}
/** A push: the merged pull request its commit came from, and under `require` its branch's head. */
async function readPushApproval({ github, owner, repo }, policy, run, record) {
    if (run.eventName !== 'push' || run.sha === undefined) {
        record.pullRequest = null;
        return;
    }
    const { sha } = run;
    const lookUps = [
        mergedPullRequest(github, owner, repo, sha).then((pr) => void (record.pullRequest = pr), (error) => void record.unavailable.push(unavailable(`the pull request of commit ${sha}`, 'contents: read and pull-requests: read', error))),
    ];
    const branch = run.ref?.startsWith('refs/heads/') === true ? run.ref.slice('refs/heads/'.length) : '';
    if (policy === 'require') {
        const checked = { branch, commit: sha, head: '' };
        record.branchHead = checked;
        if (branch === '')
            record.unavailable.push('the head of the pushed branch could not be read: GITHUB_REF names no branch');
        else {
            lookUps.push(branchHead(github, owner, repo, branch).then((head) => void (checked.head = head), (error) => void record.unavailable.push(unavailable(`the head of branch ${branch}`, 'contents: read', error))));
        }
    }
    await Promise.all(lookUps);
}
/** The approvals of the environments the run waited for. */
async function readEnvironmentApprovals({ github, owner, repo }, run, record) {
    const runId = Number(run.runId);
    if (!Number.isSafeInteger(runId) || runId <= 0) {
        record.unavailable.push('the environment approvals could not be read: GITHUB_RUN_ID is not set');
        return;
    }
    await environmentApprovals(github, owner, repo, runId).then((approvals) => void (record.environmentApprovals = approvals), (error) => void record.unavailable.push(unavailable('the environment approvals of the run', 'actions: read', error)));
}

// EXTERNAL MODULE: ./src/model/audit-plan.ts
var audit_plan = __webpack_require__(5908);
// EXTERNAL MODULE: ./src/model/plan-table.ts
var plan_table = __webpack_require__(8327);
// EXTERNAL MODULE: ./src/model/safe-text.ts
var safe_text = __webpack_require__(4766);
// EXTERNAL MODULE: ./src/model/size-limits.ts
var size_limits = __webpack_require__(8717);
;// CONCATENATED MODULE: ./src/github/plan-markdown.ts



/** A link to the run, or `otherwise` where the runner does not tell it. */
const runLink = (run, otherwise) => run.runUrl === undefined ? otherwise : `[run ${run.runId ?? ''}](${run.runUrl})`;
function planMarkdown(plan, tense, text, redact) {
    const cell = (value) => (value === '' ? '—' : (0,safe_text/* inertCode */.gQ)(redact(value)));
    // Only what changes: the people who stay are in the job summary.
    const drift = (0,plan_table/* planTable */.k0)(plan.filter((row) => row.action !== 'keep' && row.action !== 'none'), tense).map(([who = '', role = '', action = '', reason = '']) => `| ${cell(who)} | ${cell(role)} | ${action} | ${reason} |\n`);
    const head = [
        text.marker,
        ...text.lead,
        ...(text.reference === undefined ? [] : ['', `Reference: ${(0,safe_text/* inertCode */.gQ)(redact(text.reference))}`]),
        '',
        ...(drift.length === 0 && text.noChange !== undefined
            ? [`${text.noChange}\n`]
            : [`| ${plan_table/* PLAN_COLUMNS */.OL.join(' | ')} |`, `| ${plan_table/* PLAN_COLUMNS */.OL.map(() => '---').join(' | ')} |\n`]),
    ].join('\n');
    const leftOutLine = (count) => `\n_${count} more row(s) did not fit in ${text.container} (GitHub takes ${size_limits/* ISSUE_BODY_MAX_CHARS */.WT} characters): the full plan is in the run's job summary and its \`plan\` output._\n`;
    const foot = `\n${text.foot}`;
    const room = size_limits/* ISSUE_BODY_MAX_CHARS */.WT - head.length - foot.length - leftOutLine(drift.length).length;
    const rows = (0,size_limits/* rowsWithin */.d$)(drift, room, (row) => row.length);
    return `${head}${rows.shown.join('')}${rows.leftOut > 0 ? leftOutLine(rows.leftOut) : ''}${foot}`;
}

;// CONCATENATED MODULE: ./src/github/trusted-author.ts
/** Whose text on GitHub the action takes for its own: the drift issue, the plan comment. */
/**
 * Written by an app or bot (the workflow's token, a GitHub App), as the action writes. A person
 * can copy the action's marker into text they go on editing, whatever their say in the
 * repository: such text must not receive the plan, stand for the drift issue, nor get the
 * action's own issue closed as its duplicate.
 */
const writtenByBot = (text) => text.user?.type === 'Bot';

;// CONCATENATED MODULE: ./src/github/drift-issue.ts
/**
 * The drift issue: one open issue per organization, labelled `turso-drift`, whose body begins
 * with a hidden marker naming the organization and goes on with the audit plan. Updated in place
 * on every run that finds drift, closed with a comment when a run finds none, so that it stays
 * visible until a person has dealt with the drift.
 */






const DRIFT_LABEL = 'turso-drift';
const driftTitle = (org) => `Turso membership drift in ${org}`;
/** The hidden first line of a drift issue's body, naming its organization: how the issue is found. */
const driftMarker = (org) => `<!-- turso-remove-member-action drift-issue org=${encodeURIComponent(org)} -->`;
/** The plan as Markdown, showing only the drift. */
function driftBody(plan, context, redact) {
    const lowering = (0,audit_plan/* countOf */.pq)(plan, 'demote');
    const outcome = context.refused
        ? 'The plan was refused, so nothing was removed (the run says why: more than `max-removals`, a keep-list email that names no one, or no approval under `approval: require`): check the roster, raise `max-removals`, or have the change approved.'
        : context.planOnly
            ? 'This audit only reports (dry run): nothing was removed. Fix the roster, or remove the people by hand (a `workflow_dispatch` run of the offboarding workflow).'
            : `The audit removed or revoked ${context.done.deletions} of the ${(0,audit_plan/* plannedDeletions */.kR)(plan)} planned${lowering > 0 ? `, and lowered ${context.done.rolesLowered} of the ${lowering} role(s) planned` : ''}${context.done.failedPeople > 0 ? `; ${context.done.failedPeople} person(s) could not be wholly offboarded (see the run)` : ''}.`;
    return planMarkdown(plan, context, {
        marker: driftMarker(context.org),
        lead: [
            `Membership of the Turso organization ${(0,safe_text/* inertCode */.gQ)(context.org)} differs from the roster, as found by ${runLink(context.run, 'an audit run')} at ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
            '',
            outcome,
            ...((0,audit_plan/* keptByException */.Fk)(plan) === 0
                ? []
                : [
                    '',
                    `${(0,audit_plan/* keptByException */.Fk)(plan)} row(s) marked \`${plan_table/* KEPT_BY_EXCEPTION */.LZ}\` are kept because this action may not or cannot change them: an owner, the user whose token runs the action, a role or a token owner it cannot read. They are drift all the same: fix them in Turso or in the roster.`,
                ]),
        ],
        reference: context.reference,
        container: 'this issue',
        foot: 'This issue is updated by every audit that finds drift and closed by the first that finds none.',
    }, redact);
}
const labelNames = (issue) => issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
/** Why the drift issue could not be kept: with the permission it needs only when GitHub refused the token. */
function driftIssueProblem(error) {
    const status = errorStatus(error);
    return status === 401 || status === 403 || status === 404
        ? `GitHub refused the github-token (HTTP ${status}; it needs issues: write): ${errorText(error)}`
        : errorText(error);
}
/**
 * Opens, updates or closes the drift issue; resolves to its URL while drift remains, else ''.
 * Every open issue whose body begins with the organization's marker is its drift issue (and,
 * from before markers, one with its label and title), when a bot opened it, as the action does:
 * the oldest is kept, with the label added back if it was dropped, and the others are closed as
 * duplicates of it. A body that only quotes the marker further on is someone writing about the
 * drift issue, not the issue itself.
 */
async function keepDriftIssue(github, plan, context, redact) {
    const [owner = '', repo = ''] = context.repository.split('/');
    const title = driftTitle(context.org);
    const marker = driftMarker(context.org);
    const isOurs = (issue) => issue.pull_request === undefined &&
        writtenByBot(issue) &&
        ((issue.body ?? '').startsWith(marker) || (issue.title === title && labelNames(issue).includes(DRIFT_LABEL)));
    const openIssues = async (labels) => github.paginate(github.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'open',
        sort: 'created',
        direction: 'asc',
        per_page: 100,
        ...(labels !== undefined && { labels }),
    });
    // The labelled issues first, usually one request; every open issue only when none of them is
    // ours, so that one whose label was dropped is still found.
    let ours = (await openIssues(DRIFT_LABEL)).filter(isOurs);
    if (ours.length === 0)
        ours = (await openIssues()).filter(isOurs);
    ours.sort((a, b) => a.number - b.number);
    const close = async (issue, body) => {
        await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body });
        await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed' });
    };
    const by = runLink(context.run, 'an audit');
    if (!(0,audit_plan/* hasDrift */.uL)(plan)) {
        for (const issue of ours) {
            await close(issue, `No drift any more: ${by} found the organization matching the roster. Closing.`);
        }
        return '';
    }
    const body = driftBody(plan, context, redact);
    const [kept, ...duplicates] = ours;
    let url;
    if (kept === undefined) {
        url = (await github.rest.issues.create({ owner, repo, title, body, labels: [DRIFT_LABEL] })).data.html_url;
    }
    else {
        url = (await github.rest.issues.update({ owner, repo, issue_number: kept.number, body })).data.html_url;
        // GitHub drops labels silently for a token without push access, and people remove them.
        if (!labelNames(kept).includes(DRIFT_LABEL)) {
            await github.rest.issues.addLabels({ owner, repo, issue_number: kept.number, labels: [DRIFT_LABEL] });
        }
    }
    for (const issue of duplicates) {
        await close(issue, `A duplicate of ${url}, which ${by} keeps as the drift issue of this organization. Closing.`);
    }
    return url;
}

// EXTERNAL MODULE: ./src/model/approved-plan.ts
var approved_plan = __webpack_require__(3092);
;// CONCATENATED MODULE: ./src/github/plan-comment.ts
/**
 * The plan on the pull request that changes the roster: one comment, marked with a hidden marker
 * naming the organization and keeping the rows shown and the head commit planned for, written by
 * the first audit of the pull request and updated in place by every later one, so that the
 * reviewer approves what the change does, not a diff of names; the run on the merged roster
 * reads it back (`readApprovedPlan`).
 */






function planCommentBody(plan, context, redact) {
    return planMarkdown(plan, { planOnly: true, refused: false }, {
        marker: (0,approved_plan/* planMarker */.YH)(context.org, context.head, (0,approved_plan/* planRows */.Lq)(plan)),
        lead: [
            `What merging this pull request would change in the Turso organization ${(0,safe_text/* inertCode */.gQ)(context.org)}, as planned from its roster by ${runLink(context.run, 'an audit run')} at ${now()}. Nothing has been changed: the run on the merged roster does it.`,
            ...(context.wouldBeRefused === undefined
                ? []
                : [
                    '',
                    `**The run on the merged roster will be refused, and change nothing:** ${(0,safe_text/* inertCode */.gQ)(redact(context.wouldBeRefused))}`,
                ]),
        ],
        reference: context.reference,
        container: 'this comment',
        noChange: 'Nothing would change: the organization matches this roster.',
        foot: 'This comment is updated by every audit of this pull request.',
    }, redact);
}
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
/**
 * The comments of the pull request the action wrote with the marker, oldest first. Only a bot's
 * count: a person can copy the marker into a comment they go on editing.
 */
async function ourComments(github, context) {
    const [owner = '', repo = ''] = context.repository.split('/');
    const comments = await github.paginate(github.rest.issues.listComments, {
        owner,
        repo,
        issue_number: context.pullRequest,
        per_page: 100,
    });
    const ours = comments
        .filter((comment) => (0,approved_plan/* isPlanMarker */.Oy)(firstLine(comment), context.org) && writtenByBot(comment))
        .sort((a, b) => a.id - b.id);
    return { owner, repo, ours };
}
const firstLine = (comment) => (comment.body ?? '').split('\n', 1)[0] ?? '';
/** A stale notice follows the marker: the plan below it may not be what merging does. */
const STALE = /^\n\*\*Stale:[^\n]*\n/;
/**
 * Writes or updates the plan comment; resolves to its URL. Any later comment of ours loses its
 * marker and says which one is current, so that one plan stands on the pull request.
 */
async function keepPlanComment(github, plan, context, redact) {
    const { owner, repo, ours } = await ourComments(github, context);
    const [kept, ...superseded] = ours;
    const body = planCommentBody(plan, context, redact);
    const url = kept === undefined
        ? (await github.rest.issues.createComment({ owner, repo, issue_number: context.pullRequest, body })).data.html_url
        : (await github.rest.issues.updateComment({ owner, repo, comment_id: kept.id, body })).data.html_url;
    for (const comment of superseded) {
        await github.rest.issues.updateComment({
            owner,
            repo,
            comment_id: comment.id,
            body: `Superseded: the plan of this pull request is ${url}.`,
        });
    }
    return url;
}
/**
 * Marks the plan comment, if there is one, as stale: a later run on the pull request stopped
 * before it could plan (`why`), so the plan shown may no longer be what merging would do.
 * Resolves to its URL, or '' when there is none.
 */
async function markPlanCommentStale(github, context, why, redact) {
    const { owner, repo, ours } = await ourComments(github, context);
    const kept = ours[0];
    if (kept === undefined)
        return '';
    // The marker kept as it is: it says what was planned, and the notice that it is stale.
    const marker = firstLine(kept);
    const earlier = (kept.body ?? '').slice(marker.length).replace(STALE, '');
    const notice = `**Stale:** ${runLink(context.run, 'a later audit run')} failed before planning at ${now()}, so the plan below may not be what merging would do: ${(0,safe_text/* inertCode */.gQ)(redact(why))}`;
    const marked = `${marker}\n${notice}\n${earlier}`;
    // The plan was cut to fit GitHub's limit without the notice: past it, the notice stands alone.
    const body = marked.length <= size_limits/* ISSUE_BODY_MAX_CHARS */.WT
        ? marked
        : `${marker}\n${notice}\n\n_The earlier plan did not fit beside this notice: it is in the earlier run's job summary._`;
    return (await github.rest.issues.updateComment({ owner, repo, comment_id: kept.id, body })).data.html_url;
}
/**
 * The plan the merged pull request showed its reviewers, or why there is none: no plan comment,
 * one marked stale, or a plan of an earlier push to it than the head commit merged.
 */
async function readApprovedPlan(github, repository, pull, org) {
    const { ours } = await ourComments(github, { repository, pullRequest: pull.number, org });
    const kept = ours[0];
    if (kept === undefined) {
        return `pull request #${pull.number} has no plan comment: post the plan on pull requests (pr-comment: true on the pull request's runs)`;
    }
    const planned = (0,approved_plan/* readPlanMarker */.c5)(firstLine(kept), org);
    if (STALE.test((kept.body ?? '').slice(firstLine(kept).length))) {
        return `the plan comment ${kept.html_url} is marked stale: a later run on the pull request failed before planning`;
    }
    if (planned === undefined)
        return `the plan comment ${kept.html_url} keeps no plan that can be read`;
    if (planned.head !== pull.head) {
        return `the plan comment ${kept.html_url} was planned for commit ${planned.head}, not for the head commit merged (${pull.head}): a plan of an earlier push to the pull request`;
    }
    return { url: kept.html_url, head: planned.head, rows: planned.rows };
}
/**
 * Why the plan comment was not written. Refused (a fork's read-only token, no
 * `pull-requests: write`) is a warning: the plan is still in the summary and outputs.
 */
function planCommentProblem(error) {
    const status = errorStatus(error);
    return status === 401 || status === 403 || status === 404
        ? {
            warning: `The plan could not be written on the pull request: GitHub refused the github-token (HTTP ${status}; it needs pull-requests: write, which a pull request from a fork does not get): ${errorText(error)}. The plan is in the job summary and the plan output`,
        }
        : { failure: `the plan could not be written on the pull request: ${errorText(error)}` };
}

;// CONCATENATED MODULE: ./src/github/teams.ts

/** Logins asked for per page: GitHub's largest page. */
const PER_PAGE = 100;
/** The `next` link of GitHub's `Link` header, as Octokit follows it. */
const NEXT_LINK = /<[^<>]+>;\s*rel="next"/;
const PERMISSION_HINT = 'the github-token must be able to read the organization\'s members: a GitHub App installation token with the "Members: read" organization permission, or a fine-grained token with the same (the workflow\'s GITHUB_TOKEN cannot read teams)';
async function readTeams(github, teams) {
    const problems = [];
    const logins = [];
    const roster = [];
    for (const team of teams) {
        const name = `${team.org}/${team.slug}`;
        try {
            const query = { org: team.org, team_slug: team.slug, per_page: PER_PAGE };
            const members = [];
            let pages = 0;
            let full = false;
            for await (const page of github.paginate.iterator(github.rest.teams.listMembersInOrg, query)) {
                members.push(...page.data);
                pages += 1;
                full = page.data.length >= PER_PAGE && !NEXT_LINK.test(page.headers.link ?? '');
            }
            // A team of exactly 100 logins ends on a full page too; one more page tells it from a cut.
            const cutShort = full && (await github.rest.teams.listMembersInOrg({ ...query, page: pages + 1 })).data.length > 0;
            if (cutShort) {
                problems.push(`team ${name} could not be read whole: page ${pages} holds ${PER_PAGE} logins and no link to the next, yet page ${pages + 1} is not empty (a proxy dropping GitHub's Link header?); fix what strips the header, or name the people with keep`);
            }
            else if (members.length === 0)
                problems.push(`team ${name} has no members, or none the github-token can see; ${PERMISSION_HINT}`);
            logins.push(...members.map((m) => m.login));
            const { role, until } = team;
            roster.push(...members.map((m) => ({
                name: m.login,
                ...(role !== undefined && { role }),
                ...(until !== undefined && { until, team: name }),
            })));
        }
        catch (error) {
            const status = errorStatus(error);
            problems.push(status === 404 || status === 403 || status === 401
                ? `team ${name} could not be read (HTTP ${status}): it does not exist, or ${PERMISSION_HINT}`
                : `team ${name} could not be read: ${errorText(error)}`);
        }
    }
    return problems.length > 0 ? { problems } : { logins: [...new Set(logins)], roster };
}

;// CONCATENATED MODULE: ./src/github/index.ts





function createGitHub(token, log, redact, signal, requestTimeoutMs) {
    const client = createGitHubClient(token, log, signal, requestTimeoutMs);
    return {
        readTeams: (teams) => readTeams(client, teams),
        keepDriftIssue: (plan, context) => keepDriftIssue(client, plan, context, redact).catch((error) => {
            throw new Error(driftIssueProblem(error), { cause: error });
        }),
        keepPlanComment: (plan, context) => keepPlanComment(client, plan, context, redact).then((url) => ({ url }), planCommentProblem),
        markPlanCommentStale: (context, why) => markPlanCommentStale(client, context, why, redact).then((url) => ({ url }), planCommentProblem),
        readApprovedPlan: (repository, pull, org) => readApprovedPlan(client, repository, pull, org).catch((error) => `the comments of pull request #${pull.number} could not be read (${errorText(error)}; the github-token needs pull-requests: read)`),
        readApprovals: (policy, environment, run, stepStartedAt) => readApprovals(client, policy, environment, run, stepStartedAt),
    };
}


/***/ })

};
