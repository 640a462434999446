/** A small order fixture: what a shop's own database would answer. */
export interface Order {
  id: string;
  customerId: string;
  placedAt: string;
  items: { name: string; quantity: number }[];
  /** In cents. */
  total: number;
  status: 'processing' | 'shipped' | 'delivered';
}

export const ORDERS: readonly Order[] = [
  {
    id: '1234',
    customerId: 'customer-jisoo',
    placedAt: '2026-11-28',
    items: [
      { name: 'Ceramic pour-over set', quantity: 1 },
      { name: 'Single-origin beans, 250 g', quantity: 2 },
    ],
    total: 6400,
    status: 'shipped',
  },
  {
    id: '1198',
    customerId: 'customer-jisoo',
    placedAt: '2026-11-02',
    items: [{ name: 'Linen apron', quantity: 1 }],
    total: 3200,
    status: 'delivered',
  },
  {
    id: '1241',
    customerId: 'customer-alex',
    placedAt: '2026-12-01',
    items: [{ name: 'Cast-iron kettle', quantity: 1 }],
    total: 8900,
    status: 'processing',
  },
  {
    id: '1207',
    customerId: 'customer-alex',
    placedAt: '2026-11-10',
    items: [{ name: 'Glass storage jars', quantity: 3 }],
    total: 4500,
    status: 'delivered',
  },
  {
    id: '1250',
    customerId: 'customer-sam',
    placedAt: '2026-12-02',
    items: [{ name: 'Hand grinder', quantity: 1 }],
    total: 7600,
    status: 'processing',
  },
];

export const ordersOf = (customerId: string): Order[] => ORDERS.filter((o) => o.customerId === customerId);

export const orderById = (id: string): Order | undefined => ORDERS.find((o) => o.id === id);

export const formatMoney = (cents: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
