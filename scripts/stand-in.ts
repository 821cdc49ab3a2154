/**
 * Serves the local Turso Platform API stand-in with a sample organization until stopped, for trying
 * the action by hand (`npm run local-action`) and for the CI job that runs `uses: ./`.
 * Usage: node scripts/stand-in.ts [port]   (default 8787; token: local-stand-in-token)
 */
import { sampleOrganization } from '../test/stand-in/server.ts';

const SAMPLE_TOKEN = 'local-stand-in-token';

const standIn = sampleOrganization(SAMPLE_TOKEN);
const url = await standIn.start(Number(process.argv[2] ?? 8787));
console.log(`Turso Platform API stand-in on ${url} (org acme, token ${SAMPLE_TOKEN}); Ctrl-C stops it`);
const stop = () => void standIn.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
