/**
 * Sample data for the gallery, the browser tests and the benchmark: a customer-support desk
 * seen by an agent (Mina Park), with rooms in English and Korean, system messages, links, a
 * resolved request, unread messages, and one long room (10 000 messages over three months).
 * Written through the server's own services, so the data is what the API would have stored.
 */
import { Readable } from 'node:stream';
import type { RunningServer } from '@oichat/server';
import { invoicePdf, parcelPhoto } from './sample-files.ts';

export const PEOPLE = {
  mina: { name: 'Mina Park' },
  alex: { name: 'Alex Kim' },
  sam: { name: 'Sam Rivera' },
  priya: { name: 'Priya Nair' },
  leo: { name: 'Leo Martin' },
  jiho: { name: '이지호' },
  seoyeon: { name: '김서연' },
  orderbot: { name: 'Order Bot' },
} as const;
export type Person = keyof typeof PEOPLE;

export interface Seeded {
  projectId: string;
  rooms: {
    support: string;
    busy: string;
    long: string;
    dm: string;
    korean: string;
    refund: string;
    billing: string;
    password: string;
  };
  token(userId: string): Promise<string>;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Runs `fn` with the process clock reading `at` (then `at + 1 ms`, …), so seeded messages get
 * the timestamps of a history written over days. Only while seeding, before anything listens.
 */
async function at<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  let now = ms;
  class SeedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now++);
      else super(...(args as [number]));
    }
    static override now() {
      return now++;
    }
  }
  globalThis.Date = SeedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

const LONG_LINES = [
  'Morning all — renewal call with Acme moved to 3pm.',
  'Their SSO rollout is done for the EU team.',
  'Can someone check the invoice for March? They see two charges.',
  'Checked: one was a pre-authorisation, it drops off in 3–5 days.',
  'Thanks! I will let them know.',
  'Heads up: they are adding 40 seats next week.',
  'Contract draft is in the shared folder: https://docs.example.com/acme/contract-v3',
  'They asked whether exports include archived rooms. I think yes?',
  'Yes, archived rooms are included since 2.4.',
  'Great, replied.',
  'Acme reports slow search on their largest workspace.',
  'Looking into it now.',
  'Found it: an index was missing after their migration. Fixed.',
  'Nice catch 👏',
  'Weekly sync notes:\n• onboarding for the new seats\n• SSO for APAC next month\n• ask about the Q3 roadmap',
];

export async function seedGallery(server: RunningServer, opts: { longCount?: number } = {}): Promise<Seeded> {
  const { services } = server;
  const { project_id: projectId } = await services.projects.create('gallery');
  const ctx = { projectId };
  const now = Date.now();

  for (const [user_id, p] of Object.entries(PEOPLE))
    await services.tokens.createToken(projectId, {
      user_id,
      user_name: p.name,
      role: user_id === 'alex' ? 'user' : 'agent',
    });

  const room = (participants: Person[], name: string | undefined, type: 'group' | 'direct' = 'group') =>
    services.rooms.create(ctx, { type, participants, ...(name !== undefined && { name }) }).then((r) => r.room.room_id);
  const say = (roomId: string, sender: Person | 'system', content: string) =>
    services.messages.send(ctx, {
      room_id: roomId,
      sender_id: sender,
      content,
      ...(sender === 'system' && { content_type: 'system' as const }),
    });
  const read = (roomId: string, user: Person, seq: number) => services.rooms.markRead(ctx, roomId, user, seq);
  /** Sends lines [offset from now in ms, sender, text] at their times; returns the last seq. */
  const script = async (roomId: string, lines: [number, Person | 'system', string][]) => {
    let seq = 0;
    for (const [offset, sender, text] of lines)
      seq = (await at(now - offset, () => say(roomId, sender, text))).message.seq;
    return seq;
  };

  const rooms = await at(now - 95 * DAY, async () => ({
    support: await room(['mina', 'alex'], 'Order #1234 · Late delivery'),
    busy: await room(['mina', 'sam', 'priya', 'leo', 'orderbot'], 'Support queue'),
    long: await room(['mina', 'sam', 'priya'], 'Acme Corp · Enterprise account'),
    dm: await room(['mina', 'jiho'], undefined, 'direct'),
    korean: await room(['mina', 'seoyeon'], '주문 #5521 배송 문의'),
    refund: await room(['mina', 'leo'], 'Refund request #998'),
    billing: await room(['mina', 'priya', 'alex'], 'Billing question'),
    password: await room(['mina', 'leo'], 'Password reset'),
  }));

  // The long room first: its history is the oldest.
  const longCount = opts.longCount ?? 10_000;
  const span = 90 * DAY;
  const senders: Person[] = ['sam', 'priya', 'mina', 'sam', 'priya'];
  let longSeq = 0;
  for (let i = 0; i < longCount; i++) {
    const offset = span - Math.floor((span * i) / longCount) + 40 * MIN;
    const text = LONG_LINES[i % LONG_LINES.length]!;
    longSeq = (await at(now - offset, () => say(rooms.long, senders[(i * 7) % senders.length]!, text))).message.seq;
  }
  if (longSeq > 12) await read(rooms.long, 'mina', longSeq - 12);

  const password = await script(rooms.password, [
    [3 * DAY + 2 * HOUR, 'leo', "Hi, I can't log in — the reset e-mail never arrives."],
    [
      3 * DAY + 2 * HOUR - 3 * MIN,
      'mina',
      'Sorry about that, Leo! Could you check your spam folder for support@example.com?',
    ],
    [3 * DAY + HOUR, 'leo', 'Found it, thanks. All good now.'],
  ]);
  await read(rooms.password, 'mina', password);

  const billing = await script(rooms.billing, [
    [DAY + 5 * HOUR, 'alex', 'Quick one: can I get my invoices as PDF?'],
    [DAY + 5 * HOUR - 2 * MIN, 'priya', 'Sure — Settings → Billing → Download. I can also e-mail them to you.'],
    [DAY + 4 * HOUR, 'alex', 'Perfect, found it 🙏'],
  ]);
  await read(rooms.billing, 'mina', billing);

  const refund = await script(rooms.refund, [
    [2 * DAY, 'system', 'Leo Martin opened a refund request for order #998.'],
    [2 * DAY - 4 * MIN, 'leo', 'The blender arrived broken. Photos attached in the form.'],
    [2 * DAY - 10 * MIN, 'mina', "I'm so sorry! I've issued a full refund — you'll see it in 3–5 business days."],
    [2 * DAY - 12 * MIN, 'leo', 'Thank you, that was fast.'],
    [2 * DAY - 13 * MIN, 'system', 'Mina Park marked this request as resolved.'],
  ]);
  await read(rooms.refund, 'mina', refund);
  await services.rooms.update(ctx, rooms.refund, { status: 'resolved' });

  const dm = await script(rooms.dm, [
    [5 * HOUR, 'jiho', '민아 님, 오늘 오후에 교대 바꿔 주실 수 있을까요?'],
    [5 * HOUR - 6 * MIN, 'mina', '네, 괜찮아요! 3시부터 제가 맡을게요.'],
    [4 * HOUR, 'jiho', '감사합니다 😊 인수인계 메모는 공유 폴더에 올려 두었어요.'],
  ]);
  await read(rooms.dm, 'mina', dm);

  const korean = await script(rooms.korean, [
    [3 * HOUR, 'system', '김서연 님이 상담을 요청했습니다.'],
    [3 * HOUR - MIN, 'seoyeon', '안녕하세요, 지난주에 주문한 상품이 아직 도착하지 않았어요.'],
    [
      3 * HOUR - 5 * MIN,
      'mina',
      '불편을 드려 죄송합니다. 주문 번호를 확인해 보니 어제 출고되었어요. 배송 조회: https://track.example.com/KR5521',
    ],
    [40 * MIN, 'seoyeon', '확인했어요. 내일 도착 예정이라고 나오네요. 감사합니다!'],
  ]);
  await read(rooms.korean, 'mina', korean - 1);

  const busy = await script(rooms.busy, [
    [70 * MIN, 'orderbot', 'Queue update: 12 open conversations, median first reply 2m 40s.'],
    [62 * MIN, 'sam', 'Taking the three refund requests from this morning.'],
    [55 * MIN, 'priya', 'I have the Acme escalation. Ping me if anything about SSO comes in.'],
    [41 * MIN, 'leo', 'FYI the carrier API is slow again — tracking pages may lag a few minutes.'],
  ]);
  await read(rooms.busy, 'mina', busy);
  await at(now - 30 * MIN, () =>
    services.messages.send(ctx, {
      room_id: rooms.busy,
      sender_id: 'sam',
      content: '@Mina Park could you take the Acme escalation call at 3?',
      mentions: ['mina'],
    }),
  );

  await script(rooms.support, [
    [2 * HOUR, 'system', 'Alex Kim started a conversation about order #1234.'],
    [
      2 * HOUR - MIN,
      'alex',
      'Hi! My order #1234 was supposed to arrive on Monday, and the tracking page has not moved since.',
    ],
    [2 * HOUR - 2 * MIN, 'alex', 'Is there anything you can do? It is a birthday present 🎁'],
  ]);
  // What the message features and attachments add, written as users would have: a photo, a
  // thread, reactions, an edit and a deletion.
  const upload = (roomId: string, user: Person, name: string, bytes: Buffer) =>
    services.attachments.upload(ctx, { roomId, uploaderId: user, name, body: Readable.from([bytes]) });
  const photo = await upload(rooms.support, 'alex', 'tracking-page.png', parcelPhoto());
  await at(now - 2 * HOUR + 3 * MIN, () =>
    services.messages.send(ctx, {
      room_id: rooms.support,
      sender_id: 'alex',
      content: 'This is all the tracking page shows:',
      content_type: 'image',
      attachments: [photo.attachment_id],
    }),
  );
  const greeting = await at(now - 2 * HOUR + 9 * MIN, () =>
    say(rooms.support, 'mina', 'Hi Alex, thanks for reaching out, let me look into it.'),
  );
  const customs = await at(now - 2 * HOUR + 10 * MIN, () =>
    say(
      rooms.support,
      'mina',
      'The parcel was held at the Incheon hub because of a customs check. It was released this morning.',
    ),
  );
  await at(now - 2 * HOUR + 11 * MIN, () =>
    services.messages.send(ctx, {
      room_id: rooms.support,
      sender_id: 'alex',
      content: 'Do I need to do anything for customs?',
      parent_id: customs.message.message_id,
    }),
  );
  await at(now - 2 * HOUR + 12 * MIN, () =>
    services.messages.send(ctx, {
      room_id: rooms.support,
      sender_id: 'mina',
      content: 'No, it is all cleared. Nothing to do on your side.',
      parent_id: customs.message.message_id,
    }),
  );
  const link = await at(now - 2 * HOUR + 13 * MIN, () =>
    say(rooms.support, 'mina', 'New tracking link: https://track.example.com/1234?ref=support'),
  );
  await at(now - 2 * HOUR + 14 * MIN, () =>
    say(rooms.support, 'system', 'Order #1234 status changed to: Out for delivery.'),
  );
  const wrong = await at(now - 25 * MIN, () => say(rooms.support, 'alex', 'Sorry, wrong photo, ignore that one'));
  await services.messageChanges.delete(ctx, wrong.message.message_id);
  await services.messageChanges.edit(ctx, greeting.message.message_id, {
    content: 'Hi Alex, thanks for reaching out! Let me look into it right away.',
  });
  await services.reactions.add(ctx, link.message.message_id, 'alex', '🙏');
  await services.reactions.add(ctx, link.message.message_id, 'alex', '👍');
  await services.reactions.add(ctx, customs.message.message_id, 'alex', '👍');
  const invoice = await upload(rooms.billing, 'priya', 'invoice-1234.pdf', invoicePdf());
  await at(now - DAY - 4 * HOUR + MIN, () =>
    services.messages.send(ctx, {
      room_id: rooms.billing,
      sender_id: 'priya',
      content: 'Here is the invoice as a PDF as well.',
      content_type: 'file',
      attachments: [invoice.attachment_id],
    }),
  );
  await read(rooms.billing, 'mina', (await services.rooms.getSummary(ctx, rooms.billing)).last_seq);
  const support = await script(rooms.support, [
    [20 * MIN, 'alex', 'Oh great, I can see it now. Will it arrive before Friday?'],
    [18 * MIN, 'alex', 'Also, could you upgrade it to express shipping? Happy to pay the difference.'],
  ]);
  await read(rooms.support, 'mina', support - 2);
  await read(rooms.support, 'alex', support);

  return {
    projectId,
    rooms,
    token: async (userId: string) => {
      const person = PEOPLE[userId as Person];
      return (
        await services.tokens.createToken(projectId, { user_id: userId, ...(person && { user_name: person.name }) })
      ).token;
    },
  };
}
