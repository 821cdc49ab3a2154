/** The report action: review who can reach the organization; changes nothing. */
import { run } from '../main.ts';

await run('report');
