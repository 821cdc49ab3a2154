/**
 * Runs one of the four bundled actions the way the runner does: the `main` its action.yml
 * names, in a child process, with `INPUT_*` variables (that action.yml's defaults filled in
 * first), and GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files to read back.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { run } from '../../src/main.ts';
import { ACTIONS } from '../../src/model/actions.ts';
import type { JobName } from '../../src/model/settings.ts';
import { evidenceProblems } from './evidence.ts';
import { RUN_CONTEXT } from './run-context.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ActionYml {
  inputs: Record<string, { default?: string | number | boolean }>;
  runs: { main: string };
}

/** The action.yml of a job's action. */
export function actionYmlPath(job: JobName): string {
  return join(ROOT, ACTIONS[job].folder, 'action.yml');
}

async function readActionYml(job: JobName): Promise<ActionYml> {
  return parse(await readFile(actionYmlPath(job), 'utf8')) as ActionYml;
}

/** The file the runner starts for a job's action: its action.yml's `runs.main`. */
export async function bundleOf(job: JobName): Promise<string> {
  return join(dirname(actionYmlPath(job)), (await readActionYml(job)).runs.main);
}

/** The workflow token the runner puts in place of `${{ github.token }}`. */
export const WORKFLOW_TOKEN = 'ghs_workflow-token-0123456789';

/** A job's action.yml's defaults, with the expressions evaluated as the runner would. */
export async function actionDefaults(job: JobName = 'remove'): Promise<Record<string, string>> {
  const action = await readActionYml(job);
  return Object.fromEntries(
    Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, String(input.default).replace('${{ github.token }}', WORKFLOW_TOKEN)]],
    ),
  );
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** Undefined when the run had no summary file. */
  summary: string | undefined;
  annotations: Annotation[];
  /** Wall time of the action alone (the child process, or run() in this process). */
  durationMs: number;
  /** Every file the action wrote and every stream it printed, for leak checks. */
  everything: string;
  /** The evidence record named by the `evidence-file` output, checked against its schema. */
  evidence: Record<string, unknown> | undefined;
  /** The same, as the file's text. */
  evidenceText: string | undefined;
}

export interface RunOptions {
  /** Which of the four actions runs; the root (remove) when not given. */
  action?: JobName;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Leave GITHUB_STEP_SUMMARY unset. */
  noSummary?: boolean;
  /** Leave out the optional run context (repository, run id, actor, ...), as local runners do. */
  noRunContext?: boolean;
  /** The bundle only: send SIGINT, as the runner does on cancellation, once this resolves. */
  interrupt?: Promise<unknown>;
  /**
   * The bundle only: told of the stdout so far each time more of it comes, with a way to send
   * the process a signal.
   */
  watch?: (stdout: string, signal: (name: NodeJS.Signals) => void) => void;
  /** The bundle only: the node binary that runs it, when not the one running the tests. */
  node?: string;
}

/** Inputs that point the action at a stand-in's organization `acme`, plus the given ones. */
export function standInInputs(
  standIn: { url: string },
  token: string,
  inputs: Record<string, string>,
): Record<string, string> {
  return { org: 'acme', token, 'api-url': standIn.url, ...inputs };
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match === null) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** Decodes the toolkit's command-data escaping. */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function parseAnnotations(stdout: string): Annotation[] {
  return stdout.split('\n').flatMap((line) => {
    const match = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    return match === null ? [] : [{ level: match[1] as Annotation['level'], message: unescapeData(match[2] ?? '') }];
  });
}

interface Streams {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** How the action is started: its bundled entry in a child process, or src/main.ts in this process. */
export type ActionRunner = (options: RunOptions) => Promise<ActionRun>;

export const runAction: ActionRunner = async (options) => {
  const dir = await mkdtemp(join(tmpdir(), 'turso-action-'));
  const bundle = await bundleOf(options.action ?? 'remove');
  try {
    return await runWith(options, dir, (env) => {
      const child = spawn(options.node ?? process.execPath, [bundle], {
        env,
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        options.watch?.(stdout, (name) => child.kill(name));
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      void options.interrupt?.then(() => child.kill('SIGINT'));
      return new Promise((resolve) => child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr })));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * The same, in this process, so that coverage sees src/. Runs one at a time, with the
 * environment and stdout swapped for the duration. They share one folder because the
 * toolkit's summary helper keeps the first summary path it is given for the whole process.
 */
export const runSource: ActionRunner = (options) => {
  const next = inProcessQueue.then(async () => {
    sourceDir ??= await mkdtemp(join(tmpdir(), 'turso-action-'));
    return runWith(options, sourceDir, async (env) => {
      const savedEnv = process.env;
      const write = process.stdout.write.bind(process.stdout);
      let stdout = '';
      process.env = env;
      process.stdout.write = (chunk: string | Uint8Array) => {
        stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      };
      try {
        await run(options.action ?? 'remove');
        return { exitCode: Number(process.exitCode ?? 0), stdout, stderr: '' };
      } finally {
        process.stdout.write = write;
        process.env = savedEnv;
        process.exitCode = undefined;
      }
    });
  });
  inProcessQueue = next.catch(() => undefined);
  return next;
};
let inProcessQueue: Promise<unknown> = Promise.resolve();
let sourceDir: string | undefined;

async function runWith(
  options: RunOptions,
  dir: string,
  start: (env: Record<string, string>) => Promise<Streams>,
): Promise<ActionRun> {
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputs = { ...(await actionDefaults(options.action)), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputFile,
    // A folder of each run's own, as each job has: the in-process runs share `dir`.
    RUNNER_TEMP: await mkdtemp(join(dir, 'runner-temp-')),
    ...(options.noRunContext ? {} : RUN_CONTEXT),
    ...(options.noSummary ? {} : { GITHUB_STEP_SUMMARY: summaryFile }),
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const startedAt = performance.now();
  const { exitCode, stdout, stderr } = await start(env);
  const durationMs = performance.now() - startedAt;
  const outputText = await readFile(outputFile, 'utf8');
  const summary = options.noSummary ? undefined : await readFile(summaryFile, 'utf8');
  const outputs = parseOutputFile(outputText);
  const evidenceText = outputs['evidence-file'] ? await readFile(outputs['evidence-file'], 'utf8') : undefined;
  const evidence = evidenceText === undefined ? undefined : (JSON.parse(evidenceText) as Record<string, unknown>);
  const problems = evidenceProblems(evidence);
  if (evidence !== undefined && problems.length > 0) {
    throw new Error(`The evidence record does not match docs/evidence.schema.json:\n${problems.join('\n')}`);
  }
  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    annotations: parseAnnotations(stdout),
    durationMs,
    // The runner consumes ::add-mask:: lines (they carry the secret by design) and never shows them.
    everything: [stdout.replace(/^::add-mask::.*$/gm, ''), stderr, outputText, summary ?? '', evidenceText ?? ''].join(
      '\n',
    ),
    evidence,
    evidenceText,
  };
}
