/**
 * The setup every component test against the real server shares: one in-process server for the
 * file (started before its tests, closed after them, failing the file if it does not close),
 * clients disconnected and the render cleaned up after each test, and two people to chat.
 */
import { cleanup } from '@testing-library/react';
import type { Message, OiChatClient, OiChatEvents } from '@oichat/sdk';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from './server.js';

/** Long enough for a loaded machine; a server still open then has a socket or a client left over. */
const CLOSE_DEADLINE_MS = 15_000;

export interface People {
  alice: string;
  bob: string;
  users: Record<string, { name: string }>;
  /** Not connected: the provider connects it. */
  aliceClient: OiChatClient;
  /** Connected. */
  bobClient: OiChatClient;
}

export interface RealChat {
  /** The file's server (after beforeAll). */
  readonly server: TestServer;
  /** Clients to disconnect after the test. */
  track(...clients: OiChatClient[]): void;
  /** Alice and Bob with names, a client each (Bob's connected). */
  people(): Promise<People>;
}

export function realChatServer(): RealChat {
  let server: TestServer | undefined;
  const clients: OiChatClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    cleanup();
    for (const c of clients.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    if (server) await closeOrFail(server);
  });
  const chat: RealChat = {
    get server() {
      if (!server) throw new Error('the test server is not started yet (use it inside a test or a hook)');
      return server;
    },
    track: (...c) => clients.push(...c),
    async people() {
      const alice = uniqueUser('alice');
      const bob = uniqueUser('bob');
      const users = { [alice]: { name: 'Alice Adams' }, [bob]: { name: 'Bob Brown' } };
      const aliceClient = chat.server.client(alice, 'Alice Adams');
      const bobClient = chat.server.client(bob, 'Bob Brown');
      chat.track(aliceClient, bobClient);
      await bobClient.connect();
      return { alice, bob, users, aliceClient, bobClient };
    },
  };
  return chat;
}

async function closeOrFail(server: TestServer): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`the test server did not close within ${CLOSE_DEADLINE_MS / 1000} s: a connection is left open`),
        ),
      CLOSE_DEADLINE_MS,
    );
  });
  try {
    await Promise.race([server.close(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The next message.created the client gets in a room (a real delivery through the server). */
export function nextMessage(client: OiChatClient, roomId: string): Promise<Message & Record<string, unknown>> {
  return new Promise((resolve) => {
    const off = client.on('message.created', ({ room_id, message }) => {
      if (room_id !== roomId) return;
      off();
      resolve(message as Message & Record<string, unknown>);
    });
  });
}

/** The next event of this name the client gets. */
export function nextEvent<K extends keyof OiChatEvents>(client: OiChatClient, name: K): Promise<OiChatEvents[K]> {
  return new Promise((resolve) => {
    const off = client.on(name, (e) => {
      off();
      resolve(e);
    });
  });
}
