// Public entry point of @oichat/server-sdk: everything applications may import, nothing else.

export { OiChat } from './client.js';
export {
  OiChatError,
  OiChatApiError,
  OiChatServerError,
  OiChatNetworkError,
  OiChatConfigError,
  OiChatWebhookVerificationError,
  type WebhookVerificationFailure,
} from './core/errors.js';
export { verifyWebhook } from './core/webhook-verify.js';
export { Auth } from './resources/auth.js';
export { Rooms } from './resources/rooms.js';
export { Users } from './resources/users.js';
export { Messages } from './resources/messages.js';
export { Attachments } from './resources/attachments.js';
export { Webhooks } from './resources/webhooks.js';
export { Channels } from './resources/channels.js';
export { VERSION } from './version.js';
export type * from './types.js';
