import { createHash, createHmac, webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSigner,
  EMPTY_BODY_SHA256,
  getNodeCrypto,
  sha256Hex,
  stringToSign,
  toHex,
  type CryptoBackend,
} from '../../src/core/signing.ts';

// The reference implementation is the docs' own Node example (docs/http-api.md, signature v2).
function referenceSignature(
  secret: string,
  ts: string,
  method: string,
  target: string,
  body: string,
  nonce = NONCE,
  idempotencyKey = '',
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const toSign = ['v2', ts, nonce, method, target, idempotencyKey, bodyHash].join('\n');
  return 'v2=' + createHmac('sha256', secret).update(toSign).digest('hex');
}
const NONCE = '6f1c2b9e-8a47-4d3e-b5f0-2c9d7e4a1b38';

describe('request signing', () => {
  it('builds the seven-line string to sign, without trailing newline, the key line empty when there is none', () => {
    expect(
      stringToSign({
        timestamp: '1795602692',
        nonce: NONCE,
        method: 'post',
        pathWithQuery: '/v1/rooms?user_id=u1',
        idempotencyKey: 'k-1',
        bodySha256: 'ab',
      }),
    ).toBe(`v2\n1795602692\n${NONCE}\nPOST\n/v1/rooms?user_id=u1\nk-1\nab`);
    expect(
      stringToSign({ timestamp: '1', nonce: NONCE, method: 'get', pathWithQuery: '/v1/x', bodySha256: 'ab' }),
    ).toBe(`v2\n1\n${NONCE}\nGET\n/v1/x\n\nab`);
  });

  it('uses the synchronous node:crypto fast path where the runtime offers it (Node >= 20.16)', () => {
    expect(getNodeCrypto()).toBeDefined();
    const input = { timestamp: '1', nonce: NONCE, method: 'GET', pathWithQuery: '/', bodySha256: '' };
    expect(typeof createSigner('sk_x')(input)).toBe('string');
    expect(createSigner('sk_x', 'webcrypto')(input)).toBeInstanceOf(Promise);
  });

  it.each<CryptoBackend>(['auto', 'webcrypto'])(
    'hashes bodies like node:crypto (%s), including empty and non-ASCII bodies',
    async (backend) => {
      expect(await sha256Hex('', backend)).toBe(createHash('sha256').update('').digest('hex'));
      expect(EMPTY_BODY_SHA256).toBe(createHash('sha256').update('').digest('hex'));
      const body = JSON.stringify({ content: '주문이 확인되었습니다 🎉' });
      expect(await sha256Hex(body, backend)).toBe(createHash('sha256').update(body).digest('hex'));
    },
  );

  it.each<CryptoBackend>(['auto', 'webcrypto'])(
    'produces the documented v2= HMAC-SHA256 signature (%s)',
    async (backend) => {
      const secret = 'sk_YsGyXnmX1wXvhdxhChkdFSOzTfyZUCYP4ykqD02u';
      const sign = createSigner(secret, backend);
      const cases = [
        ['POST', '/v1/auth/token', JSON.stringify({ user_id: 'user-123' }), 'key-1'],
        ['GET', '/v1/rooms?user_id=u%2F1&limit=20', '', undefined],
        ['DELETE', '/v1/rooms/room_1/participants/%C3%A9', '', undefined],
      ] as const;
      for (const [method, target, body, idempotencyKey] of cases) {
        const signature = await sign({
          timestamp: '1795602692',
          nonce: NONCE,
          method,
          pathWithQuery: target,
          idempotencyKey,
          bodySha256: await sha256Hex(body, backend),
        });
        expect(signature).toMatch(/^v2=[0-9a-f]{64}$/);
        expect(signature).toBe(referenceSignature(secret, '1795602692', method, target, body, NONCE, idempotencyKey));
      }
    },
  );

  it('encodes hex with leading zeros', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 255]).buffer)).toBe('00010f10ff');
  });
});

describe('runtime without a global crypto nor process.getBuiltinModule (Node 18)', () => {
  const getBuiltinModule = process.getBuiltinModule;
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    process.getBuiltinModule = getBuiltinModule;
  });

  it("falls back to node:crypto's webcrypto, loaded lazily", async () => {
    vi.stubGlobal('crypto', undefined);
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    vi.resetModules();
    const signing = await import('../../src/core/signing.ts');
    expect(signing.getNodeCrypto()).toBeUndefined();
    const provider = signing.getWebCrypto();
    expect(provider).toBeInstanceOf(Promise);
    expect(await provider).toBe(webcrypto);
    const signature = await signing.createSigner('sk_x')({
      timestamp: '1',
      nonce: NONCE,
      method: 'GET',
      pathWithQuery: '/v1/rooms/r',
      bodySha256: EMPTY_BODY_SHA256,
    });
    expect(signature).toBe(referenceSignature('sk_x', '1', 'GET', '/v1/rooms/r', ''));
  });
});
