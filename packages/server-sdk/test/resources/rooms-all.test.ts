import { beforeAll, expect, it } from 'vitest';
import type { OiChat } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

describeWithServer('rooms.list without user_id (real server)', () => {
  let oichat: OiChat;
  beforeAll(() => {
    oichat = makeClient();
  });

  it('lists every room of the project, filtered by type, status and metadata (sent as repeated parameters)', async () => {
    // Other tests share the project: a tag of this run's own keeps to these rooms.
    const run = uid('run');
    const a = await oichat.rooms.create({
      type: 'group',
      participants: [uid(), uid()],
      metadata: { run, queue: 'billing', n: 7 },
    });
    const b = await oichat.rooms.create({
      type: 'group',
      participants: [uid(), uid()],
      metadata: { run, queue: 'shipping' },
    });
    const c = await oichat.rooms.create({
      type: 'direct',
      participants: [uid(), uid()],
      metadata: { run, queue: 'billing', vip: true },
    });
    await oichat.rooms.update(b.room_id, { status: 'resolved' });
    const ids = async (params: Parameters<OiChat['rooms']['list']>[0]) =>
      (await oichat.rooms.list(params)).data.map((r) => r.room_id);
    expect(await ids({ metadata: { run } })).toEqual([b.room_id, c.room_id, a.room_id]);
    expect(await ids({ metadata: { run }, status: 'open' })).toEqual([c.room_id, a.room_id]);
    expect(await ids({ metadata: { run }, type: 'group' })).toEqual([b.room_id, a.room_id]);
    expect(await ids({ metadata: { run, queue: 'billing', n: 7 } })).toEqual([a.room_id]);
    expect(await ids({ metadata: { run, vip: true } })).toEqual([c.room_id]);
    // Pages, and the seed's call with user_id keeps its meaning.
    const first = await oichat.rooms.list({ metadata: { run }, limit: 2 });
    expect(first.has_more).toBe(true);
    const second = await oichat.rooms.list({ metadata: { run }, limit: 2, cursor: first.next_cursor });
    expect([...first.data, ...second.data].map((r) => r.room_id)).toEqual([b.room_id, c.room_id, a.room_id]);
    expect((await oichat.rooms.list({ user_id: a.participants[0]! })).data.map((r) => r.room_id)).toEqual([a.room_id]);
    expect((await oichat.rooms.list()).data.length).toBeGreaterThan(0);
  });

  it('a cursor pages only its own list; a bad filter names the parameter', async () => {
    const run = uid('run');
    for (let i = 0; i < 2; i++)
      await oichat.rooms.create({ type: 'group', participants: [uid(), uid()], metadata: { run } });
    const first = await oichat.rooms.list({ metadata: { run }, limit: 1 });
    await expectApiError(
      oichat.rooms.list({ status: 'open', limit: 1, cursor: first.next_cursor }),
      400,
      'invalid_cursor',
    );
    const error = await expectApiError(oichat.rooms.list({ metadata: { '': 'x' } }), 400, 'validation_failed');
    expect(error.details?.[0]).toMatchObject({ field: 'metadata' });
  });
});
