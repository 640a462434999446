import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createServices, type Services } from '../../src/services/index.js';
import { openTestStore } from '../helpers/test-database.js';
import type { Store } from '../../src/store/store.js';

let store: Store;
let services: Services;
let projectId: string;

beforeEach(async () => {
  store = await openTestStore();
  services = createServices(store, new SecretBox(randomBytes(32)), { issuerFor: () => 'http://test' });
  projectId = (await services.projects.create('p')).project_id;
});
afterEach(() => store.close());

const request = (key: string) => ({ projectId, key, method: 'POST', path: '/v1/rooms', body: { type: 'group' } });

describe('IdempotencyService', () => {
  it('rolls back the effect and stores nothing when the request fails (a 5xx)', async () => {
    let roomId = '';
    await expect(
      services.idempotency.execute(request('k1'), async () => {
        const { room } = await services.rooms.create({ projectId }, { type: 'group', participants: ['a', 'b'] });
        roomId = room.room_id;
        throw new Error('database went away mid-request');
      }),
    ).rejects.toThrow('database went away');
    expect(roomId).not.toBe('');
    expect(await store.rooms.findLive(projectId, roomId)).toBeUndefined();
    expect(await store.idempotency.find(projectId, 'k1')).toBeUndefined();

    const retried = await services.idempotency.execute(request('k1'), async () => ({
      status: 201,
      body: { ok: true },
    }));
    expect(retried).toEqual({ status: 201, body: { ok: true }, replayed: false });
  });

  it('stores the response with the effect, and replays it without running again', async () => {
    let runs = 0;
    const run = async () => ({ status: 201, body: { n: ++runs } });
    await services.idempotency.execute(request('k2'), run);
    const again = await services.idempotency.execute(request('k2'), run);
    expect(again).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('forgets keys older than 24 hours', async () => {
    await services.idempotency.execute(request('k3'), async () => ({ status: 200, body: {} }));
    await services.idempotency.prune(Date.now() + 24 * 3600_000 + 1000);
    expect(await store.idempotency.find(projectId, 'k3')).toBeUndefined();
  });
});
