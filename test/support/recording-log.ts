/** A Log that keeps its lines, for tests of the operations. */
import type { Log } from '../../src/model/log.ts';

export function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (message) => lines.push(`debug ${message}`),
    info: (message) => lines.push(`info ${message}`),
    notice: (message) => lines.push(`notice ${message}`),
    warning: (message) => lines.push(`warning ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}
