// The seed README's code blocks exactly as published (../../../shared/seed/000_a848e1e66019dc09.txt),
// compiled under tsc --strict against the built package's declarations: proof that the SDK's
// types accept every call, option and field the seed shows. Compile-only: the placeholders
// ("room-abc", "expired-jwt...", ak_live_xxxxxxxxxxxx) cannot run against a real server; the
// runnable versions, which differ only in credentials and real ids, sit beside this file.
// Each block gets its own function scope, and the Rooms block one more around
// "Get room details", because the seed declares `const room` twice in that block.
import { OiChat } from "@oichat/server-sdk";
import {
  OiChatApiError,
  OiChatServerError,
  OiChatNetworkError,
} from "@oichat/server-sdk";
import {
  type Room,
  type TokenResponse,
  type SendMessageParams,
} from "@oichat/server-sdk";

export async function quickStart(): Promise<void> {
  const oichat = new OiChat({
    apiKey: "ak_live_xxxxxxxxxxxx",
    secretKey: "sk_xxxxxxxxxxxx",
    projectId: "proj_xxxxxxxxxxxx",
  });
  // 1. Issue JWT token for a user
  const { token, expires_at } = await oichat.auth.createToken({
    user_id: "user-123",
    user_name: "John Doe",
  });
  // 2. Create a chat room
  const room = await oichat.rooms.create({
    type: "group",
    name: "Order #1234 Support",
    participants: ["user-123", "agent-1"],
  });
  // 3. Send a system message
  await oichat.messages.send({
    room_id: room.room_id,
    sender_id: "system",
    content: "Your order has been confirmed.",
    content_type: "system",
  });
}

export function configuration(): OiChat {
  const oichat = new OiChat({
    apiKey: "ak_live_xxxxxxxxxxxx", // Required
    secretKey: "sk_xxxxxxxxxxxx", // Required
    projectId: "proj_xxxxxxxxxxxx", // Required
    baseUrl: "https://api.oichatapi.com", // Optional (default)
    timeout: 10000, // Optional: request timeout in ms (default: 10000)
    maxRetries: 2, // Optional: retry count for 5xx/network errors (default: 2)
  });
  return oichat;
}

export async function auth(oichat: OiChat): Promise<void> {
  // Issue JWT token (24h TTL for server mode)
  const { token, expires_at } = await oichat.auth.createToken({
    user_id: "user-123", // Required
    user_name: "John Doe", // Optional
    user_info: {
      // Optional
      avatar_url: "https://...",
      nickname: "Johnny",
      badge: "VIP",
      custom: { tier: "gold" },
    },
    channels: [], // Optional: additional channels to subscribe
    role: "user", // Optional: 'user' | 'agent'
  });
  // Refresh expired token
  const { token: newToken } = await oichat.auth.refreshToken({
    token: "expired-jwt...",
  });
}

export async function rooms(oichat: OiChat): Promise<void> {
  // Create room
  const room = await oichat.rooms.create({
    type: "direct", // 'direct' | 'group'
    name: "Chat Room", // Optional
    participants: ["user-1", "user-2"], // Required (2-500)
    metadata: { order_id: "1234" }, // Optional
  });
  // List rooms for a user (cursor pagination)
  const { data, next_cursor, has_more } = await oichat.rooms.list({
    user_id: "user-1",
    limit: 20, // Optional (1-100, default: 20)
    cursor: undefined, // Optional
  });
  {
    // Get room details
    const room = await oichat.rooms.get("room-abc");
  }
  // Update room
  await oichat.rooms.update("room-abc", {
    name: "New Name",
    metadata: { updated: true },
    status: "resolved", // 'open' | 'resolved'
  });
  // Delete room (soft delete)
  await oichat.rooms.delete("room-abc");
  // Add participant
  await oichat.rooms.addParticipant("room-abc", { user_id: "user-3" });
  // Remove participant
  await oichat.rooms.removeParticipant("room-abc", "user-3");
  // Leave room (auto-destroys if 0 participants remain)
  const result = await oichat.rooms.leave("room-abc", { user_id: "user-1" });
  // result.destroyed === true if room was destroyed
  const destroyed: boolean = result.destroyed;
}

export async function messages(oichat: OiChat): Promise<void> {
  // Send message (system message, bot response, etc.)
  const message = await oichat.messages.send({
    room_id: "room-abc",
    sender_id: "system",
    content: "Transaction completed.",
    content_type: "system", // 'text' | 'image' | 'file' | 'system' | 'custom'
    metadata: { order_id: "1234" },
  });
}

export async function idempotency(oichat: OiChat): Promise<void> {
  await oichat.rooms.create(
    { type: "group", participants: ["user-1", "user-2"] },
    { idempotencyKey: "order-1234-room" },
  );
}

export async function errorHandling(oichat: OiChat): Promise<void> {
  try {
    await oichat.rooms.get("nonexistent");
  } catch (error) {
    if (error instanceof OiChatApiError) {
      // 4xx: client error (bad request, not found, forbidden)
      console.error(error.statusCode, error.errorCode, error.message);
    } else if (error instanceof OiChatServerError) {
      // 5xx: server error (retries exhausted)
      console.error(error.statusCode, error.message);
    } else if (error instanceof OiChatNetworkError) {
      // Network failure or timeout
      console.error(error.message, error.cause);
    }
  }
}

export function typescriptTypes(oichat: OiChat): (orderId: string) => Promise<Room> {
  async function createSupportRoom(orderId: string): Promise<Room> {
    return oichat.rooms.create({
      type: "group",
      name: `Order #${orderId}`,
      participants: ["customer", "support-agent"],
    });
  }
  return createSupportRoom;
}

export type { TokenResponse, SendMessageParams };
