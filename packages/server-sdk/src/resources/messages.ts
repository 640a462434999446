// oichat.messages: sending messages as a participant or as "system", reading a room's history,
// and what happens to a message after it was sent: edits, deletes, reactions, threads, pins, search.

import { APIResource, pathParam } from './resource.js';
import type {
  ListMessagesParams,
  ListMessagesResponse,
  ListRepliesParams,
  Message,
  ReactionParams,
  RequestOptions,
  SearchMessagesParams,
  SearchMessagesResponse,
  SendMessageParams,
  UpdateMessageParams,
} from '../types.js';

const messagePath = (messageId: string) => `/v1/messages/${pathParam('messageId', messageId)}`;

export class Messages extends APIResource {
  /**
   * Sends a message; the server numbers it with the room's next `seq`. With `parent_id` it is a
   * reply in that message's thread; `mentions` names participants. `POST /v1/messages`.
   */
  async send(params: SendMessageParams, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'POST', path: '/v1/messages', body: params, options });
  }

  /**
   * A room's history in ascending `seq`: `after: N` reads forward from seq N (0 = from the start),
   * `before: N` reads backward from seq N, neither gives the newest messages. `has_more` says
   * whether more lie further in that direction; `thread: false` leaves thread replies out.
   * `GET /v1/rooms/{room_id}/messages`.
   */
  async list(roomId: string, params: ListMessagesParams = {}, options?: RequestOptions): Promise<ListMessagesResponse> {
    return this._transport.request({
      method: 'GET',
      path: `/v1/rooms/${pathParam('roomId', roomId)}/messages`,
      query: { after: params.after, before: params.before, limit: params.limit, thread: params.thread },
      options,
    });
  }

  /** One message as it is now (a deleted one too, emptied). `GET /v1/messages/{message_id}`. */
  async get(messageId: string, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'GET', path: messagePath(messageId), options });
  }

  /** Edits any sender's message; it gets `edited_at`. `PATCH /v1/messages/{message_id}`. */
  async update(messageId: string, params: UpdateMessageParams, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'PATCH', path: messagePath(messageId), body: params, options });
  }

  /**
   * Deletes a message, softly: it keeps its id and seq, loses content, metadata, reactions and
   * pin, and gets `deleted_at`. Deleting it again changes nothing. `DELETE /v1/messages/{message_id}`.
   */
  async delete(messageId: string, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'DELETE', path: messagePath(messageId), options });
  }

  /** A participant's reaction (one of each type per user). `POST /v1/messages/{message_id}/reactions`. */
  async addReaction(messageId: string, params: ReactionParams, options?: RequestOptions): Promise<Message> {
    return this._transport.request({
      method: 'POST',
      path: `${messagePath(messageId)}/reactions`,
      body: params,
      options,
    });
  }

  /** Removes a participant's reaction. `DELETE /v1/messages/{message_id}/reactions/{type}?user_id=…`. */
  async removeReaction(messageId: string, params: ReactionParams, options?: RequestOptions): Promise<Message> {
    return this._transport.request({
      method: 'DELETE',
      path: `${messagePath(messageId)}/reactions/${pathParam('type', params.type)}`,
      query: { user_id: params.user_id },
      options,
    });
  }

  /** A thread's replies in ascending `seq`, paged like `list`. `GET /v1/messages/{message_id}/replies`. */
  async replies(
    messageId: string,
    params: ListRepliesParams = {},
    options?: RequestOptions,
  ): Promise<ListMessagesResponse> {
    return this._transport.request({
      method: 'GET',
      path: `${messagePath(messageId)}/replies`,
      query: { after: params.after, before: params.before, limit: params.limit },
      options,
    });
  }

  /** Pins a message (`pinned_by: "system"`). `POST /v1/messages/{message_id}/pin`. */
  async pin(messageId: string, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'POST', path: `${messagePath(messageId)}/pin`, options });
  }

  /** `DELETE /v1/messages/{message_id}/pin`. */
  async unpin(messageId: string, options?: RequestOptions): Promise<Message> {
    return this._transport.request({ method: 'DELETE', path: `${messagePath(messageId)}/pin`, options });
  }

  /**
   * Messages of the project holding every word of `query` (each a substring, A–Z in either case),
   * newest first, optionally of one room or sender. `GET /v1/messages/search`.
   */
  async search(params: SearchMessagesParams, options?: RequestOptions): Promise<SearchMessagesResponse> {
    return this._transport.request({
      method: 'GET',
      path: '/v1/messages/search',
      query: {
        query: params.query,
        room_id: params.room_id,
        sender_id: params.sender_id,
        limit: params.limit,
        cursor: params.cursor,
      },
      options,
    });
  }
}
