import { CellValue, Workbook } from 'exceljs';
import * as iconv from 'iconv-lite';
import { buildRosterTemplate, parseRosterFile, RosterCodes } from './parse-roster-file';

const codes: RosterCodes = {
  officeCodes: new Set(['310101002', '310101013', '310104003']),
  districtCodes: new Set(['310101', '310104']),
};

const HEADER = '单位代码,岗位,姓名,手机,邮箱';
const csvFile = (lines: string[], filename = 'roster.csv') => ({
  buffer: Buffer.from(lines.join('\n'), 'utf8'),
  filename,
});
const parseCsv = (lines: string[]) => parseRosterFile(csvFile(lines), codes);
/** Parses a file made of the header and the given data lines and returns only the error messages. */
const messagesFor = async (...data: string[]) => (await parseCsv([HEADER, ...data])).errors.map((e) => e.message);

const VALID_LINES = [
  '310101002,司法所所长,张三,13812345678,zhangsan@example.com',
  '310101,促进法治科（处）负责人,李四,13900000001,lisi@example.com',
  '310101,依法治区秘书科（处）负责人,王五,15000000002,wangwu@example.com',
];

async function xlsxBuffer(rows: CellValue[][]): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('名单');
  rows.forEach((row, index) => {
    if (row.length > 0) sheet.getRow(index + 1).values = row;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe(parseRosterFile.name, () => {
  describe('reading files', () => {
    it('reads a UTF-8 CSV with Chinese headers', async () => {
      const { rows, errors } = await parseCsv([HEADER, ...VALID_LINES]);
      expect(errors).toEqual([]);
      expect(rows).toEqual([
        { line: 2, unitCode: '310101002', postKind: 'office_director', name: '张三', mobile: '13812345678', email: 'zhangsan@example.com' },
        { line: 3, unitCode: '310101', postKind: 'promotion_section_head', name: '李四', mobile: '13900000001', email: 'lisi@example.com' },
        { line: 4, unitCode: '310101', postKind: 'secretariat_section_head', name: '王五', mobile: '15000000002', email: 'wangwu@example.com' },
      ]);
    });

    it('reads a UTF-8 CSV with a BOM and CRLF line ends', async () => {
      const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER, ...VALID_LINES].join('\r\n'))]);
      const { rows, errors } = await parseRosterFile({ buffer, filename: 'roster.csv' }, codes);
      expect(errors).toEqual([]);
      expect(rows.map((row) => row.name)).toEqual(['张三', '李四', '王五']);
    });

    it('reads a GB18030 (GBK) CSV as Excel on Chinese Windows saves it', async () => {
      const buffer = iconv.encode([HEADER, ...VALID_LINES].join('\r\n'), 'gb18030');
      expect(buffer.subarray(0, 4)).toEqual(Buffer.from([0xb5, 0xa5, 0xce, 0xbb])); // 单位 in GBK
      const { rows, errors } = await parseRosterFile({ buffer, filename: 'ROSTER.CSV' }, codes);
      expect(errors).toEqual([]);
      expect(rows.map((row) => [row.name, row.postKind])).toEqual([
        ['张三', 'office_director'],
        ['李四', 'promotion_section_head'],
        ['王五', 'secretariat_section_head'],
      ]);
    });

    it('accepts English headers and post codes, short titles and half-width parentheses', async () => {
      const { rows, errors } = await parseCsv([
        'Unit Code,post,NAME,mobile,E-mail',
        '310101002,所长,张三,13812345678,a@example.com',
        '310104003,office_director,赵六,13812345679,b@example.com',
        '310101,促进法治科(处)负责人,李四,13812345670,c@example.com',
        '310104,促进法治科负责人,孙七,13812345671,d@example.com',
        '310101,秘书科负责人,王五,13812345672,e@example.com',
        '310104,secretariat_section_head,周八,13812345673,f@example.com',
      ]);
      expect(errors).toEqual([]);
      expect(rows.map((row) => row.postKind)).toEqual([
        'office_director',
        'office_director',
        'promotion_section_head',
        'promotion_section_head',
        'secretariat_section_head',
        'secretariat_section_head',
      ]);
    });

    it('accepts the alternative Chinese headers 手机号码 and 电子邮箱 in any column order', async () => {
      const { rows, errors } = await parseCsv(['姓名,电子邮箱,手机号码,岗位,单位代码', '张三,a@example.com,13812345678,所长,310101002']);
      expect(errors).toEqual([]);
      expect(rows[0]).toMatchObject({ unitCode: '310101002', name: '张三', mobile: '13812345678' });
    });

    it('reads an .xlsx with numeric cells and hyperlinked e-mails, skipping blank rows but keeping row numbers', async () => {
      const buffer = await xlsxBuffer([
        ['单位代码', '岗位', '姓名', '手机号码', '电子邮箱'],
        [310101002, '司法所所长', '张三', 13812345678, { text: 'zhangsan@example.com', hyperlink: 'mailto:zhangsan@example.com' }],
        [],
        ['310101', '促进法治科（处）负责人', '李四', '139 0000 0001', 'lisi@example.com'],
        [],
        [],
      ]);
      const { rows, errors } = await parseRosterFile({ buffer, filename: '名单.xlsx' }, codes);
      expect(errors).toEqual([]);
      expect(rows).toEqual([
        { line: 2, unitCode: '310101002', postKind: 'office_director', name: '张三', mobile: '13812345678', email: 'zhangsan@example.com' },
        { line: 4, unitCode: '310101', postKind: 'promotion_section_head', name: '李四', mobile: '13900000001', email: 'lisi@example.com' },
      ]);
    });

    it('ignores empty and whitespace-only trailing lines in a CSV and reports lines as Excel numbers them', async () => {
      const { rows, errors } = await parseCsv([HEADER, VALID_LINES[0], ',,,,', VALID_LINES[1], '', '  ', ',,', '']);
      expect(errors).toEqual([]);
      expect(rows.map((row) => row.line)).toEqual([2, 4]);
    });

    it('normalises name, mobile and e-mail', async () => {
      const { rows, errors } = await parseCsv([HEADER, '３１０１０１００２, 所长 ,  欧阳　 小明 ,+86 138-1234-5678, Zhang.San@Example.COM ']);
      expect(errors).toEqual([]);
      expect(rows[0]).toMatchObject({ unitCode: '310101002', name: '欧阳 小明', mobile: '13812345678', email: 'Zhang.San@example.com' });
    });

    it('rejects other file formats and unreadable workbooks with one file error', async () => {
      const xls = await parseRosterFile({ buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), filename: '名单.xls' }, codes);
      expect(xls).toEqual({ rows: [], errors: [{ line: 0, field: 'file', message: expect.stringContaining('不支持的文件格式') }] });
      const broken = await parseRosterFile({ buffer: Buffer.from('not a zip'), filename: '名单.xlsx' }, codes);
      expect(broken.errors).toEqual([{ line: 0, field: 'file', message: expect.stringContaining('无法读取 Excel 文件') }]);
    });
  });

  describe('header', () => {
    it('reports an unknown column on line 1 and reads no rows', async () => {
      const result = await parseCsv([`${HEADER},部门`, VALID_LINES[0]]);
      expect(result).toEqual({
        rows: [],
        errors: [{ line: 1, field: 'header', message: expect.stringMatching(/^第 1 行：表头有误（无法识别的列“部门”）/) }],
      });
    });

    it('reports missing and repeated columns in one error', async () => {
      const { errors } = await parseCsv(['单位代码,岗位,姓名,姓名', VALID_LINES[0]]);
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(
        '第 1 行：表头有误（重复的列“姓名”；缺少必填列“手机”、“邮箱”）。表头应为：单位代码、岗位、姓名、手机、邮箱',
      );
    });

    it('reports a file without header or data', async () => {
      expect((await parseCsv([''])).errors).toEqual([expect.objectContaining({ line: 1, field: 'header' })]);
      expect((await parseCsv([HEADER, ''])).errors).toEqual([{ line: 0, field: 'file', message: expect.stringContaining('没有数据行') }]);
    });
  });

  describe('row errors', () => {
    it('reports an unknown unit code', async () => {
      expect(await messagesFor(...VALID_LINES, '310101999,所长,赵六,13812345679,z@example.com')).toEqual([
        '第 5 行：单位代码 310101999 不存在',
      ]);
    });

    it('reports a malformed or empty unit code', async () => {
      expect(await messagesFor('31010100A,所长,赵六,13812345679,z@example.com', ',所长,赵六,13812345670,y@example.com')).toEqual([
        '第 2 行：单位代码“31010100A”格式不正确，应为 9 位司法所（街道、乡镇）代码或 6 位区代码',
        '第 3 行：单位代码不能为空',
      ]);
    });

    it('requires an office code for directors and a district code for section heads', async () => {
      expect(
        await messagesFor(
          '310101,司法所所长,赵六,13812345679,z@example.com',
          '310101002,促进法治科负责人,李四,13900000001,l@example.com',
          '310104003,秘书科负责人,王五,15000000002,w@example.com',
        ),
      ).toEqual([
        '第 2 行：单位代码 310101 是区代码，司法所所长应填写 9 位司法所（街道、乡镇）代码',
        '第 3 行：单位代码 310101002 是司法所代码，促进法治科（处）负责人应填写 6 位区代码',
        '第 4 行：单位代码 310104003 是司法所代码，依法治区秘书科（处）负责人应填写 6 位区代码',
      ]);
    });

    it('reports an empty or unknown post', async () => {
      expect(await messagesFor('310101002,,赵六,13812345679,z@example.com', '310101002,副所长,赵六,13812345670,y@example.com')).toEqual([
        '第 2 行：岗位不能为空',
        '第 3 行：岗位“副所长”无法识别，应为：司法所所长、促进法治科（处）负责人、依法治区秘书科（处）负责人',
      ]);
    });

    it('requires a name of at most 50 characters', async () => {
      const fifty = '名'.repeat(50);
      const { rows, errors } = await parseCsv([
        HEADER,
        `310101002,所长,${fifty},13812345679,a@example.com`,
        `310101013,所长,${fifty}字,13812345670,b@example.com`,
        '310104003,所长,  ,13812345671,c@example.com',
      ]);
      expect(rows.map((row) => row.line)).toEqual([2]);
      expect(errors.map((error) => [error.field, error.message])).toEqual([
        ['name', '第 3 行：姓名超过 50 个字符'],
        ['name', '第 4 行：姓名不能为空'],
      ]);
    });

    it.each(['1381234567', '138123456789', '12812345678', '23812345678', '1381234567a', '+1 13812345678'])(
      'rejects the mobile number %s',
      async (mobile) => {
        expect(await messagesFor(`310101002,所长,张三,${mobile},a@example.com`)).toEqual([
          `第 2 行：手机号码“${mobile}”不是有效的中国大陆手机号码（应为以 13–19 开头的 11 位数字）`,
        ]);
      },
    );

    it.each(['+8613812345678', '0086 138 1234 5678', '86-138-1234-5678', '138-1234-5678', '19912345678'])(
      'accepts the mobile number %s',
      async (mobile) => {
        const { rows, errors } = await parseCsv([HEADER, `310101002,所长,张三,${mobile},a@example.com`]);
        expect(errors).toEqual([]);
        expect(rows[0].mobile).toMatch(/^1[3-9]\d{9}$/);
      },
    );

    it.each(['zhangsan', 'zhangsan@', '@example.com', 'zhang san@example.com', 'a@example', 'a@-example.com', 'a@b@example.com'])(
      'rejects the e-mail address %s',
      async (email) => {
        expect(await messagesFor(`310101002,所长,张三,13812345678,${email}`)).toEqual([`第 2 行：邮箱“${email}”格式不正确`]);
      },
    );

    it('reports empty mobile and e-mail, and every bad field of a row', async () => {
      const { rows, errors } = await parseCsv([HEADER, '310101999,校长,,,']);
      expect(rows).toEqual([]);
      expect(errors.map((error) => error.field)).toEqual(['unitCode', 'postKind', 'name', 'mobile', 'email']);
      expect(errors.map((error) => error.message)).toEqual([
        '第 2 行：单位代码 310101999 不存在',
        expect.stringMatching(/^第 2 行：岗位“校长”无法识别/),
        '第 2 行：姓名不能为空',
        '第 2 行：手机号码不能为空',
        '第 2 行：邮箱不能为空',
      ]);
    });
  });

  describe('duplicates', () => {
    it('allows one person per unit and post, keeping the first row', async () => {
      const { rows, errors } = await parseCsv([
        HEADER,
        ...VALID_LINES,
        '310101002,所长,赵六,13812345679,zhao@example.com',
        '310101,促进法治科负责人,孙七,13812345670,sun@example.com',
      ]);
      expect(rows.map((row) => row.line)).toEqual([2, 3, 4]);
      expect(errors).toEqual([
        { line: 5, field: 'postKind', message: '第 5 行：单位 310101002 的司法所所长与第 2 行重复' },
        { line: 6, field: 'postKind', message: '第 6 行：单位 310101 的促进法治科（处）负责人与第 3 行重复' },
      ]);
    });

    it('allows one row per e-mail address, ignoring case', async () => {
      const { rows, errors } = await parseCsv([HEADER, VALID_LINES[0], '310101013,所长,赵六,13812345679,ZhangSan@EXAMPLE.com']);
      expect(rows.map((row) => row.line)).toEqual([2]);
      expect(errors).toEqual([{ line: 3, field: 'email', message: '第 3 行：邮箱 ZhangSan@example.com 与第 2 行重复' }]);
    });
  });

  it('writes every row message in Chinese, prefixed with its line', async () => {
    const { errors } = await parseCsv([HEADER, '1,x,,1,x', VALID_LINES[0], VALID_LINES[0]]);
    expect(errors.length).toBeGreaterThan(5);
    for (const error of errors) expect(error.message).toMatch(new RegExp(`^第 ${error.line} 行：.*[\\u4e00-\\u9fff]`));
  });
});

describe(buildRosterTemplate.name, () => {
  it('writes the Chinese headers and an example row that an unchanged template is refused for', async () => {
    const buffer = await buildRosterTemplate();
    const workbook = new Workbook();
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['名单', '填写说明']);
    expect(workbook.worksheets[0].getRow(1).values).toEqual([undefined, '单位代码', '岗位', '姓名', '手机', '邮箱']);
    const { rows, errors } = await parseRosterFile({ buffer, filename: 'template.xlsx' }, codes);
    expect(errors).toEqual([{ line: 2, field: 'name', message: '第 2 行：这是模板中的示例行（示例姓名），请替换为真实人员或删除' }]);
    expect(rows).toEqual([]);
  });
});
