import { entryBomb, lyingBomb, sizeBomb, xlsxOf } from '../../../test/factories/xlsx-bombs';
import { decodeCsv, readRosterTable, UnreadableRosterFileError } from './read-roster-table';
import { xlsxContainerProblem, XLSX_LIMITS } from './xlsx-preflight';

const ROWS = [['单位代码', '岗位', '姓名'], ['310101002', '司法所所长', '张三']];

describe('reading an uploaded .xlsx: bounded before parsing (issue 9, item 10)', () => {
  let base: Buffer;
  beforeAll(async () => {
    base = await xlsxOf(ROWS);
  });

  it('passes an ordinary workbook', async () => {
    expect(await xlsxContainerProblem(base)).toBeUndefined();
    expect((await readRosterTable({ buffer: base, filename: 'r.xlsx' })).map((l) => l.cells)).toEqual(ROWS);
  });

  it('refuses a size bomb (well under 1 MB, 40 MB of sheet XML) quickly, naming the limit', async () => {
    const bomb = await sizeBomb(base, 40);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = process.hrtime.bigint();
    await expect(readRosterTable({ buffer: bomb, filename: 'r.xlsx' })).rejects.toThrow(new UnreadableRosterFileError(`Excel 文件解压后超过 ${XLSX_LIMITS.uncompressedBytes / 1024 / 1024} MB，未导入：请删除多余的工作表、图片或格式后重新上传，或另存为 CSV`));
    // The central directory is read, nothing is inflated: far below exceljs's seconds on such a file.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it('refuses an entry-count bomb', async () => {
    const bomb = await entryBomb(base, XLSX_LIMITS.entries + 1);
    expect(await xlsxContainerProblem(bomb)).toMatch(/^Excel 文件包含 \d+ 个部件（最多 1000 个），未导入/);
    await expect(readRosterTable({ buffer: bomb, filename: 'r.xlsx' })).rejects.toBeInstanceOf(UnreadableRosterFileError);
  });

  it('refuses a bomb whose headers under-declare its size, after inflating no more than was declared', async () => {
    const bomb = await lyingBomb(base, 40);
    expect(await xlsxContainerProblem(bomb)).toBe('无法读取 Excel 文件，请确认文件为 .xlsx 格式且未损坏');
  });

  it('applies the bounds given', async () => {
    expect(await xlsxContainerProblem(base, { entries: 3, uncompressedBytes: 1e9 })).toMatch(/最多 3 个/);
    expect(await xlsxContainerProblem(base, { entries: 1000, uncompressedBytes: 1000 })).toMatch(/解压后超过/);
  });

  it('reports a file that is not a zip as unreadable', async () => {
    expect(await xlsxContainerProblem(Buffer.from('PK\u0003\u0004 not really'))).toMatch(/无法读取 Excel 文件/);
  });
});

describe(`${decodeCsv.name}: strict, UTF-8 then GB18030 (issue 9, item 12)`, () => {
  it('reads UTF-8 (with or without BOM) and GB18030', () => {
    expect(decodeCsv(Buffer.from('姓名,张三'))).toBe('姓名,张三');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名')]))).toBe('姓名');
    expect(decodeCsv(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名'); // GBK bytes of 姓名
  });

  it.each([
    ['a lone 0xFF byte', [0x41, 0xff, 0x42]],
    ['a four-byte GB18030 sequence with a bad last byte', [0x41, 0x81, 0x30, 0x81, 0x41]],
    ['a GBK lead byte without its trail byte at the end', [0xd0, 0xd5, 0xc3]],
    ['a lead byte followed by a control character', [0xd0, 0x0a, 0x41]],
  ])('refuses %s, naming both encodings tried', (_, bytes) => {
    expect(() => decodeCsv(Buffer.from(bytes))).toThrow(UnreadableRosterFileError);
    expect(() => decodeCsv(Buffer.from(bytes))).toThrow(/UTF-8 和 GB18030/);
  });
});
