// The servers a fan-out run measures, each its own child process: OiChat (`oichat serve` on a
// fresh SQLite database, its rooms and its clients' tokens made through the server SDK) and the
// bare WebSocket broadcast server (bench/fanout-baseline.ts). A Target is one of them set up and
// ready for clients to connect and for messages to be sent.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type MemorySnapshot, memory } from '../lib/inspector.ts';
import { pool } from '../lib/measure.ts';
import { CLI, loadSdk, runCli, type SdkClass } from '../lib/processes.ts';
import { type Server, startServer, stopServer } from '../lib/server-process.ts';

export { type Server, stopServer };
import { BATCH, CPU_PROF, ROOM_CREATE_MAX } from './settings.ts';

const BASELINE = fileURLToPath(new URL('../fanout-baseline.ts', import.meta.url));

// The part of @oichat/server-sdk used here. Imported at run time from its build, so that the
// server package's typecheck does not depend on the SDK having been built.
interface Sdk {
  auth: { createToken(params: { user_id: string }): Promise<{ token: string }> };
  rooms: {
    create(params: { type: 'group'; name?: string; participants: string[] }): Promise<{ room_id: string }>;
    addParticipant(roomId: string, params: { user_id: string }): Promise<unknown>;
  };
  messages: { send(params: { room_id: string; sender_id: string; content: string }): Promise<unknown> };
}
type SdkConstructor = SdkClass<Sdk>;

/** A server with its rooms set up and its clients' credentials, ready to connect and send to. */
export interface Target {
  server: Server;
  wsUrl: string;
  tokens: string[];
  send: (room: number, content: string) => Promise<unknown>;
  /** Server memory snapshot taken before any client connected (only when asked). */
  before: MemorySnapshot | null;
}

export interface Layout {
  rooms: number;
  membersPerRoom: number;
}

/** What a scenario adds to the server's command: environment (caps) and Node options (a probe). */
export interface ServerExtras {
  env?: Record<string, string>;
  nodeArgs?: string[];
}

/** `dir`: where its database goes. */
export async function oichatTarget(
  dir: string,
  label: string,
  layout: Layout,
  measureMemory: boolean,
  extras: ServerExtras = {},
): Promise<Target> {
  const db = join(dir, `${label}.db`);
  const creds = JSON.parse(
    await runCli(['projects', 'create', '--name', `bench-${label}`, '--database', db, '--json']),
  ) as {
    project_id: string;
    api_key: string;
    secret_key: string;
  };
  const env = {
    OICHAT_MAX_ROOM_PARTICIPANTS: String(Math.max(500, layout.membersPerRoom)),
    // The clients open FANOUT_BATCH sockets at a time from one address: more than the 50
    // unauthenticated ones a single address may hold by default.
    OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(Math.max(50, BATCH)),
    ...extras.env,
  };
  const serveArgs = [
    ...(extras.nodeArgs ?? []),
    CLI,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--database',
    db,
    '--rate-limit',
    '0',
    '--log-level',
    'warn',
    // Tokens name the public URL as issuer: fixed, so that they outlive a restart on another port.
    '--public-url',
    'http://oichat-fanout-bench.invalid',
  ];
  const inspect = measureMemory || CPU_PROF || (extras.nodeArgs?.length ?? 0) > 0;
  let server = await startServer('OiChat', serveArgs, env, inspect);
  const OiChat = await loadSdk<SdkConstructor>();
  // No retries: a send that fails is counted, not hidden.
  const sdkFor = (baseUrl: string) =>
    new OiChat({
      apiKey: creds.api_key,
      secretKey: creds.secret_key,
      projectId: creds.project_id,
      baseUrl,
      maxRetries: 0,
      timeout: 60_000,
    });
  let sdk = sdkFor(server.baseUrl);

  const users = (room: number) => Array.from({ length: layout.membersPerRoom }, (_, m) => `${label}-r${room}-u${m}`);
  const tRooms = performance.now();
  const roomIds = await pool(
    Array.from({ length: layout.rooms }, (_, r) => r),
    16,
    async (r) => {
      const members = users(r);
      const room = await sdk.rooms.create({
        type: 'group',
        name: `bench ${r}`,
        participants: members.slice(0, ROOM_CREATE_MAX),
      });
      await pool(members.slice(ROOM_CREATE_MAX), 8, (user_id) => sdk.rooms.addParticipant(room.room_id, { user_id }));
      return room.room_id;
    },
  );
  const allUsers = roomIds.flatMap((_, r) => users(r));
  const tTokens = performance.now();
  const tokens = await pool(allUsers, 32, async (user_id) => (await sdk.auth.createToken({ user_id })).token);
  const secs = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  process.stdout.write(
    `  [${label}] OiChat: ${layout.rooms} room(s) in ${secs(tRooms, tTokens)}, ${tokens.length} tokens in ${secs(tTokens, performance.now())}\n`,
  );

  let before: MemorySnapshot | null = null;
  if (measureMemory) {
    // A fresh process on the same database, so that the memory the setup requests left behind
    // (heap pages V8 keeps after collecting) cannot absorb the connections' growth.
    await stopServer(server);
    server = await startServer('OiChat', serveArgs, env, inspect);
    sdk = sdkFor(server.baseUrl);
    await sleep(1000);
    before = await memory(server);
  }
  const client = sdk;
  return {
    server,
    wsUrl: server.baseUrl.replace(/^http/, 'ws') + '/v1/realtime',
    tokens,
    send: (room, content) => client.messages.send({ room_id: roomIds[room]!, sender_id: 'system', content }),
    before,
  };
}

export async function baselineTarget(layout: Layout, measureMemory: boolean): Promise<Target> {
  const server = await startServer('bare ws', [BASELINE], {}, measureMemory);
  const tokens: string[] = [];
  for (let r = 0; r < layout.rooms; r++) for (let m = 0; m < layout.membersPerRoom; m++) tokens.push(`r${r}`);
  const url = server.baseUrl + '/send';
  const send = async (room: number, content: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: `r${room}`, content }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`baseline /send answered ${res.status}: ${body}`);
    return body;
  };
  let before: MemorySnapshot | null = null;
  if (measureMemory) {
    await sleep(1000);
    before = await memory(server);
  }
  return { server, wsUrl: server.baseUrl.replace(/^http/, 'ws') + '/v1/realtime', tokens, send, before };
}
