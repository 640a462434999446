/** Backend and end users of one room, for the message-feature tests: tokens, sends, calls as a user. */
import type { TestServer } from './test-server.js';
import { userFetch } from './user-fetch.js';

export interface UserCaller {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export function asUser(t: TestServer, token: string): UserCaller {
  return {
    async call(method, path, body) {
      const res = await userFetch(t.url, token, path, { method, body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

export async function tokenOf(t: TestServer, userId: string): Promise<string> {
  return (await t.client.post('/v1/auth/token', { user_id: userId })).body.token;
}

export async function newRoom(t: TestServer, participants: string[]): Promise<string> {
  return (await t.client.post('/v1/rooms', { type: 'group', participants })).body.room_id;
}

export async function send(t: TestServer, roomId: string, senderId: string, content: string, extra = {}) {
  const res = await t.client.post('/v1/messages', { room_id: roomId, sender_id: senderId, content, ...extra });
  if (res.status !== 201) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
