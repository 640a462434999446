/**
 * The automatic "An agent will be with you shortly" waits its time: with the app's default
 * DESK_AUTO_REPLY_AFTER_SECONDS (2 minutes), a customer who writes in a room made moments ago gets
 * no reply. (The other end-to-end files run with 0 seconds, where the first message gets one.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, startDesk } from './helpers/desk.ts';

describe('the automatic reply, with its default of 2 minutes', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('is not posted to a customer who writes before their room has waited 2 minutes unclaimed', async () => {
    const room = await desk.api.rooms.create({
      type: 'group',
      name: 'Order #1250 Support',
      participants: ['customer-sam', 'support-agent'],
      metadata: { desk: 'support', order_id: '1250', customer_id: 'customer-sam' },
    });
    await desk.api.messages.send({ room_id: room.room_id, sender_id: 'customer-sam', content: 'Hello?' });
    // The marker: the receiver has answered both deliveries (room.created, message.created), and it
    // posts a reply before it answers; so what the room holds now is all it will hold.
    const endpointId = desk.config.webhook?.endpoint_id ?? '';
    await expect
      .poll(
        async () => {
          const { data } = await desk.api.webhooks.attempts(endpointId);
          return data.length >= 2 && data.every((a) => a.status_code === 204);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const history = await desk.api.messages.list(room.room_id, { after: 0 });
    expect(history.data.map((m) => [m.sender_id, m.content])).toEqual([['customer-sam', 'Hello?']]);
  });
});
