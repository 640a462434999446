/**
 * The events that change a message already shown (edit, delete, reactions, pins, a root's reply
 * count): each carries the message as it is now, handed to the store to replace the one shown.
 * Subscribed by name, so that this package works with SDKs from before them (nothing is ever
 * emitted under these names there).
 */
import type { OiChatClient } from '@oichat/sdk';
import type { ChatMessage } from './model.js';

type Change = { message?: ChatMessage; user_id?: string; reaction?: string; type?: string };
export type ApplyChange = (message: ChatMessage, mine?: { type: string; add: boolean }) => void;

export function subscribeChanges(
  client: OiChatClient,
  me: () => string | undefined,
  apply: ApplyChange,
): (() => void)[] {
  const on = client.on.bind(client) as unknown as (event: string, handler: (e: Change) => void) => () => void;
  const names = ['message.updated', 'message.deleted', 'message.pinned', 'message.unpinned'];
  const reactions = ['reaction.added', 'reaction.removed'];
  return [
    ...names.map((name) =>
      on(name, (e) => {
        if (e.message && typeof e.message.seq === 'number') apply(e.message);
      }),
    ),
    ...reactions.map((name) =>
      on(name, (e) => {
        if (!e.message || typeof e.message.seq !== 'number') return;
        // Events for everyone do not say which reactions are mine, except that this one is or is not.
        const type = e.reaction ?? e.type;
        const mine =
          e.user_id === me() && typeof type === 'string' ? { type, add: name === 'reaction.added' } : undefined;
        apply(e.message, mine);
      }),
    ),
  ];
}
