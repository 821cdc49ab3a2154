/** Stand-ins started afresh before each test and stopped after it. */
import { afterEach, beforeEach } from 'vitest';
import { GitHubStandIn } from '../stand-in/github.ts';
import { TursoStandIn, type StandInOptions } from '../stand-in/server.ts';

interface StandIn {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Registers a beforeEach that makes a stand-in with `create` and starts it, and an afterEach that
 * stops it. Returns the current test's stand-in: every property read goes to the one that test
 * started, so a test never sees the state of another.
 */
export function useServer<T extends StandIn>(create: () => T): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = create();
    await current.start();
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  const now = (): T => {
    if (current === undefined) throw new Error('the stand-in runs only while a test does');
    return current;
  };
  return new Proxy({} as T, {
    get(_target, key) {
      const server = now();
      const value: unknown = Reflect.get(server, key, server);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(server) : value;
    },
    set: (_target, key, value) => Reflect.set(now(), key, value),
  });
}

/** The Turso Platform API stand-in with these options, fresh for each test. */
export function useStandIn(options: StandInOptions): TursoStandIn {
  return useServer(() => new TursoStandIn(options));
}

/** The GitHub stand-in taking `token`, with these teams (`org/team-slug` → logins), fresh for each test. */
export function useGitHubStandIn(
  token: string,
  teams: Readonly<Record<string, readonly string[]>> = {},
): GitHubStandIn {
  return useServer(() => {
    const github = new GitHubStandIn(token);
    for (const [team, logins] of Object.entries(teams)) github.teams.set(team, [...logins]);
    return github;
  });
}
