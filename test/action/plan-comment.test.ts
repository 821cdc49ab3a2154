/**
 * The plan on the pull request that changes the roster: one marked comment, written by the first
 * audit of the pull request and updated in place by the next; on pull-request events nothing is
 * changed in Turso, whatever dry-run says. The bundle against the Turso and GitHub stand-ins, and
 * src/main.ts in this process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { A_MEMBER, ACTIONS_BOT, type PullRequest } from '../stand-in/github.ts';
import { plan, results, warnings } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'plan-comment-turso-token-0123';
const MARKER = '<!-- turso-remove-member-action plan-comment org=acme -->';

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

let pull: PullRequest;
let eventPath: string;
beforeEach(async () => {
  pull = github.addPull(REPO, { author: 'dev', commits: ['feedface'] });
  eventPath = join(await mkdtemp(join(tmpdir(), 'pr-event-')), 'event.json');
  await writeFile(eventPath, JSON.stringify({ action: 'synchronize', pull_request: { number: pull.number } }));
});

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');
const commentUrl = (id: number) => `https://github.example/${REPO}/pull/${pull.number}#issuecomment-${id}`;

bundleAndSource('the plan on the pull request', (runWith) => {
  const audit = (inputs: Record<string, string>, event = 'pull_request') =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep: 'stays',
        'github-token': GITHUB_TOKEN,
        'pr-comment': 'true',
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventPath },
    });

  it('sets plan-comment-url to the comment, written or updated, and leaves it empty outside a pull request', async () => {
    const first = await audit({});
    const url = commentUrl(pull.comments[0]?.id ?? 0);
    expect(first.outputs['plan-comment-url']).toBe(url);
    expect((await audit({ keep: 'root, stays, gone' })).outputs['plan-comment-url']).toBe(url);
    expect((await audit({}, 'workflow_dispatch')).outputs['plan-comment-url']).toBe('');
  });

  it('writes the plan as one marked comment, changes nothing in Turso, and updates the comment in place', async () => {
    const first = await audit({ reference: 'HR-4521' });
    expect(first.exitCode).toBe(0);
    expect(tursoWrites()).toEqual([]);
    expect(first.annotations).toContainEqual({
      level: 'notice',
      message:
        'Nothing is changed in Turso, whatever dry-run says: a pull_request event runs a roster that may not be merged. This run only plans; the run on the merged roster (a push to the default branch, schedule, workflow_dispatch or repository_dispatch on it) carries it out',
    });
    expect(results(first)).toMatchObject([{ username: 'gone', result: 'would-remove' }]);
    expect(first.evidence).toMatchObject({
      planOnly: true,
      policy: { kind: 'plan-only', by: 'event' },
      reference: 'HR-4521',
    });
    expect(pull.comments).toHaveLength(1);
    const [comment] = pull.comments;
    expect(comment?.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comment?.body).toContain(
      '| <code>gone</code> | <code>member</code> | would remove | not on the keep list |',
    );
    expect(comment?.body).toContain('Reference: <code>HR-4521</code>');
    expect(comment?.body).not.toContain('stays');
    expect(first.summary).toContain(`Plan on the pull request: <a href="${commentUrl(comment?.id ?? 0)}">`);

    // The roster in the pull request now keeps gone: nothing would change, said in the same comment.
    const second = await audit({ keep: 'root, stays, gone' });
    expect(second.exitCode).toBe(0);
    expect(pull.comments).toHaveLength(1);
    expect(pull.comments[0]?.id).toBe(comment?.id);
    expect(pull.comments[0]?.body).toContain('Nothing would change: the organization matches this roster.');
    expect(github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${REPO}/issues/${pull.number}/comments`,
      `PATCH /repos/${REPO}/issues/comments/${comment?.id ?? 0}`,
    ]);
    expect(tursoWrites()).toEqual([]);
  });

  it('takes only a comment written by a bot for its own', async () => {
    const planted = github.addComment(pull, `${MARKER}\nplanted by a passer-by`, {
      login: 'mallory',
      type: 'User',
      association: 'NONE',
    });
    const quoted = github.addComment(pull, `Why does ${MARKER} show up?`, A_MEMBER);
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(planted.body).toBe(`${MARKER}\nplanted by a passer-by`);
    expect(quoted.body).toBe(`Why does ${MARKER} show up?`);
    expect(pull.comments).toHaveLength(3);
    expect(pull.comments[2]?.body.startsWith(MARKER)).toBe(true);
  });

  it("writes the next plan in its own comment, never in the pull request author's that starts with the marker", async () => {
    const authors = github.addComment(pull, `${MARKER}\nLooks fine to me`, {
      login: 'dev',
      type: 'User',
      association: 'COLLABORATOR',
    });
    const ours = github.addComment(
      pull,
      `${MARKER}\nNothing would change: the organization matches this roster.`,
      ACTIONS_BOT,
    );
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(authors.body).toBe(`${MARKER}\nLooks fine to me`);
    expect(ours.body).toContain('| <code>gone</code> | <code>member</code> | would remove |');
    expect(pull.comments).toHaveLength(2);
  });

  it('says when the run on the merged roster will be refused for max-removals', async () => {
    const outcome = await audit({ 'max-removals': '0' });
    expect(outcome.exitCode).toBe(0);
    expect(pull.comments[0]?.body).toContain(
      '**The run on the merged roster will be refused, and change nothing:** <code>The audit would remove 1 member&#40;s&#41;, revoke 0 invitation&#40;s&#41; and 0 token&#40;s&#41;, 1 in all, more than max-removals allows &#40;0&#41;',
    );
  });

  it('warns once and keeps the outcome when the token may not comment (a fork), with the plan still in the outputs', async () => {
    void github.script(/\/issues\/\d+\/comments$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(warnings(outcome)).toEqual([
      'The plan could not be written on the pull request: GitHub refused the github-token (HTTP 403; it needs pull-requests: write, which a pull request from a fork does not get): Resource not accessible by integration. The plan is in the job summary and the plan output',
    ]);
    expect(plan(outcome)).toMatchObject({ remove: ['gone'] });
    expect(outcome.summary).toContain('<tr><td>gone</td><td>member</td><td>would remove</td>');
    expect(outcome.evidence).toMatchObject({ github: [{ write: 'plan-comment', failsStep: false }] });
    expect(pull.comments).toEqual([]);
  });

  it('fails the step when GitHub refuses the comment for another reason, still changing nothing', async () => {
    void github.script(/\/issues\/\d+\/comments$/, 422, { message: 'Validation Failed' });
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(1);
    expect(outcome.annotations.at(-1)?.message).toMatch(
      /the plan could not be written on the pull request: Validation Failed/,
    );
    expect(outcome.evidence).toMatchObject({
      github: [
        {
          write: 'plan-comment',
          error: expect.stringMatching(
            /^the plan could not be written on the pull request: Validation Failed/,
          ) as unknown,
          failsStep: true,
        },
      ],
    });
    expect(outcome.summary).toMatch(
      /The plan comment was not written: the plan could not be written on the pull request&#58; Validation Failed/,
    );
    expect(tursoWrites()).toEqual([]);
  });

  it('changes nothing on pull_request_target either, and keeps no drift issue from a roster not merged', async () => {
    const outcome = await audit({ 'drift-issue': 'true' }, 'pull_request_target');
    expect(outcome.exitCode).toBe(0);
    expect(tursoWrites()).toEqual([]);
    expect(github.repoIssues(REPO)).toEqual([]);
    expect(github.requests.some((r) => r.path.startsWith(`/repos/${REPO}/issues?`))).toBe(false);
    expect(pull.comments).toHaveLength(1);
  });

  it('ignores pr-comment with a notice on other events, sending GitHub nothing, and carries out the audit', async () => {
    await writeFile(eventPath, JSON.stringify({ ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    const outcome = await audit({}, 'push');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.annotations).toContainEqual({
      level: 'notice',
      message: 'pr-comment is ignored on a push: the plan is written on pull_request and pull_request_target runs',
    });
    expect(github.requests).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed' }]);
  });

  it('keeps names and the reference inert in the comment: no mention, link, image or table break', async () => {
    turso.addMember('acme', { username: 'x|*@team*', role: 'member', email: 'x@acme.test' });
    const outcome = await audit({ reference: '@acme/security [link](https://evil.test) | <b>' });
    expect(outcome.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const body = pull.comments[0]?.body ?? '';
    expect(body).toContain('<code>x&#124;&#42;&#64;<wbr>team&#42;</code>');
    expect(body).toContain(
      'Reference: <code>&#64;<wbr>acme/security &#91;link&#93;&#40;https&#58;//evil&#46;test&#41; &#124; &#60;b&#62;</code>',
    );
    expect(body).not.toMatch(/<b>|\[link\]|evil\.test/);
  });

  it('updates the oldest of two comments it wrote, marks the other superseded, and writes no third', async () => {
    const oldest = github.addComment(pull, `${MARKER}\nfirst`, ACTIONS_BOT);
    const newer = github.addComment(pull, `${MARKER}\nsecond`, ACTIONS_BOT);
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(oldest.body).toContain('would remove');
    expect(newer.body).toBe(`Superseded: the plan of this pull request is ${commentUrl(oldest.id)}.`);
    expect(pull.comments).toHaveLength(2);
  });

  it('warns, writing nothing, when the organization cannot be read and there is no plan to mark stale', async () => {
    turso.script({ route: 'members' }, { status: 403, body: '{"error":"members hidden"}' });
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(1);
    expect(warnings(outcome)).toContain(
      'The plan was not written on the pull request: the run stopped before planning',
    );
    expect(github.requests.map((r) => r.method)).toEqual(['GET']);
    expect(pull.comments).toEqual([]);
  });

  it('marks the plan stale, saying why, when a later run fails before planning', async () => {
    expect((await audit({})).exitCode).toBe(0);
    const [comment] = pull.comments;
    turso.script({ route: 'members' }, { status: 403, body: '{"error":"members hidden"}' });
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(1);
    expect(pull.comments).toHaveLength(1);
    expect(comment?.body).toMatch(
      new RegExp(
        `^${MARKER}\\n\\*\\*Stale:\\*\\* \\[run 4242\\]\\([^)]*\\) failed before planning at [^,]*, so the plan below may not be what merging would do: <code>[^\\n]*members hidden`,
      ),
    );
    expect(comment?.body).toContain('| <code>gone</code> | <code>member</code> | would remove |');
    expect(outcome.stdout).toContain(`The plan on the pull request is marked stale: ${commentUrl(comment?.id ?? 0)}`);
  });

  it('marks the plan stale when a later run cannot read a team of the roster', async () => {
    expect((await audit({})).exitCode).toBe(0);
    const [comment] = pull.comments;
    const outcome = await audit({ 'keep-github-team': 'acme-gh/missing' });
    expect(outcome.exitCode).toBe(1);
    expect(comment?.body).toMatch(new RegExp(`^${MARKER}\\n\\*\\*Stale:\\*\\* [^\\n]*acme-gh/missing`));
    expect(comment?.body).toContain('| <code>gone</code> | <code>member</code> | would remove |');
  });

  it('warns when the event payload names no pull request, and still plans', async () => {
    await writeFile(eventPath, '{"action":"opened"}');
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(warnings(outcome)).toEqual([
      'The plan is not written on the pull request: the event payload (GITHUB_EVENT_PATH) names no pull request, or GITHUB_REPOSITORY is not set. The plan is in the job summary and the plan output',
    ]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'would-remove' }]);
    expect(github.requests).toEqual([]);
  });

  it('says, without a warning, that a run on the merged roster would need an approval', async () => {
    const outcome = await audit({ approval: 'require' });
    expect(outcome.exitCode).toBe(0);
    expect(warnings(outcome)).toEqual([]);
    expect(outcome.stdout).toMatch(/^A run that changes Turso would be refused: approval: require found no approval/m);
    expect(outcome.evidence).toMatchObject({ approval: { policy: 'require', pullRequest: null } });
    expect(pull.comments).toHaveLength(1);
  });

  it('finds its comment past the first page of comments', async () => {
    for (let i = 0; i < 120; i += 1) github.addComment(pull, `comment ${i}`, A_MEMBER);
    const ours = github.addComment(pull, `${MARKER}\nold plan`, ACTIONS_BOT);
    const outcome = await audit({});
    expect(outcome.exitCode).toBe(0);
    expect(ours.body).toContain('would remove');
    expect(pull.comments).toHaveLength(121);
    expect(github.requests.map((r) => r.path)).toContain(
      `/repos/${REPO}/issues/${pull.number}/comments?per_page=100&page=2`,
    );
  });
});
