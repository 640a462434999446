'use client';
/** Reads an Observable in a component, re-rendering when it changes (also during a server render). */
import { useSyncExternalStore } from 'react';
import type { Observable } from '../core/observable.js';

export function useObservable<T>(observable: Observable<T>): T {
  return useSyncExternalStore(observable.subscribe, observable.get, observable.get);
}
