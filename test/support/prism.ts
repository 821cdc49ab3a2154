/**
 * A real OpenAPI mock server, Stoplight Prism, serving an official spec (Turso's unless told
 * otherwise) with request validation on (`--errors`: a request the spec does not allow gets an
 * error answer). In front of it, a small forwarder can ask Prism for a documented status
 * (`Prefer: code=404`), since the action itself never sends that header, and can list Turso
 * members of its own (the spec's example lists only its current user, an owner, whose role the
 * action never changes). Requests recorded elsewhere can be replayed to Prism itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './run-action.ts';

export const TURSO_SPEC = join(ROOT, 'test', 'contract', 'turso-openapi.json');
export const GITHUB_SPEC = join(ROOT, 'test', 'contract', 'github-openapi.json');
const PRISM = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ReplayedRequest {
  method: string;
  /** With the query string. */
  path: string;
  headers: Record<string, string>;
  /** Sent as JSON when defined. */
  body?: unknown;
}

/** Prism's verdict on a replayed request: its status, and what it found against the spec. */
export interface PrismVerdict {
  status: number;
  violations: unknown[];
}

export class PrismMock {
  readonly #spec: string;
  #prism: ChildProcess | undefined;
  #prismUrl = '';
  #forwarder: Server | undefined;
  /** Everything Prism printed: its request log, with any validation violations. */
  log = '';
  /** Requests that reached the forwarder, as `METHOD path`. */
  readonly requests: string[] = [];
  /** The status the forwarder asks Prism for; undefined lets Prism pick the first documented 2xx. */
  preferCode: number | undefined;
  /**
   * When set, the forwarder answers List Members itself with these, and Retrieve Member, once
   * Prism has validated and answered it 200, with the one of these it names; every other request
   * goes to Prism.
   */
  listedMembers: { username: string; role: string; email: string }[] | undefined;
  url = '';

  constructor(spec: string = TURSO_SPEC) {
    this.#spec = spec;
  }

  async start(): Promise<void> {
    const port = await freePort();
    const prism = spawn(
      process.execPath,
      [PRISM, 'mock', '--host', '127.0.0.1', '--port', String(port), '--errors', this.#spec],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
    this.#prism = prism;
    this.#prismUrl = `http://127.0.0.1:${port}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${this.log}`)), 60_000);
      const onData = (chunk: Buffer) => {
        this.log += chunk.toString('utf8');
        if (this.log.includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      prism.stdout.on('data', onData);
      prism.stderr.on('data', onData);
      prism.on('exit', (code) => reject(new Error(`Prism exited with ${String(code)}:\n${this.log}`)));
    });

    this.#forwarder = createServer((req, res) => {
      this.requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (
        this.listedMembers !== undefined &&
        req.method === 'GET' &&
        /^\/v1\/organizations\/[^/]+\/members$/.test(req.url ?? '')
      ) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ members: this.listedMembers }));
        return;
      }
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: `127.0.0.1:${port}` };
      if (this.preferCode !== undefined) headers.prefer = `code=${this.preferCode}`;
      const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer) => {
        const listed = this.#retrievedMember(req.method, req.url);
        if (listed !== undefined && answer.statusCode === 200) {
          answer.resume();
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ member: listed }));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.#forwarder?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#forwarder.address() as AddressInfo).port}`;
  }

  /** The listed member a Retrieve Member request names, when members are listed by the forwarder. */
  #retrievedMember(method: string | undefined, url: string | undefined) {
    const username =
      method === 'GET' ? /^\/v1\/organizations\/[^/]+\/members\/([^/?]+)$/.exec(url ?? '')?.[1] : undefined;
    return username === undefined
      ? undefined
      : this.listedMembers?.find((m) => m.username === decodeURIComponent(username));
  }

  /**
   * Sends `request` to Prism itself, past the forwarder. Prism tells a violation in the
   * `sl-violations` header when the spec documents an answer for a refused request (422, 400),
   * else in the `validation` list of its own problem answer.
   */
  async replay(request: ReplayedRequest): Promise<PrismVerdict> {
    const answer = await fetch(`${this.#prismUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    });
    const header = answer.headers.get('sl-violations');
    const text = await answer.text();
    const problem = answer.headers.get('content-type')?.startsWith('application/problem+json')
      ? (JSON.parse(text) as { validation?: unknown[] })
      : {};
    return {
      status: answer.status,
      violations: [...(header === null ? [] : (JSON.parse(header) as unknown[])), ...(problem.validation ?? [])],
    };
  }

  async stop(): Promise<void> {
    this.#forwarder?.closeAllConnections();
    await new Promise((resolve) => (this.#forwarder ? this.#forwarder.close(resolve) : resolve(undefined)));
    if (this.#prism && this.#prism.exitCode === null) {
      const exited = new Promise((resolve) => this.#prism?.once('exit', resolve));
      this.#prism.kill('SIGTERM');
      await exited;
    }
  }
}
