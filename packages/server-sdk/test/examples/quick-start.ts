// #region quick-start
import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!, // "ak_live_xxxxxxxxxxxx"
  secretKey: process.env.OICHAT_SECRET_KEY!, // "sk_xxxxxxxxxxxx"
  projectId: process.env.OICHAT_PROJECT_ID!, // "proj_xxxxxxxxxxxx"
  baseUrl: process.env.OICHAT_BASE_URL, // your server; when unset: https://api.oichatapi.com
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
// #endregion

export { token, expires_at, room };
