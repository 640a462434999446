// oichat.channels: live events for the users whose token lists a channel (the `channels` of
// auth.createToken), for topics beyond rooms: a support desk's inbox, an announcement, a job's
// progress. Nothing is stored: a channel event reaches whoever is connected when it is published.

import { APIResource, pathParam } from './resource.js';
import type { PublishChannelEventParams, PublishChannelEventResponse, RequestOptions } from '../types.js';

export class Channels extends APIResource {
  /**
   * Sends `{ type: "channel.event", channel, event, data }` to every user connected now whose
   * token lists `channel` (client SDK: `client.on("channel.event", …)`), on whichever node they are.
   * Live only: not stored, not replayed to users who connect later, not sent to webhooks. The
   * call's `Idempotency-Key` makes a retried publication reach subscribers once.
   * `POST /v1/channels/{channel}/events`.
   */
  async publish(
    channel: string,
    params: PublishChannelEventParams,
    options?: RequestOptions,
  ): Promise<PublishChannelEventResponse> {
    return this._transport.request({
      method: 'POST',
      path: `/v1/channels/${pathParam('channel', channel)}/events`,
      body: params,
      options,
    });
  }
}
