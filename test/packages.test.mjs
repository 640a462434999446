// The packages as a user gets them: `npm pack` each, install the tarballs into an empty folder
// (their dependencies from the npm registry), and use them there: `npx oichat serve` answers
// /readyz; the server SDK imports as ESM and CommonJS with its types and talks to that server;
// the client SDK imports as ESM with its types; `@oichat/server` loads as a library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, start, waitForOutput } from './helpers.mjs';

const temp = mkdtempSync(join(tmpdir(), 'oichat-packages-'));
const app = join(temp, 'app');
after(() => rmSync(temp, { recursive: true, force: true }));

// This Node (>= 22: `npm test` brings one) first on PATH for npm, npx and the node they start.
const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter) };
for (const k of Object.keys(env)) if (/^npm_config_(workspaces?|prefix|global)$/i.test(k)) delete env[k];
// The root runner forces colour for its buffered output; these children print values the tests compare as text.
delete env.FORCE_COLOR;

function run(command, args, cwd = app) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const versionOf = (dir) => JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')).version;

before(async () => {
  // prepack builds each package first, so the tarballs hold what the sources say.
  const packed = JSON.parse(
    run(
      'npm',
      [
        'pack',
        '--json',
        '--pack-destination',
        temp,
        '-w',
        'packages/server',
        '-w',
        'packages/server-sdk',
        '-w',
        'packages/sdk',
      ],
      repoRoot,
    ).replace(/^[^[]*/, ''),
  );
  assert.equal(packed.length, 3);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    ...packed.map((p) => join(temp, p.filename)),
    '@types/node@24',
  ]);
});

describe('@oichat/server, installed from its tarball', () => {
  it('has the oichat command: --version, and serve answers /readyz and its home page', async () => {
    assert.equal(run('npx', ['oichat', '--version']).trim(), versionOf('packages/server'));
    const db = join(app, 'data', 'oichat.db');
    const creds = JSON.parse(
      run('npx', ['oichat', 'projects', 'create', '--name', 'packed', '--database', db, '--json']),
    );
    assert.equal(creds.database, db);
    const server = start('npx', ['oichat', 'serve', '--port', '0', '--database', db], { cwd: app, env });
    try {
      const [, url] = await waitForOutput(server, /listening on (http:\/\/[^\s"]+)/, 60_000);
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready' });
      assert.match(await (await fetch(`${url}/`)).text(), /<title>OiChat server /);

      // The packed server SDK, as CommonJS and as ESM, against the packed server.
      const call = `new OiChat({ apiKey: process.env.K, secretKey: process.env.S, projectId: process.env.P, baseUrl: process.env.U })
        .auth.createToken({ user_id: 'packed-user' }).then((t) => console.log(typeof t.token, typeof VERSION))`;
      const sdkEnv = { K: creds.api_key, S: creds.secret_key, P: creds.project_id, U: url };
      for (const [flag, code] of [
        [[], `const { OiChat, VERSION } = require('@oichat/server-sdk'); ${call}`],
        [['--input-type=module'], `import { OiChat, VERSION } from '@oichat/server-sdk'; ${call}`],
      ]) {
        const r = spawnSync('node', [...flag, '-e', code], { cwd: app, env: { ...env, ...sdkEnv }, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), 'string string');
      }
    } finally {
      await server.stop();
    }
  });

  it('loads as a library: startServer and resolveConfig', () => {
    const out = run('node', [
      '--input-type=module',
      '-e',
      `import { startServer, resolveConfig, VERSION } from '@oichat/server';
       const s = await startServer(resolveConfig({ port: 0, database: ':memory:' }, {}), { logger: false });
       const r = await fetch(s.url + '/readyz'); console.log(r.status, VERSION); await s.close();`,
    ]);
    assert.equal(out.trim(), `200 ${versionOf('packages/server')}`);
  });
});

describe('the SDKs, installed from their tarballs', () => {
  it('@oichat/sdk imports as ESM', () => {
    const out = run('node', [
      '--input-type=module',
      '-e',
      "import { OiChatClient } from '@oichat/sdk'; console.log(typeof OiChatClient)",
    ]);
    assert.equal(out.trim(), 'function');
  });

  it('type-check in an app: the server SDK from .mts and .cts, the client SDK and the server from .mts', () => {
    writeFileSync(
      join(app, 'esm.mts'),
      `import { OiChat, type Room } from '@oichat/server-sdk';
import { OiChatClient, type Message } from '@oichat/sdk';
import { resolveConfig, type Config } from '@oichat/server';
const oichat = new OiChat({ apiKey: 'ak_live_x', secretKey: 'sk_x', projectId: 'proj_x' });
export const room: Promise<Room> = oichat.rooms.get('room_x');
export const client = new OiChatClient({ baseUrl: 'http://127.0.0.1:8080', token: 't' });
export const sent: Promise<Message> = client.messages.send('room_x', { content: 'hi' });
export const config: Config = resolveConfig({ port: 0 });
`,
    );
    writeFileSync(
      join(app, 'cjs.cts'),
      `import sdk = require('@oichat/server-sdk');
export const room: Promise<sdk.Room> = new sdk.OiChat({ apiKey: 'a', secretKey: 's', projectId: 'p' }).rooms.create({ type: 'group', participants: ['a', 'b'] });
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    // The repository's TypeScript, compiling the app's files against the app's node_modules.
    const tsc = join(
      dirname(createRequire(join(repoRoot, 'packages/server/package.json')).resolve('typescript/package.json')),
      'bin/tsc',
    );
    run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')]);
  });
});
