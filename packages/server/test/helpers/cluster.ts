/**
 * A cluster for tests: a private redis-server on a random port (so restarting it disturbs nobody),
 * a fresh PostgreSQL database, and `oichat serve` node processes on both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from './cli.js';
import type { Credentials } from './signed-client.js';
import { TestSocket } from './ws-client.js';
import { freePort } from './webhook-receiver.js';
import { freshPostgresDatabase, type TestDatabase } from './test-database.js';
import type { RunningServer } from '../../src/server.js';

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
  /** SIGKILL: the node dies at once, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM, as a rolling restart sends: resolves with how the node exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Still running (neither killed nor stopped). */
  readonly alive: boolean;
}

export interface NodeOptions {
  /** Requests per minute per project; 0 (the default here) turns the limit off. */
  rateLimit?: number;
  /** Allow webhook endpoints on loopback (the tests' receivers). */
  webhooksAllowPrivate?: boolean;
  /** More environment, e.g. OICHAT_WEBHOOK_RETRY_SCHEDULE. */
  env?: Record<string, string>;
}

/** `oichat serve` as one node of a cluster, resolved once it listens. */
export async function startNode(
  database: string,
  redisUrl: string,
  { rateLimit = 0, webhooksAllowPrivate = false, env = {} }: NodeOptions = {},
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
    ...(webhooksAllowPrivate ? ['--webhooks-allow-private'] : []),
  ];
  const child = spawn(process.execPath, [CLI, ...args, '--rate-limit', String(rateLimit), '--log-level', 'warn'], {
    // Nodes beat every 0.5 s, so one killed is known dead (and its users offline) within 2 s.
    env: { ...process.env, OICHAT_MASTER_KEY: MASTER_KEY, OICHAT_CLUSTER_HEARTBEAT_MS: '500', ...env },
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    child,
    output: () => out,
    get alive() {
      return running();
    },
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    stop: () => {
      if (running()) child.kill('SIGTERM');
      return exited;
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
    private readonly options: NodeOptions,
  ) {}

  /** `nodeCount` nodes, each with `options` (so are those startNode() adds, unless told otherwise). */
  static async start(nodeCount: number, options: NodeOptions = {}): Promise<TestCluster> {
    const db = await freshPostgresDatabase();
    const redis = await TestRedis.start();
    const cluster = new TestCluster(db, redis, createProject(db.url, 'cluster'), options);
    for (let i = 0; i < nodeCount; i++) cluster.nodes.push(await cluster.startNode());
    return cluster;
  }

  /** Another node on the cluster's database and Redis. */
  startNode(options: NodeOptions = this.options): Promise<Node> {
    return startNode(this.db.url, this.redis.url, options);
  }

  /** Every node still running, ready again (after a Redis restart, say): each answers /readyz 200. */
  async ready(): Promise<void> {
    const live = [...this.nodes, ...this.extraNodes].filter((n) => n.alive);
    for (const node of live) {
      const deadline = Date.now() + 15_000;
      while (
        (await fetch(`${node.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (Date.now() > deadline) throw new Error(`node ${node.url} not ready again:\n${node.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
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

/**
 * A user's app: follows a room on some node of the cluster, recording the seq of every message it
 * is sent; when its node goes away (or closes the socket), resumes on the next live one.
 */
export class RoomFollower {
  readonly seqs: number[] = [];
  socket: TestSocket | null = null;
  nodeIndex: number;
  moves = 0;

  constructor(
    private readonly cluster: TestCluster,
    private readonly token: string,
    private readonly roomId: string,
    startNode: number,
  ) {
    this.nodeIndex = startNode;
  }

  async connect(): Promise<void> {
    for (;;) {
      const node = this.cluster.nodes[this.nodeIndex]!;
      try {
        const socket = await TestSocket.open(node.url, {
          token: this.token,
          resume: { [this.roomId]: this.seqs.at(-1) ?? 0 },
        });
        socket.ws.on('message', (data) => {
          const frame = JSON.parse(data.toString());
          if (frame.type === 'message.created') this.seqs.push(frame.message.seq);
        });
        void socket.closed.then((closed) => {
          if (this.socket !== socket) return;
          this.lastClose = closed;
          void this.#move();
        });
        this.socket = socket;
        return;
      } catch {
        await this.#nextNode();
      }
    }
  }

  async #move(): Promise<void> {
    this.moves++;
    await this.#nextNode();
    await this.connect();
  }

  async #nextNode(): Promise<void> {
    this.nodeIndex = (this.nodeIndex + 1) % this.cluster.nodes.length;
    // A short pause between attempts, as a client's backoff (no assertion depends on it).
    await new Promise((r) => setTimeout(r, 50));
  }

  /** How the last socket closed (a node's shutdown: 1001), set when it did. */
  lastClose: { code: number; reason: string } | null = null;

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.ws.terminate();
  }
}

/**
 * Closes nodes started in this process (every one, though one fails), then Redis and the
 * database; a node that did not close fails the teardown, after the rest is let go of.
 */
export async function closeInProcessCluster(
  nodes: RunningServer[],
  redis: TestRedis | undefined,
  db: TestDatabase | undefined,
): Promise<void> {
  const closed = await Promise.allSettled(nodes.map((n) => n.close()));
  await redis?.stop();
  await db?.drop();
  const failed = closed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed) throw failed.reason;
}
