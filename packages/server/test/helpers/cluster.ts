/**
 * A cluster for tests: a private redis-server on a random port (so restarting it disturbs nobody),
 * a fresh PostgreSQL database, and `oichat serve` node processes on both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Credentials } from './signed-client.js';
import { freePort } from './webhook-receiver.js';
import { freshPostgresDatabase, type TestDatabase } from './test-database.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const MASTER_KEY = 'c3'.repeat(32);
const REDIS_SERVER = '/usr/bin/redis-server';

export function clusterUnavailable(): string | null {
  if (!existsSync(REDIS_SERVER)) return `${REDIS_SERVER} is not installed`;
  if (!existsSync(CLI)) return `${CLI} is not built (npm run build -w @oichat/server)`;
  return null;
}

export class TestRedis {
  #child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

export interface Node {
  url: string;
  child: ChildProcess;
  kill(): Promise<void>;
}

export class TestCluster {
  readonly nodes: Node[] = [];
  private constructor(
    readonly db: TestDatabase,
    readonly redis: TestRedis,
    readonly credentials: Credentials,
  ) {}

  static async start(nodeCount: number): Promise<TestCluster> {
    const db = await freshPostgresDatabase();
    const redis = await TestRedis.start();
    const created = spawnSync(process.execPath, [CLI, 'projects', 'create', '--name', 'cluster', '--database', db.url, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, OICHAT_MASTER_KEY: MASTER_KEY },
    });
    if (created.status !== 0) throw new Error(`projects create failed: ${created.stderr}`);
    const cluster = new TestCluster(db, redis, JSON.parse(created.stdout) as Credentials);
    for (let i = 0; i < nodeCount; i++) cluster.nodes.push(await cluster.startNode());
    return cluster;
  }

  async startNode(): Promise<Node> {
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--port', '0', '--database', this.db.url, '--redis', this.redis.url, '--public-url', 'http://chat.cluster.test', '--rate-limit', '0', '--log-level', 'warn'],
      { env: { ...process.env, OICHAT_MASTER_KEY: MASTER_KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`node exited with ${code}: ${out}`)));
    });
    return {
      url,
      child,
      kill: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    await this.redis.stop();
    await this.db.drop();
  }
}
