// verifyWebhook against spec/signing-vectors.json, the webhook cases the server signs and the Java
// SDK checks too: every valid delivery verifies (as a string and as bytes), every invalid one is
// refused with the vector's reason.
import { describe, expect, it } from 'vitest';
import { OiChatWebhookVerificationError, verifyWebhook } from '../../src/index.ts';
import { vectors } from '../helpers/signing-vectors.ts';

const { valid, invalid } = vectors.webhook_verification;

describe('spec/signing-vectors.json: webhook verification', () => {
  it('has vectors', () => {
    expect(valid.length).toBeGreaterThan(3);
    expect(invalid.length).toBeGreaterThan(5);
  });

  it.each(valid.map((d) => [d.name, d] as const))('accepts a delivery where %s', async (_name, d) => {
    const now = new Date(d.now * 1000);
    const event = await verifyWebhook(d.body, d.headers, d.secret, { now });
    expect(event).toMatchObject({ id: d.event_id, type: d.event_type });
    const fromBytes = await verifyWebhook(new TextEncoder().encode(d.body), new Headers(d.headers), d.secret, { now });
    expect(fromBytes).toEqual(event);
  });

  it.each(invalid.map((d) => [d.name, d.reason, d] as const))('refuses %s: %s', async (_name, reason, d) => {
    const error = await verifyWebhook(d.body, d.headers, d.secret, { now: new Date(d.now * 1000) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OiChatWebhookVerificationError);
    expect((error as OiChatWebhookVerificationError).reason).toBe(reason);
  });
});
