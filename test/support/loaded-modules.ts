/**
 * Loaded into the bundle's process (`node --import`) to write down every module the process
 * loads, one URL a line, in the file LOADED_MODULES_FILE names: how a test sees which chunks of
 * the bundle a run loaded.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.LOADED_MODULES_FILE;
if (file !== undefined) {
  registerHooks({
    load(url, context, next) {
      appendFileSync(file, `${url}\n`);
      return next(url, context);
    },
  });
}
