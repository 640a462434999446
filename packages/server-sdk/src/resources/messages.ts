// oichat.messages: sending messages as a participant or as "system", and reading a room's history.

import { APIResource, pathParam } from './resource.js';
import type { ListMessagesParams, ListMessagesResponse, Message, RequestOptions, SendMessageParams } from '../types.js';

export class Messages extends APIResource {
  /** Sends a message; the server numbers it with the room's next `seq`. `POST /v1/messages`. */
  async send(params: SendMessageParams, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'POST', path: '/v1/messages', body: params, options });
  }

  /**
   * A room's history in ascending `seq`: `after: N` reads forward from seq N (0 = from the start),
   * `before: N` reads backward from seq N, neither gives the newest messages. `has_more` says
   * whether more lie further in that direction. `GET /v1/rooms/{room_id}/messages`.
   */
  async list(roomId: string, params: ListMessagesParams = {}, options?: RequestOptions): Promise<ListMessagesResponse> {
    return this._transport.request({
      method: 'GET',
      path: `/v1/rooms/${pathParam('roomId', roomId)}/messages`,
      query: { after: params.after, before: params.before, limit: params.limit },
      options,
    });
  }
}
