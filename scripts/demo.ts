/**
 * `npm start`: runs each of the five bundled actions (as committed) against the local API
 * stand-in with a sample organization, never the real API, and shows what each did.
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
  const inputs = standInInputs(standIn, token, {});
  const jobs = [
    {
      title: 'audit (dry run): the roster keeps alice, bob as an admin and carol as a viewer',
      run: () =>
        runAction({
          action: 'audit',
          inputs: { ...inputs, keep: 'alice, bob admin, carol viewer', 'dry-run': 'true' },
        }),
    },
    {
      title: 'remove: carol and an invitation to zoe, then rotate the default group',
      run: () =>
        runAction({
          inputs: { ...inputs, username: 'carol@acme.test, zoe@acme.test', 'rotate-group-tokens': 'default' },
        }),
    },
    {
      title: 'demote: bob to member',
      run: () => runAction({ action: 'demote', inputs: { ...inputs, username: 'bob', role: 'member' } }),
    },
    {
      title: 'rotate: the default group alone',
      run: () => runAction({ action: 'rotate', inputs: { ...inputs, groups: 'default' } }),
    },
    {
      title: 'report: the access review of what is left, against the roster',
      run: () => runAction({ action: 'report', inputs: { ...inputs, keep: 'alice, bob member' } }),
    },
  ];
  let failed = false;
  // One after another: each job sees the organization the one before it left.
  for (const { title, run } of jobs) {
    const outcome = await run();
    show(`${title}: step log (exit code ${outcome.exitCode})`, outcome.stdout);
    show(`${title}: outputs`, JSON.stringify(outcome.outputs, null, 2));
    failed ||= outcome.exitCode !== 0;
  }
  show('organization after', organization());
  show('requests the stand-in saw', standIn.requests.map((r) => `${r.method} ${r.rawPath} -> ${r.answer}`).join('\n'));
  process.exitCode = failed ? 1 : 0;
} finally {
  await standIn.stop();
}
