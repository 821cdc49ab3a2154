/** The root action: remove people. */
import { run } from '../main.ts';

await run('remove');
