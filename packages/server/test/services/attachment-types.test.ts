/**
 * What an upload is, by its bytes (services/attachment-types.ts): office documents inside their
 * ZIP or CFB containers, text only when it is UTF-8 that does not begin like a page, and names
 * that must agree with what the bytes are.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_TYPES, nameMismatch, sniffType } from '../../src/services/attachment-types.js';
import { HTML_PAGE, pdfOf, pngOf, SVG_IMAGE, zipOf } from '../helpers/attachments.js';

let dir: string;
let n = 0;
async function sniff(bytes: Buffer, name = 'file'): Promise<string | null> {
  const path = join(dir, `f${++n}`);
  await writeFile(path, bytes);
  return sniffType(path, name);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/main.xml" ContentType="${main}"/></Types>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oichat-sniff-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('sniffType', () => {
  it('names images, PDF and archives by their signatures', async () => {
    expect(await sniff(await pngOf(4, 4))).toBe('image/png');
    expect(await sniff(pdfOf())).toBe('application/pdf');
    expect(await sniff(zipOf([['a.txt', 'hello']]))).toBe('application/zip');
  });

  it('looks inside a ZIP for Office Open XML and OpenDocument', async () => {
    const docx = zipOf([
      [
        '[Content_Types].xml',
        contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
      ],
      ['word/document.xml', '<w:document/>'],
    ]);
    expect(await sniff(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xlsx = zipOf([
      [
        '[Content_Types].xml',
        contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'),
      ],
      ['xl/workbook.xml', '<workbook/>'],
    ]);
    expect(await sniff(xlsx)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(await sniff(zipOf([['mimetype', 'application/vnd.oasis.opendocument.text']]))).toBe(
      'application/vnd.oasis.opendocument.text',
    );
    // A macro-enabled document is its own type, which the defaults do not allow.
    const docm = zipOf([
      ['[Content_Types].xml', contentTypes('application/vnd.ms-word.document.macroEnabled.main+xml')],
      ['word/document.xml', '<w:document/>'],
    ]);
    const macro = await sniff(docm);
    expect(macro).toMatch(/macroenabled/);
    expect(DEFAULT_ALLOWED_TYPES).not.toContain(macro);
  });

  it('tells the legacy Office formats apart by the name, their container being one', async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await sniff(cfb, 'report.doc')).toBe('application/msword');
    expect(await sniff(cfb, 'sheet.xls')).toBe('application/vnd.ms-excel');
    expect(await sniff(cfb, 'mystery.bin')).toBe('application/x-cfb');
  });

  it('finds pages however they begin: BOM, spaces, comments, any case, SVG behind an XML prolog', async () => {
    expect(await sniff(HTML_PAGE)).toBe('text/html');
    expect(await sniff(Buffer.from('\uFEFF  \n\t<HTML><body>hi'))).toBe('text/html');
    expect(await sniff(Buffer.from('<!-- generated --><div>x</div>'))).toBe('text/html');
    expect(await sniff(Buffer.from('<script>alert(1)</script>'))).toBe('text/html');
    expect(await sniff(SVG_IMAGE)).toBe('image/svg+xml');
    expect(await sniff(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      'image/svg+xml',
    );
    expect(await sniff(Buffer.from('<?xml version="1.0"?><note>hi</note>'))).toMatch(/^(text|application)\/xml$/);
  });

  it('takes UTF-8 text (a character cut at the end of the probe too), never binary or other encodings', async () => {
    expect(await sniff(Buffer.from('a < b and b > c\n'))).toBe('text/plain');
    // 64 KiB of text whose last character straddles the probe's end.
    const cut = Buffer.concat([Buffer.alloc(64 * 1024 - 1, 'a'), Buffer.from('한국어')]);
    expect(await sniff(cut)).toBe('text/plain');
    expect(await sniff(Buffer.from('text with a NUL \u0000 inside'))).toBeNull();
    expect(await sniff(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toBeNull(); // "café" in Latin-1
    expect(await sniff(Buffer.from([0, 1, 2, 3, 255]))).toBeNull();
  });
});

describe('nameMismatch', () => {
  it('accepts the type’s own extensions, unknown ones and none', () => {
    expect(nameMismatch('IMG_1.JPEG', 'image/jpeg')).toBeNull();
    expect(nameMismatch('notes.md', 'text/plain')).toBeNull();
    expect(nameMismatch('README', 'text/plain')).toBeNull();
    expect(nameMismatch('archive.tar.zip', 'application/zip')).toBeNull();
  });

  it('refuses another known type’s extension and those that open as a page or script', () => {
    expect(nameMismatch('photo.png', 'application/pdf')).toMatch(/\.png but the bytes are application\/pdf/);
    expect(nameMismatch('invoice.pdf', 'image/jpeg')).toMatch(/\.pdf/);
    for (const name of ['x.html', 'x.HTM', 'x.svg', 'x.js', 'x.xml', 'x.hta'])
      expect(nameMismatch(name, 'text/plain'), name).toMatch(/page or a script/);
  });
});
