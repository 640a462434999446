/**
 * A cluster for tests: a private redis-server on a random port (so restarting it disturbs nobody),
 * a fresh PostgreSQL database, and `oichat serve` node processes on both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from './cli.js';
import type { Credentials } from './signed-client.js';
import { freePort } from './webhook-receiver.js';
import { freshPostgresDatabase, type TestDatabase } from './test-database.js';

const MASTER_KEY = 'c3'.repeat(32);
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
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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

/** A project made through the CLI, as an operator would. */
function createProject(database: string, name: string): Credentials {
  const created = spawnSync(
    process.execPath,
    [CLI, 'projects', 'create', '--name', name, '--database', database, '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, OICHAT_MASTER_KEY: MASTER_KEY },
    },
  );
  if (created.status !== 0) throw new Error(`projects create failed: ${created.stderr}`);
  return JSON.parse(created.stdout) as Credentials;
}

export interface Node {
  url: string;
  child: ChildProcess;
  /** What the node printed so far (stdout and stderr). */
  output(): string;
  kill(): Promise<void>;
}

export interface NodeOptions {
  /** Requests per minute per project; 0 (the default here) turns the limit off. */
  rateLimit?: number;
}

/** `oichat serve` as one node of a cluster, resolved once it listens. */
export async function startNode(
  database: string,
  redisUrl: string,
  { rateLimit = 0 }: NodeOptions = {},
): Promise<Node> {
  const args = [
    'serve',
    '--port',
    '0',
    '--database',
    database,
    '--redis',
    redisUrl,
    '--public-url',
    'http://chat.cluster.test',
  ];
  const child = spawn(process.execPath, [CLI, ...args, '--rate-limit', String(rateLimit), '--log-level', 'warn'], {
    // Nodes beat every 0.5 s, so one killed is known dead (and its users offline) within 2 s.
    env: { ...process.env, OICHAT_MASTER_KEY: MASTER_KEY, OICHAT_CLUSTER_HEARTBEAT_MS: '500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    // The start banner ("listening on …") is on stderr, the JSON logs on stdout.
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`node exited with ${code}: ${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export class TestCluster {
  readonly nodes: Node[] = [];
  /** Nodes a test started for itself (other settings); stopped with the cluster. */
  readonly extraNodes: Node[] = [];
  private constructor(
    readonly db: TestDatabase,
    readonly redis: TestRedis,
    readonly credentials: Credentials,
  ) {}

  static async start(nodeCount: number): Promise<TestCluster> {
    const db = await freshPostgresDatabase();
    const redis = await TestRedis.start();
    const cluster = new TestCluster(db, redis, createProject(db.url, 'cluster'));
    for (let i = 0; i < nodeCount; i++) cluster.nodes.push(await cluster.startNode());
    return cluster;
  }

  /** Another node on the cluster's database and Redis. */
  startNode(options: NodeOptions = {}): Promise<Node> {
    return startNode(this.db.url, this.redis.url, options);
  }

  /** A new project on the cluster's database. */
  createProject(name: string): Credentials {
    return createProject(this.db.url, name);
  }

  async stop(): Promise<void> {
    await Promise.all(this.extraNodes.map((n) => n.kill()));
    await Promise.all(this.nodes.map((n) => n.kill()));
    await this.redis.stop();
    await this.db.drop();
  }
}
