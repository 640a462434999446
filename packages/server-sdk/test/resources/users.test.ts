import { beforeAll, expect, it } from 'vitest';
import type { DeleteUserResponse, ListUsersResponse, OiChat, User } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describeWithServer('users (real server)', () => {
  let oichat: OiChat;
  beforeAll(() => {
    oichat = makeClient();
  });

  it('get returns what createToken recorded, with every documented field', async () => {
    const id = uid();
    await oichat.auth.createToken({ user_id: id, user_name: 'Ann', role: 'agent', user_info: { badge: 'VIP' } });
    const user: User = await oichat.users.get(id);
    expect(user).toEqual({
      user_id: id,
      name: 'Ann',
      role: 'agent',
      info: { badge: 'VIP' },
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
  });

  it('list pages newest first and filters by role', async () => {
    const ids = [uid('a'), uid('b'), uid('c')];
    for (const id of ids) await oichat.auth.createToken({ user_id: id, role: 'agent' });
    const seen: string[] = [];
    let cursor: string | null = null;
    // Other tests add agents to this project too: page until ours are all seen.
    do {
      const page: ListUsersResponse = await oichat.users.list({ role: 'agent', limit: 2, cursor });
      expect(page.data.every((u) => u.role === 'agent')).toBe(true);
      seen.push(...page.data.map((u) => u.user_id));
      cursor = page.next_cursor;
    } while (cursor && !ids.every((id) => seen.includes(id)));
    const ours = seen.filter((id) => ids.includes(id));
    expect(new Set(ours).size).toBe(3);
    await expectApiError(oichat.users.list({ cursor: 'not-a-cursor' }), 400, 'invalid_cursor');
  });

  it('update changes name, info and role; createToken names for them are refused naming the right one', async () => {
    const id = uid();
    await oichat.auth.createToken({ user_id: id, user_name: 'Old' });
    const updated = await oichat.users.update(id, { name: null, info: { nickname: 'N' }, role: 'agent' });
    expect(updated).toMatchObject({ user_id: id, name: null, info: { nickname: 'N' }, role: 'agent' });
    const untyped = { user_name: 'X' } as unknown as Parameters<OiChat['users']['update']>[1];
    const error = await expectApiError(oichat.users.update(id, untyped), 400, 'validation_failed');
    expect(error.message).toContain('the field is name');
    await expectApiError(oichat.users.update(id, {}), 400, 'validation_failed');
  });

  it('get, update and delete of a user never issued a token are 404 user_not_found', async () => {
    const id = uid();
    // In a room, but never issued a token: not a user.
    await oichat.rooms.create({ type: 'group', participants: [id, uid()] });
    await expectApiError(oichat.users.get(id), 404, 'user_not_found');
    await expectApiError(oichat.users.update(id, { name: 'x' }), 404, 'user_not_found');
    await expectApiError(oichat.users.delete(id), 404, 'user_not_found');
  });

  it('delete revokes, leaves every room, and redacts on request; a user of another project is 404', async () => {
    const [id, peer] = [uid(), uid()];
    const { token } = await oichat.auth.createToken({ user_id: id });
    const room = await oichat.rooms.create({ type: 'group', participants: [id, peer] });
    const sent = await oichat.messages.send({
      room_id: room.room_id,
      sender_id: id,
      content: 'secret',
      metadata: { a: 1 },
    });
    await expectApiError(makeClient({ project: 1 }).users.delete(id), 404, 'user_not_found');

    const deleted: DeleteUserResponse = await oichat.users.delete(id, { redact_messages: true });
    expect(deleted).toEqual({
      user_id: id,
      deleted_at: expect.stringMatching(ISO),
      rooms_left: 1,
      rooms_deleted: 0,
      messages_redacted: 1,
    });
    expect((await oichat.rooms.get(room.room_id)).participants).toEqual([peer]);
    expect((await oichat.messages.list(room.room_id)).data).toEqual([
      { ...sent, content: '', metadata: {}, redacted_at: deleted.deleted_at },
    ]);
    await expectApiError(oichat.auth.refreshToken({ token }), 401, 'token_revoked');
    await expectApiError(oichat.users.delete(id), 404, 'user_not_found');
  });

  it('delete without redact_messages keeps the messages', async () => {
    const [id, peer] = [uid(), uid()];
    await oichat.auth.createToken({ user_id: id });
    const room = await oichat.rooms.create({ type: 'group', participants: [id, peer] });
    const sent = await oichat.messages.send({ room_id: room.room_id, sender_id: id, content: 'stays' });
    expect((await oichat.users.delete(id)).messages_redacted).toBe(0);
    expect((await oichat.messages.list(room.room_id)).data).toEqual([sent]);
  });
});
