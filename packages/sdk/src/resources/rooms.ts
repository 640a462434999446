/** Rooms the user is in: `GET /v1/me/rooms`, `GET /v1/me/rooms/{id}`, unread counts. */
import type { HttpClient } from '../http.js';
import type { ListRoomsParams, Page, PinnedMessages, Room, UnreadCount } from '../types.js';

export class RoomsResource {
  constructor(private readonly http: HttpClient) {}

  /** One page of my rooms, most recent activity first. */
  list(params: ListRoomsParams = {}): Promise<Page<Room>> {
    return this.http.request('GET', '/v1/me/rooms', { query: { limit: params.limit, cursor: params.cursor } });
  }

  /** Every room of mine, page after page (the server pages over a snapshot: no room twice, none skipped). */
  async *iterate(params: Omit<ListRoomsParams, 'cursor'> = {}): AsyncGenerator<Room> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list({ ...params, cursor });
      yield* page.data;
      if (!page.has_more || page.next_cursor === null) return;
      cursor = page.next_cursor;
    }
  }

  /** A room I am in; `404 room_not_found` otherwise (also for rooms that exist but are not mine). */
  get(roomId: string): Promise<Room> {
    return this.http.request('GET', `/v1/me/rooms/${encodeURIComponent(roomId)}`);
  }

  /** Unread counts of every room of mine, as `{ data }` like every list (all rooms at once: not paged). */
  unread(): Promise<{ data: UnreadCount[] }> {
    return this.http.request('GET', '/v1/me/unread');
  }

  /** The room's pinned messages, newest pin first. */
  pins(roomId: string): Promise<PinnedMessages> {
    return this.http.request('GET', `/v1/me/rooms/${encodeURIComponent(roomId)}/pins`);
  }
}
