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
import { type RequestVector, vectors } from '../helpers/signing-vectors.ts';

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

  // spec/signing-vectors.json is the protocol statement the server and the Java SDK test against too.
  describe.each<CryptoBackend>(['auto', 'webcrypto'])('spec/signing-vectors.json with the %s backend', (backend) => {
    it.each(vectors.request_signing.valid.map((v) => [v.name, v] as [string, RequestVector]))(
      'signs "%s" as the vector says, and as the docs\' example does',
      async (_name, v) => {
        const bodySha256 = await sha256Hex(v.body, backend);
        expect(bodySha256).toBe(v.body_sha256);
        const input = {
          timestamp: v.timestamp,
          nonce: v.nonce!,
          method: v.method,
          pathWithQuery: v.path_with_query,
          idempotencyKey: v.idempotency_key ?? undefined,
          bodySha256,
        };
        expect(stringToSign(input)).toBe(v.string_to_sign);
        const signature = await createSigner(v.secret_key, backend)(input);
        expect(signature).toBe(v.signature);
        expect(signature).toBe(
          referenceSignature(
            v.secret_key,
            v.timestamp,
            v.method,
            v.path_with_query,
            v.body,
            v.nonce!,
            v.idempotency_key ?? '',
          ),
        );
      },
    );
  });

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
