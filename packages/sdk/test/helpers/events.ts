/** Waiting for and recording client events in tests. */
import type { OiChatClient, OiChatEventName, OiChatEvents } from '../../src/index.js';

export function record<K extends OiChatEventName>(client: OiChatClient, event: K): OiChatEvents[K][] {
  const seen: OiChatEvents[K][] = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}

/** The next `event` matching `predicate`, or a rejection after `timeoutMs`. */
export function nextEvent<K extends OiChatEventName>(
  client: OiChatClient,
  event: K,
  predicate: (payload: OiChatEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<OiChatEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls `condition` until true, or fails after `timeoutMs` with `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
