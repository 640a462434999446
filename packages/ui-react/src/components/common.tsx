'use client';
/** Small pieces every component uses: class names, the themed root, text only screen readers read. */
import { useEffect, useLayoutEffect, type DependencyList, type EffectCallback, type ReactNode } from 'react';
import { useOiChatContext } from '../context/context.js';

export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/**
 * Props of a component's outermost element: the `oichat` class the styles hang on, the theme
 * (`data-theme`, absent for `system`), and the caller's className.
 */
export function useRootProps(base: string, className?: string): { className: string; 'data-theme'?: string } {
  const { theme } = useOiChatContext();
  return theme === 'system'
    ? { className: cx('oichat', base, className) }
    : { className: cx('oichat', base, className), 'data-theme': theme };
}

export function VisuallyHidden({ children, id }: { children: ReactNode; id?: string | undefined }) {
  return (
    <span className="oichat-sr-only" id={id}>
      {children}
    </span>
  );
}

/**
 * useLayoutEffect in a browser, useEffect in a server render (where React 18 warns about the
 * former). Decided at call time, not import time: importing the package reads no global.
 */
export function useIsomorphicLayoutEffect(effect: EffectCallback, deps?: DependencyList): void {
  const useChosen = typeof document === 'undefined' ? useEffect : useLayoutEffect;
  useChosen(effect, deps);
}
