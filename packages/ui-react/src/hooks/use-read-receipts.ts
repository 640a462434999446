'use client';
/** useReadReceipts(roomId): how far the others have read a room. */
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

const NO_RECEIPTS: ReadonlyMap<string, number> = new Map();

/** How far each other participant has read the room (from read events this client has seen). */
export function useReadReceipts(roomId: string): ReadonlyMap<string, number> {
  const all = useObservable(useOiChatContext().store.receipts);
  return all.get(roomId) ?? NO_RECEIPTS;
}
