/** The demote action: lower members' roles. */
import { run } from './main.js';

await run('demote');
