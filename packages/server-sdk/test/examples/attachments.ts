import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region attachments
import { readFile } from "node:fs/promises";

const room = await oichat.rooms.create({ type: "group", participants: ["customer-7", "agent-7"] });

// Upload a file (a Buffer/Uint8Array, a Blob, or a readable stream); the server judges its type by its bytes
const invoice = await oichat.attachments.upload(room.room_id, await readFile("invoice-1234.pdf"), {
  name: "invoice-1234.pdf",
});

// Send it: image and file messages carry up to 10 attachments; content is an optional caption
const sent = await oichat.messages.send({
  room_id: room.room_id,
  sender_id: "system",
  content_type: "file",
  content: "Your invoice",
  attachments: [invoice.attachment_id],
});

// Fresh signed download URLs (valid 1 hour) whenever you need them
const { url, url_expires_at } = await oichat.attachments.get(invoice.attachment_id);
// #endregion

export { room, invoice, sent, url, url_expires_at };
