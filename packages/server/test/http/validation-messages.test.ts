/**
 * What a 400 validation_failed says, as a developer reads it: each field with the rule in plain
 * words, the limit and what was sent, never JSON-schema phrases ("must NOT have fewer than 2 items").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let roomId: string;
beforeAll(async () => {
  t = await startTestServer();
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body.room_id;
});
afterAll(() => t?.close());

const SCHEMA_PHRASES = /must NOT|must have|must match pattern|must be <=|must be >=|must be equal|should|must pass/;

async function expectSaid(
  res: { status: number; body: any },
  details: { field: string; rule: string; message: string }[],
) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details).toEqual(details);
  expect(res.body.error.message).toBe(details.map((d) => `${d.field}: ${d.message}`).join('; '));
  expect(res.body.error.message).not.toMatch(SCHEMA_PHRASES);
}

describe('validation messages', () => {
  it('a list too short: how many it needs, of what, and how many came', async () => {
    await expectSaid(await t.client.post('/v1/rooms', { type: 'group', participants: ['a'] }), [
      { field: 'participants', rule: 'minItems', message: 'needs at least 2 user ids, got 1' },
    ]);
  });

  it('an update with nothing to change: which fields it takes', async () => {
    await expectSaid(await t.client.patch(`/v1/rooms/${roomId}`, {}), [
      { field: 'body', rule: 'minProperties', message: 'give at least one of name, metadata, status' },
    ]);
  });

  it('text too long or empty, a wrong type, a number out of range, a bad user id: each in words, all at once', async () => {
    const res = await t.client.post('/v1/rooms', {
      type: 'group',
      name: 'n'.repeat(201),
      participants: ['a', 'b c'],
      metadata: 'not an object',
    });
    await expectSaid(res, [
      { field: 'name', rule: 'maxLength', message: 'takes at most 200 characters, got 201' },
      { field: 'participants.1', rule: 'pattern', message: 'may only contain A–Z a–z 0–9 . _ : @ + = | ~ -' },
      { field: 'metadata', rule: 'type', message: 'must be an object, got a string' },
    ]);
    await expectSaid(await t.client.post('/v1/messages', { room_id: roomId, sender_id: 'a', content: '' }), [
      { field: 'content', rule: 'minLength', message: 'must not be empty' },
    ]);
    await expectSaid(await t.client.get(`/v1/rooms?user_id=a&limit=0`), [
      { field: 'limit', rule: 'minimum', message: 'must be at least 1, got 0' },
    ]);
    await expectSaid(await t.client.post('/v1/rooms', { type: 'group', participants: 'a,b' }), [
      { field: 'participants', rule: 'type', message: 'must be a list, got a string' },
    ]);
  });

  it('the names of a missing, an unknown and an enumerated field', async () => {
    await expectSaid(await t.client.post('/v1/rooms', { type: 'club', participants: ['a', 'b'], nmae: 'x' }), [
      { field: 'nmae', rule: 'additionalProperties', message: 'is not a known field' },
      { field: 'type', rule: 'enum', message: 'must be one of "direct", "group"' },
    ]);
    await expectSaid(await t.client.post('/v1/auth/token', {}), [
      { field: 'user_id', rule: 'required', message: 'is required' },
    ]);
  });
});
