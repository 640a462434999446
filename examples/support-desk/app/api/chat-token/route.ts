/**
 * GET /api/chat-token: the signed-in user's OiChat token. The browser's OiChatClient calls this
 * from its `tokenProvider` when it connects and again before the token expires; the role in the
 * token is the session's, never something the browser says, and so are its channels: agents
 * subscribe to the inbox channel, customers to none (they never hear of other people's rooms).
 */
import { answer } from '@/lib/answer';
import { INBOX_CHANNEL } from '@/lib/inbox-events';
import { oichat } from '@/lib/oichat';
import { currentPersona } from '@/lib/session';

export function GET(): Promise<Response> {
  return answer(async () => {
    const persona = await currentPersona();
    if (!persona) return Response.json({ error: 'not_signed_in', message: 'Sign in first.' }, { status: 401 });
    const { token, expires_at } = await oichat().auth.createToken({
      user_id: persona.id,
      user_name: persona.name,
      role: persona.role,
      channels: persona.role === 'agent' ? [INBOX_CHANNEL] : [],
    });
    return Response.json({ token, expires_at }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
