/** GET /api/inbox?status=open|resolved: the agents' list of support conversations. */
import { answer } from '@/lib/answer';
import { inbox } from '@/lib/desk';
import { requireRole } from '@/lib/session';

export function GET(request: Request): Promise<Response> {
  return answer(async () => {
    const agent = await requireRole('agent');
    if (agent instanceof Response) return agent;
    const status = new URL(request.url).searchParams.get('status') ?? 'open';
    if (status !== 'open' && status !== 'resolved')
      return Response.json({ error: 'invalid_status', message: 'status must be open or resolved.' }, { status: 400 });
    return Response.json({ data: await inbox(status) }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
