/** POST /api/orders/:orderId/help: the customer asks for help with one of their orders; answers `{ room_id }`. */
import { answer } from '@/lib/answer';
import { openOrderRoom } from '@/lib/desk';
import { orderById } from '@/lib/orders';
import { requireRole } from '@/lib/session';

export function POST(_request: Request, { params }: { params: Promise<{ orderId: string }> }): Promise<Response> {
  return answer(async () => {
    const customer = await requireRole('user');
    if (customer instanceof Response) return customer;
    const order = orderById((await params).orderId);
    // Someone else's order is answered as not found: no hint that it exists.
    if (!order || order.customerId !== customer.id)
      return Response.json({ error: 'order_not_found', message: 'No such order of yours.' }, { status: 404 });
    const room = await openOrderRoom(customer, order);
    return Response.json({ room_id: room.room_id });
  });
}
