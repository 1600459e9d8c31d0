import { parseStaffFile } from './parse-staff-file';
import { UnitCodes } from './staff-record';

const codes: UnitCodes = { offices: new Map([['310101002', { id: 7, districtId: 1 }]]), districts: new Map([['310101', 1]]) };
const HEADER = '人员编号,姓名,单位类型,单位代码,职务,编制类型,用工性质,学历,法律职业资格证书,证书编号,取得证书日期,任现职日期';
const file = (text: string, encoding: 'utf8' | 'gb18030' = 'utf8') => ({
  buffer: encoding === 'utf8' ? Buffer.from(text, 'utf8') : Buffer.from(new Uint8Array(gb18030(text))),
  filename: 'staff.csv',
});

/** GB18030 bytes of a short Chinese text, via the decoder's inverse on the characters we use. */
function gb18030(text: string): number[] {
  const decoder = new TextDecoder('gb18030');
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) { bytes.push(ch.charCodeAt(0)); continue; }
    search: for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (decoder.decode(new Uint8Array([hi, lo])) === ch) { bytes.push(hi, lo); break search; }
  }
  return bytes;
}

describe(parseStaffFile.name, () => {
  it('reads a valid row: labels and aliases, 是/否, dates written 2021/4/1, unit code resolved to the office', async () => {
    const { rows, errors } = await parseStaffFile(file(`${HEADER}\nHP-1,张三,司法所,310101002,所长,政法专编,在编,本科,是,A2018001,2018/12/20,2019年6月1日\n`), codes);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ line: 2, record: { staffNumber: 'HP-1', officeId: 7, districtId: 1, position: 'director', postType: 'dedicated', education: 'bachelor', certificateHeld: true, certificateDate: '2018-12-20', startDate: '2019-06-01' } });
  });

  it('reads GB18030 CSV as Excel on Chinese Windows writes it', async () => {
    const { rows, errors } = await parseStaffFile(file(`${HEADER}\nHP-2,李四,区司法局,310101,工作人员,其他,正式在编,硕士,否,,,2015-01-01\n`, 'gb18030'), codes);
    expect(errors).toEqual([]);
    expect(rows[0].record).toMatchObject({ name: '李四', unitKind: 'district_bureau', districtId: 1, officeId: null });
  });

  it('reports every problem of every row in Chinese, with the line, and the duplicates', async () => {
    const valid = 'HP-3,赵六,市司法局,,工作人员,其他,正式在编,硕士,否,,,2020-01-01';
    const text = `${HEADER}\nHP-1,张三,司法所,310101999,所长,政法专项编制,编外辅助,小学,是,,,2021-02-30\nHP-2,王五,市司法局,,辅助人员,其他,正式在编,大专,否,,,2020-01-01\n${valid}\n${valid}\n`;
    const { errors } = await parseStaffFile(file(text), codes);
    expect(errors.map((e) => e.message)).toEqual([
      '第2行：单位代码310101999不是本市司法所（街道、乡镇）的9位代码',
      '第2行：政法专项编制只能由正式在编人员占用',
      '第2行：所长、副所长应为正式在编人员',
      '第2行：学历“小学”无法识别，应为：博士研究生、硕士研究生、大学本科、大学专科、中专、高中及以下',
      '第2行：持有法律职业资格证书的，请填写证书编号',
      '第2行：取得证书日期不能为空',
      '第2行：任现职日期“2021-02-30”不是有效日期，应如2021-04-01或2021年4月1日',
      '第3行：辅助人员的用工性质应为编外辅助',
      '第5行：人员编号HP-3与第4行重复',
    ]);
  });

  it('a missing required column is one header error naming it', async () => {
    const { errors } = await parseStaffFile(file('人员编号,姓名\nA,B\n'), codes);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('缺少必填列“单位类型”、“单位代码”');
  });
});
