/** GET /api/rooms/:roomId/messages: an agent reads the newest messages of a conversation before claiming it. */
import { answer } from '@/lib/answer';
import { preview } from '@/lib/desk';
import { requireRole } from '@/lib/session';

export function GET(_request: Request, { params }: { params: Promise<{ roomId: string }> }): Promise<Response> {
  return answer(async () => {
    const agent = await requireRole('agent');
    if (agent instanceof Response) return agent;
    const data = await preview((await params).roomId);
    return Response.json({ data }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
