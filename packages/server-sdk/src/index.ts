// Public entry point of @oichat/server-sdk: everything applications may import, nothing else.

export { OiChat } from "./client.js";
export {
  OiChatError,
  OiChatApiError,
  OiChatServerError,
  OiChatNetworkError,
  OiChatConfigError,
} from "./core/errors.js";
export { Auth } from "./resources/auth.js";
export { Rooms } from "./resources/rooms.js";
export { Messages } from "./resources/messages.js";
export { VERSION } from "./version.js";
export type * from "./types.js";
