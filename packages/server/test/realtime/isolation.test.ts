/**
 * Projects are walled off on the WebSocket too: two projects on one server with the same user ids
 * and the same channel names, each acting in its own rooms; no frame of one reaches a socket of
 * the other (messages, room and membership events, read receipts, typing, presence, channel
 * events, revocation), nor does `ready` mention the other's rooms or online users.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SignedClient } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket, type Frame } from '../helpers/ws-client.js';

let t: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await t.close();
});

interface Project {
  name: string;
  client: SignedClient;
  rooms: Set<string>;
}

const token = async (p: Project, userId: string) =>
  (await p.client.post('/v1/auth/token', { user_id: userId, channels: ['news'] })).body.token as string;
const connect = async (p: Project, userId: string, resume?: Record<string, number>) => {
  const s = await TestSocket.connect(t.url, await token(p, userId), resume);
  sockets.push(s);
  return s;
};
const createRoom = async (p: Project, participants: string[]) => {
  const res = await p.client.post('/v1/rooms', { type: 'group', participants });
  expect(res.status).toBe(201);
  p.rooms.add(res.body.room_id);
  return res.body.room_id as string;
};
const send = (p: Project, roomId: string, content: string) =>
  p.client.post('/v1/messages', { room_id: roomId, sender_id: 'system', content });

/** Every room a frame names. */
const roomsIn = (f: Frame): string[] =>
  [
    f.room_id,
    f.room?.room_id,
    f.message?.room_id,
    ...(f.rooms ?? []).map((r: { room_id: string }) => r.room_id),
  ].filter(Boolean);

it('keeps every realtime event of a project away from the sockets of another, with the same user ids and channel names', {
  timeout: 60_000,
}, async () => {
  const [u, v, w] = [uniqueUser('u'), uniqueUser('v'), uniqueUser('w')];
  const A: Project = { name: 'A', client: t.client, rooms: new Set() };
  const B: Project = { name: 'B', client: (await t.newProject('other')).client, rooms: new Set() };
  const rA = await createRoom(A, [u, v]);
  const rB = await createRoom(B, [u, v]);
  await send(B, rB, 'B before');

  // v is online in B only: A's u does not count it online; B's u does.
  const vB = await connect(B, v);
  // A's u also tries to resume B's room: it is not A's, so nothing of it is replayed.
  const uA = await connect(A, u, { [rB]: 0 });
  expect(uA.of('ready')[0]).toMatchObject({ rooms: [{ room_id: rA, last_seq: 0 }], online_users: [] });
  const uB = await connect(B, u);
  expect(uB.of('ready')[0]).toMatchObject({ rooms: [{ room_id: rB, last_seq: 1 }], online_users: [v] });
  const vA = await connect(A, v);
  await uA.waitFor((f) => f.type === 'presence' && f.user_id === v && f.state === 'online');
  await vB.waitFor((f) => f.type === 'presence' && f.user_id === u && f.state === 'online');

  // The same things happen in both projects, each in its own rooms.
  for (const p of [A, B]) {
    const room = p === A ? rA : rB;
    const [user, peer] = p === A ? [uA, vA] : [uB, vB];
    await send(p, room, `${p.name} live`);
    await createRoom(p, [u, v]);
    await p.client.patch(`/v1/rooms/${room}`, { name: `${p.name} renamed` });
    await p.client.post(`/v1/rooms/${room}/participants`, { user_id: w });
    await p.client.delete(`/v1/rooms/${room}/participants/${w}`);
    const read = await userFetch(t.url, await token(p, v), `/v1/me/rooms/${room}/read`, { body: { seq: 1 } });
    expect(read.status).toBe(200);
    peer.send({ type: 'typing.start', room_id: room });
    peer.send({ type: 'typing.stop', room_id: room });
    expect(
      (await p.client.post('/v1/channels/news/events', { event: 'bulletin', data: { project: p.name } })).status,
    ).toBe(202);
    await user.waitFor((f) => f.type === 'channel.event');
    await user.waitFor((f) => f.type === 'typing' && f.state === 'stop');
  }
  // A room of the other project is as unknown to a socket as one that does not exist.
  uA.send({ type: 'typing.start', room_id: rB, id: 't1' });
  expect(await uA.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'room_not_found', ref: 't1' });

  // v leaves B: B's u sees it go offline; A's u, for whom v is still online in A, does not.
  vB.close();
  await uB.waitFor((f) => f.type === 'presence' && f.user_id === v && f.state === 'offline');
  // B revokes u: B's socket closes, A's u is another user and stays.
  await B.client.post('/v1/auth/revoke', { user_id: u });
  expect((await uB.closed).code).toBe(4003);

  // A last event in A: by the time it arrives, anything of B sent before would have too.
  await send(A, rA, 'A last');
  await uA.waitFor((f) => f.type === 'message.created' && f.message.content === 'A last');
  await vA.waitFor((f) => f.type === 'message.created' && f.message.content === 'A last');
  expect(uA.ws.readyState).toBe(uA.ws.OPEN);

  const expected = [
    'message.created',
    'room.created',
    'room.updated',
    'participant.added',
    'participant.removed',
    'read',
    'typing',
    'channel.event',
  ];
  for (const [s, own] of [
    [uA, A],
    [vA, A],
    [uB, B],
    [vB, B],
  ] as const) {
    const types = new Set(s.frames.map((f) => f.type));
    if (s !== vA && s !== vB)
      for (const type of expected) expect(types, `${own.name} socket got ${type}`).toContain(type);
    for (const f of s.frames) {
      for (const room of roomsIn(f))
        expect(own.rooms.has(room), `${own.name} socket got ${JSON.stringify(f)}`).toBe(true);
      if (f.type === 'channel.event') expect(f.data).toEqual({ project: own.name });
      if (f.type === 'message.created') expect(f.message.content.startsWith(own.name)).toBe(true);
    }
  }
  // Presence each socket saw: its own project's only.
  const presence = (s: TestSocket) => s.of('presence').map((f) => `${f.user_id}:${f.state}`);
  expect(presence(uA)).toEqual([`${v}:online`]);
  expect(presence(vA)).toEqual([]);
  expect(presence(uB)).toEqual([`${v}:offline`]);
  expect(presence(vB)).toEqual([`${u}:online`]);
});
