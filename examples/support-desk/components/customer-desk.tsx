'use client';
/**
 * The customer's page: their orders, each with "Get help" (which opens the order's support
 * room through our backend), beside the chat with their conversations and their status.
 */
import { Chat, useOiChat, useRooms } from '@oichat/ui-react';
import { useRef, useState } from 'react';
import { format } from '@/lib/i18n';
import { type Order, formatMoney } from '@/lib/orders';
import { useDictionary } from './desk-context';

// The order's calendar day, the same on the server and in any browser's time zone.
const formatDay = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

export function CustomerDesk({ orders }: { orders: Order[] }) {
  const t = useDictionary();
  const { i18n, store } = useOiChat();
  const { rooms } = useRooms();
  const [roomId, setRoomId] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const inFlight = useRef(false);

  async function getHelp(order: Order) {
    // One request at a time from this page (a ref: a double click lands before a re-render can);
    // the backend makes one room even if two requests arrive.
    if (inFlight.current) return;
    inFlight.current = true;
    setOpening(order.id);
    setFailed(null);
    try {
      const response = await fetch(`/api/orders/${order.id}/help`, { method: 'POST' });
      if (!response.ok) throw new Error(String(response.status));
      const { room_id } = (await response.json()) as { room_id: string };
      setRoomId(room_id);
      // A room made before this page's socket was up sends it no room.created: list it from the server.
      if (!rooms.some((r) => r.room.room_id === room_id)) void store.reloadRooms();
    } catch {
      setFailed(order.id);
    } finally {
      inFlight.current = false;
      setOpening(null);
    }
  }

  return (
    <div className="desk-main desk-main--customer">
      <section className="orders" aria-labelledby="orders-title">
        <h2 id="orders-title" className="panel-title">
          {t.yourOrders}
        </h2>
        <ul className="orders__list">
          {orders.map((order) => {
            const room = rooms.find((r) => r.room.metadata.order_id === order.id)?.room;
            const title = format(t.orderNumber, { id: order.id });
            return (
              <li key={order.id} className="order" aria-label={title}>
                <div className="order__top">
                  <span className="order__title">{title}</span>
                  <span className={`pill pill--${order.status}`}>{t[`status_${order.status}`]}</span>
                </div>
                <p className="order__meta">
                  {format(t.placedOn, { date: formatDay(order.placedAt, i18n.locale) })} ·{' '}
                  {formatMoney(order.total, i18n.locale)}
                </p>
                <ul className="order__items">
                  {order.items.map((item) => (
                    <li key={item.name}>
                      {item.quantity} × {item.name}
                    </li>
                  ))}
                </ul>
                <div className="order__actions">
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => getHelp(order)}
                    aria-busy={opening === order.id}
                    aria-label={`${room ? t.openChat : t.getHelp}: ${title}`}
                  >
                    {opening === order.id ? t.opening : room ? t.openChat : t.getHelp}
                  </button>
                  {room?.status === 'resolved' && <span className="pill pill--resolved">{t.tabResolved}</span>}
                  {room?.status === 'open' && <span className="pill pill--open">{t.tabOpen}</span>}
                </div>
                {failed === order.id && (
                  <p className="order__error" role="alert">
                    {t.openFailed}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section className="chat-panel" aria-label={t.brand}>
        <Chat roomId={roomId} onRoomChange={setRoomId} />
      </section>
    </div>
  );
}
