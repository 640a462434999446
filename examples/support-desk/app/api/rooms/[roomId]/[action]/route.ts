/** POST /api/rooms/:roomId/claim | resolve | reopen: an agent acts on a support conversation. */
import { answer } from '@/lib/answer';
import { claim, setStatus } from '@/lib/desk';
import { requireRole } from '@/lib/session';

const ACTIONS = {
  claim,
  resolve: (agent, roomId) => setStatus(agent, roomId, 'resolved'),
  reopen: (agent, roomId) => setStatus(agent, roomId, 'open'),
} satisfies Record<string, typeof claim>;

export function POST(
  _request: Request,
  { params }: { params: Promise<{ roomId: string; action: string }> },
): Promise<Response> {
  return answer(async () => {
    const agent = await requireRole('agent');
    if (agent instanceof Response) return agent;
    const { roomId, action } = await params;
    if (!Object.hasOwn(ACTIONS, action))
      return Response.json({ error: 'unknown_action', message: 'Use claim, resolve or reopen.' }, { status: 404 });
    await ACTIONS[action as keyof typeof ACTIONS](agent, roomId);
    return new Response(null, { status: 204 });
  });
}
