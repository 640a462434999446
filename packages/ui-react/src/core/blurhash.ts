/**
 * The average color of a BlurHash (its first component), as a CSS color: what an image's box is
 * painted with before the thumbnail arrives. The whole blur would need a canvas; a color is
 * enough for a box a few hundred pixels wide and costs a few lines.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

export function averageColor(hash: string): string | undefined {
  if (hash.length < 6) return undefined;
  let v = 0;
  for (const ch of hash.slice(2, 6)) {
    const d = DIGITS.indexOf(ch);
    if (d < 0) return undefined;
    v = v * 83 + d;
  }
  return `rgb(${v >> 16} ${(v >> 8) & 255} ${v & 255})`;
}
