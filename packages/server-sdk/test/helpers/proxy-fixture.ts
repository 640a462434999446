// Per-file fault proxy in front of the suite's server, reset between tests.

import { afterAll, afterEach, beforeAll } from 'vitest';
import { FaultProxy } from './fault-proxy.ts';
import { server } from './env.ts';

export function useFaultProxy(): { readonly proxy: FaultProxy } {
  const holder: { proxy?: FaultProxy } = {};
  beforeAll(async () => {
    if (server.available) holder.proxy = await FaultProxy.start(server.baseUrl);
  });
  afterEach(() => holder.proxy?.reset());
  afterAll(async () => holder.proxy?.close());
  return {
    get proxy(): FaultProxy {
      if (!holder.proxy) throw new Error('fault proxy not started');
      return holder.proxy;
    },
  };
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The JSON error body the server would send, for faults that imitate it. */
export function errorBody(code: string, message = code): object {
  return { error: { code, message, request_id: 'req_fromProxy' } };
}
