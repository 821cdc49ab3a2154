/**
 * The only way the action writes to the step's log: every line is redacted, and plain log
 * lines are escaped so that text from inputs or the API cannot start a workflow command.
 * Annotations are escaped by the toolkit itself, which encodes line breaks in their message.
 */
import * as core from '@actions/core';
import type { Log } from '../model/log.ts';
import { escapeForLog, type Redactor } from '../model/safe-text.ts';

export function createLog(redact: Redactor): Log {
  const annotation = (title: string | undefined) => (title === undefined ? {} : { title: redact(title) });
  return {
    // The toolkit escapes a command's data itself, so a line break cannot end it early.
    // Written only when the step's debug logging is on: the runner shows no other, and a large
    // run's one line a request would otherwise cost as much as its work.
    debug: (message) => {
      if (core.isDebug()) core.debug(redact(message));
    },
    info: (message) => core.info(escapeForLog(redact(message))),
    notice: (message) => core.notice(redact(message)),
    warning: (message, title) => core.warning(redact(message), annotation(title)),
    error: (message, title) => core.error(redact(message), annotation(title)),
  };
}
