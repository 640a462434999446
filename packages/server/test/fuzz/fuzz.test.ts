/**
 * A short run of the fuzzer (npm run fuzz; fuzz/run.ts) in every npm test: a few thousand
 * requests generated from the served OpenAPI document, with and without valid signatures and
 * tokens, plus WebSocket sessions, against a real `oichat serve` on SQLite. Any 5xx, crash,
 * hang or memory growth past the bound fails it, with the reproducer in the message.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/run.js';
import { assertCliBuilt } from '../helpers/cli.js';

describe('the fuzzer, short run', () => {
  it('gets no 5xx, crash, hang or memory growth from 3000 generated requests and their WebSocket sessions', async () => {
    assertCliBuilt();
    const report = await runFuzz({ requests: 3000, seed: 20261202, concurrency: 4 });
    const findings = report.findings.map((f) => `${f.what}: ${f.detail}\n    ${f.reproducer}`);
    expect(findings).toEqual([]);
    expect(report.requests).toBe(3000);
    // The run reached past authentication and validation, not only their refusals.
    expect(report.byClass['2xx']).toBeGreaterThan(300);
    expect(report.byClass['4xx']).toBeGreaterThan(300);
    expect(report.wsSessions).toBeGreaterThan(0);
    expect(report.closeCodes['0']).toBeGreaterThan(0);
  }, 120_000);
});
