import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

await oichat.auth.createToken({ user_id: "agent-7", user_name: "Kim", role: "agent" });
const support = await oichat.rooms.create({
  type: "group",
  participants: ["customer-42", "agent-7"],
  metadata: { queue: "billing" },
});
await oichat.messages.send({ room_id: support.room_id, sender_id: "customer-42", content: "Refund please" });

// #region users
// A user exists once createToken issued them a token (it records their name, role and info)
await oichat.auth.createToken({ user_id: "customer-42", user_name: "Lee" });

// List users (newest first, cursor pagination); a user is one createToken issued a token to
const { data: agents, next_cursor } = await oichat.users.list({
  role: "agent", // Optional: 'user' | 'agent'
  limit: 20, // Optional (1-100, default: 20)
});

// Get a user (404 user_not_found if never issued a token)
const user = await oichat.users.get("customer-42");
// user.name, user.role, user.info (createToken's user_name, role, user_info)

// Update name, info and role
const updated = await oichat.users.update("customer-42", {
  name: "Lee Min", // null clears it
  info: { nickname: "Min", custom: { tier: "gold" } }, // replaces the old info; {} clears it
  role: "user", // 'user' | 'agent'
});

// Delete a user: revokes their tokens and takes them out of every room
const deleted = await oichat.users.delete("customer-42", {
  redact_messages: true, // Optional: also erase what they wrote (default: their messages stay)
});
// deleted.rooms_left, deleted.rooms_deleted, deleted.messages_redacted
// #endregion

// #region rooms-all
// List every room of the project (no user_id), filtered: a support desk's open billing rooms
const open = await oichat.rooms.list({
  status: "open", // Optional: 'open' | 'resolved'
  type: "group", // Optional: 'direct' | 'group'
  metadata: { queue: "billing" }, // Optional: top-level metadata key/value pairs, all must match
  limit: 50,
});
for (const room of open.data) console.log(room.room_id, room.name, room.participants);
// #endregion

export { agents, next_cursor, user, updated, deleted, open, support };
