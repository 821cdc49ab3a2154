export const id = 493;
export const ids = [493];
export const modules = {

/***/ 493:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAuditGitHub: () => (/* binding */ createAuditGitHub)
});

// EXTERNAL MODULE: ../main/node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(7502);
// EXTERNAL MODULE: ../main/node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(2743);
// EXTERNAL MODULE: ../main/node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(4808);
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

// EXTERNAL MODULE: ./src/model/audit-plan.ts
var audit_plan = __webpack_require__(3734);
// EXTERNAL MODULE: ./src/model/safe-text.ts
var safe_text = __webpack_require__(6224);
// EXTERNAL MODULE: ./src/model/size-limits.ts
var size_limits = __webpack_require__(8667);
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
/** A link to the run, or `otherwise` where the runner does not tell it. */
const runLink = (run, otherwise) => run.runUrl === undefined ? otherwise : `[run ${run.runId ?? ''}](${run.runUrl})`;
/**
 * The plan as Markdown; every name from the API or a roster goes through inertCode, so it stays
 * data. Rows that would take the body past GitHub's limit are left out, and it says so.
 */
function driftBody(plan, context, redact) {
    const cell = (text) => (text === '' ? '—' : (0,safe_text/* inertCode */.gQ)(redact(text)));
    // Only the drift: the people who stay are in the job summary.
    const drift = (0,audit_plan/* planRows */.Lq)(plan, context.dryRun, context.refused)
        .filter(([, , action]) => action !== 'keep' && action !== 'none')
        .map(([who = '', role = '', action = '', reason = '']) => `| ${cell(who)} | ${cell(role)} | ${action} | ${reason} |\n`);
    const outcome = context.refused
        ? 'The plan was refused, so nothing was removed (the run says why: more than `max-removals`, or a keep-list email that names no one): check the roster, or raise `max-removals`.'
        : context.dryRun
            ? 'This audit only reports (dry run): nothing was removed. Fix the roster, or remove the people by hand (a `workflow_dispatch` run of the offboarding workflow).'
            : `The audit removed or revoked ${context.done.deletions} of the ${(0,audit_plan/* plannedDeletions */.kR)(plan)} planned${plan.demote.length > 0 ? `, and lowered ${context.done.rolesLowered} of the ${plan.demote.length} role(s) planned` : ''}${context.done.failedPeople > 0 ? `; ${context.done.failedPeople} person(s) could not be wholly offboarded (see the run)` : ''}.`;
    const head = [
        driftMarker(context.org),
        `Membership of the Turso organization ${(0,safe_text/* inertCode */.gQ)(context.org)} differs from the roster, as found by ${runLink(context.run, 'an audit run')} at ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
        '',
        outcome,
        '',
        `| ${audit_plan/* PLAN_COLUMNS */.OL.join(' | ')} |`,
        `| ${audit_plan/* PLAN_COLUMNS */.OL.map(() => '---').join(' | ')} |\n`,
    ].join('\n');
    const leftOutLine = (count) => `\n_${count} more row(s) did not fit in this issue (GitHub takes ${size_limits/* ISSUE_BODY_MAX_CHARS */.WT} characters): the full plan is in the run's job summary and its \`plan\` output._\n`;
    const foot = '\nThis issue is updated by every audit that finds drift and closed by the first that finds none.';
    const room = size_limits/* ISSUE_BODY_MAX_CHARS */.WT - head.length - foot.length - leftOutLine(drift.length).length;
    const rows = (0,size_limits/* rowsWithin */.d$)(drift, room, (row) => row.length);
    return `${head}${rows.shown.join('')}${rows.leftOut > 0 ? leftOutLine(rows.leftOut) : ''}${foot}`;
}
const labelNames = (issue) => issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
/**
 * Opened by an app or bot (the workflow's token, a GitHub App) or by someone with a say in the
 * repository. Anyone can open an issue in a public repository and copy the marker into it: such
 * an issue must not receive the plan, nor get the real drift issue closed as its duplicate.
 */
const openedByTrusted = (issue) => issue.user?.type === 'Bot' || ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(issue.author_association ?? '');
/**
 * Opens, updates or closes the drift issue; resolves to its URL while drift remains, else ''.
 * Every open issue whose body begins with the organization's marker is its drift issue (and,
 * from before markers, one with its label and title), when a bot or a member of the repository
 * opened it: the oldest is kept, with the label added back if it was dropped, and the others are
 * closed as duplicates of it. A body that only quotes the marker further on is someone writing
 * about the drift issue, not the issue itself.
 */
/** Why the drift issue could not be kept: with the permission it needs only when GitHub refused the token. */
function driftIssueProblem(error) {
    const status = errorStatus(error);
    return status === 401 || status === 403 || status === 404
        ? `GitHub refused the github-token (HTTP ${status}; it needs issues: write): ${errorText(error)}`
        : errorText(error);
}
async function keepDriftIssue(github, plan, context, redact) {
    const [owner = '', repo = ''] = context.repository.split('/');
    const title = driftTitle(context.org);
    const marker = driftMarker(context.org);
    const isOurs = (issue) => issue.pull_request === undefined &&
        openedByTrusted(issue) &&
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

;// CONCATENATED MODULE: ./src/github/teams.ts

const PERMISSION_HINT = 'the github-token must be able to read the organization\'s members: a GitHub App installation token with the "Members: read" organization permission, or a fine-grained token with the same (the workflow\'s GITHUB_TOKEN cannot read teams)';
async function readTeams(github, teams) {
    const problems = [];
    const logins = [];
    const roster = [];
    for (const team of teams) {
        const name = `${team.org}/${team.slug}`;
        try {
            const members = await github.paginate(github.rest.teams.listMembersInOrg, {
                org: team.org,
                team_slug: team.slug,
                per_page: 100,
            });
            if (members.length === 0)
                problems.push(`team ${name} has no members, or none the github-token can see; ${PERMISSION_HINT}`);
            logins.push(...members.map((m) => m.login));
            const { role } = team;
            roster.push(...members.map((m) => (role === undefined ? { name: m.login } : { name: m.login, role })));
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



function createAuditGitHub(token, log, redact, signal, requestTimeoutMs) {
    const client = createGitHubClient(token, log, signal, requestTimeoutMs);
    return {
        readTeams: (teams) => readTeams(client, teams),
        keepDriftIssue: (plan, context) => keepDriftIssue(client, plan, context, redact).catch((error) => {
            throw new Error(driftIssueProblem(error), { cause: error });
        }),
    };
}


/***/ })

};
