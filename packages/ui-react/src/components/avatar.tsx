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

export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  // Hangul and other scripts without case: the first one or two characters read best.
  const first = [...(words[0] ?? '?')][0] ?? '?';
  const second = words.length > 1 ? ([...(words[1] ?? '')][0] ?? '') : '';
  return (first + second).toLocaleUpperCase();
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
