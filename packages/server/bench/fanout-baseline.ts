// The baseline of bench/fanout.ts: a bare WebSocket broadcast server, run as a child process
// exactly like the OiChat server, with the same wire shapes and the same fan-out, and nothing
// else. `POST /send {room_id, content}` builds a message like OiChat's, serializes the
// `message.created` frame ONCE and writes it to every socket of the room, then answers 201.
// Sockets join a room with `{"type":"auth","token":"<room id>"}` and get `{"type":"ready"}`.
// No request signing, no database, no per-connection state beyond the socket and its room Set:
// the floor of what any server can do for this fan-out on this machine.
//
// Prints `listening on http://127.0.0.1:<port>`; exits on SIGTERM/SIGINT or when its stdin
// closes (so it never outlives the bench).

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const seqs = new Map<string, number>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/send') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let input: { room_id?: unknown; content?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString()) as typeof input;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const roomId = String(input.room_id);
    const seq = (seqs.get(roomId) ?? 0) + 1;
    seqs.set(roomId, seq);
    const message = {
      message_id: 'msg_' + randomBytes(13).toString('hex'),
      room_id: roomId,
      seq,
      sender_id: 'system',
      content: String(input.content),
      content_type: 'text',
      metadata: {},
      created_at: new Date().toISOString(),
    };
    const frame = JSON.stringify({ type: 'message.created', room_id: roomId, message });
    for (const ws of rooms.get(roomId) ?? []) ws.send(frame);
    const body = JSON.stringify(message);
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').split('?')[0] !== '/v1/realtime') {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, accept);
});

function accept(ws: WebSocket): void {
  let room: Set<WebSocket> | null = null;
  ws.on('message', (data) => {
    if (room) return;
    let token = '';
    try {
      token = String((JSON.parse(data.toString()) as { token?: unknown }).token);
    } catch {
      ws.close(4009, 'protocol_error');
      return;
    }
    room = rooms.get(token) ?? new Set();
    rooms.set(token, room);
    room.add(ws);
    ws.send(JSON.stringify({ type: 'ready', room_id: token }));
  });
  ws.on('close', () => room?.delete(ws));
  ws.on('error', () => ws.terminate());
}

function stop(): void {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
