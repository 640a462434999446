/**
 * Fair webhook delivery (issue 10, finding 6): a project whose endpoints never answer holds only
 * its share of the delivery slots, and projects take turns for the slots there are. Two projects
 * on one real server, real HTTP receivers that hold their answers until the test lets them go;
 * the assertions are on counts and order, never on elapsed time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

let t: TestServer | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  // Receivers first: a held answer then fails at once instead of keeping the server's stop waiting.
  for (const r of receivers.splice(0)) await r.close();
  await t?.close();
  t = undefined;
});

/** Nothing times out or retries on its own while a test holds answers back. */
const PATIENT = { OICHAT_WEBHOOK_TIMEOUT_MS: '120000', OICHAT_WEBHOOK_RETRY_SCHEDULE: '3600' };

/** A receiver whose answers wait for `gate`, counting requests open at once (now and at most). */
async function holdingReceiver(label: string, log: string[], gate: () => Promise<unknown>) {
  const counts = { open: 0, maxOpen: 0 };
  const receiver = await startReceiver({
    respond: () => {
      log.push(label);
      counts.open++;
      counts.maxOpen = Math.max(counts.maxOpen, counts.open);
      return { status: 200, release: gate().finally(() => counts.open--) };
    },
  });
  receivers.push(receiver);
  return Object.assign(receiver, { counts });
}

async function rooms(client: TestServer['client'], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    expect(res.status).toBe(201);
  }
}

async function endpoint(client: TestServer['client'], url: string): Promise<void> {
  const res = await client.post('/v1/webhooks', { url, event_types: ['room.created'] });
  expect(res.status).toBe(201);
}

describe('webhook delivery between projects', () => {
  it("an endpoint that never answers holds at most its share; another project's delivery goes out meanwhile", async () => {
    t = await startTestServer({
      webhooksAllowPrivate: true,
      env: {
        ...PATIENT,
        OICHAT_WEBHOOK_CONCURRENCY: '4',
        OICHAT_WEBHOOK_PROJECT_CONCURRENCY: '3',
        OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      },
    });
    const log: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    // Project A: two endpoints that answer nothing until the end, and a backlog for each.
    const a1 = await holdingReceiver('a1', log, () => stuck);
    const a2 = await holdingReceiver('a2', log, () => stuck);
    await endpoint(t.client, a1.url);
    await endpoint(t.client, a2.url);
    await rooms(t.client, 6);
    await a1.waitFor(() => a1.counts.open + a2.counts.open === 3);

    // Project B, later, with every one of A's deliveries still waiting for an answer.
    const b = await t.newProject('b');
    const rb = await startReceiver();
    receivers.push(rb);
    await endpoint(b.client, rb.url);
    await rooms(b.client, 1);
    await rb.waitFor((all) => all.length === 1);

    // B's delivery is the marker: by then A had its project's 3 slots, no more, 2 per endpoint at most.
    expect(a1.counts.open + a2.counts.open).toBe(3);
    expect(log).toHaveLength(3);
    expect(Math.max(a1.counts.maxOpen, a2.counts.maxOpen)).toBe(2);
    // None of A's had finished: B did not wait for any of them.
    for (const e of await t.server.store.webhooks.endpoints(t.credentials.project_id))
      expect(await t.server.store.webhooks.attempts(e.endpoint_id, 100)).toEqual([]);

    // Once A's endpoints answer, its whole backlog goes out, never past the caps.
    release();
    await a1.waitFor(() => a1.received.length === 6 && a2.received.length === 6);
    expect(a1.counts.maxOpen).toBeLessThanOrEqual(2);
    expect(a2.counts.maxOpen).toBeLessThanOrEqual(2);
  });

  it('projects take turns for the slots there are: a freed slot goes to the other project before the backlog', async () => {
    t = await startTestServer({
      webhooksAllowPrivate: true,
      env: {
        ...PATIENT,
        OICHAT_WEBHOOK_CONCURRENCY: '1',
        OICHAT_WEBHOOK_PROJECT_CONCURRENCY: '1',
        OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY: '1',
      },
    });
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const gate = () => new Promise<void>((r) => releases.push(r));
    const a = await holdingReceiver('a', log, gate);
    const bReceiver = await holdingReceiver('b', log, gate);
    await endpoint(t.client, a.url);
    await rooms(t.client, 3); // A's backlog: three deliveries, due before anything of B
    await a.waitFor(() => log.length === 1);

    const b = await t.newProject('b');
    await endpoint(b.client, bReceiver.url);
    await rooms(b.client, 1); // its delivery is in the outbox once this answered; A's first holds the slot

    for (let sent = 1; sent < 4; sent++) {
      releases[sent - 1]!();
      await a.waitFor(() => log.length === sent + 1);
    }
    releases[3]!();
    // The one slot went A (first), then B (its turn), then the rest of A's backlog.
    expect(log).toEqual(['a', 'b', 'a', 'a']);
  });
});
