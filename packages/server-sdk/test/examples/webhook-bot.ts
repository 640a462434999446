// A support bot: OiChat tells it (by webhook) when a user writes, and it answers in the room.
// Run it next to your backend; register its URL with oichat.webhooks.create and keep the secret.
// #region webhook-bot
import { createServer } from "node:http";
import { OiChat, OiChatWebhookVerificationError } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

const BOT_ID = "system";
const answered = new Set<string>(); // event ids already handled: deliveries are at least once

export function startBot(secret: string, port = 0) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        // Verify the raw bytes, before any JSON parsing.
        const event = await oichat.webhooks.verify(Buffer.concat(chunks), req.headers, secret);
        res.writeHead(204).end(); // acknowledge at once; the work below may take longer
        if (event.type !== "message.created" || answered.has(event.id)) return;
        const { message } = event.data;
        if (message.sender_id === BOT_ID) return; // never answer ourselves
        answered.add(event.id);
        await oichat.messages.send({
          room_id: message.room_id,
          sender_id: BOT_ID,
          content: `Thanks, ${message.sender_id}! An agent will answer "${message.content}" shortly.`,
          content_type: "system",
        });
      } catch (err) {
        if (err instanceof OiChatWebhookVerificationError) {
          res.writeHead(400).end(err.reason);
          return;
        }
        console.error("bot failed", err);
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}/oichat/webhooks`, close: () => server.close() });
    });
  });
}
// #endregion

export { oichat };
