/**
 * The client against a real server: events, the REST resources, read receipts, typing,
 * presence and membership changes, and REST errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OiChatClient, OiChatError, type ConnectionStateEvent } from '../src/index.js';
import { nextEvent, record, until } from './helpers/events.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

let t: TestServer;
const clients: OiChatClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await t.close();
});

async function clientFor(
  userId: string,
  extra: Partial<ConstructorParameters<typeof OiChatClient>[0]> = {},
): Promise<OiChatClient> {
  const client = new OiChatClient({
    baseUrl: t.url,
    token: await t.token(userId),
    reconnect: { baseMs: 20, capMs: 200 },
    ...extra,
  });
  clients.push(client);
  return client;
}

describe('realtime events', () => {
  it('connects, reports its states, and receives messages the backend sends', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const client = await clientFor(alice);
    const states = record(client, 'connection.state');
    const ready = nextEvent(client, 'ready');
    await client.connect();
    expect(client.state).toBe('connected');
    expect(client.userId).toBe(alice);
    expect(await ready).toMatchObject({
      user_id: alice,
      resumed: false,
      rooms: [{ room_id: room.room_id, last_seq: 0 }],
    });

    const got = record(client, 'message.created');
    await t.send(room.room_id, 'one');
    await t.send(room.room_id, 'two');
    await until(() => got.length === 2, 'two messages');
    expect(got.map((e) => [e.room_id, e.message.seq, e.message.content])).toEqual([
      [room.room_id, 1, 'one'],
      [room.room_id, 2, 'two'],
    ]);

    client.disconnect();
    expect(client.state).toBe('disconnected');
    expect(states.map((s: ConnectionStateEvent) => s.state)).toEqual(['connecting', 'connected', 'disconnected']);
  });

  it('gets a token from tokenProvider when constructed without one', async () => {
    const alice = uniqueUser('alice');
    const reasons: string[] = [];
    const client = new OiChatClient({
      baseUrl: t.url,
      tokenProvider: async ({ reason }) => {
        reasons.push(reason);
        return t.token(alice);
      },
    });
    clients.push(client);
    await client.connect();
    expect(await client.rooms.list()).toMatchObject({ data: [] });
    expect(reasons).toEqual(['initial']);
  });

  it('follows rooms created after connecting, and room updates', async () => {
    const alice = uniqueUser('alice');
    const client = await clientFor(alice);
    await client.connect();
    const created = nextEvent(client, 'room.created');
    const room = await t.room([alice, uniqueUser('bob')], 'Support');
    expect((await created).room).toMatchObject({ room_id: room.room_id, name: 'Support' });

    const updated = nextEvent(client, 'room.updated');
    await t.server.services.rooms.update({ projectId: t.projectId }, room.room_id, { status: 'resolved' });
    expect((await updated).room).toMatchObject({ room_id: room.room_id, status: 'resolved' });

    const message = nextEvent(client, 'message.created');
    await t.send(room.room_id, 'in the new room');
    expect((await message).message).toMatchObject({ seq: 1, content: 'in the new room' });
  });

  it('follows a room the user is added to, from its current seq on', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([bob, uniqueUser('carol')]);
    for (let i = 1; i <= 3; i++) await t.send(room.room_id, `before ${i}`);
    const client = await clientFor(alice);
    await client.connect();
    const got = record(client, 'message.created');
    const added = nextEvent(client, 'participant.added');
    await t.server.services.rooms.addParticipant({ projectId: t.projectId }, room.room_id, alice);
    expect(await added).toMatchObject({ room_id: room.room_id, user_id: alice, room: { last_seq: 3 } });
    expect(client.resumeState()[room.room_id]).toBe(3);
    await t.send(room.room_id, 'after joining');
    await until(() => got.length === 1, 'the new message');
    expect(got[0]!.message).toMatchObject({ seq: 4, content: 'after joining' });
  });

  it('stops delivering a room after the user is removed from it', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob, uniqueUser('carol')]);
    const other = await t.room([alice, bob]);
    const client = await clientFor(alice);
    await client.connect();
    const got = record(client, 'message.created');

    const removed = nextEvent(client, 'participant.removed');
    await t.server.services.rooms.removeParticipant({ projectId: t.projectId }, room.room_id, alice);
    expect(await removed).toEqual({ room_id: room.room_id, user_id: alice });

    await t.send(room.room_id, 'after removal');
    await t.send(other.room_id, 'marker');
    await until(() => got.some((e) => e.message.content === 'marker'), 'the marker message');
    expect(got.map((e) => e.message.content)).toEqual(['marker']);
    await expect(client.rooms.get(room.room_id)).rejects.toMatchObject({ status: 404, code: 'room_not_found' });
    expect(client.resumeState()).not.toHaveProperty(room.room_id);
  });

  it('sees room deletion, and nothing of that room afterwards', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const client = await clientFor(alice);
    await client.connect();
    const deleted = nextEvent(client, 'room.deleted');
    await t.server.services.rooms.delete({ projectId: t.projectId }, room.room_id);
    expect(await deleted).toEqual({ room_id: room.room_id });
    expect(client.resumeState()).not.toHaveProperty(room.room_id);
  });
});

describe('REST resources', () => {
  it('lists and gets rooms, pages through them, and reads history', async () => {
    const alice = uniqueUser('alice');
    const rooms = [];
    for (let i = 0; i < 3; i++) rooms.push(await t.room([alice, uniqueUser('bob')], `room ${i}`));
    for (let i = 1; i <= 5; i++) await t.send(rooms[0]!.room_id, `m${i}`);
    const client = await clientFor(alice);

    const page = await client.rooms.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    expect(page.next_cursor).toEqual(expect.any(String));
    const all = [];
    for await (const room of client.rooms.iterate({ limit: 2 })) all.push(room.room_id);
    expect(all.sort()).toEqual(rooms.map((r) => r.room_id).sort());

    expect(await client.rooms.get(rooms[0]!.room_id)).toMatchObject({
      room_id: rooms[0]!.room_id,
      name: 'room 0',
      last_seq: 5,
      participants: [alice, expect.any(String)],
    });

    const newest = await client.messages.list(rooms[0]!.room_id, { limit: 2 });
    expect(newest.data.map((m) => m.seq)).toEqual([4, 5]);
    expect(newest.has_more).toBe(true);
    const after = await client.messages.list(rooms[0]!.room_id, { after: 3 });
    expect(after.data.map((m) => m.content)).toEqual(['m4', 'm5']);
    const before = await client.messages.list(rooms[0]!.room_id, { before: 3 });
    expect(before.data.map((m) => m.content)).toEqual(['m1', 'm2']);
  });

  it('sends messages, which the other participant receives in order', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const a = await clientFor(alice);
    const b = await clientFor(bob);
    await b.connect();
    const got = record(b, 'message.created');

    const sent = await Promise.all([
      a.messages.send(room.room_id, { content: 'hello' }),
      a.messages.send(room.room_id, { content: '{"x":1}', content_type: 'custom', metadata: { kind: 'card' } }),
      a.messages.send(room.room_id, { content: 'third' }),
    ]);
    expect(sent.map((m) => [m.seq, m.sender_id, m.content])).toEqual([
      [1, alice, 'hello'],
      [2, alice, '{"x":1}'],
      [3, alice, 'third'],
    ]);
    expect(sent[1]).toMatchObject({ content_type: 'custom', metadata: { kind: 'card' } });
    await until(() => got.length === 3, 'three messages at bob');
    expect(got.map((e) => e.message.message_id)).toEqual(sent.map((m) => m.message_id));
    expect(a.messages.pending()).toBe(0);
  });

  it('returns the first message when a client_msg_id is sent again', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const client = await clientFor(alice);
    const first = await client.messages.send(room.room_id, { content: 'once', client_msg_id: 'fixed-id-1' });
    const again = await client.messages.send(room.room_id, { content: 'once', client_msg_id: 'fixed-id-1' });
    expect(again.message_id).toBe(first.message_id);
    expect(await t.history(room.room_id)).toHaveLength(1);
  });

  it('throws OiChatError with the fields of the error body', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([uniqueUser('bob'), uniqueUser('carol')]);
    const client = await clientFor(alice);
    const err = await client.rooms.get(room.room_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OiChatError);
    expect(err).toMatchObject({
      status: 404,
      code: 'room_not_found',
      retryable: false,
      requestId: expect.stringMatching(/^req_/),
    });
    expect((err as OiChatError).message).toMatch(/room/i);

    const invalid = await client.messages.send(room.room_id, { content: '' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: [expect.objectContaining({ field: 'content' })],
    });
    expect(client.messages.pending()).toBe(0);
  });

  it('marks read: the other participant gets a read event; unread counts follow', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    for (let i = 0; i < 3; i++) await t.send(room.room_id, `m${i}`);
    const a = await clientFor(alice);
    const b = await clientFor(bob);
    await b.connect();
    const read = nextEvent(b, 'read', (e) => e.user_id === alice);
    expect(await a.markRead(room.room_id, 2)).toEqual({ room_id: room.room_id, user_id: alice, last_read_seq: 2 });
    expect(await read).toEqual({ room_id: room.room_id, user_id: alice, seq: 2 });
    expect(await a.rooms.unread()).toEqual({
      data: [{ room_id: room.room_id, last_seq: 3, last_read_seq: 2, unread_count: 1, unread_mentions: 0 }],
    });
    await expect(a.markRead(room.room_id, 99)).rejects.toMatchObject({ status: 400 });
  });
});

describe('typing and presence', () => {
  it('shows typing start and stop to the other participant, and its expiry after 6 s', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const a = await clientFor(alice);
    const b = await clientFor(bob);
    expect(a.typing.start(room.room_id)).toBe(false); // not connected: dropped, not queued
    await Promise.all([a.connect(), b.connect()]);
    const typing = record(b, 'typing');
    const aSawOwn = record(a, 'typing');

    expect(a.typing.start(room.room_id)).toBe(true);
    await until(() => typing.length === 1, 'typing start');
    expect(a.typing.stop(room.room_id)).toBe(true);
    await until(() => typing.length === 2, 'typing stop');
    expect(typing).toEqual([
      { room_id: room.room_id, user_id: alice, state: 'start' },
      { room_id: room.room_id, user_id: alice, state: 'stop' },
    ]);

    const started = Date.now();
    a.typing.start(room.room_id);
    a.typing.start(room.room_id); // a keystroke later: throttled, the server already knows
    const stopped = await nextEvent(b, 'typing', (e) => e.state === 'stop', 9000);
    expect(stopped).toEqual({ room_id: room.room_id, user_id: alice, state: 'stop' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5500);
    expect(aSawOwn).toEqual([]);
  }, 15_000);

  it('reports an error event for typing in a room the user is not in', async () => {
    const alice = uniqueUser('alice');
    const client = await clientFor(alice);
    await client.connect();
    const error = nextEvent(client, 'error');
    client.typing.start('room_doesnotexist');
    expect(await error).toMatchObject({ code: 'room_not_found' });
  });

  it('shows presence online and offline to users sharing a room', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    await t.room([alice, bob]);
    const b = await clientFor(bob);
    await b.connect();
    const a = await clientFor(alice);
    const online = nextEvent(b, 'presence', (e) => e.user_id === alice && e.state === 'online');
    const ready = nextEvent(a, 'ready');
    await a.connect();
    expect(await online).toEqual({ user_id: alice, state: 'online' });
    expect((await ready).online_users).toEqual([bob]); // who was already there
    const offline = nextEvent(b, 'presence', (e) => e.user_id === alice && e.state === 'offline');
    a.disconnect();
    expect(await offline).toEqual({ user_id: alice, state: 'offline' });
  });

  it('receives channel events listed in its token', async () => {
    const alice = uniqueUser('alice');
    const client = new OiChatClient({ baseUrl: t.url, token: await t.token(alice, { channels: ['news'] }) });
    clients.push(client);
    await client.connect();
    const got = nextEvent(client, 'channel.event');
    t.server.services.events.publish({
      kind: 'channel',
      projectId: t.projectId,
      channel: 'news',
      event: 'headline',
      data: { id: 1 },
    });
    expect(await got).toEqual({ channel: 'news', event: 'headline', data: { id: 1 } });
  });
});

describe('a user deleted with their messages', () => {
  it('emits messages.redacted to the other participants, and history returns the messages erased', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    await t.token(bob);
    const room = await t.room([alice, bob]);
    await t.send(room.room_id, 'from bob', bob);
    await t.send(room.room_id, 'from alice', alice);
    const client = await clientFor(alice);
    await client.connect();
    const redacted = nextEvent(client, 'messages.redacted');
    const removed = nextEvent(client, 'participant.removed');
    const { deleted_at } = await t.server.services.users.delete({ projectId: t.projectId }, bob, {
      redactMessages: true,
    });
    expect(await redacted).toEqual({ room_id: room.room_id, sender_id: bob, up_to_seq: 1, redacted_at: deleted_at });
    expect(await removed).toEqual({ room_id: room.room_id, user_id: bob });
    const { data } = await client.messages.list(room.room_id);
    expect(data.map((m) => [m.sender_id, m.content, m.metadata, m.redacted_at])).toEqual([
      [bob, '', {}, deleted_at],
      [alice, 'from alice', {}, undefined],
    ]);
  });
});
