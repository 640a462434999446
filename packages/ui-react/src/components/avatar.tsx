'use client';
/** A person's avatar: their picture, or initials on a color drawn from their id (stable across sessions). */
import { useState } from 'react';
import { cx } from './common.js';
import type { AvatarProps } from './types.js';

const HUES = [12, 32, 150, 172, 198, 220, 245, 270, 292, 330];

function hueOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return HUES[Math.abs(h) % HUES.length]!;
}

const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** "Alex Kim" → "AK", "Order #1234 · Late delivery" → "OL", "김서연" → "김". */
export function initials(name: string): string {
  const words = name
    .split(/[\s._-]+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => /\p{L}/u.test(w));
  const first = [...(words[0] ?? name.trim())][0] ?? '?';
  // Hangul and other scripts without case: one character reads best.
  if (CJK.test(first)) return first;
  const second = words.length > 1 ? ([...(words[1] ?? '')][0] ?? '') : '';
  return (first + (CJK.test(second) ? '' : second)).toLocaleUpperCase();
}

export function Avatar({ userId, name, src, size = 'md', online, className }: AvatarProps) {
  const [broken, setBroken] = useState(false);
  return (
    <span
      className={cx('oichat-avatar', `oichat-avatar--${size}`, className)}
      style={{ ['--oc-avatar-hue' as string]: String(hueOf(userId)) }}
      aria-hidden="true"
    >
      {src && !broken ? (
        <img className="oichat-avatar__img" src={src} alt="" onError={() => setBroken(true)} />
      ) : (
        <span className="oichat-avatar__initials">{initials(name)}</span>
      )}
      {online !== undefined && (
        <span className={cx('oichat-presence', online ? 'oichat-presence--online' : 'oichat-presence--offline')} />
      )}
    </span>
  );
}
