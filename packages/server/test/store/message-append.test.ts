/**
 * What appending a message takes with it (store/message-append.ts). Its seq: gapless, and the
 * message stored at it. Event numbers of a room, whichever way they are taken
 * (room-event-numbers.ts): a send's event takes the number taken with its seq, later events of
 * the transaction take new ones, and every number is above those taken before it. The room's
 * activity number: a room written by concurrent sends is left at the last number taken, not at
 * an earlier one that committed later.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_MESSAGE_STATE } from '../../src/services/message-state.js';
import type { UnnumberedMessage } from '../../src/store/messages.store.js';
import type { Store } from '../../src/store/store.js';
import { openTestStore } from '../helpers/test-database.js';

let store: Store;
const at = '2026-01-01T00:00:00.000Z';
beforeAll(async () => {
  store = await openTestStore();
  await store.projects.insert({ project_id: 'p', name: 'p', created_at: at });
  await store.rooms.insert({
    room_id: 'r',
    project_id: 'p',
    type: 'group',
    name: null,
    status: 'open',
    metadata: '{}',
    direct_key: null,
    participant_count: 0,
    message_count: 0,
    last_seq: 0,
    activity_seq: 0,
    created_at: at,
    updated_at: at,
    last_message_at: null,
    deleted_at: null,
  });
});
afterAll(() => store.close());

let made = 0;
function message(): UnnumberedMessage {
  made++;
  return {
    message_id: `m${made}`,
    project_id: 'p',
    room_id: 'r',
    sender_id: 'u',
    content: `hello ${made}`,
    content_type: 'text',
    metadata: '{}',
    created_at: at,
    client_msg_id: null,
    redacted_at: null,
    ...NEW_MESSAGE_STATE,
  };
}

describe("a room's event numbers", () => {
  it('rise through a transaction that takes a seq then records two events, and across transactions', async () => {
    const taken: number[] = [];
    for (let i = 0; i < 3; i++) {
      await store.transaction(async () => {
        await store.messages.append(message());
        taken.push(await store.events.nextSeq('p', 'r'));
        taken.push(await store.events.nextSeq('p', 'r'));
      });
    }
    expect(taken).toHaveLength(6);
    for (let i = 1; i < taken.length; i++) expect(taken[i]).toBeGreaterThan(taken[i - 1]!);
  });
});

describe("a room's activity number", () => {
  it('is the last one taken after concurrent sends to the room, each holding the room a moment', async () => {
    await Promise.all(
      Array.from({ length: 16 }, () =>
        store.transaction(async () => {
          await store.messages.append(message());
          await sleep(3);
        }),
      ),
    );
    const room = await store.rooms.findLive('p', 'r');
    expect(Number(room!.activity_seq)).toBe(await store.roomActivity.snapshot('p'));
  });
});

describe('an appended message', () => {
  it('is stored at the seq it returns, one above the last, and counted with the room', async () => {
    const before = await store.rooms.findLive('p', 'r');
    const m = message();
    const seq = await store.transaction(() => store.messages.append({ ...m, content: 'stored whole' }));
    expect(seq).toBe(Number(before!.last_seq) + 1);
    const [stored] = await store.messages.after('r', seq - 1, 1);
    expect(stored).toMatchObject({ ...m, content: 'stored whole', seq });
    const after = await store.rooms.findLive('p', 'r');
    expect(Number(after!.message_count)).toBe(Number(before!.message_count) + 1);
  });
});
