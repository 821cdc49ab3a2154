/**
 * `npm run bench`: runs the bundled action as the runner does against the local API stand-in
 * and prints each figure as a ratio against an ideal computed in the same run, because these
 * machines are shared and absolute times drift.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runAction, standInInputs } from '../test/support/run-action.ts';
import { numberedMembers, TursoStandIn, type StandInOptions } from '../test/stand-in/server.ts';

const TOKEN = 'bench-token';
const COLD_START_RUNS = 11;
/** The membership rows measure removals alone: one request per person, as a bare fetch makes. */
const MEMBERSHIP_ONLY = { 'revoke-invites': 'false', 'revoke-api-tokens': 'false' };

interface Row {
  name: string;
  measured: string;
  ideal: string;
  ratio: number;
  goal: number;
  note: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Removes `count` members through the bundled action; returns the stand-in for its log. */
async function removeAll(
  count: number,
  concurrency: number,
  options: Omit<StandInOptions, 'token' | 'orgs'>,
  env: Record<string, string> = {},
): Promise<TursoStandIn> {
  const everyone = numberedMembers(count);
  const standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: everyone }, ...options });
  await standIn.start();
  try {
    const outcome = await runAction({
      inputs: standInInputs(standIn, TOKEN, {
        username: everyone.map((m) => m.username).join('\n'),
        concurrency: String(concurrency),
        retries: '10',
        ...MEMBERSHIP_ONLY,
      }),
      env,
    });
    if (outcome.exitCode !== 0 || outcome.outputs['removed-count'] !== String(count)) {
      throw new Error(`the action did not remove all ${count} members:\n${outcome.stdout}`);
    }
    return standIn;
  } finally {
    await standIn.stop();
  }
}

/** Seconds from the first request the stand-in saw to its last successful removal. */
function firstToLastRemoval(standIn: TursoStandIn): number {
  const first = Math.min(...standIn.requests.map((r) => r.at));
  const last = Math.max(...standIn.requests.filter((r) => r.answer === 200).map((r) => r.answeredAt ?? 0));
  return (last - first) / 1_000;
}

async function rateLimitedBatch(): Promise<Row> {
  const [count, capacity, perSecond] = [150, 20, 20];
  const standIn = await removeAll(count, 4, { rateLimit: { capacity, perSecond } });
  const seconds = firstToLastRemoval(standIn);
  // The two look-ups (List Members, Get Current User) draw from the bucket too.
  const ideal = (count + 2 - capacity) / perSecond;
  return {
    name: 'Rate-limited batch (150 users, 20 req/s bucket of 20, concurrency 4)',
    measured: `${seconds.toFixed(2)} s`,
    ideal: `${ideal.toFixed(2)} s`,
    ratio: seconds / ideal,
    goal: 1.1,
    note: `${standIn.rateLimited} × 429 received`,
  };
}

async function latencyBoundBatch(): Promise<Row> {
  const [count, latencyMs, concurrency] = [200, 50, 4];
  const standIn = await removeAll(count, concurrency, { latencyMs });
  const seconds = firstToLastRemoval(standIn);
  // The look-ups at once, then every removal at `concurrency`.
  const ideal = (latencyMs + (count * latencyMs) / concurrency) / 1_000;
  return {
    name: 'Latency-bound batch (200 users, 50 ms each, concurrency 4)',
    measured: `${seconds.toFixed(2)} s`,
    ideal: `${ideal.toFixed(2)} s`,
    ratio: seconds / ideal,
    goal: 1.15,
    note: '',
  };
}

/**
 * The same requests a plain removal sends, by a bare `node` script with fetch: List Members and
 * Get Current User at once, the DELETE, then List Members and one audit-log page at once. The
 * floor for a process that does that work.
 */
function bareFetch(url: string): Promise<number> {
  const script = `const call = async (method, path) => {
  const r = await fetch(process.env.URL + path, { method, headers: { authorization: 'Bearer ${TOKEN}' } });
  if (!r.ok) process.exit(1);
  await r.text();
};
const org = '/v1/organizations/acme';
await Promise.all([call('GET', org + '/members'), call('GET', '/v1/user')]);
await call('DELETE', org + '/members/jane');
await Promise.all([call('GET', org + '/members'), call('GET', org + '/audit-logs?page=1&page_size=100')]);`;
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { URL: url },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - startedAt) : reject(new Error('bare fetch failed')),
    ),
  );
}

/** 50 people who each have a membership, an invitation and two tokens, offboarded by email. */
async function offboardingBatch(): Promise<Row> {
  const [count, latencyMs, concurrency] = [50, 50, 4];
  const people = numberedMembers(count);
  const standIn = new TursoStandIn({
    token: TOKEN,
    orgs: { acme: people },
    invites: { acme: people.map((p) => p.email) },
    tokens: {
      acme: people.flatMap((p) =>
        ['ci', 'laptop'].map((name) => ({
          id: `${p.username}-${name}`,
          name,
          owner: { username: p.username, email: p.email },
          created_at: '2026-11-01',
        })),
      ),
    },
    latencyMs,
  });
  await standIn.start();
  try {
    const outcome = await runAction({
      inputs: standInInputs(standIn, TOKEN, {
        username: people.map((p) => p.email).join('\n'),
        concurrency: String(concurrency),
      }),
    });
    if (outcome.exitCode !== 0 || outcome.outputs['revoked-tokens-count'] !== String(2 * count)) {
      throw new Error(`the action did not offboard all ${count} people:\n${outcome.stdout}`);
    }
  } finally {
    await standIn.stop();
  }
  const first = Math.min(...standIn.requests.map((r) => r.at));
  const last = Math.max(...standIn.requests.map((r) => r.answeredAt ?? 0));
  const seconds = (last - first) / 1_000;
  // Ideal: the three look-ups and Get Current User at once; every DELETE (membership, invitation,
  // two tokens) at `concurrency`; then the second read of the three lists and one audit-log page at once.
  const idealRequests = 4 + count * 4 + 4;
  const ideal = (2 * latencyMs + (count * 4 * latencyMs) / concurrency) / 1_000;
  return {
    name: `Offboarding batch (${count} people by email: membership, invitation, 2 tokens, verified, audit log read; ${latencyMs} ms each, concurrency ${concurrency})`,
    measured: `${seconds.toFixed(2)} s`,
    ideal: `${ideal.toFixed(2)} s`,
    ratio: seconds / ideal,
    goal: 1.15,
    note: `${standIn.requests.length} requests (ideal ${idealRequests})`,
  };
}

/** An audit of 200 members: 50 admins the roster allows only viewer, 50 not on it, 100 who stay as they are. */
async function roleAuditBatch(): Promise<Row> {
  const [count, lowered, removed, latencyMs, concurrency] = [200, 50, 50, 50, 4];
  const members = numberedMembers(count).map((m, i) => (i < lowered ? { ...m, role: 'admin' as const } : m));
  const roster = members
    .slice(0, count - removed)
    .map((m, i) => (i < lowered ? `${m.username} viewer` : m.username))
    .join('\n');
  const standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: members }, latencyMs });
  await standIn.start();
  try {
    const outcome = await runAction({
      action: 'audit',
      inputs: standInInputs(standIn, TOKEN, {
        keep: roster,
        'max-removals': String(lowered + removed),
        concurrency: String(concurrency),
        ...MEMBERSHIP_ONLY,
      }),
    });
    if (
      outcome.exitCode !== 0 ||
      outcome.outputs['demoted-count'] !== String(lowered) ||
      outcome.outputs['removed-count'] !== String(removed)
    ) {
      throw new Error(`the audit did not lower ${lowered} and remove ${removed}:\n${outcome.stdout}`);
    }
  } finally {
    await standIn.stop();
  }
  const first = Math.min(...standIn.requests.map((r) => r.at));
  const last = Math.max(...standIn.requests.map((r) => r.answeredAt ?? 0));
  const seconds = (last - first) / 1_000;
  // Ideal: List Members and Get Current User at once; every write (PATCH and DELETE alike), each
  // after its member's Retrieve Member, at `concurrency`; then the second read of the members and
  // one audit-log page at once.
  const writes = lowered + removed;
  const idealRequests = 2 + 2 * writes + 2;
  const ideal = (2 * latencyMs + (2 * writes * latencyMs) / concurrency) / 1_000;
  return {
    name: `Role audit (${count} members: ${lowered} to lower, ${removed} to remove, each read again just before, verified; ${latencyMs} ms each, concurrency ${concurrency})`,
    measured: `${seconds.toFixed(2)} s`,
    ideal: `${ideal.toFixed(2)} s`,
    ratio: seconds / ideal,
    goal: 1.15,
    note: `${standIn.requests.length} requests (ideal ${idealRequests})`,
  };
}

async function coldStart(): Promise<Row> {
  const standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: [] } });
  await standIn.start();
  const action: number[] = [];
  const bare: number[] = [];
  try {
    // Interleaved, so that both sides see the same machine load.
    for (let i = 0; i < COLD_START_RUNS; i += 1) {
      standIn.addMember('acme', { username: 'jane', role: 'member', email: '' });
      const outcome = await runAction({
        inputs: standInInputs(standIn, TOKEN, { username: 'jane', ...MEMBERSHIP_ONLY }),
      });
      if (outcome.exitCode !== 0) throw new Error(`cold start run failed:\n${outcome.stdout}`);
      action.push(outcome.durationMs);
      standIn.addMember('acme', { username: 'jane', role: 'member', email: '' });
      bare.push(await bareFetch(standIn.url));
    }
  } finally {
    await standIn.stop();
  }
  const bundleKiB = (await stat(join(ROOT, 'dist', 'main.js'))).size / 1_024;
  return {
    name: `Cold start (a plain removal of one member, whole process, median of ${COLD_START_RUNS})`,
    measured: `${median(action).toFixed(0)} ms`,
    ideal: `${median(bare).toFixed(0)} ms (bare fetch)`,
    ratio: median(action) / median(bare),
    goal: 1.5,
    note: `bundle ${bundleKiB.toFixed(0)} KiB; both send 5 requests: List Members and Get Current User at once, the DELETE, then List Members and one audit-log page at once`,
  };
}

/**
 * Preloaded with `--import` into a measured process: writes its peak resident memory (KiB) to
 * $MAX_RSS_FILE when it exits. Plain JavaScript, because a preloaded `.ts` file would load
 * Node's type stripper into the process and add about 15 MiB to what is measured.
 */
const MAX_RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));`,
)}`;

/** Runs `measure` with the environment that makes its process record its peak memory; returns it in MiB. */
async function maxRssOf(measure: (env: Record<string, string>) => Promise<unknown>): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'turso-bench-'));
  const file = join(dir, 'max-rss');
  try {
    await measure({ NODE_OPTIONS: `--import ${MAX_RSS_PRELOAD}`, MAX_RSS_FILE: file });
    return Number(await readFile(file, 'utf8')) / 1_024;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The start of each bare script: a `call` that fails the process on any error answer, then List
 * Members and Get Current User at once, as the action starts.
 */
const BARE_LOOK_UPS = `const call = async (method, path) => {
  const r = await fetch(process.env.URL + path, { method, headers: { authorization: 'Bearer ${TOKEN}' } });
  if (!r.ok) process.exit(1);
  return r.json();
};
const org = '/v1/organizations/acme';
const [list] = await Promise.all([call('GET', org + '/members'), call('GET', '/v1/user')]);`;

/**
 * A bare `node` script with fetch that removes the same members the same way: List Members and
 * Get Current User at once, every DELETE `concurrency` at a time, then List Members again and the
 * audit-log pages the action reads (up to 5 of 100). The floor for a process that does that work.
 */
async function bareRemovalLoop(count: number, concurrency: number, env: Record<string, string>): Promise<void> {
  const standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: numberedMembers(count) } });
  await standIn.start();
  const pages = Math.min(5, Math.ceil(count / 100));
  const script = `${BARE_LOOK_UPS}
const names = list.members.map((m) => m.username);
let next = 0;
const worker = async () => {
  while (next < names.length) await call('DELETE', org + '/members/' + names[next++]);
};
await Promise.all(Array.from({ length: ${concurrency} }, worker));
const audit = async () => {
  for (let page = 1; page <= ${pages}; page += 1) await call('GET', org + '/audit-logs?page=' + page + '&page_size=100');
};
await Promise.all([call('GET', org + '/members'), audit()]);`;
  try {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...env, URL: standIn.url },
      stdio: 'ignore',
    });
    await new Promise<void>((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error('the bare removal loop failed')))),
    );
  } finally {
    await standIn.stop();
  }
}

const MEMORY_RUNS = 3;

/** Peak memory of the action removing `count` members against the bare loop, medians of interleaved runs. */
async function peakMemory(count: number, concurrency: number): Promise<Row> {
  const action: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < MEMORY_RUNS; i += 1) {
    action.push(await maxRssOf((env) => removeAll(count, concurrency, {}, env)));
    bare.push(await maxRssOf((env) => bareRemovalLoop(count, concurrency, env)));
  }
  return {
    name: `Peak memory (${count} removals, verified, audit log read; concurrency ${concurrency}; median of ${MEMORY_RUNS})`,
    measured: `${median(action).toFixed(1)} MiB`,
    ideal: `${median(bare).toFixed(1)} MiB (bare fetch loop)`,
    ratio: median(action) / median(bare),
    goal: 1.2,
    note: `max RSS of each process; the bare loop sends the same requests with fetch (the look-ups, ${count} DELETEs ${concurrency} at a time, the second read), the action with undici's request`,
  };
}

/**
 * An audit of an organization of 15,000 members (List Members is about 1.2 MB, read before and
 * after) with a keep-file of all but three: the time of the whole process and its peak memory,
 * against a bare fetch script that reads the same lists and sends the same requests (each
 * member's Retrieve Member, then their DELETE).
 */
async function largeAudit(): Promise<Row> {
  const everyone = numberedMembers(15_000);
  const departed = ['user042', 'user7777', 'user14999'];
  const workspace = await mkdtemp(join(tmpdir(), 'turso-bench-workspace-'));
  await writeFile(
    join(workspace, 'roster.txt'),
    everyone
      .filter((m) => !departed.includes(m.username))
      .map((m) => m.username)
      .join('\n'),
  );
  const organization = () => new TursoStandIn({ token: TOKEN, orgs: { acme: everyone } });
  let seconds = 0;
  const memory = await maxRssOf(async (env) => {
    const standIn = organization();
    await standIn.start();
    try {
      const outcome = await runAction({
        action: 'audit',
        inputs: standInInputs(standIn, TOKEN, { 'keep-file': 'roster.txt', ...MEMBERSHIP_ONLY }),
        env: { ...env, GITHUB_WORKSPACE: workspace },
      });
      if (outcome.exitCode !== 0 || outcome.outputs['removed-count'] !== String(departed.length)) {
        throw new Error(`the audit did not remove the ${departed.length} who left:\n${outcome.stdout}`);
      }
      seconds = outcome.durationMs / 1_000;
    } finally {
      await standIn.stop();
    }
  });
  let bareSeconds = 0;
  const bareMemory = await maxRssOf(async (env) => {
    const standIn = organization();
    await standIn.start();
    const script = `${BARE_LOOK_UPS}
const { readFileSync } = await import('node:fs');
const keep = new Set(readFileSync(process.env.KEEP_FILE, 'utf8').split('\\n'));
for (const m of list.members.filter((m) => !keep.has(m.username))) {
  await call('GET', org + '/members/' + m.username);
  await call('DELETE', org + '/members/' + m.username);
}
await Promise.all([call('GET', org + '/members'), call('GET', org + '/audit-logs?page=1&page_size=100')]);`;
    const startedAt = performance.now();
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...env, URL: standIn.url, KEEP_FILE: join(workspace, 'roster.txt') },
        stdio: 'ignore',
      });
      await new Promise<void>((resolve, reject) =>
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error('the bare audit failed')))),
      );
      bareSeconds = (performance.now() - startedAt) / 1_000;
    } finally {
      await standIn.stop();
    }
  });
  await rm(workspace, { recursive: true, force: true });
  return {
    name: 'Audit of 15,000 members (keep-file of all but 3; List Members ≈ 1.2 MB, read twice), whole process',
    measured: `${seconds.toFixed(2)} s, ${memory.toFixed(1)} MiB`,
    ideal: `${bareSeconds.toFixed(2)} s, ${bareMemory.toFixed(1)} MiB (bare fetch)`,
    ratio: seconds / bareSeconds,
    // The whole process, as the cold start's goal.
    goal: 1.5,
    note: `time ratio; peak memory ${(memory / bareMemory).toFixed(2)}× the bare script's, which reads the same lists and sends the same 3 Retrieve Members and DELETEs`,
  };
}

/**
 * The access review of an organization of 2,000 members, 600 tokens and 50,000 audit-log
 * entries (500 pages of 100, all inside the 90-day window): the whole process against a bare
 * fetch script that reads the same lists and pages at the same concurrency (the first page, then
 * the other 499 four at a time), with the peak memory of each.
 */
async function accessReview(): Promise<Row> {
  const now = Date.now();
  const members = numberedMembers(2_000);
  const tokens = Array.from({ length: 600 }, (_, i) => ({
    id: `t${i}`,
    name: `token-${i}`,
    owner: { username: `user${String(i % 2_000).padStart(3, '0')}`, email: `user${i % 2_000}@acme.test` },
    created_at: new Date(now - i * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  }));
  // Newest first, as the API lists them: one every two minutes reaches back about 70 days.
  const entries = Array.from({ length: 50_000 }, (_, i) => ({
    code: 'db-create',
    message: `created database db-${i}`,
    origin: 'cli' as const,
    author: `user${String(i % 2_000).padStart(3, '0')}`,
    created_at: new Date(now - i * 120_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    data: {},
  }));
  const organization = async () => {
    const standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: members }, tokens: { acme: tokens } });
    standIn.addAuditLogs('acme', entries);
    await standIn.start();
    return standIn;
  };
  let seconds = 0;
  const memory = await maxRssOf(async (env) => {
    const standIn = await organization();
    try {
      const outcome = await runAction({ action: 'report', inputs: standInInputs(standIn, TOKEN, {}), env });
      const pages = standIn.requests.filter((r) => r.route === 'audit-logs').length;
      if (outcome.exitCode !== 0 || pages !== 500) {
        throw new Error(`the report did not read the 500 pages (${pages}):\n${outcome.stdout}`);
      }
      seconds = outcome.durationMs / 1_000;
    } finally {
      await standIn.stop();
    }
  });
  let bareSeconds = 0;
  const bareMemory = await maxRssOf(async (env) => {
    const standIn = await organization();
    const script = `${BARE_LOOK_UPS}
await Promise.all([call('GET', '/v2/organizations/acme/invites'), call('GET', org + '/api-tokens'), call('GET', org)]);
const first = await call('GET', org + '/audit-logs?page=1&page_size=100');
let next = 2;
const worker = async () => {
  while (next <= first.pagination.total_pages) await call('GET', org + '/audit-logs?page=' + next++ + '&page_size=100');
};
await Promise.all(Array.from({ length: 4 }, worker));`;
    const startedAt = performance.now();
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...env, URL: standIn.url },
        stdio: 'ignore',
      });
      await new Promise<void>((resolve, reject) =>
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error('the bare review failed')))),
      );
      bareSeconds = (performance.now() - startedAt) / 1_000;
    } finally {
      await standIn.stop();
    }
  });
  return {
    name: 'Access review (report: 2,000 members, 600 tokens, 50,000 audit-log entries in 500 pages; concurrency 4), whole process',
    measured: `${seconds.toFixed(2)} s, ${memory.toFixed(1)} MiB`,
    ideal: `${bareSeconds.toFixed(2)} s, ${bareMemory.toFixed(1)} MiB (bare fetch)`,
    ratio: seconds / bareSeconds,
    goal: 1.2,
    note: `time ratio; peak memory ${(memory / bareMemory).toFixed(2)}× the bare script's, which reads the same lists and pages at the same concurrency and writes nothing`,
  };
}

// `npm run bench -- <word>` runs only the rows whose measure's name holds the word (e.g. `review`).
const only = process.argv[2]?.toLowerCase();
const measures = [
  rateLimitedBatch,
  latencyBoundBatch,
  offboardingBatch,
  roleAuditBatch,
  coldStart,
  () => peakMemory(300, 8),
  () => peakMemory(2_000, 8),
  largeAudit,
  accessReview,
];
const rows: Row[] = [];
for (const measure of measures) {
  const name = measure.name === '' ? 'peakMemory' : measure.name;
  if (only === undefined || name.toLowerCase().includes(only)) rows.push(await measure());
}

const header = ['benchmark', 'measured', 'ideal', 'ratio', 'goal', 'met', 'notes'];
const lines = [
  header,
  ...rows.map((r) => [
    r.name,
    r.measured,
    r.ideal,
    `${r.ratio.toFixed(2)}×`,
    `≤ ${r.goal.toFixed(2)}×`,
    r.ratio <= r.goal ? 'yes' : 'NO (missed)',
    r.note,
  ]),
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const line of lines.slice(1)) console.log(`| ${line.join(' | ')} |`);
console.log(`\nnode ${process.version}, ${new Date().toISOString()}`);
