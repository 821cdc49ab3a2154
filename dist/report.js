/** The report action: review who can reach the organization; changes nothing. */
import { run } from './main.js';

await run('report');
