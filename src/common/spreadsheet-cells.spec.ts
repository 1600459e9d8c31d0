import { neutraliseCell, toCsv } from './spreadsheet-cells';

describe('spreadsheet cells (formula injection)', () => {
  it.each(['=1+1', '+86 21', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises %j with a leading apostrophe', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(neutraliseCell('张三')).toBe('张三');
    expect(neutraliseCell(-2)).toBe(-2);
  });

  it('writes UTF-8 CSV with a BOM, CRLF, quoting, and neutralised cells', () => {
    const csv = toCsv([['姓名', '备注'], ['李"四', '=HYPERLINK("x")'], ['a,b', null]]);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8').slice(1)).toBe('姓名,备注\r\n"李""四","\'=HYPERLINK(""x"")"\r\n"a,b",\r\n');
  });
});
