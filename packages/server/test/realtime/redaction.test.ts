/**
 * A user deleted with their messages while a participant is still being sent the room's
 * backlog: what is already on the wire cannot be recalled, but after the messages.redacted frame
 * no message of theirs up to its seq goes out unredacted (held live ones, pages read before it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';
import { startSlowLink, type SlowLink } from './slow-link.js';

/**
 * ~11 MB of frames, more than the kernel's socket buffers, the proxy and the server hold at once,
 * in few messages (the longest content allowed): cheap to write, long to replay.
 */
const BACKLOG = 1_200;
const CONTENT = 'x'.repeat(9_000);

let t: TestServer;
let link: SlowLink;
beforeAll(async () => {
  t = await startTestServer();
  link = await startSlowLink(t.url, 4 * 1024 * 1024);
});
afterAll(async () => {
  await link.close();
  await t.close();
});

it('after messages.redacted, a replay still under way sends the deleted sender’s messages redacted', {
  timeout: 180_000,
}, async () => {
  const [gone, peer] = [uniqueUser('gone'), uniqueUser('peer')];
  await t.client.post('/v1/auth/token', { user_id: gone });
  const roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: [gone, peer] })).body
    .room_id as string;
  const ctx = { projectId: t.credentials.project_id };
  for (let i = 0; i < BACKLOG; i += 300) {
    await t.server.store.transaction(async () => {
      for (let j = i; j < Math.min(i + 300, BACKLOG); j++) {
        // Every tenth message is the peer's own: those stay as they were.
        const sender = j % 10 === 9 ? peer : gone;
        await t.server.services.messages.send(ctx, { room_id: roomId, sender_id: sender, content: CONTENT });
      }
    });
  }
  const token = (await t.client.post('/v1/auth/token', { user_id: peer })).body.token as string;
  const s = await TestSocket.connect(link.url, token, { [roomId]: 0 });
  await s.waitForCount('message.created', 50, 30_000);
  // The link stops while the user is deleted: the replay cannot finish meanwhile, however long
  // the deletion takes (the backlog is more than the buffers on the way hold).
  link.pause();
  const deleted = await t.client.delete(`/v1/users/${gone}?redact_messages=true`);
  link.resume();
  expect(deleted.status).toBe(200);
  await s.waitFor((f) => f.type === 'participant.removed', 120_000);
  await s.waitForCount('message.created', BACKLOG, 120_000);

  const at = s.frames.findIndex((f) => f.type === 'messages.redacted');
  expect(s.frames[at]).toEqual({
    type: 'messages.redacted',
    room_id: roomId,
    sender_id: gone,
    up_to_seq: BACKLOG - 1,
    redacted_at: deleted.body.deleted_at,
  });
  const messages = s.frames.filter((f) => f.type === 'message.created').map((f) => f.message);
  expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: BACKLOG }, (_, i) => i + 1));
  const after = s.frames
    .slice(at + 1)
    .filter((f) => f.type === 'message.created')
    .map((f) => f.message);
  // The replay was still going: more than a page read from the store came after the frame.
  expect(after.length).toBeGreaterThan(300);
  for (const m of after) {
    if (m.sender_id === gone)
      expect(m).toMatchObject({ content: '', metadata: {}, redacted_at: deleted.body.deleted_at });
    else expect(m.content).toBe(CONTENT);
  }
  s.ws.terminate();
});
