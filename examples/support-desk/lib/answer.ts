/**
 * How the route handlers answer when something fails: JSON with a stable code and a sentence,
 * never an HTML 500 page. The desk's own refusals keep their status; OiChat being unreachable or
 * refusing a call is a 502 naming what happened (the details go to the server log, not the browser).
 */
import 'server-only';
import { OiChatApiError, OiChatError, OiChatNetworkError } from '@oichat/server-sdk';
import { DeskError } from './desk';

export async function answer(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DeskError)
      return Response.json({ error: error.code, message: error.message }, { status: error.status });
    if (error instanceof OiChatError) {
      console.error('OiChat call failed:', error);
      const message =
        error instanceof OiChatNetworkError
          ? 'The chat service cannot be reached right now; try again in a moment.'
          : error instanceof OiChatApiError
            ? `The chat service refused the request (${error.errorCode}).`
            : 'The chat service failed; try again in a moment.';
      return Response.json({ error: 'chat_service_error', message }, { status: 502 });
    }
    throw error;
  }
}
