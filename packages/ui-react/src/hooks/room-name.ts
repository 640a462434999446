/** How a room is named on screen: its name, or for an unnamed room the people in it. */
import type { Room } from '@oichat/sdk';
import type { I18n } from '../locale/i18n.js';

export interface RoomIdentity {
  name: string;
  /** The other person of a direct room (or of a two-person unnamed room): its avatar and presence. */
  peerId: string | undefined;
}

export function roomIdentity(
  room: Room,
  me: string | undefined,
  nameOf: (userId: string) => { name: string },
  i18n: I18n,
): RoomIdentity {
  const others = room.participants.filter((p) => p !== me);
  const peerId =
    room.type === 'direct' || (!room.name && others.length === 1 && room.participants.length === 2)
      ? others[0]
      : undefined;
  if (room.name) return { name: room.name, peerId };
  if (others.length === 0) return { name: i18n.strings.untitledRoom, peerId };
  const names = others.slice(0, 3).map((id) => nameOf(id).name);
  const label =
    others.length > 3 ? i18n.t('andMore', { names: names.join(', '), count: others.length - 3 }) : i18n.list(names);
  return { name: label, peerId };
}
