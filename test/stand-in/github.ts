/**
 * A local stand-in of the GitHub REST endpoints the action uses (node:http on 127.0.0.1, random
 * port), reached through GITHUB_API_URL as on GitHub Enterprise Server: team members and open
 * issues with `Link` pagination and GitHub's `labels` filter (comma-separated, all must match),
 * pull requests among them; issues created, updated, labelled, commented on and closed,
 * refusing a body or comment over GitHub's 65,536 characters as GitHub does. Pull requests keep
 * their comments (listed a page at a time, written, edited), their reviews (paginated) and how
 * they were merged, and list their commits (paginated) with who wrote and committed each; a run
 * keeps the reviews of its environments' deployments; a repository tells each user's permission
 * and the head commit of each branch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: string[];
  /** Who opened it, as GitHub shows it: a member of the repository unless a test says otherwise. */
  author?: { login: string; type: 'User' | 'Bot'; association: string };
  /** A pull request, which GitHub lists among the issues. */
  pullRequest?: boolean;
}

/** The author of issues the action opens, as GitHub shows the workflow's token. */
const ACTIONS_BOT: Author = { login: 'github-actions[bot]', type: 'Bot', association: 'NONE' };
const A_MEMBER: Author = { login: 'octocat', type: 'User', association: 'MEMBER' };

/** Who wrote something, as GitHub shows them. */
export interface Author {
  login: string;
  type: 'User' | 'Bot';
  association: string;
}

export interface Comment {
  id: number;
  body: string;
  author: Author;
}

export interface Review {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  submittedAt: string;
  /** The commit reviewed; the pull request's head unless a test says otherwise. */
  commitId?: string;
}

export interface PullRequest {
  number: number;
  author: string;
  /** The commits GitHub associates with it (its own, and the merge commit once merged). */
  commits: string[];
  /** Its last commit, the one merged: `head` unless a test says otherwise. */
  head?: string;
  merged?: { sha: string; at: string; by: string };
  /** Who wrote and committed each of its commits: the pull request's author unless a test says otherwise. */
  commitPeople?: Record<string, { author: string | null; committer: string | null }>;
  reviews: Review[];
  comments: Comment[];
}

/** One review of a deployment to a run's environments (Get Reviews For Run). */
export interface EnvironmentReview {
  login: string;
  /** A GitHub App or bot account. */
  bot?: boolean;
  state: 'approved' | 'rejected';
  environments: string[];
  comment: string;
}

export { ACTIONS_BOT, A_MEMBER };

export interface GitHubRequest {
  method: string;
  path: string;
  authorization?: string;
  /** The JSON body, parsed; undefined when there was none. */
  body?: unknown;
}

/** A scripted answer for the next request whose path matches. */
interface Scripted {
  path: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  sent: () => void;
}

const PAGE_SIZE_MAX = 100;
/** GitHub lists at most this many commits of a pull request. */
const PULL_COMMITS_LISTED = 250;
/** GitHub refuses an issue body or comment longer than this (422). */
export const GITHUB_BODY_MAX_CHARS = 65_536;

export class GitHubStandIn {
  readonly requests: GitHubRequest[] = [];
  /** `org/team-slug` → logins. */
  readonly teams = new Map<string, string[]>();
  /** `owner/repo` → issues. */
  readonly issues = new Map<string, Issue[]>();
  /** `owner/repo` → pull requests. */
  readonly pulls = new Map<string, PullRequest[]>();
  /** `owner/repo/run-id` → the reviews of the run's deployments. */
  readonly runReviews = new Map<string, EnvironmentReview[]>();
  /**
   * `owner/repo/login` → that user's permission on the repository (`admin`, `maintain`, `write`,
   * `triage`, `read`, `none`); a user not listed has write access.
   */
  readonly permissions = new Map<string, string>();
  /**
   * `owner/repo/branch` → the commit at its head; a branch not listed is at the merge commit of
   * the repository's last merged pull request (what a push run after merging sees), else unknown (404).
   */
  readonly branches = new Map<string, string>();
  #commentIds = 1_000;
  readonly #token: string;
  readonly #scripted: Scripted[] = [];
  readonly #stalled: RegExp[] = [];
  readonly #held: { path: RegExp; arrived: () => void; abandoned: () => void; released: Promise<undefined> }[] = [];
  #server: Server | undefined;
  url = '';

  constructor(token: string) {
    this.#token = token;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => (this.#server ? this.#server.close(resolve) : resolve(undefined)));
  }

  /** The next request whose path matches gets this answer instead; resolves once it is sent. */
  script(path: RegExp, status: number, body: unknown, headers?: Record<string, string>): Promise<void> {
    const sent = Promise.withResolvers<undefined>();
    this.#scripted.push({ path, status, body, ...(headers && { headers }), sent: () => sent.resolve(undefined) });
    return sent.promise;
  }

  /**
   * Holds the next request whose path matches until `release` is called, if ever: `arrived`
   * resolves when it comes in, so a test can act (e.g. cancel the run) while it is under way, and
   * `abandoned` when the client gives up on it before an answer.
   */
  hold(path: RegExp): { arrived: Promise<void>; abandoned: Promise<void>; release: () => void } {
    const arrival = Promise.withResolvers<undefined>();
    const abandon = Promise.withResolvers<undefined>();
    const release = Promise.withResolvers<undefined>();
    this.#held.push({
      path,
      arrived: () => arrival.resolve(undefined),
      abandoned: () => abandon.resolve(undefined),
      released: release.promise,
    });
    return { arrived: arrival.promise, abandoned: abandon.promise, release: () => release.resolve(undefined) };
  }

  /**
   * The next request whose path and query match gets its headers and the start of its body,
   * then nothing more: an answer that stalls.
   */
  stallBody(pathAndQuery: RegExp): void {
    this.#stalled.push(pathAndQuery);
  }

  /** Adds a pull request to `repo`, numbered after its issues and pull requests; returns it. */
  addPull(
    repo: string,
    pull: Omit<PullRequest, 'number' | 'reviews' | 'comments'> & Partial<PullRequest>,
  ): PullRequest {
    const pulls = this.repoPulls(repo);
    const added: PullRequest = {
      number: this.repoIssues(repo).length + pulls.length + 1,
      reviews: [],
      comments: [],
      ...pull,
    };
    pulls.push(added);
    return added;
  }

  /** A comment written on `pull` as `author` (the action's marker copied into it, say). */
  addComment(pull: PullRequest, body: string, author: Author): Comment {
    const comment = { id: this.#commentIds++, body, author };
    pull.comments.push(comment);
    return comment;
  }

  repoPulls(repo: string): PullRequest[] {
    let pulls = this.pulls.get(repo);
    if (pulls === undefined) {
      pulls = [];
      this.pulls.set(repo, pulls);
    }
    return pulls;
  }

  repoIssues(repo: string): Issue[] {
    let issues = this.issues.get(repo);
    if (issues === undefined) {
      issues = [];
      this.issues.set(repo, issues);
    }
    return issues;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const request: GitHubRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    request.body = text === '' ? undefined : (JSON.parse(text) as unknown);
    const input = (request.body ?? {}) as Record<string, unknown>;
    const held = this.#held.findIndex((h) => h.path.test(url.pathname));
    if (held !== -1) {
      const [hold] = this.#held.splice(held, 1);
      if (hold !== undefined) {
        res.on('close', () => {
          if (!res.writableEnded) hold.abandoned();
        });
        hold.arrived();
        await hold.released;
      }
    }

    const stalled = this.#stalled.findIndex((s) => s.test(`${url.pathname}${url.search}`));
    if (stalled !== -1) this.#stalled.splice(stalled, 1);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      const text = JSON.stringify(body);
      if (stalled === -1) res.end(text);
      else res.write(text.slice(0, Math.floor(text.length / 2)));
    };
    const scripted = this.#scripted.findIndex((s) => s.path.test(url.pathname));
    if (scripted !== -1) {
      const [answer] = this.#scripted.splice(scripted, 1);
      if (answer !== undefined) {
        res.once('finish', answer.sent);
        send(answer.status, answer.body, answer.headers);
      }
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.#token}` && auth !== `Bearer ${this.#token}`) {
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }

    /** One page of `items`, with the `Link` header GitHub sends. */
    const sendPage = <T>(items: readonly T[], shown: (item: T, index: number) => unknown) => {
      const perPage = Math.min(PAGE_SIZE_MAX, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const link = (n: number, rel: string) => {
        const next = new URL(url);
        next.searchParams.set('page', String(n));
        next.searchParams.set('per_page', String(perPage));
        return `<${next.href}>; rel="${rel}"`;
      };
      const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
      send(
        200,
        items.slice((page - 1) * perPage, page * perPage).map((item, i) => shown(item, (page - 1) * perPage + i)),
        links.length > 0 ? { link: links.join(', ') } : {},
      );
    };
    const tooLong = (text: unknown) => typeof text === 'string' && text.length > GITHUB_BODY_MAX_CHARS;
    const refuseLong = () =>
      send(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Issue',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
      });

    const team = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(url.pathname);
    if (team && method === 'GET') {
      const logins = this.teams.get(`${team[1] ?? ''}/${team[2] ?? ''}`);
      if (logins === undefined) {
        send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/teams/members' });
        return;
      }
      sendPage(logins, (login, i) => ({ login, id: 1_000 + i, type: 'User' }));
      return;
    }

    if (this.#pullRoutes(url, method, input, send, sendPage, tooLong(input.body) ? refuseLong : undefined)) return;

    const repoIssues = /^\/repos\/([^/]+\/[^/]+)\/issues(?:\/(\d+)(\/comments|\/labels)?)?$/.exec(url.pathname);
    if (repoIssues) {
      const issues = this.repoIssues(repoIssues[1] ?? '');
      const number = repoIssues[2] === undefined ? undefined : Number(repoIssues[2]);
      const issue = issues.find((i) => i.number === number);
      const shown = (i: Issue) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state,
        labels: i.labels.map((name) => ({ name })),
        html_url: `https://github.example/${repoIssues[1] ?? ''}/issues/${i.number}`,
        user: { login: (i.author ?? A_MEMBER).login, type: (i.author ?? A_MEMBER).type },
        author_association: (i.author ?? A_MEMBER).association,
        ...(i.pullRequest === true && {
          pull_request: { url: `${this.url}/repos/${repoIssues[1] ?? ''}/pulls/${i.number}` },
        }),
      });
      if (number === undefined && method === 'GET') {
        const labels = url.searchParams.get('labels')?.split(',') ?? [];
        const state = url.searchParams.get('state') ?? 'open';
        // GitHub lists the newest first unless asked otherwise.
        const oldestFirst = url.searchParams.get('direction') === 'asc';
        const listed = issues.filter(
          (i) => labels.every((label) => i.labels.includes(label)) && (state === 'all' || i.state === state),
        );
        sendPage(oldestFirst ? listed : [...listed].reverse(), shown);
        return;
      }
      if ((method === 'POST' || method === 'PATCH') && tooLong(input.body)) {
        refuseLong();
        return;
      }
      if (number === undefined && method === 'POST') {
        const created: Issue = {
          number: issues.length + 1,
          title: String(input.title),
          body: typeof input.body === 'string' ? input.body : '',
          state: 'open',
          labels: (input.labels as string[] | undefined) ?? [],
          comments: [],
          author: ACTIONS_BOT,
        };
        issues.push(created);
        send(201, shown(created));
        return;
      }
      if (issue !== undefined && repoIssues[3] === '/comments' && method === 'POST') {
        issue.comments.push(String(input.body));
        send(201, { id: issue.comments.length, body: input.body });
        return;
      }
      if (issue !== undefined && repoIssues[3] === '/labels' && method === 'POST') {
        for (const name of (input.labels as string[] | undefined) ?? []) {
          if (!issue.labels.includes(name)) issue.labels.push(name);
        }
        send(
          200,
          issue.labels.map((name) => ({ name })),
        );
        return;
      }
      if (issue !== undefined && method === 'PATCH') {
        if (typeof input.body === 'string') issue.body = input.body;
        if (input.state === 'open' || input.state === 'closed') issue.state = input.state;
        send(200, shown(issue));
        return;
      }
    }
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  /** Pull requests, their comments and reviews, and a run's deployment reviews; false when the path is none of them. */
  #pullRoutes(
    url: URL,
    method: string,
    input: Record<string, unknown>,
    send: (status: number, body: unknown) => void,
    sendPage: <T>(items: readonly T[], shown: (item: T) => unknown) => void,
    refuseLong: (() => void) | undefined,
  ): boolean {
    const repo = /^\/repos\/([^/]+\/[^/]+)\//.exec(url.pathname)?.[1] ?? '';
    const rest = url.pathname.slice(`/repos/${repo}`.length);
    const pulls = this.repoPulls(repo);
    const web = `https://github.example/${repo}`;
    const user = (login: string, type: Author['type'] = 'User') => ({ login, id: 1, type });
    const simple = (pr: PullRequest) => ({
      number: pr.number,
      html_url: `${web}/pull/${pr.number}`,
      user: user(pr.author),
      merged_at: pr.merged?.at ?? null,
      merge_commit_sha: pr.merged?.sha ?? null,
    });
    const shownComment = (comment: Comment) => ({
      id: comment.id,
      body: comment.body,
      html_url: `${web}/pull/${pulls.find((p) => p.comments.includes(comment))?.number ?? 0}#issuecomment-${comment.id}`,
      user: user(comment.author.login, comment.author.type),
      author_association: comment.author.association,
    });

    const commit = /^\/commits\/([^/]+)\/pulls$/.exec(rest);
    if (commit && method === 'GET') {
      sendPage(
        pulls.filter((pr) => pr.commits.includes(commit[1] ?? '') || pr.merged?.sha === commit[1]),
        simple,
      );
      return true;
    }
    const permission = /^\/collaborators\/([^/]+)\/permission$/.exec(rest);
    if (permission && method === 'GET') {
      const login = decodeURIComponent(permission[1] ?? '');
      const role = this.permissions.get(`${repo}/${login}`) ?? 'write';
      // `permission` is the older scale, on which maintain is write and triage is read.
      const legacy = ({ maintain: 'write', triage: 'read' } as Record<string, string>)[role] ?? role;
      send(200, { permission: legacy, role_name: role, user: user(login) });
      return true;
    }
    const branch = /^\/branches\/([^/]+)$/.exec(rest);
    if (branch && method === 'GET') {
      const name = decodeURIComponent(branch[1] ?? '');
      const head = this.branches.get(`${repo}/${name}`) ?? pulls.findLast((pr) => pr.merged !== undefined)?.merged?.sha;
      if (head === undefined) send(404, { message: 'Branch not found' });
      else send(200, { name, commit: { sha: head }, protected: false });
      return true;
    }
    const pull = /^\/pulls\/(\d+)(\/reviews|\/commits)?$/.exec(rest);
    const found = pulls.find((pr) => pr.number === Number(pull?.[1]));
    if (pull && method === 'GET') {
      if (found === undefined) send(404, { message: 'Not Found' });
      else if (pull[2] === undefined) {
        send(200, {
          ...simple(found),
          merged: found.merged !== undefined,
          merged_by: found.merged === undefined ? null : user(found.merged.by),
          head: { sha: found.head ?? 'head' },
          commits: found.commits.filter((sha) => sha !== found.merged?.sha).length,
        });
      } else if (pull[2] === '/commits') {
        // GitHub lists no more than 250 of them.
        const own = found.commits.filter((sha) => sha !== found.merged?.sha).slice(0, PULL_COMMITS_LISTED);
        sendPage(own, (sha) => {
          const people = found.commitPeople?.[sha] ?? { author: found.author, committer: found.author };
          const account = (login: string | null) => (login === null ? null : user(login));
          return {
            sha,
            commit: { message: sha },
            author: account(people.author),
            committer: account(people.committer),
          };
        });
      } else {
        sendPage(found.reviews, (review) => ({
          id: found.reviews.indexOf(review) + 1,
          user: user(review.login),
          state: review.state,
          submitted_at: review.submittedAt,
          commit_id: review.commitId ?? found.head ?? 'head',
        }));
      }
      return true;
    }
    const comments = /^\/issues\/(\d+)\/comments$/.exec(rest);
    const commented = pulls.find((pr) => pr.number === Number(comments?.[1]));
    if (comments && commented !== undefined) {
      if (method === 'GET') sendPage(commented.comments, shownComment);
      else if (method === 'POST') {
        if (refuseLong !== undefined) refuseLong();
        else send(201, shownComment(this.addComment(commented, String(input.body), ACTIONS_BOT)));
      } else return false;
      return true;
    }
    const edit = /^\/issues\/comments\/(\d+)$/.exec(rest);
    if (edit && method === 'PATCH') {
      const comment = pulls.flatMap((pr) => pr.comments).find((c) => c.id === Number(edit[1]));
      if (comment === undefined) send(404, { message: 'Not Found' });
      else if (refuseLong !== undefined) refuseLong();
      else {
        comment.body = String(input.body);
        send(200, shownComment(comment));
      }
      return true;
    }
    const approvals = /^\/actions\/runs\/(\d+)\/approvals$/.exec(rest);
    if (approvals && method === 'GET') {
      send(
        200,
        (this.runReviews.get(`${repo}/${approvals[1] ?? ''}`) ?? []).map((review) => ({
          environments: review.environments.map((name, i) => ({ id: i + 1, name })),
          state: review.state,
          user: user(review.login, review.bot === true ? 'Bot' : 'User'),
          comment: review.comment,
        })),
      );
      return true;
    }
    return false;
  }
}
