/**
 * What a send is before the server has it: the parameters the SDK's send gets (the text, and
 * mentions, a thread parent and attachments when there are any), the row a pending send shows
 * as, and the local id that keys it. Shared by a room's timeline and a thread's.
 */
import type { Attachment, TimelineMessage } from './model.js';

/** What a send carries besides its text. */
export interface SendExtras {
  mentions?: readonly string[] | undefined;
  /** Uploaded attachments (their descriptions show while the message is sent). */
  attachments?: readonly Attachment[] | undefined;
}

let localIds = 0;

/** What the SDK's send gets: the text, and what the message features add when there is any. */
export function sendParams(content: string, clientMsgId: string, extras: SendExtras & { parentId?: string }) {
  const attachments = extras.attachments ?? [];
  return {
    // A message of attachments alone has no text (the server takes none then).
    content: (content === '' && attachments.length > 0 ? undefined : content) as string,
    client_msg_id: clientMsgId,
    ...(extras.parentId && { parent_id: extras.parentId }),
    ...(extras.mentions?.length && { mentions: [...extras.mentions] }),
    ...(attachments.length > 0 && {
      attachments: attachments.map((a) => a.attachment_id),
      content_type: attachments.every((a) => a.mime_type.startsWith('image/')) ? ('image' as const) : ('file' as const),
    }),
  };
}

/** A send not stored yet, as the list shows it. */
export function pendingItem(
  p: {
    key: string;
    content: string;
    createdAt: string;
    state: 'sending' | 'failed';
    error?: unknown;
    extras: SendExtras;
  },
  roomId: string,
  me: string,
): TimelineMessage {
  return {
    key: p.key,
    state: p.state,
    error: p.error as TimelineMessage['error'],
    message: {
      message_id: p.key,
      room_id: roomId,
      seq: 0,
      sender_id: me,
      content: p.content,
      content_type: 'text',
      metadata: {},
      created_at: p.createdAt,
      ...(p.extras.mentions?.length && { mentions: [...p.extras.mentions] }),
      ...(p.extras.attachments?.length && { attachments: [...p.extras.attachments] }),
    },
  };
}

export function newId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${(++localIds).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
