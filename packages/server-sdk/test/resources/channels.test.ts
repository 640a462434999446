import { afterEach, beforeAll, expect, it } from 'vitest';
import { OiChatConfigError, type OiChat, type PublishChannelEventResponse } from '../../src/index.ts';
import { expectApiError, rejection } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';
import { UserSocket } from '../helpers/realtime.ts';

describeWithServer('channels (real server, end users on the WebSocket)', () => {
  let oichat: OiChat;
  const sockets: UserSocket[] = [];
  beforeAll(() => {
    oichat = makeClient();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  /** A user connected with a token listing `channels`, issued by `client` (this project's by default). */
  async function connect(channels: string[], client = oichat): Promise<UserSocket> {
    const { token } = await client.auth.createToken({ user_id: uid(), channels });
    const socket = await UserSocket.connect(token);
    sockets.push(socket);
    return socket;
  }

  it("publish reaches the users whose token lists the channel, and nobody else's socket", async () => {
    const channel = uid('inbox');
    const [agent, otherAgent, customer, otherChannel] = await Promise.all([
      connect([channel]),
      connect(['news', channel]),
      connect([]),
      connect([uid('inbox')]),
    ]);
    // The same channel name in another project is another channel.
    const stranger = await connect([channel], makeClient({ project: 1 }));

    const sent: PublishChannelEventResponse = await oichat.channels.publish(channel, {
      event: 'inbox.changed',
      data: { room_id: 'room_1', reason: 'message.created' },
    });
    expect(sent).toEqual({ channel, event: 'inbox.changed' });
    const frame = {
      type: 'channel.event',
      channel,
      event: 'inbox.changed',
      data: { room_id: 'room_1', reason: 'message.created' },
    };
    for (const subscriber of [agent, otherAgent])
      expect(await subscriber.waitFor((f) => f.type === 'channel.event')).toEqual(frame);

    for (const outsider of [customer, otherChannel, stranger]) {
      await outsider.marker();
      expect(outsider.of('channel.event')).toEqual([]);
    }
  });

  it('sends data {} when none is given, and a channel name needing URL encoding arrives as given', async () => {
    const channel = `orders/${uid()} ü?#`;
    const subscriber = await connect([channel]);
    expect(await oichat.channels.publish(channel, { event: 'ping' })).toEqual({ channel, event: 'ping' });
    expect(await subscriber.waitFor((f) => f.type === 'channel.event')).toEqual({
      type: 'channel.event',
      channel,
      event: 'ping',
      data: {},
    });
  });

  it('publishes once under one idempotency key, however often the call is repeated', async () => {
    const channel = uid('jobs');
    const subscriber = await connect([channel]);
    const key = uid('publish');
    // A job queue retrying its step: same call, same key.
    for (let i = 0; i < 2; i++)
      expect(
        await oichat.channels.publish(channel, { event: 'job.done', data: { job: 7 } }, { idempotencyKey: key }),
      ).toEqual({ channel, event: 'job.done' });
    await oichat.channels.publish(channel, { event: 'after' });
    await subscriber.waitFor((f) => f.type === 'channel.event' && f.event === 'after');
    expect(subscriber.of('channel.event').map((f) => [f.event, f.data])).toEqual([
      ['job.done', { job: 7 }],
      ['after', {}],
    ]);
  });

  it('refuses a bad channel, event or data with a 400 naming the field, and publishes nothing', async () => {
    const channel = uid('inbox');
    const subscriber = await connect([channel]);
    const tooLong = await expectApiError(
      oichat.channels.publish('c'.repeat(201), { event: 'x' }),
      400,
      'validation_failed',
    );
    expect(tooLong.message).toContain('channel');
    expect(tooLong.details).toEqual([expect.objectContaining({ field: 'channel', rule: 'maxLength' })]);

    const noEvent = await expectApiError(oichat.channels.publish(channel, { event: '' }), 400, 'validation_failed');
    expect(noEvent.details).toEqual([expect.objectContaining({ field: 'event', rule: 'minLength' })]);
    const untyped = { event: 'x', data: ['not', 'an', 'object'] } as unknown as { event: string };
    const notObject = await expectApiError(oichat.channels.publish(channel, untyped), 400, 'validation_failed');
    expect(notObject.details).toEqual([expect.objectContaining({ field: 'data' })]);
    const huge = await expectApiError(
      oichat.channels.publish(channel, { event: 'x', data: { blob: 'x'.repeat(9000) } }),
      400,
      'validation_failed',
    );
    expect(huge.details).toEqual([expect.objectContaining({ field: 'data', rule: 'maxBytes' })]);

    // An empty name would address another route: refused before anything is sent.
    const empty = await rejection(oichat.channels.publish('', { event: 'x' }));
    expect(empty).toBeInstanceOf(OiChatConfigError);
    expect(empty).toMatchObject({ field: 'channel' });
    expect((empty as Error).message).toBe('OiChat: channel must be a non-empty string');

    await subscriber.marker();
    expect(subscriber.of('channel.event')).toEqual([]);
  });
});
