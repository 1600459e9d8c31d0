import { readApproval } from './staffing-forms';

const codes = { districts: new Map([['310101', 1]]), offices: new Map() } as unknown as Parameters<typeof readApproval>[1];
const approval = (documentNumber: string) => {
  const errors: Record<string, string> = {};
  const value = readApproval({ approvalAuthority: 'city_bureau', approvalDocumentNumber: documentNumber, approvalDate: '2021-03-01' }, codes, errors);
  return { value, errors };
};

describe(readApproval.name, () => {
  it('takes a document number as typed', () => {
    expect(approval('沪司发〔2021〕11号')).toMatchObject({ value: { authority: 'city_bureau', documentNumber: '沪司发〔2021〕11号' }, errors: {} });
  });

  it.each([['CR/LF', '\r\n'], ['NUL', '\u0000'], ['U+202E', '\u202e'], ['U+0085', '\u0085'], ['U+200B', '\u200b']])(
    'refuses a document number with %s under the one text rule (issue 9, item 11)',
    (_, char) => {
      expect(approval(`沪司发${char}11号`).errors).toEqual({ approvalDocumentNumber: '文号不能含换行、制表符、控制字符或不可见的格式字符' });
    },
  );

  it('refuses more than 60 characters', () => {
    expect(approval('号'.repeat(61)).errors).toEqual({ approvalDocumentNumber: '文号超过 60 个字符' });
  });
});
