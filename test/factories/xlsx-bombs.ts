import { Workbook } from 'exceljs';
import JSZip from 'jszip';

/** A small, valid .xlsx whose first sheet holds `rows` (header first). */
export async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A decompression bomb: `base` with its first sheet replaced by `megabytes` MB of highly
 * compressible sheet XML (one row repeated), deflated to well under a megabyte.
 */
export async function sizeBomb(base: Buffer, megabytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(base);
  const row = '<row><c t="inlineStr"><is><t>炸弹炸弹炸弹炸弹</t></is></c></row>';
  const body = row.repeat(Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(row)));
  zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** An entry-count bomb: `base` plus `count` tiny extra entries. */
export async function entryBomb(base: Buffer, count: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(base);
  for (let i = 0; i < count; i++) zip.file(`xl/media/x${i}.xml`, '');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/**
 * A zip whose headers lie: the sheet's declared uncompressed size (local header and central
 * directory) is rewritten to 1 KB while it really inflates to `megabytes` MB.
 */
export async function lyingBomb(base: Buffer, megabytes: number): Promise<Buffer> {
  const bomb = await sizeBomb(base, megabytes);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  // Local file header (PK\3\4): size at offset 22, name at 30. Central directory (PK\1\2): size at 24, name at 46.
  for (const [signature, sizeAt, nameAt] of [[0x04034b50, 22, 30], [0x02014b50, 24, 46]]) {
    for (let at = bomb.indexOf(name); at >= 0; at = bomb.indexOf(name, at + 1)) {
      const start = at - nameAt;
      if (start >= 0 && bomb.readUInt32LE(start) === signature) bomb.writeUInt32LE(1024, start + sizeAt);
    }
  }
  return bomb;
}
