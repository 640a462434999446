/** POST /api/rooms/:roomId/claim | resolve | reopen: an agent acts on a support conversation. */
import { DeskError, claim, setStatus } from '@/lib/desk';
import { requireRole } from '@/lib/session';

const ACTIONS = {
  claim,
  resolve: (agent, roomId) => setStatus(agent, roomId, 'resolved'),
  reopen: (agent, roomId) => setStatus(agent, roomId, 'open'),
} satisfies Record<string, typeof claim>;

export async function POST(
  _request: Request,
  { params }: { params: Promise<{ roomId: string; action: string }> },
): Promise<Response> {
  const agent = await requireRole('agent');
  if (agent instanceof Response) return agent;
  const { roomId, action } = await params;
  if (!Object.hasOwn(ACTIONS, action))
    return Response.json({ error: 'unknown_action', message: 'Use claim, resolve or reopen.' }, { status: 404 });
  try {
    await ACTIONS[action as keyof typeof ACTIONS](agent, roomId);
  } catch (error) {
    if (error instanceof DeskError)
      return Response.json({ error: error.code, message: error.message }, { status: error.status });
    throw error;
  }
  return new Response(null, { status: 204 });
}
