// A child process of the fan-out bench holding some of the client sockets (its own CPU, its own
// open-file limit), driven over IPC by bench/fanout/worker-fleet.ts. It opens its sockets from
// the source address it is given (127.0.0.x: each address has its own ephemeral ports), has each
// authenticate and wait for `ready`, then counts the `message.created` frames they receive: for
// each bench message (content `fo:<index>:<epoch ms>`), the latency of each delivery (from the
// send time in the content to this process's receipt, both epoch ms) and when the last of its
// sockets got it.
//
// Requests (parent → worker) and answers: {op:'connect', url, tokens, localAddress, batch} →
// {connected, ms}; {op:'stats'} → {delivered, duplicates, strays, lost}; {op:'take'} → the
// latencies and last receipts since the last take; {op:'close'} → {closed}. Exits when its parent
// goes.
import { WebSocket } from 'ws';

const READY_MARK = Buffer.from('"type":"ready"');
const CONTENT_MARK = Buffer.from('"content":"fo:');
const origin = performance.timeOrigin;

const sockets: WebSocket[] = [];
let closing = false;
let lost = 0;
let delivered = 0;
let duplicates = 0;
let strays = 0;
/** Per message index: how many of this worker's sockets got it, and when the last one did. */
let counts: number[] = [];
let lastAt: number[] = [];
let latency = new Float64Array(1 << 16);
let n = 0;

function onFrame(data: Buffer): void {
  const now = origin + performance.now();
  const at = data.indexOf(CONTENT_MARK);
  if (at < 0) return; // presence, participant.added…
  let index = 0;
  let i = at + CONTENT_MARK.length;
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c < 48 || c > 57) break;
    index = index * 10 + (c - 48);
  }
  // The send time follows the index: `fo:<index>:<epoch ms with decimals>"`.
  const end = data.indexOf(34, i + 1); // the closing quote
  const sentAt = Number(data.toString('latin1', i + 1, end));
  if (!Number.isFinite(sentAt)) {
    strays++;
    return;
  }
  const count = (counts[index] ?? 0) + 1;
  counts[index] = count;
  if (count > sockets.length) {
    duplicates++;
    return;
  }
  delivered++;
  lastAt[index] = now;
  if (n === latency.length) {
    const bigger = new Float64Array(latency.length * 2);
    bigger.set(latency);
    latency = bigger;
  }
  latency[n++] = now - sentAt;
}

function open(url: string, token: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, localAddress });
    let ready = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      if (ready) return onFrame(data as Buffer);
      if ((data as Buffer).includes(READY_MARK)) {
        ready = true;
        resolve(ws);
      }
    });
    ws.on('error', (err) => {
      if (!ready) reject(err);
    });
    ws.on('close', (code) => {
      if (!ready) reject(new Error(`socket closed with ${code} before ready`));
      else if (!closing) lost++;
    });
  });
}

type Request =
  | { op: 'connect'; url: string; tokens: string[]; localAddress: string; batch: number }
  | { op: 'stats' }
  | { op: 'take' }
  | { op: 'close' };

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'connect': {
      const start = performance.now();
      for (let i = 0; i < req.tokens.length; i += req.batch) {
        const batch = req.tokens.slice(i, i + req.batch);
        sockets.push(...(await Promise.all(batch.map((token) => open(req.url, token, req.localAddress)))));
      }
      return { connected: sockets.length, ms: performance.now() - start };
    }
    case 'stats':
      return { delivered, duplicates, strays, lost };
    case 'take': {
      const last: [number, number][] = [];
      lastAt.forEach((at, index) => {
        last.push([index, at]);
      });
      const out = { latency: latency.slice(0, n), last };
      n = 0;
      lastAt = [];
      return out;
    }
    case 'close': {
      closing = true;
      const closed = sockets.map((ws) =>
        ws.readyState === WebSocket.CLOSED ? null : new Promise((resolve) => ws.once('close', resolve)),
      );
      for (const ws of sockets) ws.terminate();
      await Promise.all(closed);
      sockets.length = 0;
      counts = [];
      return { closed: true };
    }
  }
}

process.on('message', (msg: { id: number; req: Request }) => {
  handle(msg.req).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: Error) => process.send!({ id: msg.id, error: `${err.name}: ${err.message}` }),
  );
});
process.on('disconnect', () => process.exit(0));
