/**
 * A project's own attachment limits (GET/PATCH /v1/attachments/settings): narrower than the
 * server's, never wider, applied to the next upload, and one project's never another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfOf, pngOf, startAttachmentServer, userUpload, type AttachmentTestServer } from '../helpers/attachments.js';
import type { TestServer } from '../helpers/test-server.js';

const SERVER_MAX = 100_000;
let s: AttachmentTestServer;
let t: TestServer;
let alice: string;
let roomId: string;

beforeAll(async () => {
  s = await startAttachmentServer({
    env: {
      OICHAT_ATTACHMENT_MAX_BYTES: String(SERVER_MAX),
      OICHAT_ATTACHMENT_TYPES: 'image/png,image/jpeg,application/pdf,text/plain',
    },
  });
  t = s.t;
  alice = await s.token('alice');
  roomId = await s.room(['alice', 'bob']);
});
afterAll(() => s.close());

describe('attachment settings of a project', () => {
  it('start as the server’s', async () => {
    const res = await t.client.get('/v1/attachments/settings');
    expect(res.status).toBe(200);
    const server = {
      max_bytes: SERVER_MAX,
      allowed_types: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'],
    };
    expect(res.body).toEqual({ max_bytes: null, allowed_types: null, effective: server, server });
  });

  it('narrow the size and the types for the next upload, and go back with null', async () => {
    const set = await t.client.patch('/v1/attachments/settings', { max_bytes: 1000, allowed_types: ['image/png'] });
    expect(set.status).toBe(200);
    expect(set.body.effective).toEqual({ max_bytes: 1000, allowed_types: ['image/png'] });

    const big = await userUpload(t.url, alice, roomId, 'big.txt', Buffer.alloc(1001, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('1000 bytes');
    const pdf = await userUpload(t.url, alice, roomId, 'x.pdf', pdfOf(500));
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.message).toContain('allowed: image/png.');
    expect((await userUpload(t.url, alice, roomId, 'ok.png', await pngOf(8, 8))).status).toBe(201);

    // Another project keeps the server's limits.
    const other = await t.newProject('other');
    expect((await other.client.get('/v1/attachments/settings')).body.max_bytes).toBeNull();

    // Changing one keeps the other; null goes back to the server's.
    const sizeOnly = await t.client.patch('/v1/attachments/settings', { max_bytes: null });
    expect(sizeOnly.body).toMatchObject({ max_bytes: null, allowed_types: ['image/png'] });
    expect(sizeOnly.body.effective.max_bytes).toBe(SERVER_MAX);
    await t.client.patch('/v1/attachments/settings', { allowed_types: null });
    expect((await userUpload(t.url, alice, roomId, 'x.pdf', pdfOf(500))).status).toBe(201);
  });

  it('refuse anything wider than the server’s, naming the field and the rule', async () => {
    const res = await t.client.patch('/v1/attachments/settings', {
      max_bytes: SERVER_MAX + 1,
      allowed_types: ['image/png', 'application/zip'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => [d.field, d.rule])).toEqual([
      ['max_bytes', 'maximum'],
      ['allowed_types.1', 'serverAllowed'],
    ]);
    const html = await t.client.patch('/v1/attachments/settings', { allowed_types: ['text/html'] });
    expect(html.body.error.details[0]).toMatchObject({ field: 'allowed_types.0', rule: 'serverAllowed' });
    const empty = await t.client.patch('/v1/attachments/settings', {});
    expect(empty.status).toBe(400);
    const zero = await t.client.patch('/v1/attachments/settings', { max_bytes: 0 });
    expect(zero.body.error.details[0]).toMatchObject({ field: 'max_bytes', rule: 'minimum' });
    expect((await t.client.get('/v1/attachments/settings')).body.max_bytes).toBeNull();
  });
});
