/** The audit action: audit the organization against a roster. */
import { run } from '../main.ts';

await run('audit');
