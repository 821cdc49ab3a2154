/**
 * Set-up of the unit layer (`npm run test:unit`): listening on or connecting a socket, or
 * starting a child process, throws at once. A test that needs a stand-in, the bundle or a tool
 * belongs to the integration layer (vitest.config.ts).
 */
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

function refuse(what: string): never {
  throw new Error(
    `A unit test ${what}. Unit tests use no network and no child process: move this file to the integration project in vitest.config.ts.`,
  );
}

net.Server.prototype.listen = function listen(): never {
  refuse('listens on a socket');
};
net.Socket.prototype.connect = function connect(): never {
  refuse('connects a socket');
};
dgram.Socket.prototype.bind = function bind(): never {
  refuse('binds a datagram socket');
};
dgram.Socket.prototype.send = function send(): never {
  refuse('sends a datagram');
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.assign(childProcess, { [name]: () => refuse(`starts a child process (${name})`) });
}
// What spawn, exec, execFile and fork come down to, should anything hold the originals.
Object.assign(childProcess.ChildProcess.prototype, { spawn: () => refuse('starts a child process') });
// ES module imports of node:child_process see the replacements too.
syncBuiltinESMExports();
