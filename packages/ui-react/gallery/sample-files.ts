/**
 * Files for the gallery's attachments, made at startup (no binaries in the repository): a PNG
 * drawn pixel by pixel (a parcel on a table, what a customer photographs), and a one-page PDF.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG of width × height whose pixel (x, y) is `paint(x, y)`. */
export function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A cardboard parcel with its shipping label, on a light table. */
export function parcelPhoto(): Buffer {
  const W = 640;
  const H = 420;
  return png(W, H, (x, y) => {
    const inBox = x > 150 && x < 500 && y > 90 && y < 360;
    const label = x > 330 && x < 470 && y > 120 && y < 210;
    const tape = x > 300 && x < 330 && y > 90 && y < 360;
    const barcode = label && y > 170 && y < 200 && x % 6 < 3;
    const shade = Math.round(18 * Math.sin((x + y) / 90));
    if (barcode) return [30, 30, 34];
    if (label) return [247, 246, 240];
    if (tape) return [196, 160, 104];
    if (inBox) return [181 + shade, 137 + shade, 88 + shade];
    // The table: a soft gradient, darker towards the bottom.
    const t = y / H;
    return [Math.round(226 - 30 * t), Math.round(228 - 28 * t), Math.round(233 - 22 * t)];
  });
}

/** A small, valid one-page PDF. */
export function invoicePdf(): Buffer {
  const text = 'BT /F1 18 Tf 72 720 Td (Invoice #1234 - Express shipping upgrade) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
