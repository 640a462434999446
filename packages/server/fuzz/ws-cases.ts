// WebSocket sessions: a socket authenticates with a valid token (or a bad one, or none), sends
// generated frames (the protocol's requests with valid and invalid fields, unknown types,
// non-JSON, deep or outsized frames, binary), then a ping as a marker, and waits until the pong
// comes back or the server closes. A close with 1011 (internal error) is a finding, as is a
// session the server neither answers nor closes.
import { WebSocket } from 'ws';
import type { Pool } from './http-cases.ts';
import { HOSTILE_STRINGS, type Rng } from './values.ts';

export interface SessionOutcome {
  frames: number;
  /** The close code, or 0 when the marker came back and the fuzzer closed the socket itself. */
  closeCode: number;
  failure: string | null;
  /** What was sent, for a reproducer. */
  sent: string[];
}

function frameOf(rng: Rng, pool: Pool): string | Buffer {
  const room = rng.chance(0.7) && pool.rooms.length > 0 ? rng.pick(pool.rooms) : rng.pick(HOSTILE_STRINGS);
  const id = rng.chance(0.5) ? rng.pick(['a', 1, null, {}, 'x'.repeat(300)]) : undefined;
  // One frame in five breaks the protocol (the server closes the socket); the others it answers.
  switch (rng.int(0, 29)) {
    case 0:
      return 'not json';
    case 1:
      return Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    case 2:
      return JSON.stringify({
        type: rng.pick(['typing.start', 'ping']),
        deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`),
      });
    case 3:
      return JSON.stringify({ type: rng.pick(['nope', '', 'auth', 'typing', 'TYPING.START', '\u0000']), id });
    case 4:
      return JSON.stringify(rng.pick([[], null, 1, 'ping', { type: 1 }, { type: null }, { room_id: room }]));
    case 5:
      return JSON.stringify({ type: 'ping', id, pad: rng.chance(0.2) ? 'x'.repeat(70_000) : undefined });
    default:
      return JSON.stringify({
        type: rng.pick(['typing.start', 'typing.stop']),
        room_id: rng.chance(0.1) ? rng.pick([1, null, [], {}]) : room,
        id,
      });
  }
}

export function session(url: string, rng: Rng, pool: Pool, timeoutMs: number): Promise<SessionOutcome> {
  const sent: string[] = [];
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/realtime`, { perMessageDeflate: false });
  const auth = rng.pick(['token', 'token', 'token', 'token', 'garbage', 'none', 'resume']);
  const token = pool.tokens.length > 0 ? rng.pick(pool.tokens) : 'x';
  const count = rng.int(1, 10);
  return new Promise((resolve) => {
    let done = false;
    const finish = (closeCode: number, failure: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.terminate();
      resolve({ frames: sent.length, closeCode, failure, sent });
    };
    const timer = setTimeout(
      () => finish(-1, `no answer to the marker ping and no close within ${timeoutMs} ms`),
      timeoutMs,
    );
    const send = (data: string | Buffer) => {
      sent.push(typeof data === 'string' ? data.slice(0, 500) : `<binary ${data.toString('hex')}>`);
      ws.send(data);
    };
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      finish(res.statusCode ?? -1, (res.statusCode ?? 0) >= 500 ? `upgrade answered ${res.statusCode}` : null);
    });
    ws.on('close', (code) => finish(code, code === 1011 ? 'closed 1011 (internal error)' : null));
    ws.on('message', (data) => {
      let frame: { type?: string; id?: unknown } = {};
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return finish(-1, `the server sent a frame that is not JSON: ${data.toString().slice(0, 200)}`);
      }
      if (frame.type === 'ready') {
        for (let i = 0; i < count; i++) send(frameOf(rng, pool));
        send(JSON.stringify({ type: 'ping', id: 'fuzz-marker' }));
      }
      if (frame.type === 'pong' && frame.id === 'fuzz-marker') finish(0, null);
    });
    ws.on('open', () => {
      if (auth === 'none') {
        for (let i = 0; i < count; i++) send(frameOf(rng, pool));
        return;
      }
      const resume =
        auth === 'resume'
          ? rng.pick([
              { [rng.pick(pool.rooms.length > 0 ? pool.rooms : ['r'])]: rng.pick([0, 1, 1e15]) },
              { r: -1 },
              [],
              'x',
            ])
          : undefined;
      send(JSON.stringify({ type: 'auth', token: auth === 'garbage' ? rng.pick(HOSTILE_STRINGS) : token, resume }));
    });
  });
}
