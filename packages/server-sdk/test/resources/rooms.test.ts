import { beforeAll, expect, it } from 'vitest';
import type { LeaveRoomResponse, ListRoomsResponse, OiChat, Room } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describeWithServer('rooms (real server)', () => {
  let oichat: OiChat;
  beforeAll(() => {
    oichat = makeClient();
  });

  it('create makes a group room with every documented field', async () => {
    const [a, b] = [uid(), uid()];
    const room: Room = await oichat.rooms.create({
      type: 'group',
      name: 'Order #1234 Support',
      participants: [a, b],
      metadata: { order_id: '1234' },
    });
    expect(room).toEqual({
      room_id: expect.stringMatching(/^room_/),
      type: 'group',
      name: 'Order #1234 Support',
      status: 'open',
      metadata: { order_id: '1234' },
      participants: [a, b],
      participant_count: 2,
      message_count: 0,
      last_seq: 0,
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
      last_message_at: null,
    });
  });

  it('create without name or metadata gives null and {}', async () => {
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), uid()] });
    expect(room.name).toBeNull();
    expect(room.metadata).toEqual({});
  });

  it("create of a direct room returns the pair's existing room, in either order", async () => {
    const [a, b] = [uid(), uid()];
    const first = await oichat.rooms.create({ type: 'direct', participants: [a, b] });
    const again = await oichat.rooms.create({ type: 'direct', participants: [b, a] });
    expect(first.type).toBe('direct');
    expect(again.room_id).toBe(first.room_id);
    expect((await oichat.rooms.list({ user_id: a })).data).toHaveLength(1);
  });

  it('create rejects rule-breaking input with validation_failed and per-field details', async () => {
    const error = await expectApiError(
      oichat.rooms.create({ type: 'group', participants: [uid()] }),
      400,
      'validation_failed',
    );
    expect(error.details?.[0]).toMatchObject({ field: 'participants' });
    await expectApiError(
      oichat.rooms.create({ type: 'direct', participants: [uid(), uid(), uid()] }),
      400,
      'validation_failed',
    );
  });

  it("list pages a user's rooms by cursor, most recent activity first", async () => {
    const me = uid();
    const created: Room[] = [];
    for (let i = 0; i < 3; i++)
      created.push(await oichat.rooms.create({ type: 'group', name: `r${i}`, participants: [me, uid()] }));

    const page1: ListRoomsResponse = await oichat.rooms.list({ user_id: me, limit: 2 });
    expect(page1.data.map((r) => r.room_id)).toEqual([created[2]!.room_id, created[1]!.room_id]);
    expect(page1.has_more).toBe(true);
    expect(typeof page1.next_cursor).toBe('string');

    const page2 = await oichat.rooms.list({ user_id: me, limit: 2, cursor: page1.next_cursor });
    expect(page2.data.map((r) => r.room_id)).toEqual([created[0]!.room_id]);
    expect(page2).toMatchObject({ has_more: false, next_cursor: null });

    const all = await oichat.rooms.list({ user_id: me, cursor: undefined });
    expect(all.data).toHaveLength(3);
  });

  it('list rejects a bad cursor and a bad limit', async () => {
    await expectApiError(oichat.rooms.list({ user_id: uid(), cursor: 'not-a-cursor' }), 400, 'invalid_cursor');
    await expectApiError(oichat.rooms.list({ user_id: uid(), limit: 0 }), 400, 'validation_failed');
    await expectApiError(oichat.rooms.list({ user_id: uid(), limit: 101 }), 400, 'validation_failed');
  });

  it('get returns the room, or 404 room_not_found', async () => {
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), uid()] });
    expect(await oichat.rooms.get(room.room_id)).toEqual(room);
    await expectApiError(oichat.rooms.get('room_doesNotExist'), 404, 'room_not_found');
  });

  it('update changes name, metadata and status; null clears the name; nothing to change is a 400', async () => {
    const room = await oichat.rooms.create({
      type: 'group',
      name: 'Old',
      participants: [uid(), uid()],
      metadata: { a: 1 },
    });
    const updated = await oichat.rooms.update(room.room_id, {
      name: 'New Name',
      metadata: { updated: true },
      status: 'resolved',
    });
    expect(updated).toMatchObject({
      room_id: room.room_id,
      name: 'New Name',
      metadata: { updated: true },
      status: 'resolved',
    });
    expect((await oichat.rooms.update(room.room_id, { name: null })).name).toBeNull();
    await expectApiError(oichat.rooms.update(room.room_id, {}), 400, 'validation_failed');
    await expectApiError(oichat.rooms.update('room_nope', { name: 'x' }), 404, 'room_not_found');
  });

  it('delete resolves to undefined and the room then answers room_not_found everywhere', async () => {
    const [a, b] = [uid(), uid()];
    const room = await oichat.rooms.create({ type: 'group', participants: [a, b] });
    // biome-ignore lint/suspicious/noConfusingVoidType: the annotation is the check that delete resolves to void
    const result: void = await oichat.rooms.delete(room.room_id);
    expect(result).toBeUndefined();
    await expectApiError(oichat.rooms.get(room.room_id), 404, 'room_not_found');
    await expectApiError(oichat.rooms.delete(room.room_id), 404, 'room_not_found');
    await expectApiError(oichat.rooms.addParticipant(room.room_id, { user_id: uid() }), 404, 'room_not_found');
    expect((await oichat.rooms.list({ user_id: a })).data).toEqual([]);
  });

  it("addParticipant adds once; a direct room's participants are fixed", async () => {
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), uid()] });
    const newcomer = uid();
    const after = await oichat.rooms.addParticipant(room.room_id, { user_id: newcomer });
    expect(after.participants).toEqual([...room.participants, newcomer]);
    expect(after.participant_count).toBe(3);
    expect((await oichat.rooms.addParticipant(room.room_id, { user_id: newcomer })).participant_count).toBe(3);

    const direct = await oichat.rooms.create({ type: 'direct', participants: [uid(), uid()] });
    await expectApiError(
      oichat.rooms.addParticipant(direct.room_id, { user_id: uid() }),
      409,
      'direct_room_participants_fixed',
    );
  });

  it('addParticipant past 500 participants is 409 room_full', async () => {
    const participants = Array.from({ length: 500 }, (_, i) => `full-${i}-${uid()}`);
    const room = await oichat.rooms.create({ type: 'group', participants });
    expect(room.participant_count).toBe(500);
    await expectApiError(oichat.rooms.addParticipant(room.room_id, { user_id: uid() }), 409, 'room_full');
  });

  it('removeParticipant removes, refuses a non-participant, and deletes the room with its last one', async () => {
    const [a, b, c] = [uid(), uid(), uid()];
    const room = await oichat.rooms.create({ type: 'group', participants: [a, b, c] });
    const after = await oichat.rooms.removeParticipant(room.room_id, c);
    expect(after.participants).toEqual([a, b]);
    await expectApiError(oichat.rooms.removeParticipant(room.room_id, c), 422, 'participant_not_found');
    await oichat.rooms.removeParticipant(room.room_id, b);
    const last = await oichat.rooms.removeParticipant(room.room_id, a);
    expect(last.room_id).toBe(room.room_id);
    await expectApiError(oichat.rooms.get(room.room_id), 404, 'room_not_found');
  });

  it('path parameters are encoded and signed as sent (ids with : @ + = | ~ .)', async () => {
    const odd = `a:b@c+d=e|f~g.${uid()}`;
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), odd] });
    expect((await oichat.rooms.list({ user_id: odd })).data.map((r) => r.room_id)).toEqual([room.room_id]);
    const after = await oichat.rooms.removeParticipant(room.room_id, odd);
    expect(after.participants).not.toContain(odd);
  });

  // docs/http-api.md: "User ids are yours (1–128 characters)", with no restriction on characters.
  // The SDK percent-encodes them in paths and queries; this checks the server takes them too.
  it('user ids use the documented characters (A–Z a–z 0–9 . _ : @ + = | ~ -), all of which travel in paths and queries', async () => {
    const unusual = `a.b_c:d@e+f=g|h~i-${uid()}`;
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), unusual] });
    expect((await oichat.rooms.list({ user_id: unusual })).data.map((r) => r.room_id)).toEqual([room.room_id]);
    const after = await oichat.rooms.removeParticipant(room.room_id, unusual);
    expect(after.participants).not.toContain(unusual);
    const refused = await oichat.rooms
      .create({ type: 'group', participants: [uid(), 'we/ird id'] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      statusCode: 400,
      errorCode: 'validation_failed',
      details: [expect.objectContaining({ field: 'participants.1', rule: 'pattern' })],
    });
  });

  it('leave returns { room_id, user_id, destroyed } and destroys the room when the last one leaves', async () => {
    const [a, b] = [uid(), uid()];
    const room = await oichat.rooms.create({ type: 'group', participants: [a, b] });
    const first: LeaveRoomResponse = await oichat.rooms.leave(room.room_id, { user_id: a });
    expect(first).toEqual({ room_id: room.room_id, user_id: a, destroyed: false });
    expect((await oichat.rooms.get(room.room_id)).participants).toEqual([b]);
    const last = await oichat.rooms.leave(room.room_id, { user_id: b });
    expect(last).toEqual({ room_id: room.room_id, user_id: b, destroyed: true });
    await expectApiError(oichat.rooms.get(room.room_id), 404, 'room_not_found');
  });

  it('leave by a non-participant is 422 participant_not_found', async () => {
    const room = await oichat.rooms.create({ type: 'group', participants: [uid(), uid()] });
    await expectApiError(oichat.rooms.leave(room.room_id, { user_id: uid() }), 422, 'participant_not_found');
  });
});
