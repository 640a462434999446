/**
 * What a signal looks like on the wire (docs/realtime.md): the frame each kind of signal becomes,
 * and the room frames a resync or a gap fill sends without a signal. A signal's frame is the same
 * for every connection it goes to, so it is serialized once and the same bytes are sent to each.
 */
import type { Signal } from '../services/events.service.js';
import type { Message, Room, RoomSummary } from '../services/models.js';
import { EncodedFrame } from './connection.js';

export type Frame = Record<string, unknown>;

/** A `messages.redacted` event's data: every message of the sender up to that seq was erased. */
export interface Redaction {
  sender_id: string;
  up_to_seq: number;
  redacted_at: string;
}

/** The wire shape of each room frame, whether it comes from a signal or from a resync. */
export const roomFrames = {
  /**
   * `changeSeq`: the message is sent in a state changes left it in (a replay, or a change heard
   * before the message went out): the room's change number of the latest, which counts as seen.
   */
  message: (roomId: string, message: Message, changeSeq?: number): Frame => ({
    type: 'message.created',
    room_id: roomId,
    message,
    ...(changeSeq !== undefined && { change_seq: changeSeq }),
  }),
  deleted: (roomId: string | null): Frame => ({ type: 'room.deleted', room_id: roomId }),
  participantAdded: (roomId: string | null, userId: string | undefined, room: RoomSummary | undefined): Frame => ({
    type: 'participant.added',
    room_id: roomId,
    user_id: userId,
    room,
  }),
  participantRemoved: (roomId: string | null, userId: string | undefined): Frame => ({
    type: 'participant.removed',
    room_id: roomId,
    user_id: userId,
  }),
  /** A message in its latest state, read from the store (a resume, a gap), or a thread root's new reply count. */
  changed: (roomId: string, message: Message, changeSeq: number): Frame => ({
    type: message.deleted_at === undefined ? 'message.updated' : 'message.deleted',
    room_id: roomId,
    message,
    change_seq: changeSeq,
  }),
};

/** The change events: the frame is the event's data, typed, with the room. */
const CHANGE_EVENTS = new Set([
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'message.pinned',
  'message.unpinned',
]);

/** The frame a connection concerned by the signal gets (revocation has none: it closes the socket). */
function frameFor(signal: Signal): Frame {
  switch (signal.kind) {
    case 'event': {
      const roomId = signal.roomId;
      const data = signal.event.data as { room?: Room; user_id?: string; message?: Message };
      switch (signal.event.type) {
        case 'message.created':
          return roomFrames.message(roomId!, data.message!);
        case 'room.created':
          return { type: 'room.created', room: data.room };
        case 'room.updated':
          return { type: 'room.updated', room: data.room };
        case 'room.deleted':
          return roomFrames.deleted(roomId);
        case 'participant.added':
          return roomFrames.participantAdded(roomId, data.user_id, data.room);
        case 'participant.removed':
          return roomFrames.participantRemoved(roomId, data.user_id);
        case 'message.updated':
        case 'message.deleted':
        case 'reaction.added':
        case 'reaction.removed':
        case 'message.pinned':
        case 'message.unpinned':
          return { type: signal.event.type, room_id: roomId, ...signal.event.data };
        case 'messages.redacted': {
          const { sender_id, up_to_seq, redacted_at } = signal.event.data as unknown as Redaction;
          return { type: 'messages.redacted', room_id: roomId, sender_id, up_to_seq, redacted_at };
        }
        default:
          throw new Error(`no frame for event ${signal.event.type}`);
      }
    }
    case 'read':
      return { type: 'read', room_id: signal.roomId, user_id: signal.userId, seq: signal.seq };
    case 'typing':
      return { type: 'typing', room_id: signal.roomId, user_id: signal.userId, state: signal.state };
    case 'presence':
      return { type: 'presence', user_id: signal.userId, state: signal.state };
    case 'channel':
      return { type: 'channel.event', channel: signal.channel, event: signal.event, data: signal.data };
    case 'revoked':
      throw new Error('a revocation has no frame');
  }
}

/** Whether the event type is a change of a message (carries `message` and `change_seq`). */
export const isChangeEvent = (type: string): boolean => CHANGE_EVENTS.has(type);

/** Each signal's frame, serialized at most once whatever the number of recipients. */
export class SignalFrames {
  readonly #frames = new WeakMap<Signal, EncodedFrame>();
  readonly #rootFrames = new WeakMap<Signal, EncodedFrame>();

  /** The `message.updated` frame of a reply's root (its new reply_count), serialized once. */
  rootOf(signal: Signal, roomId: string, root: { message: Message; change_seq: number }): EncodedFrame {
    let encoded = this.#rootFrames.get(signal);
    if (!encoded) {
      encoded = new EncodedFrame(roomFrames.changed(roomId, root.message, root.change_seq));
      this.#rootFrames.set(signal, encoded);
    }
    return encoded;
  }

  of(signal: Signal): EncodedFrame {
    let encoded = this.#frames.get(signal);
    if (!encoded) {
      encoded = new EncodedFrame(frameFor(signal));
      this.#frames.set(signal, encoded);
    }
    return encoded;
  }
}
