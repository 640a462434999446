import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region message-features
const room = await oichat.rooms.create({ type: "group", participants: ["customer-7", "agent-3"] });

// Reply in a thread, mentioning a participant (anyone else is a 400 naming the id)
const question = await oichat.messages.send({ room_id: room.room_id, sender_id: "customer-7", content: "Where is my parcel?" });
const answer = await oichat.messages.send({
  room_id: room.room_id,
  sender_id: "agent-3",
  content: "@customer-7 it left the depot today",
  parent_id: question.message_id,
  mentions: ["customer-7"],
});
const thread = await oichat.messages.replies(question.message_id); // { data: [answer], has_more }

// Edit (any sender's message), react for a participant, pin
await oichat.messages.update(answer.message_id, { content: "@customer-7 it arrives tomorrow" });
await oichat.messages.addReaction(answer.message_id, { user_id: "customer-7", type: "🙏" });
await oichat.messages.pin(answer.message_id);
const pins = await oichat.rooms.pins(room.room_id); // newest pin first

// Search the project (or one room, one sender): every word, as a substring, newest first
const found = await oichat.messages.search({ query: "arrives", room_id: room.room_id });

// Delete, softly: it keeps its id and seq; its content, reactions and pin are gone
const deleted = await oichat.messages.delete(question.message_id);
// #endregion

export { room, question, answer, thread, pins, found, deleted };
