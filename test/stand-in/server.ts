/**
 * A local stand-in of the Turso Platform API (node:http on 127.0.0.1, random port). It keeps
 * each organization's state, answers as the real API does (see shared notes) through the
 * routes of each resource, and can script faults, rate-limit, slow down and hold answers back
 * until a test releases them, while logging every request it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { API_TOKEN_ROUTES, type ApiToken } from './api-tokens.ts';
import { AUDIT_LOG_ROUTES, type AuditLog } from './audit-logs.ts';
import { GROUP_ROUTES } from './groups.ts';
import { Hold } from './hold.ts';
import { INVITE_ROUTES, type Invite } from './invites.ts';
import { MEMBER_ROUTES, type Member } from './members.ts';
import { DEFAULT_SETTINGS, ORGANIZATION_ROUTES, type OrgSettings } from './organization.ts';
import { matchRoute, type OrgState, type Route } from './routes.ts';

export type { ApiToken } from './api-tokens.ts';
export type { AuditLog } from './audit-logs.ts';
export type { Hold } from './hold.ts';
export type { Invite } from './invites.ts';
export type { Member } from './members.ts';

/** Get Current User: the one route outside an organization. */
const USER_ROUTE: Route = {
  name: 'user',
  method: 'GET',
  pattern: '/v1/user',
  answer: () => [500, { error: 'answered by the stand-in itself' }],
};

const ROUTES: readonly Route[] = [
  ...MEMBER_ROUTES,
  ...INVITE_ROUTES,
  ...API_TOKEN_ROUTES,
  ...GROUP_ROUTES,
  ...AUDIT_LOG_ROUTES,
  ...ORGANIZATION_ROUTES,
  USER_ROUTE,
];

/** The user the stand-in's token belongs to, unless a test names another. */
export const TOKEN_USER = { username: 'platform-bot', email: 'platform-bot@acme.test' };

export interface SeenRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** The route's name (e.g. `member`), when the path matched one. */
  route?: string;
  org?: string;
  username?: string;
  /** The page asked for, for a paginated list. */
  page?: number;
  authorization?: string;
  userAgent?: string;
  /** The request's JSON body, when it had one. */
  body?: unknown;
  /** What the stand-in answered: a status, or how it misbehaved. */
  answer: number | 'reset' | 'hang' | 'abandoned';
  at: number;
  answeredAt?: number;
}

/** A scripted misbehaviour for one request. */
export type Fault =
  | {
      status: number;
      body?: string;
      contentType?: string;
      headers?: Record<string, string>;
      /** Carry out the request first (e.g. remove the member), then answer with this fault. */
      afterEffect?: boolean;
      /**
       * Answer only after this long: a slow answer. Without `afterEffect` nothing is carried out,
       * however late the client's disconnect is noticed, so a run under load stays deterministic.
       */
      delayMs?: number;
      /**
       * Send `body` as only the start of a longer one (its Content-Length promises more), then
       * stall for good or break the connection off.
       */
      bodyEnd?: 'stall' | 'break';
    }
  | { reset: true; afterEffect?: boolean }
  | { hang: true; afterEffect?: boolean }
  | { redirect: string };

export interface RequestInfo {
  method: string;
  route?: string;
  org?: string;
  username?: string;
  /** The invitation's email, for the routes of one invitation. */
  email?: string;
  /** The page asked for, for a paginated list (List Audit Logs). */
  page?: number;
}

export type FaultPicker = (request: RequestInfo) => Fault | undefined;

/** Which requests: those with these fields, or those a function picks. */
export type RequestMatch =
  Partial<Pick<RequestInfo, 'method' | 'route' | 'username' | 'email'>> | ((r: RequestInfo) => boolean);

export interface StandInOptions {
  token: string;
  /** Each organization's members; an organization not named here does not exist. */
  orgs?: Record<string, Member[]>;
  /** Emails with a pending invitation, per organization. */
  invites?: Record<string, string[]>;
  tokens?: Record<string, ApiToken[]>;
  /** Group names per organization. */
  groups?: Record<string, string[]>;
  /** Who Get Current User says the token belongs to (TOKEN_USER unless given). */
  tokenUser?: { username: string; email: string };
  /** Added before every answer. */
  latencyMs?: number;
  /** A token bucket: `capacity` requests at once, refilled at `perSecond`; 429 when empty. */
  rateLimit?: { capacity: number; perSecond: number };
  /** Consulted for every request that no scripted fault claims (e.g. a seeded random soak). */
  faults?: FaultPicker;
}

/** A small organization for trying the action by hand. */
export const SAMPLE_MEMBERS: readonly Member[] = [
  { username: 'alice', role: 'owner', email: 'alice@acme.test' },
  { username: 'bob', role: 'admin', email: 'bob@acme.test' },
  { username: 'carol', role: 'member', email: 'carol@acme.test' },
  { username: 'dave', role: 'viewer', email: 'dave@acme.test' },
];

/** The sample organization's pending invitations: one of a member, one of someone who never joined. */
export const SAMPLE_INVITES: readonly string[] = ['carol@acme.test', 'zoe@acme.test'];

/** The sample organization's API tokens. */
export const SAMPLE_TOKENS: readonly ApiToken[] = [
  {
    id: 'tok-carol-ci',
    name: 'carol-ci',
    owner: { username: 'carol', email: 'carol@acme.test' },
    created_at: '2026-05-21',
  },
  { id: 'tok-bob-cli', name: 'bob-cli', owner: { username: 'bob', email: 'bob@acme.test' }, created_at: '2026-06-02' },
];

/** The sample organization `acme`, for trying the action by hand. */
export function sampleOrganization(token: string): TursoStandIn {
  return new TursoStandIn({
    token,
    orgs: { acme: [...SAMPLE_MEMBERS] },
    invites: { acme: [...SAMPLE_INVITES] },
    tokens: { acme: [...SAMPLE_TOKENS] },
    groups: { acme: ['default'] },
  });
}

/** `count` members named user000, user001, … for batch runs. */
export function numberedMembers(count: number): Member[] {
  return Array.from({ length: count }, (_, i) => ({
    username: `user${String(i).padStart(3, '0')}`,
    role: 'member',
    email: `user${i}@acme.test`,
  }));
}

export const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

export class TursoStandIn {
  readonly requests: SeenRequest[] = [];
  readonly #orgs = new Map<string, OrgState>();
  readonly #scripted: { match: (r: RequestInfo) => boolean; faults: Fault[] }[] = [];
  readonly #holds: Hold[] = [];
  readonly #changes: { match: (r: RequestInfo) => boolean; change: () => void }[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #options: StandInOptions;
  #server: Server | undefined;
  #tokens = 0;
  #refilledAt = 0;
  #inFlight = 0;
  /** Added before every answer; starts as the option says, and a test may change it. */
  latencyMs: number;
  maxInFlight = 0;
  rateLimited = 0;
  url = '';

  constructor(options: StandInOptions) {
    this.#options = options;
    this.latencyMs = options.latencyMs ?? 0;
    for (const [org, members] of Object.entries(options.orgs ?? {})) {
      const state = this.#org(org);
      for (const member of members) state.members.set(member.username, { ...member });
      for (const email of options.invites?.[org] ?? []) this.addInvite(org, email);
      for (const token of options.tokens?.[org] ?? []) state.tokens.set(token.id, { ...token });
      for (const group of options.groups?.[org] ?? []) state.groups.set(group, 0);
    }
    this.#tokens = options.rateLimit?.capacity ?? 0;
  }

  /** Listens on 127.0.0.1 (a random port unless one is given); resolves to the base URL. */
  async start(port = 0): Promise<string> {
    this.#refilledAt = Date.now();
    const server = createServer((req, res) => void this.#handle(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const hold of this.#holds) hold.release();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next matching requests get these faults, one each, in order. */
  script(match: RequestMatch, ...faults: Fault[]): void {
    this.#scripted.push({ match: matcher(match), faults });
  }

  /** Holds back the answers to matching requests until the hold is released (see Hold). */
  hold(match: RequestMatch): Hold {
    const hold = new Hold(matcher(match));
    this.#holds.push(hold);
    return hold;
  }

  /**
   * Runs `change` once, as soon as the next matching request has been answered as the API would:
   * the organization changes between two requests of a run (a member promoted, lowered or gone
   * by hand after the action read the list).
   */
  afterAnswer(match: RequestMatch, change: () => void): void {
    this.#changes.push({ match: matcher(match), change });
  }

  /** Successful removals per `org/username`. */
  get removals(): Map<string, number> {
    return new Map(
      [...this.#orgs].flatMap(([org, state]) =>
        [...state.removals].map(([username, count]) => [`${org}/${username}`, count] as const),
      ),
    );
  }

  members(org: string): Member[] {
    return [...(this.#orgs.get(org)?.members.values() ?? [])];
  }

  /** Adds the member, or replaces the one of that username (e.g. with another role). */
  addMember(org: string, member: Member): void {
    this.#org(org).members.set(member.username, { ...member });
  }

  /** Takes the member out of the organization, as when they leave by themselves. */
  removeMember(org: string, username: string): void {
    this.#org(org).members.delete(username);
  }

  /** Pending invitations (emails). */
  invites(org: string): string[] {
    return [...(this.#orgs.get(org)?.invites.keys() ?? [])];
  }

  addInvite(org: string, email: string, role: Invite['role'] = 'member', createdAt = '2026-11-01T09:00:00Z'): void {
    const invites = this.#org(org).invites;
    invites.set(email, { id: invites.size + 1, email, role, created_at: createdAt });
  }

  /** Puts the organization on a plan without invitations. */
  removeInvitesFromPlan(org: string): void {
    this.#org(org).invitesAvailable = false;
  }

  /** Changes what Retrieve Organization shows of its settings. */
  setSettings(org: string, settings: Partial<OrgSettings>): void {
    const state = this.#org(org);
    state.settings = { ...state.settings, ...settings };
  }

  /** Puts the organization on a plan without audit logs. */
  removeAuditLogsFromPlan(org: string): void {
    this.#org(org).auditLogsAvailable = false;
  }

  /** Organization API token ids. */
  tokens(org: string): string[] {
    return [...(this.#orgs.get(org)?.tokens.keys() ?? [])];
  }

  /** The organization's audit log, newest first. */
  auditLogs(org: string): AuditLog[] {
    return [...(this.#orgs.get(org)?.auditLogs ?? [])];
  }

  /** Adds entries below the newest ones (`entries` newest first). */
  addAuditLogs(org: string, entries: readonly AuditLog[]): void {
    this.#org(org).auditLogs.push(...entries);
  }

  /** From now on, removals write no audit-log entry (as when the log lags behind). */
  silenceAuditLog(org: string): void {
    this.#org(org).logsRemovals = false;
  }

  addToken(org: string, token: ApiToken): void {
    this.#org(org).tokens.set(token.id, { ...token });
  }

  /** How often each group's database tokens were rotated. */
  rotations(org: string): Record<string, number> {
    return Object.fromEntries(this.#orgs.get(org)?.groups ?? []);
  }

  /** The organization's state, created empty on first use. */
  #org(org: string): OrgState {
    let state = this.#orgs.get(org);
    if (state === undefined) {
      state = {
        members: new Map(),
        removals: new Map(),
        invites: new Map(),
        invitesAvailable: true,
        tokens: new Map(),
        groups: new Map(),
        auditLogs: [],
        auditLogsAvailable: true,
        logsRemovals: true,
        settings: { ...DEFAULT_SETTINGS },
        actor: (this.#options.tokenUser ?? TOKEN_USER).username,
      };
      this.#orgs.set(org, state);
    }
    return state;
  }

  requestsTo(method: string, username?: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && (username === undefined || r.username === username));
  }

  #nextFault(info: RequestInfo): Fault | undefined {
    for (const entry of this.#scripted) {
      if (entry.faults.length > 0 && entry.match(info)) return entry.faults.shift();
    }
    return this.#options.faults?.(info);
  }

  /** Takes a token from the bucket, or says how many whole seconds until one is there. */
  #rateLimitWait(): number | undefined {
    const limit = this.#options.rateLimit;
    if (limit === undefined) return undefined;
    const now = Date.now();
    this.#tokens = Math.min(limit.capacity, this.#tokens + ((now - this.#refilledAt) / 1_000) * limit.perSecond);
    this.#refilledAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / limit.perSecond));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    res.on('close', () => (this.#inFlight -= 1));

    const rawPath = req.url ?? '/';
    const method = req.method ?? 'GET';
    const match = matchRoute(ROUTES, method, rawPath);
    const info: RequestInfo = {
      method,
      ...(match && { route: match.route.name, org: match.params.org, username: match.params.username }),
      ...(match?.params.email !== undefined && { email: decodeURIComponent(match.params.email) }),
      ...(match?.params.page !== undefined && { page: Number(match.params.page) }),
    };
    const seen: SeenRequest = {
      ...info,
      rawPath,
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      answer: 0,
      at: Date.now(),
    };
    this.requests.push(seen);
    const body = await readJsonBody(req);
    if (body !== undefined) seen.body = body;

    for (const hold of this.#holds) if (hold.matches(info)) await hold.wait(res);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = this.#nextFault(info);
    if (fault !== undefined && 'status' in fault && fault.delayMs !== undefined) await sleep(fault.delayMs);
    // Like a server that cancels work for a client that has gone (e.g. timed out).
    if (res.destroyed) {
      seen.answer = 'abandoned';
      return;
    }

    if (fault !== undefined && 'redirect' in fault) {
      seen.answer = 307;
      seen.answeredAt = Date.now();
      res.writeHead(307, { location: fault.redirect }).end();
      return;
    }
    if (fault !== undefined && !fault.afterEffect) {
      this.#misbehave(fault, seen, res);
      return;
    }

    const retryAfter = this.#rateLimitWait();
    if (retryAfter !== undefined) {
      this.rateLimited += 1;
      this.#json(res, seen, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(retryAfter) });
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.#options.token}`) {
      this.#json(res, seen, 401, { error: 'token contains an invalid number of segments' });
      return;
    }
    const [status, answer] = this.#answer(match, body);
    if (fault !== undefined) {
      this.#misbehave(fault, seen, res);
      return;
    }
    this.#json(res, seen, status, answer);
    const index = this.#changes.findIndex((c) => c.match(info));
    if (index !== -1) this.#changes.splice(index, 1)[0]?.change();
  }

  /** The real API's answer for a well-formed, authorised request. */
  #answer(match: ReturnType<typeof matchRoute>, body: unknown): [number, unknown] {
    if (match === undefined) return [404, { error: 'not found' }];
    const { route, params } = match;
    if (route === USER_ROUTE) {
      const user = this.#options.tokenUser ?? TOKEN_USER;
      return [
        200,
        {
          user: { ...user, name: user.username, avatarUrl: '', plan: 'scaler', mfa: false, has_pending_invites: false },
        },
      ];
    }
    const org = this.#orgs.get(params.org ?? '');
    if (org === undefined) return [404, { error: 'organization not found' }];
    return route.answer(params, org, body);
  }

  #misbehave(fault: Exclude<Fault, { redirect: string }>, seen: SeenRequest, res: ServerResponse): void {
    if ('reset' in fault) {
      seen.answer = 'reset';
      res.socket?.resetAndDestroy();
      return;
    }
    if ('hang' in fault) {
      seen.answer = 'hang';
      return; // never answers; the client gives up, or stop() closes the socket
    }
    seen.answer = fault.status;
    seen.answeredAt = Date.now();
    const headers = { 'content-type': fault.contentType ?? 'application/json', ...fault.headers };
    const body = fault.body ?? '';
    if (fault.bodyEnd === undefined) {
      res.writeHead(fault.status, headers).end(body);
      return;
    }
    res.writeHead(fault.status, { ...headers, 'content-length': String(Buffer.byteLength(body) + 100) });
    res.write(body);
    if (fault.bodyEnd === 'break') setTimeout(() => res.socket?.destroy(), 50);
  }

  #json(
    res: ServerResponse,
    seen: SeenRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    seen.answer = status;
    seen.answeredAt = Date.now();
    res
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(body === undefined ? '' : JSON.stringify(body));
  }
}

function matcher(match: RequestMatch): (r: RequestInfo) => boolean {
  if (typeof match === 'function') return match;
  return (r) =>
    (match.method === undefined || match.method === r.method) &&
    (match.route === undefined || match.route === r.route) &&
    (match.username === undefined || match.username === r.username) &&
    (match.email === undefined || match.email === r.email);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request's body read as JSON; undefined when it is empty, not JSON, or the client went away. */
function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : (JSON.parse(text) as unknown));
      } catch {
        resolve(undefined);
      }
    };
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', done).once('close', done).once('error', done);
  });
}
