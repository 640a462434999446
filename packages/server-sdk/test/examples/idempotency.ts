import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region idempotency
await oichat.rooms.create(
  { type: "group", participants: ["user-1", "user-2"] },
  { idempotencyKey: "order-1234-room" },
);
// #endregion

export { oichat };
