/** Where every floor writes what the step's log shows; reporting/log.ts implements it for the runner. */
export interface Log {
  /** Shown only when the run has debug logging on (re-run with debug logging). */
  debug(message: string): void;
  info(message: string): void;
  /** An annotation that informs without warning. */
  notice(message: string): void;
  warning(message: string, title?: string): void;
  error(message: string, title?: string): void;
}
