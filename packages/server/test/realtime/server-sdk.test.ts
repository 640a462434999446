/**
 * Messages a backend sends through the server SDK (@oichat/server-sdk, its built package, as a
 * backend would install it) reach the room's members over the WebSocket at once, as the SDK
 * returned them, in seq order; others get nothing. Needs `npm run build -w @oichat/server-sdk`.
 */
import { OiChat } from '@oichat/server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
let oichat: OiChat;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
  oichat = new OiChat({
    apiKey: t.credentials.api_key,
    secretKey: t.credentials.secret_key,
    projectId: t.credentials.project_id,
    baseUrl: t.url,
  });
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await t.close();
});

const connect = async (userId: string) => {
  const { token } = await oichat.auth.createToken({ user_id: userId });
  const s = await TestSocket.connect(t.url, token);
  sockets.push(s);
  return s;
};

it('delivers messages sent with the server SDK to the connected room members in realtime', async () => {
  const [alice, bob, carol, outsider] = [
    uniqueUser('alice'),
    uniqueUser('bob'),
    uniqueUser('carol'),
    uniqueUser('outsider'),
  ];
  const room = await oichat.rooms.create({ type: 'group', name: 'support', participants: [alice, bob] });
  const [sa, sb, so] = [await connect(alice), await connect(bob), await connect(outsider)];
  const sc = await connect(carol);

  const fromSystem = await oichat.messages.send({
    room_id: room.room_id,
    sender_id: 'system',
    content: 'Your order shipped.',
    content_type: 'system',
  });
  const fromAlice = await oichat.messages.send({
    room_id: room.room_id,
    sender_id: alice,
    content: 'thanks!',
    metadata: { order: 1234 },
  });
  for (const s of [sa, sb]) {
    const got = await s.waitForCount('message.created', 2);
    expect(got).toEqual([
      { type: 'message.created', room_id: room.room_id, message: fromSystem },
      { type: 'message.created', room_id: room.room_id, message: fromAlice },
    ]);
  }
  expect([fromSystem.seq, fromAlice.seq]).toEqual([1, 2]);

  // A member the SDK adds hears of it and of the messages that follow, not of earlier ones.
  await oichat.rooms.addParticipant(room.room_id, { user_id: carol });
  expect(await sc.waitFor((f) => f.type === 'participant.added')).toMatchObject({
    room_id: room.room_id,
    user_id: carol,
  });
  const third = await oichat.messages.send({ room_id: room.room_id, sender_id: 'system', content: 'Carol joins.' });
  expect((await sc.waitFor((f) => f.type === 'message.created')).message).toEqual(third);
  expect((await sa.waitForCount('message.created', 3))[2]!.message).toEqual(third);

  for (const s of [sc, so]) await s.roundTrip();
  expect(sc.of('message.created')).toHaveLength(1);
  expect(so.of('message.created')).toEqual([]);
});
