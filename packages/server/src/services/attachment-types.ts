/**
 * What an upload really is, judged by its bytes alone (never its name or declared type), and
 * whether its name agrees. Binary formats by their signatures (`file-type`); what has none is
 * plain text only if it is UTF-8 without control bytes and does not begin like HTML, XML or SVG
 * (the WHATWG MIME sniffing rules a browser would apply), so nothing served can run as a page.
 */
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/** Types never accepted, whatever the settings say: a browser would run them as a page. */
export const NEVER_ALLOWED: ReadonlySet<string> = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/javascript',
  'application/javascript',
  'application/x-shockwave-flash',
]);

/** The defaults: common images, PDF, plain text, office documents, zip. */
export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
];

/** Images the server decodes: thumbnail, dimensions, placeholder, metadata stripped. */
export const PROCESSED_IMAGES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** The extensions a name may have for each type; a name with another known extension is refused. */
const EXTENSIONS: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'image/heic': ['heic', 'heif'],
  'image/tiff': ['tif', 'tiff'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
  'video/mp4': ['mp4', 'm4v'],
  'audio/mpeg': ['mp3'],
};

/** Extensions a browser or desktop would open as a page or a script: never on a served name. */
const DANGEROUS_EXTENSIONS = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'js',
  'mjs',
  'hta',
  'swf',
]);

const KNOWN_EXTENSIONS = new Map(
  Object.entries(EXTENSIONS).flatMap(([mime, exts]) => exts.map((ext) => [ext, mime] as const)),
);

/** How much of a file without a signature is read to judge it text. */
const TEXT_PROBE_BYTES = 64 * 1024;

/** Legacy Office files share one container format (CFB); the name tells which application's it is. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

export function extensionOf(name: string): string | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? match[1]!.toLowerCase() : null;
}

/** WHATWG MIME sniffing: the first tag a browser would take for HTML, XML or SVG. */
function markupType(text: string): string | null {
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/^[\t\n\f\r ]+/, '')
    .slice(0, 512)
    .toLowerCase();
  if (head.startsWith('<?xml'))
    return /<svg[\s>]/.test(text.slice(0, 4096).toLowerCase()) ? 'image/svg+xml' : 'text/xml';
  if (/^<svg[\s>/]/.test(head)) return 'image/svg+xml';
  if (head.startsWith('<!--')) return 'text/html';
  if (
    /^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|object|embed|meta|link|img|form|base)[\s>/]/.test(
      head,
    )
  )
    return 'text/html';
  return null;
}

async function probeText(path: string): Promise<string | null> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(TEXT_PROBE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, TEXT_PROBE_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    // Control bytes other than tab, line feed, form feed, carriage return and escape mean binary.
    for (const b of bytes) if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) return null;
    try {
      // `stream: true`: a character cut at the end of the probe is not an error.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    } catch {
      return null;
    }
  } finally {
    await file.close();
  }
}

/**
 * The type the bytes of `path` say, or null when they say nothing we can name (unknown binary).
 * `name` only tells apart the legacy Office formats, which share one container.
 */
export async function sniffType(path: string, name: string): Promise<string | null> {
  const found = await fileTypeFromFile(path);
  if (found) {
    if (found.mime === 'application/x-cfb') return CFB_BY_EXTENSION[extensionOf(name) ?? ''] ?? found.mime;
    // An XML prolog hides whether it is SVG, which the refusal should name.
    if (found.mime === 'application/xml') {
      const text = await probeText(path);
      return (text !== null && markupType(text)) || found.mime;
    }
    return found.mime;
  }
  const text = await probeText(path);
  if (text === null) return null;
  return markupType(text) ?? 'text/plain';
}

/**
 * Why `name` does not fit `mime`, or null when it does: a dangerous extension, or one that
 * belongs to another known type (a PDF named `.png`).
 */
export function nameMismatch(name: string, mime: string): string | null {
  const ext = extensionOf(name);
  if (ext === null) return null;
  if (DANGEROUS_EXTENSIONS.has(ext)) return `the name ends in .${ext}, which would open as a page or a script`;
  const expected = EXTENSIONS[mime];
  if (expected?.includes(ext)) return null;
  const other = KNOWN_EXTENSIONS.get(ext);
  if (other !== undefined && other !== mime) return `the name ends in .${ext} but the bytes are ${mime}`;
  return null;
}

/** The served `Content-Type`: text with its charset, everything else as sniffed. */
export function servedType(mime: string): string {
  return mime === 'text/plain' ? 'text/plain; charset=utf-8' : mime;
}
