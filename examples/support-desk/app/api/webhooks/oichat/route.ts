/**
 * POST /api/webhooks/oichat: OiChat's deliveries. The raw body is verified (signature, timestamp)
 * before anything reads it; a delivery that fails is answered 400 and ignored. What it does: any
 * change to a desk room is published to the agents' inbox channel (their pages reload the inbox
 * at once), a customer writing in a resolved room reopens it, and one writing in a room nobody has
 * claimed for a while gets an automatic reply.
 */
import { OiChatWebhookVerificationError, type WebhookEvent } from '@oichat/server-sdk';
import { answer } from '@/lib/answer';
import { onWebhookEvent } from '@/lib/desk';
import { oichat, webhookSecret } from '@/lib/oichat';

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  let event: WebhookEvent;
  try {
    event = await oichat().webhooks.verify(rawBody, request.headers, webhookSecret());
  } catch (error) {
    if (error instanceof OiChatWebhookVerificationError)
      return Response.json({ error: 'invalid_webhook', reason: error.reason }, { status: 400 });
    throw error;
  }
  // A failure answers 502 (as JSON): OiChat delivers the event again later, and each step is idempotent.
  return answer(async () => {
    await onWebhookEvent(event);
    return new Response(null, { status: 204 });
  });
}
