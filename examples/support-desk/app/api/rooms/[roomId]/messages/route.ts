/** GET /api/rooms/:roomId/messages: an agent reads the newest messages of a conversation before claiming it. */
import { DeskError, preview } from '@/lib/desk';
import { requireRole } from '@/lib/session';

export async function GET(_request: Request, { params }: { params: Promise<{ roomId: string }> }): Promise<Response> {
  const agent = await requireRole('agent');
  if (agent instanceof Response) return agent;
  try {
    return Response.json({ data: await preview((await params).roomId) }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof DeskError)
      return Response.json({ error: error.code, message: error.message }, { status: error.status });
    throw error;
  }
}
