/**
 * How the agents' inboxes stay current without polling: agents' chat tokens list the inbox
 * channel (customers' list none, so they never hear of other people's rooms); the webhook
 * receiver hears what changes in the desk's rooms and publishes `inbox.changed` on that channel
 * with `channels.publish`; each agent's page reloads its inbox when the event arrives.
 * Shared by the server (token route, receiver, `npm run demo`) and the browser.
 */
import type { WebhookEventType } from '@oichat/server-sdk';

export const INBOX_CHANNEL = 'support-inbox';
export const INBOX_CHANGED = 'inbox.changed';

/** What `inbox.changed` carries: the room that changed, and the webhook event that told us. */
export type InboxChanged = {
  room_id: string;
  reason: WebhookEventType;
};

/**
 * The events the desk's webhook endpoint receives: everything that changes a row of the inbox
 * (a new room, its status, who claimed it, a new message) and the customer's messages the
 * receiver answers.
 */
export const DESK_WEBHOOK_EVENTS = [
  'room.created',
  'room.updated',
  'room.deleted',
  'participant.added',
  'participant.removed',
  'message.created',
] as const satisfies readonly WebhookEventType[];
