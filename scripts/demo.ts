/**
 * `npm start`: runs the bundled action (dist/index.js, as committed) against the local API
 * stand-in with a sample organization, never the real API, and shows what it did.
 */
import { runAction, standInInputs } from '../test/support/run-action.ts';
import { sampleOrganization } from '../test/stand-in/server.ts';

const token = 'demo-token-not-a-real-secret';
const standIn = sampleOrganization(token);
await standIn.start();
// One flaky answer, to show a retry in the log.
standIn.script({ method: 'DELETE', username: 'carol' }, { status: 503, headers: { 'retry-after': '1' } });

const show = (title: string, text: string) =>
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\n${text.trimEnd()}`);
const organization = () =>
  [
    `members: ${standIn
      .members('acme')
      .map((m) => `${m.username} (${m.role})`)
      .join(', ')}`,
    `invitations: ${standIn.invites('acme').join(', ') || 'none'}`,
    `API tokens: ${standIn.tokens('acme').join(', ') || 'none'}`,
  ].join('\n');

try {
  show('organization before', organization());
  const inputs = standInInputs(standIn, token, { 'if-not-member': 'warn', 'rotate-group-tokens': 'default' });
  const people = 'bob, carol@acme.test, zoe@acme.test';

  const dryRun = await runAction({ inputs: { ...inputs, username: people, 'dry-run': 'true' } });
  show('dry run: step log', dryRun.stdout);
  show('dry run: outputs', JSON.stringify(dryRun.outputs, null, 2));

  const removal = await runAction({ inputs: { ...inputs, username: people } });
  show(`offboarding: step log (exit code ${removal.exitCode})`, removal.stdout);
  show('offboarding: outputs', JSON.stringify(removal.outputs, null, 2));
  show('offboarding: job summary (HTML)', removal.summary ?? '');
  show('organization after', organization());
  show('requests the stand-in saw', standIn.requests.map((r) => `${r.method} ${r.rawPath} -> ${r.answer}`).join('\n'));
  process.exitCode = dryRun.exitCode === 0 && removal.exitCode === 0 ? 0 : 1;
} finally {
  await standIn.stop();
}
