import { beforeAll, expect, it } from 'vitest';
import type { ListMessagesResponse, Message, OiChat, Room } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

describeWithServer('messages (real server)', () => {
  let oichat: OiChat;
  let room: Room;
  let sender: string;
  beforeAll(async () => {
    oichat = makeClient();
    sender = uid();
    room = await oichat.rooms.create({ type: 'group', participants: [sender, uid()] });
  });

  it('send returns the message, numbered 1, 2, 3 … and updates the room', async () => {
    const target = await oichat.rooms.create({ type: 'group', participants: [sender, uid()] });
    const system: Message = await oichat.messages.send({
      room_id: target.room_id,
      sender_id: 'system',
      content: 'Transaction completed.',
      content_type: 'system',
      metadata: { order_id: '1234' },
    });
    expect(system).toEqual({
      message_id: expect.stringMatching(/^msg_/),
      room_id: target.room_id,
      seq: 1,
      sender_id: 'system',
      content: 'Transaction completed.',
      content_type: 'system',
      metadata: { order_id: '1234' },
      created_at: expect.any(String),
    });
    const text = await oichat.messages.send({
      room_id: target.room_id,
      sender_id: sender,
      content: '주문이 확인되었습니다 🎉',
    });
    expect(text).toMatchObject({ seq: 2, content_type: 'text', metadata: {}, content: '주문이 확인되었습니다 🎉' });
    expect(await oichat.rooms.get(target.room_id)).toMatchObject({
      message_count: 2,
      last_seq: 2,
      last_message_at: text.created_at,
    });
  });

  it('send refuses an unknown room, a non-participant sender and empty content', async () => {
    await expectApiError(
      oichat.messages.send({ room_id: 'room_nope', sender_id: 'system', content: 'x' }),
      404,
      'room_not_found',
    );
    await expectApiError(
      oichat.messages.send({ room_id: room.room_id, sender_id: uid(), content: 'x' }),
      422,
      'sender_not_participant',
    );
    const error = await expectApiError(
      oichat.messages.send({ room_id: room.room_id, sender_id: sender, content: '' }),
      400,
      'validation_failed',
    );
    expect(error.details?.some((d) => d.field === 'content')).toBe(true);
  });

  it('list reads history forward, backward and newest-first pages in ascending seq', async () => {
    const history = await oichat.rooms.create({ type: 'group', participants: [sender, uid()] });
    for (let i = 1; i <= 5; i++)
      await oichat.messages.send({ room_id: history.room_id, sender_id: sender, content: `m${i}` });
    const seqs = (page: ListMessagesResponse): number[] => page.data.map((m) => m.seq);

    const newest = await oichat.messages.list(history.room_id);
    expect(seqs(newest)).toEqual([1, 2, 3, 4, 5]);
    expect(newest.has_more).toBe(false);
    expect(Object.keys(newest).sort()).toEqual(['data', 'has_more']);

    const lastTwo = await oichat.messages.list(history.room_id, { limit: 2 });
    expect([seqs(lastTwo), lastTwo.has_more]).toEqual([[4, 5], true]);

    const fromStart = await oichat.messages.list(history.room_id, { after: 0, limit: 2 });
    expect([seqs(fromStart), fromStart.has_more]).toEqual([[1, 2], true]);
    const rest = await oichat.messages.list(history.room_id, { after: 3 });
    expect([seqs(rest), rest.has_more]).toEqual([[4, 5], false]);

    const back = await oichat.messages.list(history.room_id, { before: 5, limit: 2 });
    expect([seqs(back), back.has_more]).toEqual([[3, 4], true]);
    const start = await oichat.messages.list(history.room_id, { before: 3 });
    expect([seqs(start), start.has_more]).toEqual([[1, 2], false]);
    expect(start.data[0]!.content).toBe('m1');
  });

  it('list refuses after with before, a bad limit, and an unknown room', async () => {
    await expectApiError(oichat.messages.list(room.room_id, { after: 1, before: 3 }), 400, 'validation_failed');
    await expectApiError(oichat.messages.list(room.room_id, { limit: 101 }), 400, 'validation_failed');
    await expectApiError(oichat.messages.list('room_nope'), 404, 'room_not_found');
  });
});
