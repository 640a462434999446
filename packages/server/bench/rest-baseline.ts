// The baseline of npm run bench:rest: a bare Fastify server answering POST /v1/messages with a
// JSON body shaped like OiChat's message (ids, seq, content echoed, timestamps), with no
// authentication, validation or storage: what the framework alone costs per request. Prints
// "listening on <url>" once it listens; SIGTERM closes it.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
let seq = 0;
app.post('/v1/messages', async (request, reply) => {
  const body = request.body as { room_id: string; sender_id: string; content: string };
  return reply.status(201).send({
    message_id: `msg_${randomUUID().replaceAll('-', '')}`,
    room_id: body.room_id,
    seq: ++seq,
    sender_id: body.sender_id,
    content: body.content,
    content_type: 'text',
    metadata: {},
    created_at: new Date().toISOString(),
  });
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.error(`listening on ${url}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
