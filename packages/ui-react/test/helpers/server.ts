/**
 * A real OiChat server in-process (in-memory SQLite), the backend calls tests need (users with
 * names, rooms, messages, read positions, membership changes), and real SDK clients for users.
 */
import { OiChatClient } from '@oichat/sdk';
import { resolveConfig, startServer, type Message, type RunningServer } from '@oichat/server';
import { WebSocket } from 'ws';
import { type Network, startNetwork } from '../../gallery/network.ts';

export interface TestServer {
  server: RunningServer;
  url: string;
  projectId: string;
  token(userId: string, name?: string): Promise<string>;
  /** A client for the user (not connected). */
  client(userId: string, name?: string): OiChatClient;
  /** A client whose traffic crosses a network of its own, which the test can cut for real. */
  clientOverNetwork(userId: string, name?: string): Promise<{ client: OiChatClient; network: Network }>;
  room(participants: string[], opts?: { name?: string; type?: 'group' | 'direct' }): Promise<string>;
  send(roomId: string, content: string, senderId?: string, contentType?: 'text' | 'system'): Promise<Message>;
  markRead(roomId: string, userId: string, seq: number): Promise<void>;
  removeParticipant(roomId: string, userId: string): Promise<void>;
  addParticipant(roomId: string, userId: string): Promise<void>;
  deleteRoom(roomId: string): Promise<void>;
  close(): Promise<void>;
}

let users = 0;
/** User ids unique across the files sharing a worker (isolate: false), so presence never mixes. */
export const uniqueUser = (name: string) => `${name}-${process.pid}-${++users}`;

export async function startTestServer(): Promise<TestServer> {
  const server = await startServer(
    resolveConfig(
      {
        port: 0,
        host: '127.0.0.1',
        database: ':memory:',
        rateLimit: 0,
        // A keep-alive connection whose request was still running when close() began goes idle
        // only afterwards, and close() waits out its idle timeout (72 s by default).
        limits: { 'http-idle-timeout-ms': '3000' },
      },
      {},
    ),
    { logger: false },
  );
  const { services } = server;
  const { project_id: projectId } = await services.projects.create('ui-test');
  const ctx = { projectId };
  const token = async (userId: string, name?: string) =>
    (await services.tokens.createToken(projectId, { user_id: userId, ...(name && { user_name: name }) })).token;
  const networks: Network[] = [];
  const clientAt = (baseUrl: string, userId: string, name?: string) =>
    new OiChatClient({
      baseUrl,
      tokenProvider: () => token(userId, name),
      // jsdom's WebSocket is not the platform's: give every client the same real one.
      WebSocket: WebSocket as never,
      reconnect: { baseMs: 50, capMs: 200 },
    });
  return {
    server,
    url: server.url,
    projectId,
    token,
    client: (userId, name) => clientAt(server.url, userId, name),
    async clientOverNetwork(userId, name) {
      const network = await startNetwork(server.url);
      networks.push(network);
      return { client: clientAt(network.url, userId, name), network };
    },
    async room(participants, opts = {}) {
      const { room } = await services.rooms.create(ctx, {
        type: opts.type ?? 'group',
        participants,
        ...(opts.name && { name: opts.name }),
      });
      return room.room_id;
    },
    async send(roomId, content, senderId = 'system', contentType = 'text') {
      return (
        await services.messages.send(ctx, { room_id: roomId, sender_id: senderId, content, content_type: contentType })
      ).message;
    },
    async markRead(roomId, userId, seq) {
      await services.rooms.markRead(ctx, roomId, userId, seq);
    },
    async removeParticipant(roomId, userId) {
      await services.rooms.removeParticipant(ctx, roomId, userId);
    },
    async addParticipant(roomId, userId) {
      await services.rooms.addParticipant(ctx, roomId, userId);
    },
    async deleteRoom(roomId) {
      await services.rooms.delete(ctx, roomId);
    },
    async close() {
      await Promise.all(networks.map((n) => n.close()));
      await server.close();
    },
  };
}
