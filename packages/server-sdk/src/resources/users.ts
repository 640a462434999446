// oichat.users: the project's end users (those auth.createToken issued a token to): listing,
// reading, changing their profile and role, and deleting them.

import { APIResource, pathParam } from './resource.js';
import type {
  DeleteUserParams,
  DeleteUserResponse,
  ListUsersParams,
  ListUsersResponse,
  RequestOptions,
  UpdateUserParams,
  User,
} from '../types.js';

export class Users extends APIResource {
  /** One page of users, newest first (by first token), optionally of one role. `GET /v1/users`. */
  async list(params: ListUsersParams = {}, options?: RequestOptions): Promise<ListUsersResponse> {
    return this._transport.request({
      method: 'GET',
      path: '/v1/users',
      query: { role: params.role, limit: params.limit, cursor: params.cursor },
      options,
    });
  }

  /** `404 user_not_found` for a user never issued a token (or deleted). `GET /v1/users/{user_id}`. */
  async get(userId: string, options?: RequestOptions): Promise<User> {
    return this._transport.request({ method: 'GET', path: `/v1/users/${pathParam('userId', userId)}`, options });
  }

  /**
   * Changes any of name (`null` clears it), info (replaced whole) and role. Tokens already issued
   * keep the claims they were issued with. `PATCH /v1/users/{user_id}`.
   */
  async update(userId: string, params: UpdateUserParams, options?: RequestOptions): Promise<User> {
    return this._transport.request({
      method: 'PATCH',
      path: `/v1/users/${pathParam('userId', userId)}`,
      body: params,
      options,
    });
  }

  /**
   * Deletes the user: revokes their tokens, takes them out of every room (the last one out deletes
   * the room), and with `redact_messages: true` erases their messages. `DELETE /v1/users/{user_id}`.
   */
  async delete(userId: string, params: DeleteUserParams = {}, options?: RequestOptions): Promise<DeleteUserResponse> {
    return this._transport.request({
      method: 'DELETE',
      path: `/v1/users/${pathParam('userId', userId)}`,
      query: { redact_messages: params.redact_messages },
      options,
    });
  }
}
