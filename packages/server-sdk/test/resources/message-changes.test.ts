import { beforeAll, expect, it } from 'vitest';
import type { Message, OiChat, Room, WebhookEvent } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

describeWithServer('message features (real server)', () => {
  let oichat: OiChat;
  let room: Room;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    oichat = makeClient();
    alice = uid();
    bob = uid();
    room = await oichat.rooms.create({ type: 'group', participants: [alice, bob] });
  });

  it('get, update and delete a message', async () => {
    const sent = await oichat.messages.send({ room_id: room.room_id, sender_id: alice, content: 'helo' });
    const edited: Message = await oichat.messages.update(sent.message_id, { content: 'hello', metadata: { v: 2 } });
    expect(edited).toMatchObject({ message_id: sent.message_id, seq: sent.seq, content: 'hello', metadata: { v: 2 } });
    expect(edited.edited_at).toEqual(expect.any(String));
    expect(await oichat.messages.get(sent.message_id)).toEqual(edited);
    const deleted = await oichat.messages.delete(sent.message_id);
    expect(deleted).toMatchObject({ content: '', metadata: {}, deleted_at: expect.any(String) });
    await expectApiError(oichat.messages.update(sent.message_id, { content: 'x' }), 409, 'message_deleted');
    await expectApiError(oichat.messages.get('msg_nope'), 404, 'message_not_found');
  });

  it('addReaction and removeReaction count per type, for participants only', async () => {
    const m = await oichat.messages.send({ room_id: room.room_id, sender_id: bob, content: 'lunch?' });
    await oichat.messages.addReaction(m.message_id, { user_id: alice, type: '👍' });
    const both = await oichat.messages.addReaction(m.message_id, { user_id: bob, type: '👍' });
    expect(both.reactions).toEqual({ '👍': 2 });
    const one = await oichat.messages.removeReaction(m.message_id, { user_id: alice, type: '👍' });
    expect(one.reactions).toEqual({ '👍': 1 });
    await expectApiError(
      oichat.messages.addReaction(m.message_id, { user_id: uid(), type: 'x' }),
      422,
      'participant_not_found',
    );
    await expectApiError(
      oichat.messages.addReaction(m.message_id, { user_id: alice, type: 'a\nb' }),
      400,
      'validation_failed',
    );
  });

  it('send with parent_id and mentions; replies; list without thread replies', async () => {
    const target = await oichat.rooms.create({ type: 'group', participants: [alice, bob] });
    const root = await oichat.messages.send({
      room_id: target.room_id,
      sender_id: alice,
      content: 'Q?',
      mentions: [bob],
    });
    expect(root.mentions).toEqual([bob]);
    const reply = await oichat.messages.send({
      room_id: target.room_id,
      sender_id: bob,
      content: 'A.',
      parent_id: root.message_id,
    });
    expect(reply.parent_id).toBe(root.message_id);
    expect((await oichat.messages.get(root.message_id)).reply_count).toBe(1);
    expect((await oichat.messages.replies(root.message_id)).data.map((m) => m.message_id)).toEqual([reply.message_id]);
    expect((await oichat.messages.list(target.room_id, { thread: false })).data.map((m) => m.seq)).toEqual([1]);
    await expectApiError(
      oichat.messages.send({ room_id: target.room_id, sender_id: alice, content: 'x', mentions: [uid()] }),
      400,
      'validation_failed',
    );
  });

  it('pin, unpin and rooms.pins', async () => {
    const target = await oichat.rooms.create({ type: 'group', participants: [alice, bob] });
    const a = await oichat.messages.send({ room_id: target.room_id, sender_id: alice, content: 'a' });
    const b = await oichat.messages.send({ room_id: target.room_id, sender_id: alice, content: 'b' });
    expect((await oichat.messages.pin(b.message_id)).pinned_by).toBe('system');
    await oichat.messages.pin(a.message_id);
    expect((await oichat.rooms.pins(target.room_id)).data.map((m) => m.message_id)).toEqual([
      a.message_id,
      b.message_id,
    ]);
    expect(await oichat.messages.unpin(a.message_id)).not.toHaveProperty('pinned_at');
    expect((await oichat.rooms.pins(target.room_id)).data.map((m) => m.message_id)).toEqual([b.message_id]);
  });

  it('search, in English and Korean, paged with a cursor', async () => {
    const target = await oichat.rooms.create({ type: 'group', participants: [alice, bob] });
    const word = `zq${uid('w').slice(2)}`;
    await oichat.messages.send({ room_id: target.room_id, sender_id: alice, content: `first ${word}` });
    await oichat.messages.send({ room_id: target.room_id, sender_id: bob, content: `${word.toUpperCase()} second` });
    await oichat.messages.send({ room_id: target.room_id, sender_id: bob, content: '배송이 늦어져서 죄송합니다' });
    const first = await oichat.messages.search({ query: word, limit: 1 });
    expect(first.data.map((m) => m.content)).toEqual([`${word.toUpperCase()} second`]);
    expect(first.has_more).toBe(true);
    const second = await oichat.messages.search({ query: word, cursor: first.next_cursor! });
    expect(second.data.map((m) => m.content)).toEqual([`first ${word}`]);
    const korean = await oichat.messages.search({ query: '늦어', room_id: target.room_id });
    expect(korean.data).toHaveLength(1);
    expect((await oichat.messages.search({ query: word, sender_id: alice })).data).toHaveLength(1);
    await expectApiError(oichat.messages.search({ query: '' }), 400, 'validation_failed');
  });

  it('types the change events of webhooks', () => {
    const narrow = (e: WebhookEvent) => (e.type === 'reaction.added' ? e.data.reaction : e.type);
    expect(
      narrow({
        id: 'evt_1',
        type: 'reaction.added',
        timestamp: '',
        project_id: 'p',
        data: {
          room_id: 'r',
          message_id: 'm',
          user_id: 'u',
          reaction: '👍',
          reactions: {},
          message: {} as Message,
          change_seq: 1,
        },
      }),
    ).toBe('👍');
  });
});
