import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region auth
// Issue JWT token (24h TTL)
const { token, expires_at } = await oichat.auth.createToken({
  user_id: "user-123", // Required
  user_name: "John Doe", // Optional
  user_info: {
    // Optional
    avatar_url: "https://example.com/johnny.png",
    nickname: "Johnny",
    badge: "VIP",
    custom: { tier: "gold" },
  },
  channels: [], // Optional: additional channels to subscribe
  role: "user", // Optional: 'user' | 'agent'
});

// Refresh a token (it may have expired, by at most 30 days)
const { token: newToken } = await oichat.auth.refreshToken({
  token,
});
// #endregion

// #region auth-revoke
// Sign a user out everywhere (a stolen device, a banned account): every token issued to them so
// far stops working, refresh included, and their open connections close
const { revoked_at } = await oichat.auth.revokeTokens({ user_id: "user-123" });
// #endregion

// #region rooms
// Create room
const room = await oichat.rooms.create({
  type: "group", // 'direct' | 'group'
  name: "Chat Room", // Optional
  participants: ["user-1", "user-2"], // Required (direct: exactly 2; group: 2-500)
  metadata: { order_id: "1234" }, // Optional
});

// List rooms for a user (cursor pagination)
const { data, next_cursor, has_more } = await oichat.rooms.list({
  user_id: "user-1",
  limit: 20, // Optional (1-100, default: 20)
  cursor: undefined, // Optional: next_cursor of the previous page
});

// Get room details
const details = await oichat.rooms.get(room.room_id);

// Update room
await oichat.rooms.update(room.room_id, {
  name: "New Name", // null clears it
  metadata: { updated: true }, // replaces the old metadata
  status: "resolved", // 'open' | 'resolved'
});

// Add participant
await oichat.rooms.addParticipant(room.room_id, { user_id: "user-3" });

// Remove participant
await oichat.rooms.removeParticipant(room.room_id, "user-3");

// Leave room (auto-destroys if 0 participants remain)
const result = await oichat.rooms.leave(room.room_id, { user_id: "user-1" });
// result.destroyed === true if room was destroyed
// #endregion

// #region messages
// Send message (system message, bot response, etc.)
const message = await oichat.messages.send({
  room_id: room.room_id,
  sender_id: "system",
  content: "Transaction completed.",
  content_type: "system", // 'text' | 'image' | 'file' | 'system' | 'custom'
  metadata: { order_id: "1234" },
});

// Read history, in ascending seq:
// after: N reads forward from seq N (0 = from the start), before: N reads backward,
// neither returns the newest messages. has_more: more lie further that way.
const history = await oichat.messages.list(room.room_id, { after: 0, limit: 50 });
// #endregion

// #region rooms-delete
// Delete room (soft delete: afterwards it answers 404 room_not_found)
await oichat.rooms.delete(room.room_id);
// #endregion

export { token, expires_at, newToken, revoked_at, room, data, next_cursor, has_more, details, result, message, history };
