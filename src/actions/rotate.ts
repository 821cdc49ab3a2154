/** The rotate action: rotate groups' database auth tokens. */
import { run } from '../main.ts';

await run('rotate');
