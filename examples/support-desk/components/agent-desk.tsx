'use client';
/**
 * The agent's page: the inbox of the desk's conversations (open and resolved tabs, most recent
 * activity first) beside the selected conversation. An unclaimed one offers "Claim" (the backend
 * adds the agent to the room); a claimed one is the chat itself, with Resolve or Reopen in its
 * header. The inbox is pushed, not polled: the backend publishes `inbox.changed` on the agents'
 * channel whenever a desk room changes, and this page reloads the list when it arrives.
 */
import type { OiChatClient } from '@oichat/sdk';
import { Composer, ConnectionBanner, MessageList, RoomHeader, TypingIndicator, useOiChat } from '@oichat/ui-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxRoom, PreviewMessage } from '@/lib/desk';
import { format } from '@/lib/i18n';
import { INBOX_CHANGED, INBOX_CHANNEL, type InboxChanged } from '@/lib/inbox-events';
import { PROFILES, type Persona, personaById } from '@/lib/personas';
import { localized, useDictionary } from './desk-context';

type Tab = 'open' | 'resolved';
/** After a failed reload (our backend unreachable for a moment), try again this much later. */
const RETRY_MS = 3_000;

async function fetchInbox(status: Tab): Promise<InboxRoom[]> {
  const response = await fetch(`/api/inbox?status=${status}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`inbox: ${response.status}`);
  return ((await response.json()) as { data: InboxRoom[] }).data;
}

/**
 * Calls `reload` when the inbox may have changed: on `inbox.changed` from the agents' channel
 * (`roomId` given: only for that room), and on every `ready` of the socket. Channel events are
 * live only, never replayed: those published while the socket was down (a network drop, a laptop
 * asleep) are lost, so each reconnect reloads once. That is the only reload without an event.
 */
function useInboxEvents(client: OiChatClient, reload: () => void, roomId?: string): void {
  useEffect(() => {
    const offChannel = client.on('channel.event', ({ channel, event, data }) => {
      if (channel !== INBOX_CHANNEL || event !== INBOX_CHANGED) return;
      if (roomId === undefined || (data as InboxChanged).room_id === roomId) reload();
    });
    const offReady = client.on('ready', () => reload());
    return () => {
      offChannel();
      offReady();
    };
  }, [client, reload, roomId]);
}

export function AgentDesk({ me }: { me: Persona }) {
  const t = useDictionary();
  const { client } = useOiChat();
  const [tab, setTab] = useState<Tab>('open');
  const [lists, setLists] = useState<Record<Tab, InboxRoom[] | null>>({ open: null, resolved: null });
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Events come in bursts (a message, the automatic reply, a claim and its system message): one
  // reload at a time, and the events that arrive meanwhile make one more after it, not one each.
  const loading = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const mounted = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refresh = useCallback(async () => {
    const state = loading.current;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    clearTimeout(retry.current);
    let failed = false;
    do {
      state.again = false;
      try {
        const [open, resolved] = await Promise.all([fetchInbox('open'), fetchInbox('resolved')]);
        setLists({ open, resolved });
        failed = false;
      } catch {
        failed = true;
      }
    } while (state.again);
    state.running = false;
    // What is shown stays; ask again shortly rather than wait for the next change.
    if (failed && mounted.current) retry.current = setTimeout(() => void refresh(), RETRY_MS);
  }, []);
  const reload = useCallback(() => void refresh(), [refresh]);

  useEffect(() => {
    mounted.current = true;
    reload();
    return () => {
      mounted.current = false;
      clearTimeout(retry.current);
    };
  }, [reload]);
  useInboxEvents(client, reload);

  const all = [...(lists.open ?? []), ...(lists.resolved ?? [])];
  const room = all.find((r) => r.room_id === selected);

  async function act(action: 'claim' | 'resolve' | 'reopen', roomId: string) {
    setError(null);
    const response = await fetch(`/api/rooms/${roomId}/${action}`, { method: 'POST' }).catch(() => null);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => ({}))) as { message?: string } | undefined;
      setError(format(t.actionFailed, { reason: body?.message ?? String(response?.status ?? 'offline') }));
      return;
    }
    if (action !== 'claim') setTab(action === 'resolve' ? 'resolved' : 'open');
    await refresh();
  }

  const shown = lists[tab];
  return (
    <div className="desk-main desk-main--agent">
      <section className="inbox" aria-labelledby="inbox-title">
        <h2 id="inbox-title" className="panel-title">
          {t.inbox}
        </h2>
        {/* The page's one connection banner: while it shows, the inbox may miss changes (it reloads once back). */}
        <ConnectionBanner />
        <div className="tabs" role="tablist" aria-label={t.inbox}>
          {(['open', 'resolved'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls="inbox-panel"
              tabIndex={tab === name ? 0 : -1}
              className="tabs__tab"
              onClick={() => setTab(name)}
              onKeyDown={(e) => {
                // The tabs pattern: one Tab stop, arrows (and Home/End) move between the two.
                if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
                e.preventDefault();
                const next =
                  e.key === 'Home' ? 'open' : e.key === 'End' ? 'resolved' : name === 'open' ? 'resolved' : 'open';
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
            >
              {name === 'open' ? t.tabOpen : t.tabResolved}
              {lists[name] && <span className="tabs__count">{lists[name].length}</span>}
            </button>
          ))}
        </div>
        <div id="inbox-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="inbox__panel">
          {shown?.length === 0 && <p className="inbox__empty">{tab === 'open' ? t.noOpen : t.noResolved}</p>}
          <ul className="inbox__list">
            {shown?.map((r) => (
              <li key={r.room_id}>
                <InboxItem room={r} selected={r.room_id === selected} onSelect={() => setSelected(r.room_id)} />
              </li>
            ))}
          </ul>
        </div>
      </section>
      <section className="chat-panel" aria-label={room?.name ?? t.pickConversation}>
        {error && (
          <p className="desk-error" role="alert">
            {error}
          </p>
        )}
        {!room ? (
          <div className="placeholder">
            <h2>{t.pickConversation}</h2>
            <p>{t.pickConversationHint}</p>
          </div>
        ) : room.agent_ids.includes(me.id) ? (
          <div className="agent-room oichat-chat__room">
            <RoomHeader
              roomId={room.room_id}
              actions={
                room.status === 'open' ? (
                  <button type="button" className="button button--primary" onClick={() => act('resolve', room.room_id)}>
                    {t.resolve}
                  </button>
                ) : (
                  <button type="button" className="button" onClick={() => act('reopen', room.room_id)}>
                    {t.reopen}
                  </button>
                )
              }
            />
            <MessageList roomId={room.room_id} className="agent-room__messages" />
            <TypingIndicator roomId={room.room_id} />
            <Composer roomId={room.room_id} autoFocus />
          </div>
        ) : (
          <ClaimPanel key={room.room_id} room={room} onClaim={() => act('claim', room.room_id)} />
        )}
      </section>
    </div>
  );
}

function InboxItem({ room, selected, onSelect }: { room: InboxRoom; selected: boolean; onSelect: () => void }) {
  const t = useDictionary();
  const { i18n } = useOiChat();
  const agents = room.agent_ids.map((id) => personaById(id)?.name ?? id);
  return (
    <button
      type="button"
      className={`inbox-item${selected ? ' inbox-item--selected' : ''}`}
      aria-current={selected || undefined}
      onClick={onSelect}
    >
      <span className="inbox-item__top">
        <span className="inbox-item__name">{room.name}</span>
        <time className="inbox-item__time" dateTime={room.last_activity_at}>
          {i18n.listTime(room.last_activity_at)}
        </time>
      </span>
      <span className="inbox-item__bottom">
        <span className="inbox-item__customer">{room.customer_name}</span>
        {room.status === 'open' &&
          (agents.length === 0 ? (
            <span className="pill pill--waiting">{t.unclaimed}</span>
          ) : (
            <span className="pill pill--open">{format(t.claimedBy, { names: i18n.list(agents) })}</span>
          ))}
      </span>
    </button>
  );
}

/** An unclaimed conversation: what the customer has written so far (read through our backend), and Claim. */
function ClaimPanel({ room, onClaim }: { room: InboxRoom; onClaim: () => void }) {
  const t = useDictionary();
  const { client } = useOiChat();
  const [messages, setMessages] = useState<PreviewMessage[]>([]);
  const latest = useRef(0);
  const load = useCallback(async () => {
    const mine = ++latest.current;
    const response = await fetch(`/api/rooms/${room.room_id}/messages`, { cache: 'no-store' }).catch(() => null);
    if (mine === latest.current && response?.ok)
      setMessages(((await response.json()) as { data: PreviewMessage[] }).data);
  }, [room.room_id]);
  const reload = useCallback(() => void load(), [load]);
  useEffect(() => {
    reload();
    // A panel closed or switched to another room ignores the answers still on their way.
    return () => {
      latest.current++;
    };
  }, [reload]);
  // The agent is not in the room yet, so its messages come as inbox events about it.
  useInboxEvents(client, reload, room.room_id);
  return (
    <div className="claim">
      <div className="claim__header">
        <div>
          <h2 className="claim__title">{room.name}</h2>
          <p className="claim__customer">{room.customer_name}</p>
        </div>
        <button type="button" className="button button--primary" onClick={onClaim}>
          {t.claim}
        </button>
      </div>
      <ol className="claim__messages" aria-label={t.conversationSoFar}>
        {messages.map((m) =>
          m.content_type === 'system' ? (
            <li key={m.message_id} className="claim__system">
              <span>{localized(m, t).content}</span> <Clock iso={m.created_at} />
            </li>
          ) : (
            <li key={m.message_id} className="claim__message">
              <span className="claim__meta">
                <span className="claim__sender">{PROFILES[m.sender_id]?.name ?? m.sender_id}</span>{' '}
                <Clock iso={m.created_at} />
              </span>
              <span className="claim__text">{m.content}</span>
            </li>
          ),
        )}
      </ol>
      <p className="claim__hint">{format(t.claimHint, { name: room.customer_name })}</p>
    </div>
  );
}

function Clock({ iso }: { iso: string }) {
  const { i18n } = useOiChat();
  return (
    <time className="claim__time" dateTime={iso}>
      {i18n.time(iso)}
    </time>
  );
}
