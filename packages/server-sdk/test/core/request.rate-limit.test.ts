// 429 from the real server's limiter, not an imitation: a second server with --rate-limit 3.
import { afterAll, beforeAll, it } from 'vitest';
import { OiChat } from '../../src/index.ts';
import { kInternalOptions } from '../../src/core/internal.ts';
import type { OiChatOptions } from '../../src/types.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, uid } from '../helpers/env.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

describeWithServer('rate limiting (real server with --rate-limit 3)', () => {
  let limited: RunningServer;
  let oichat: OiChat;
  beforeAll(async () => {
    limited = await startServer({ rateLimit: 3 });
    const p = limited.projects[0]!;
    oichat = new OiChat({ apiKey: p.apiKey, secretKey: p.secretKey, projectId: p.projectId, baseUrl: limited.baseUrl });
  });
  afterAll(async () => limited?.stop());

  it('past the limit the call fails with OiChatApiError 429 rate_limited; the SDK waits only for a Retry-After it can honour', async () => {
    for (let i = 0; i < 3; i++) await oichat.rooms.list({ user_id: uid() });
    // maxRetries: 0 — the error as the server sent it.
    await expectApiError(oichat.rooms.list({ user_id: uid() }, { maxRetries: 0 }), 429, 'rate_limited');

    // With retries, a Retry-After longer than the SDK's ceiling (made 1 s here; 60 s by default)
    // is not slept through: the error comes back at once.
    const p = limited.projects[0]!;
    const impatient = new OiChat({
      apiKey: p.apiKey,
      secretKey: p.secretKey,
      projectId: p.projectId,
      baseUrl: limited.baseUrl,
      [kInternalOptions]: { maxRetryAfterMs: 1_000 },
    } as OiChatOptions);
    // The server asks for up to a minute, beyond the test's time: the error can only come back unslept.
    await expectApiError(impatient.rooms.list({ user_id: uid() }), 429, 'rate_limited');
  });
});
