/**
 * Live activity for the gallery, by real clients of the SDK: colleagues who type and then
 * write in the busy room, a customer who reads and answers what the agent writes, and people
 * online. Everything goes through the server as a user's browser would.
 */
import { OiChatClient } from '@oichat/sdk';
import type { Seeded } from './seed.ts';

const QUEUE_LINES = [
  'New chat from a customer in Busan about a missing invoice.',
  'Got it, taking that one.',
  'Anyone free for a quick look at order #7741? Address change after dispatch.',
  'On it 👍',
  'Refund for #8890 approved.',
  'Carrier says Friday for the Gangnam deliveries.',
  'Reminder: the shift handover doc is here https://docs.example.com/handover',
  'Closed 4 conversations in the last hour 🎉',
  'Customer asks if gift wrapping is available for express orders — is it?',
  'Yes, for all orders placed before 2pm.',
  '배송 지연 문의가 또 들어왔어요. 제가 처리할게요.',
  'Queue update: 9 open conversations, median first reply 2m 05s.',
];

export interface Bots {
  stop(): void;
}

export async function startBots(apiUrl: string, seed: Seeded, opts: { intervalMs?: number } = {}): Promise<Bots> {
  const clients = new Map<string, OiChatClient>();
  for (const id of ['sam', 'priya', 'leo', 'orderbot', 'alex', 'jiho']) {
    const client = new OiChatClient({ baseUrl: apiUrl, tokenProvider: () => seed.token(id) });
    await client.connect();
    clients.set(id, client);
  }
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  // The busy room: someone types for a moment, then writes.
  const speakers = ['sam', 'priya', 'leo', 'orderbot'];
  let n = 0;
  const tick = () => {
    const who = speakers[(n * 5 + 1) % speakers.length]!;
    const line = QUEUE_LINES[n % QUEUE_LINES.length]!;
    n++;
    const c = clients.get(who)!;
    c.typing.start(seed.rooms.busy);
    later(1400, () => {
      void c.messages.send(seed.rooms.busy, { content: line }).catch(() => {});
      later(opts.intervalMs ?? 3200, tick);
    });
  };
  later(1500, tick);

  // The customer reads what the agent writes, and answers.
  const alex = clients.get('alex')!;
  alex.on('message.created', ({ room_id, message }) => {
    if (room_id !== seed.rooms.support || message.sender_id !== 'mina') return;
    later(900, () => void alex.markRead(room_id, message.seq).catch(() => {}));
    later(1600, () => alex.typing.start(room_id));
    later(
      3600,
      () => void alex.messages.send(room_id, { content: 'Thank you so much, that helps a lot!' }).catch(() => {}),
    );
  });

  return {
    stop() {
      for (const t of timers) clearTimeout(t);
      for (const c of clients.values()) c.disconnect();
    },
  };
}
