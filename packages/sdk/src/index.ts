/**
 * @oichat/sdk: the OiChat client for browsers and Node (ESM, no dependencies beyond the
 * platform's fetch and WebSocket).
 *
 *   const client = new OiChatClient({ baseUrl, tokenProvider: () => myBackend.chatToken() });
 *   client.on('message.created', ({ message }) => render(message));
 *   await client.connect();
 *   await client.messages.send(roomId, { content: 'hi' });
 */
export { OiChatClient } from './client.js';
export { OiChatError, type OiChatErrorInit } from './errors.js';
export { fullJitterDelay } from './realtime/backoff.js';
export { CLOSE } from './realtime/socket.js';
export type { Handler } from './events.js';
export type * from './types.js';
