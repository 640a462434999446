/**
 * The support desk's backend logic on @oichat/server-sdk: a customer's order room (created once,
 * whatever the clicks and retries), the agents' inbox, claiming, resolving and reopening, and what
 * the webhook receiver does (tell the agents' inboxes, reopen, the automatic reply). Route
 * handlers call these after checking who asks.
 */
import 'server-only';
import { OiChatApiError, type Message, type Room, type RoomSummary, type WebhookEvent } from '@oichat/server-sdk';
import { DICTIONARIES, format } from './i18n';
import { INBOX_CHANGED, INBOX_CHANNEL, type InboxChanged } from './inbox-events';
import { type Order, formatMoney } from './orders';
import { DESK, type Persona, isAgent, personaById } from './personas';
import { autoReplyAfterSeconds, oichat } from './oichat';

/** Every room of the desk carries this in its metadata, so the inbox lists only those. */
const DESK_METADATA = { desk: 'support' } as const;

export class DeskError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The order's support room, opened for its customer. Double clicks and retries meet the same
 * room: an existing one is found by its `order_id`, and a new one is created under the
 * idempotency key `order-<id>-room`, so two requests racing both get the one room OiChat made.
 */
export async function openOrderRoom(customer: Persona, order: Order): Promise<Room> {
  const existing = await oichat().rooms.list({ user_id: customer.id, metadata: { order_id: order.id }, limit: 1 });
  if (existing.data[0]) return existing.data[0];
  const room = await oichat().rooms.create(
    {
      type: 'group',
      name: `Order #${order.id} Support`,
      participants: [customer.id, DESK.id],
      metadata: { ...DESK_METADATA, order_id: order.id, customer_id: customer.id },
    },
    { idempotencyKey: `order-${order.id}-room` },
  );
  const values = {
    order_id: order.id,
    items: order.items.map((i) => `${i.quantity} × ${i.name}`).join(', '),
    total: formatMoney(order.total, 'en'),
  };
  // The browser shows system messages in the reader's language from `metadata`; `content` is the English fallback.
  await oichat().messages.send(
    {
      room_id: room.room_id,
      sender_id: 'system',
      content: format(DICTIONARIES.en.sys_order_summary, values),
      content_type: 'system',
      metadata: { desk_event: 'order_summary', ...values },
    },
    { idempotencyKey: `order-${order.id}-summary` },
  );
  return room;
}

export interface InboxRoom {
  room_id: string;
  name: string;
  status: Room['status'];
  order_id: string;
  customer_id: string;
  customer_name: string;
  /** Agents in the room: empty while nobody has claimed it. */
  agent_ids: string[];
  message_count: number;
  last_activity_at: string;
}

/** The desk's rooms of one status, most recent activity first (the project-wide list: no `user_id`). */
export async function inbox(status: Room['status']): Promise<InboxRoom[]> {
  const { data } = await oichat().rooms.list({ status, metadata: DESK_METADATA, limit: 100 });
  return data.map((room) => {
    const customerId = String(room.metadata.customer_id ?? '');
    return {
      room_id: room.room_id,
      name: room.name ?? room.room_id,
      status: room.status,
      order_id: String(room.metadata.order_id ?? ''),
      customer_id: customerId,
      customer_name: personaById(customerId)?.name ?? customerId,
      agent_ids: room.participants.filter(isAgent),
      message_count: room.message_count,
      last_activity_at: room.last_message_at ?? room.created_at,
    };
  });
}

async function deskRoom(roomId: string): Promise<Room> {
  try {
    const room = await oichat().rooms.get(roomId);
    if (room.metadata.desk === DESK_METADATA.desk) return room;
  } catch (error) {
    if (!(error instanceof OiChatApiError && error.statusCode === 404)) throw error;
  }
  throw new DeskError(404, 'room_not_found', `No support conversation ${roomId}.`);
}

export type PreviewMessage = Pick<
  Message,
  'message_id' | 'sender_id' | 'content' | 'content_type' | 'metadata' | 'created_at'
>;

/** The newest messages of a desk room, for an agent deciding whether to claim it (before they are in it). */
export async function preview(roomId: string): Promise<PreviewMessage[]> {
  await deskRoom(roomId);
  const { data } = await oichat().messages.list(roomId, { limit: 20 });
  return data.map(({ message_id, sender_id, content, content_type, metadata, created_at }) => ({
    message_id,
    sender_id,
    content,
    content_type,
    metadata,
    created_at,
  }));
}

const systemMessage = (roomId: string, event: 'claimed' | 'resolved' | 'reopened', agent: Persona) =>
  oichat().messages.send({
    room_id: roomId,
    sender_id: 'system',
    content: format(DICTIONARIES.en[`sys_${event}`], { agent: agent.name }),
    content_type: 'system',
    metadata: { desk_event: event, agent: agent.name },
  });

/** The agent joins the room (a participant now: they read and write it with their own token). */
export async function claim(agent: Persona, roomId: string): Promise<void> {
  const room = await deskRoom(roomId);
  if (room.participants.includes(agent.id)) return;
  await oichat().rooms.addParticipant(roomId, { user_id: agent.id });
  await systemMessage(roomId, 'claimed', agent);
}

export async function setStatus(agent: Persona, roomId: string, status: Room['status']): Promise<void> {
  const room = await deskRoom(roomId);
  if (room.status === status) return;
  await oichat().rooms.update(roomId, { status });
  await systemMessage(roomId, status === 'resolved' ? 'resolved' : 'reopened', agent);
}

const isDeskRoom = (room: RoomSummary): boolean => room.metadata.desk === DESK_METADATA.desk;

/**
 * Called by the webhook receiver with each verified delivery. Whatever changes a desk room (made,
 * claimed, resolved, a new message) is told to the agents' pages, live, on the inbox channel:
 * agents are not in the rooms nobody has claimed, so no room event would reach them. Then a
 * customer's message is acted on.
 */
export async function onWebhookEvent(event: WebhookEvent): Promise<void> {
  switch (event.type) {
    case 'room.created':
    case 'room.updated':
    case 'room.deleted':
    case 'participant.added':
    case 'participant.removed':
      if (isDeskRoom(event.data.room)) await inboxChanged({ room_id: event.data.room.room_id, reason: event.type });
      return;
    case 'message.created': {
      const room = await findRoom(event.data.message.room_id);
      if (!room || !isDeskRoom(room)) return;
      await inboxChanged({ room_id: room.room_id, reason: event.type });
      await onCustomerMessage(room, event.data.message);
      return;
    }
  }
}

/** A live event only (not stored): an agent who connects later reads the inbox anyway. */
const inboxChanged = (data: InboxChanged) => oichat().channels.publish(INBOX_CHANNEL, { event: INBOX_CHANGED, data });

/** The room, or undefined once deleted (a late delivery about it has nothing left to act on). */
async function findRoom(roomId: string): Promise<Room | undefined> {
  try {
    return await oichat().rooms.get(roomId);
  } catch (error) {
    if (error instanceof OiChatApiError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * What the desk does when a customer writes:
 * - in a resolved room: it reopens, so the conversation is back in the agents' Open tab;
 * - in a room that has waited unclaimed for a while: the desk answers once that an agent is coming.
 * Idempotency keys make redeliveries of a webhook, and two messages close together, post once.
 */
async function onCustomerMessage(room: Room, message: Message): Promise<void> {
  if (message.content_type === 'system' || message.sender_id !== room.metadata.customer_id) return;
  if (room.status === 'resolved') {
    await oichat().rooms.update(room.room_id, { status: 'open' });
    const customer = personaById(message.sender_id)?.name ?? message.sender_id;
    await oichat().messages.send(
      {
        room_id: room.room_id,
        sender_id: 'system',
        content: format(DICTIONARIES.en.sys_customer_reopened, { customer }),
        content_type: 'system',
        metadata: { desk_event: 'customer_reopened', customer },
      },
      // One per resolution: two messages racing here both read the same resolved room.
      { idempotencyKey: `room-${room.room_id}-reopened-${room.updated_at}` },
    );
    return;
  }
  if (room.participants.some(isAgent)) return;
  const waitedSeconds = (Date.parse(message.created_at) - Date.parse(room.created_at)) / 1000;
  if (waitedSeconds < autoReplyAfterSeconds()) return;
  await oichat().messages.send(
    {
      room_id: room.room_id,
      sender_id: DESK.id,
      content: DICTIONARIES.en.sys_shortly,
      content_type: 'system',
      metadata: { desk_event: 'shortly' },
    },
    { idempotencyKey: `room-${room.room_id}-shortly` },
  );
}
