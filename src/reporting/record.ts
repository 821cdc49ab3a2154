/**
 * The run's record, written once after all work has stopped: the evidence file, the step's
 * outputs and the job summary. Each is attempted whatever became of the others; one that cannot
 * be written is a warning naming where it was to go, since the work is done and the rest of the
 * record holds it. Only a run none of whose record could be written fails for it.
 */
import type { Log } from '../model/log.ts';
import type { RunReport } from '../model/outcome.ts';
import type { Redactor } from '../model/safe-text.ts';
import { writeEvidence, type EvidenceContext } from './evidence.ts';
import { setOutputs } from './outputs.ts';
import { writeSummary, type SummaryContext } from './summary.ts';

export type RecordContext = EvidenceContext & Omit<SummaryContext, 'evidence'>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Writes the record; says why the step must fail when none of it could be written. */
export async function writeRecord(
  report: RunReport,
  context: RecordContext,
  log: Log,
  redact: Redactor,
): Promise<string | undefined> {
  const lost: string[] = [];
  const evidence = await writeEvidence(report, context, redact);
  if ('problem' in evidence) {
    lost.push('RUNNER_TEMP');
    log.warning(`The evidence record could not be written: ${evidence.problem} (RUNNER_TEMP)`);
  } else {
    log.info(`Evidence record: ${evidence.path} (SHA-256 ${evidence.sha256})`);
  }
  let written = lost.length === 0 ? 1 : 0;
  try {
    setOutputs(report, context.job, 'path' in evidence ? evidence.path : '', redact);
    written += 1;
  } catch (error) {
    lost.push('GITHUB_OUTPUT');
    log.warning(`The step's outputs could not be written: ${message(error)} (GITHUB_OUTPUT)`);
  }
  try {
    if (await writeSummary(report, { ...context, evidence }, redact)) written += 1;
  } catch (error) {
    lost.push('GITHUB_STEP_SUMMARY');
    log.warning(`The job summary could not be written: ${message(error)} (GITHUB_STEP_SUMMARY)`);
  }
  return written === 0
    ? `nothing of the run's record could be written (${lost.join(', ')}): each person's result is in the log above`
    : undefined;
}
