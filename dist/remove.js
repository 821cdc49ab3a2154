/** The root action: remove people. */
import { run } from './main.js';

await run('remove');
