import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});
const room = await oichat.rooms.create({ type: "group", participants: ["customer-7", "support-agent"] });

// #region channels
// Subscribe through the token: agents' tokens list the inbox channel, customers' list none
const { token: agentToken } = await oichat.auth.createToken({
  user_id: "agent-7",
  role: "agent",
  channels: ["support-inbox"], // 1-200 characters each, at most 100
});

// Publish a live event to every user connected now whose token lists the channel
const published = await oichat.channels.publish("support-inbox", {
  event: "inbox.changed", // Required (1-100 characters)
  data: { room_id: room.room_id }, // Optional: a JSON object (≤ 8 KB), default {}
});
// published: { channel: "support-inbox", event: "inbox.changed" }

// In the browser, @oichat/sdk hands it over as a 'channel.event':
// client.on("channel.event", ({ channel, event, data }) => { if (event === "inbox.changed") reloadInbox(); });
// #endregion

export { agentToken, published, room };
