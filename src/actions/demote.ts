/** The demote action: lower members' roles. */
import { run } from '../main.ts';

await run('demote');
