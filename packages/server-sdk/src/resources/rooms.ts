// oichat.rooms: creating rooms, listing them (a user's or the project's), and managing who is in them.

import { APIResource, pathParam } from './resource.js';
import type {
  AddParticipantParams,
  CreateRoomParams,
  LeaveRoomParams,
  LeaveRoomResponse,
  ListPinsResponse,
  ListRoomsParams,
  ListRoomsResponse,
  RequestOptions,
  Room,
  UpdateRoomParams,
} from '../types.js';

export class Rooms extends APIResource {
  /**
   * Creates a room. For `direct`, when the pair already has a direct room (in either order), that
   * room is returned and nothing is created. `POST /v1/rooms`.
   */
  async create(params: CreateRoomParams, options?: RequestOptions): Promise<Room> {
    return this._transport.request({ method: 'POST', path: '/v1/rooms', body: params, options });
  }

  /**
   * One page of the rooms a user is in (`user_id`), or of every room of the project (without it),
   * most recent activity first, narrowed by `type`, `status` and `metadata`. Pass `next_cursor`
   * back as `cursor` for the next page. `GET /v1/rooms`.
   */
  async list(params: ListRoomsParams = {}, options?: RequestOptions): Promise<ListRoomsResponse> {
    return this._transport.request({
      method: 'GET',
      path: '/v1/rooms',
      query: {
        user_id: params.user_id,
        type: params.type,
        status: params.status,
        metadata: Object.entries(params.metadata ?? {}).map(([key, value]) => `${key}=${String(value)}`),
        limit: params.limit,
        cursor: params.cursor,
      },
      options,
    });
  }

  /** `GET /v1/rooms/{room_id}`. */
  async get(roomId: string, options?: RequestOptions): Promise<Room> {
    return this._transport.request({ method: 'GET', path: `/v1/rooms/${pathParam('roomId', roomId)}`, options });
  }

  /** Changes any of name (`null` clears it), metadata (replaced whole) and status. `PATCH /v1/rooms/{room_id}`. */
  async update(roomId: string, params: UpdateRoomParams, options?: RequestOptions): Promise<Room> {
    return this._transport.request({
      method: 'PATCH',
      path: `/v1/rooms/${pathParam('roomId', roomId)}`,
      body: params,
      options,
    });
  }

  /** Soft-deletes the room: afterwards it answers `room_not_found`. `DELETE /v1/rooms/{room_id}`. */
  async delete(roomId: string, options?: RequestOptions): Promise<void> {
    await this._transport.request<void>({
      method: 'DELETE',
      path: `/v1/rooms/${pathParam('roomId', roomId)}`,
      options,
    });
  }

  /** Adds a user (no change if already in). `POST /v1/rooms/{room_id}/participants`. */
  async addParticipant(roomId: string, params: AddParticipantParams, options?: RequestOptions): Promise<Room> {
    return this._transport.request({
      method: 'POST',
      path: `/v1/rooms/${pathParam('roomId', roomId)}/participants`,
      body: params,
      options,
    });
  }

  /**
   * Removes a user; removing the last one deletes the room and returns it as it was left.
   * `DELETE /v1/rooms/{room_id}/participants/{user_id}`.
   */
  async removeParticipant(roomId: string, userId: string, options?: RequestOptions): Promise<Room> {
    return this._transport.request({
      method: 'DELETE',
      path: `/v1/rooms/${pathParam('roomId', roomId)}/participants/${pathParam('userId', userId)}`,
      options,
    });
  }

  /**
   * A user leaves the room; when the last one leaves, the room is deleted and `destroyed` is true.
   * `POST /v1/rooms/{room_id}/leave`.
   */
  async leave(roomId: string, params: LeaveRoomParams, options?: RequestOptions): Promise<LeaveRoomResponse> {
    return this._transport.request({
      method: 'POST',
      path: `/v1/rooms/${pathParam('roomId', roomId)}/leave`,
      body: params,
      options,
    });
  }

  /** The room's pinned messages, newest pin first (at most 100). `GET /v1/rooms/{room_id}/pins`. */
  async pins(roomId: string, options?: RequestOptions): Promise<ListPinsResponse> {
    return this._transport.request({ method: 'GET', path: `/v1/rooms/${pathParam('roomId', roomId)}/pins`, options });
  }
}
