/** The rotate action: rotate groups' database auth tokens. */
import { run } from './main.js';

await run('rotate');
