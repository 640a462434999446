/**
 * The gallery page: the full <Chat /> and every component on its own, in light and dark,
 * English and Korean, against the gallery's server. URL parameters pick the start state
 * (theme, locale, view, room, user, bare) so tests and screenshots can open any of them.
 */
import { OiChatClient } from '@oichat/sdk';
import {
  Avatar,
  Chat,
  Composer,
  ConnectionBanner,
  Message,
  MessageList,
  OiChatProvider,
  QUICK_REACTIONS,
  RoomHeader,
  RoomList,
  TypingIndicator,
  type TimelineMessage,
  SearchBox,
  Thread,
  type ChatMessage,
} from '@oichat/ui-react';
import { useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

interface Config {
  apiUrl: string;
  rooms: Record<string, string>;
  people: Record<string, { name: string }>;
}

const params = new URLSearchParams(location.search);
const config: Config = await (await fetch('/config')).json();
const user = params.get('user') ?? 'mina';
const roomParam = params.get('room') ?? 'support';
const startRoom = roomParam === 'none' ? null : (config.rooms[roomParam] ?? roomParam);
const client = new OiChatClient({
  baseUrl: params.get('api') ?? config.apiUrl,
  tokenProvider: async () => (await (await fetch(`/token?user=${encodeURIComponent(user)}`)).json()).token,
  // Tests cut the network and wait for the way back: no need to wait out a long backoff.
  reconnect: { baseMs: 300, capMs: 2000 },
});
(window as unknown as { oichat: unknown }).oichat = { client, config };

type Theme = 'light' | 'dark';

function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="gallery__segmented">
      <legend className="gallery__legend">{label}</legend>
      {options.map(([v, text]) => (
        <label key={v} className={v === value ? 'is-on' : undefined}>
          <input type="radio" name={label} value={v} checked={v === value} onChange={() => onChange(v)} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}

function Gallery() {
  const [theme, setTheme] = useState<Theme>((params.get('theme') as Theme) ?? 'light');
  const [locale, setLocale] = useState(params.get('locale') ?? 'en');
  const [view, setView] = useState(params.get('view') ?? 'chat');
  const bare = params.has('bare');
  return (
    <div className="gallery" data-theme={theme} data-bare={bare || undefined}>
      {!bare && (
        <header className="gallery__bar">
          <div className="gallery__brand">
            <span className="gallery__logo" aria-hidden="true">
              oi
            </span>
            <span>
              OiChat UI <span className="gallery__muted">gallery</span>
            </span>
          </div>
          <div className="gallery__controls">
            <Segmented
              label="View"
              value={view}
              onChange={setView}
              options={[
                ['chat', 'Chat'],
                ['components', 'Components'],
              ]}
            />
            <Segmented
              label="Theme"
              value={theme}
              onChange={setTheme}
              options={[
                ['light', 'Light'],
                ['dark', 'Dark'],
              ]}
            />
            <Segmented
              label="Language"
              value={locale}
              onChange={setLocale}
              options={[
                ['en', 'English'],
                ['ko', '한국어'],
              ]}
            />
            <button
              type="button"
              className="gallery__button"
              onClick={() => void fetch('/network/drop?ms=4000', { method: 'POST' })}
            >
              Cut network 4 s
            </button>
          </div>
        </header>
      )}
      <OiChatProvider client={client} locale={locale} theme={theme} users={config.people}>
        {view === 'components' ? (
          <Components theme={theme} />
        ) : (
          <main className="gallery__frame">
            <Chat defaultRoomId={startRoom} />
          </main>
        )}
      </OiChatProvider>
    </div>
  );
}

function Card({ title, note, children, tall }: { title: string; note?: string; children: ReactNode; tall?: boolean }) {
  return (
    <section className={tall ? 'gallery__card gallery__card--tall' : 'gallery__card'} aria-label={title}>
      <h2 className="gallery__card-title">
        {title}
        {note && <span className="gallery__muted"> · {note}</span>}
      </h2>
      <div className="gallery__card-body">{children}</div>
    </section>
  );
}

const now = Date.now();
const sample = (
  over: Partial<TimelineMessage['message']>,
  state: TimelineMessage['state'] = 'sent',
): TimelineMessage => {
  const message = {
    message_id: `sample-${over.seq}`,
    room_id: 'sample',
    seq: 1,
    sender_id: 'alex',
    content: '',
    content_type: 'text' as const,
    metadata: {},
    created_at: new Date(now - 60_000).toISOString(),
    ...over,
  };
  return { key: message.message_id, message, state };
};

/** Every state a message can be in, side by side (the rooms show them in context). */
const STATES: { item: TimelineMessage; own: boolean; seenBy?: string[]; showStatus?: boolean }[] = [
  {
    item: sample({
      seq: 1,
      content: 'Reactions and a thread: both render from the message fields.',
      reactions: { '👍': 3, '🎉': 1 },
      own_reactions: ['👍'],
      reply_count: 4,
    }),
    own: false,
  },
  {
    item: sample({ seq: 2, content: 'This one was edited after sending.', edited_at: new Date(now).toISOString() }),
    own: false,
  },
  { item: sample({ seq: 3, content: '', deleted_at: new Date(now).toISOString() }), own: false },
  {
    item: sample({ seq: 4, sender_id: 'mina', content: 'On its way to the server…' }, 'sending'),
    own: true,
    showStatus: true,
  },
  { item: sample({ seq: 5, sender_id: 'mina', content: 'This send was refused.' }, 'failed'), own: true },
  {
    item: sample({ seq: 6, sender_id: 'mina', content: 'Read by the customer.' }),
    own: true,
    seenBy: ['Alex Kim'],
    showStatus: true,
  },
];

function Components({ theme }: { theme: Theme }) {
  const { rooms } = config;
  return (
    <main className="gallery__grid">
      <Card title="RoomList" tall>
        <RoomList selectedRoomId={rooms.support} />
      </Card>
      <Card title="RoomHeader · MessageList · TypingIndicator · Composer" note="live room" tall>
        <div className="gallery__stack">
          <RoomHeader roomId={rooms.busy!} />
          <ConnectionBanner />
          <MessageList roomId={rooms.busy!} />
          <TypingIndicator roomId={rooms.busy!} />
          <Composer roomId={rooms.busy!} />
        </div>
      </Card>
      <Card title="Message" note="every state">
        <div className="oichat gallery__states" data-theme={theme}>
          {STATES.map((s) => (
            <Message
              key={s.item.key}
              item={s.item}
              own={s.own}
              groupStart
              groupEnd
              senderName={s.own ? 'Mina Park' : 'Alex Kim'}
              seenBy={s.seenBy ?? []}
              showStatus={s.showStatus ?? false}
              onRetry={() => {}}
              onDiscard={() => {}}
              onOpenThread={() => {}}
            />
          ))}
        </div>
      </Card>
      <Card title="Thread" note="a root and its replies" tall>
        <SampleThread roomId={rooms.support!} />
      </Card>
      <Card title="SearchBox" note="type to search the room" tall>
        <SearchBox roomId={rooms.support!} />
      </Card>
      <Card title="RoomHeader" note="direct room, presence">
        <RoomHeader roomId={rooms.dm!} />
        <RoomHeader roomId={rooms.refund!} />
      </Card>
      <Card title="Avatar" note="initials, presence">
        <div className="oichat gallery__row" data-theme={theme}>
          {Object.entries(config.people).map(([id, p], i) => (
            <Avatar
              key={id}
              userId={id}
              name={p.name}
              size="lg"
              online={i % 3 === 0 ? true : i % 3 === 1 ? false : undefined}
            />
          ))}
        </div>
      </Card>
      <Card title="ConnectionBanner" note="press “Cut network”">
        <ConnectionBanner />
        <p className="gallery__muted gallery__pad">Shown while the connection is lost, then “Back online”.</p>
      </Card>
    </main>
  );
}

/** The support room's thread (its root found in the history). */
function SampleThread({ roomId }: { roomId: string }) {
  const [root, setRoot] = useState<ChatMessage | null>(null);
  useEffect(() => {
    client.messages.list(roomId, { limit: 50 }).then(
      (page) => setRoot((page.data.find((m) => (m.reply_count ?? 0) > 0) as ChatMessage | undefined) ?? null),
      () => {},
    );
  }, [roomId]);
  return root ? <Thread root={root} /> : null;
}

// The emoji font's pieces for the reactions, loaded before the first paint: Chromium drew an
// emoji laid out while its piece was still loading as a box, and kept it so after it had loaded.
await document.fonts.load('16px "Noto Emoji"', `${QUICK_REACTIONS.join('')}🙏😊`).catch(() => []);
createRoot(document.getElementById('root')!).render(<Gallery />);
