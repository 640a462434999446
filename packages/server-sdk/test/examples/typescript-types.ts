// #region typescript-types
import {
  OiChat,
  type Room,
  type TokenResponse,
  type SendMessageParams,
} from "@oichat/server-sdk";
// #endregion

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region typescript-types-usage
async function createSupportRoom(orderId: string): Promise<Room> {
  return oichat.rooms.create({
    type: "group",
    name: `Order #${orderId}`,
    participants: ["customer", "support-agent"],
  });
}

async function tokenFor(userId: string): Promise<TokenResponse> {
  return oichat.auth.createToken({ user_id: userId, role: "user" });
}

const confirmation: SendMessageParams = {
  room_id: (await createSupportRoom("1234")).room_id,
  sender_id: "system",
  content: "We are on it.",
  content_type: "system",
};
await oichat.messages.send(confirmation);
// #endregion

export { createSupportRoom, tokenFor, confirmation };
