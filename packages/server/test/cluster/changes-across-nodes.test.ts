/**
 * Changes to messages in a cluster: made on one node, heard on another, and caught up by the
 * periodic resync when the publication was lost (Redis down), in change order, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OiChat } from '@oichat/server-sdk';
import { clusterUnavailable, TestCluster } from '../helpers/cluster.js';
import { postgresUnavailable } from '../helpers/test-database.js';
import { TestSocket } from '../helpers/ws-client.js';

const reason = clusterUnavailable() ?? (await postgresUnavailable());
if (reason) console.log(`[oichat] skipping the cluster tests of message changes: ${reason}`);

describe.skipIf(reason !== null)('message changes across two nodes', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start(2);
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('reach a member on another node, also when the publication was lost', { timeout: 60_000 }, async () => {
    const [n0, n1] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const sdk = new OiChat({
      apiKey: cluster.credentials.api_key,
      secretKey: cluster.credentials.secret_key,
      projectId: cluster.credentials.project_id,
      baseUrl: n0.url,
    });
    const room = await sdk.rooms.create({ type: 'group', participants: ['writer', 'reader'] });
    const m = await sdk.messages.send({ room_id: room.room_id, sender_id: 'writer', content: 'v1' });
    const { token } = await sdk.auth.createToken({ user_id: 'reader' });
    const reader = await TestSocket.connect(n1.url, token);

    await sdk.messages.update(m.message_id, { content: 'v2' });
    const live = await reader.waitFor((f) => f.type === 'message.updated', 10_000);
    expect(live.message.content).toBe('v2');

    await cluster.redis.stop();
    try {
      // Node 1 cannot hear of these: its periodic check finds the room's changes moved on.
      await sdk.messages.update(m.message_id, { content: 'v3' });
      await sdk.messages.addReaction(m.message_id, { user_id: 'writer', type: 'ok' });
      const caught = await reader.waitFor((f) => f.type === 'message.updated' && f.message.reactions?.ok === 1, 15_000);
      expect(caught.message.content).toBe('v3');
    } finally {
      await cluster.redis.start();
    }
    const seqs = reader.frames.filter((f) => typeof f.change_seq === 'number').map((f) => f.change_seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    reader.close();
    await cluster.ready();
  });
});
