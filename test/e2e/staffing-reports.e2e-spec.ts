import { Workbook } from 'exceljs';
import { District } from '../../src/organisation/district.entity';
import { StaffingReport } from '../../src/staffing/reports/staffing-report';
import { CityRegister, seedCityRegister, staffingSession } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

/** Reads an .xlsx response body. */
async function workbookOf(body: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('Staffing reports on a city-sized register (215 offices, ~1,500 people)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let city: CityRegister;
  let report: StaffingReport;

  beforeAll(async () => {
    t = await createTestApp();
    ({ headers } = await staffingSession(t));
    city = await seedCityRegister(t.dataSource);
    report = (await t.http.get('/api/admin/staffing/reports?date=2021-03-22&from=2021-01-01&to=2021-12-31').set({ ...headers, Accept: 'application/json' }).expect(200)).body;
  });
  afterAll(() => t.close());

  it('the generated register is city-sized', () => {
    expect(city.offices).toBe(215);
    expect(city.people).toBeGreaterThan(1400);
    expect(city.people).toBeLessThan(1600);
  });

  it('task 12: lists exactly the offices built with fewer than 4 on post; task 18 those without a holder; task 19 those without a liaison', () => {
    expect(report.scope.label).toBe('全市');
    expect(report.offices).toHaveLength(215);
    expect(report.belowMinimum).toHaveLength(city.belowMinimum);
    expect(report.belowMinimum.every((o) => o.headcount === 3)).toBe(true);
    expect(report.withoutCertificateHolder).toHaveLength(city.withoutHolder);
    expect(report.withoutLiaison).toHaveLength(city.withoutLiaison);
  });

  it('task 19: active and planned placements; task 21: rotations by direction in the period', () => {
    expect(report.placements).toHaveLength(city.placements);
    expect(new Set(report.placements.map((p) => p.status))).toEqual(new Set(['进行中', '计划中']));
    expect(report.rotations.out).toHaveLength(city.rotationsOut);
    expect(report.rotations.in).toHaveLength(city.rotationsIn);
    expect(report.rotations.out[0]).toMatchObject({ direction: '由司法所交流至其他单位任职', counterpart: expect.stringContaining('街道乡镇') });
  });

  it('per district: the 16 district lines add up to the city, and a district report covers only its offices', async () => {
    expect(report.districts).toHaveLength(16);
    const sum = (key: 'offices' | 'belowMinimum' | 'withoutHolder' | 'withoutLiaison' | 'placements' | 'rotationsOut') => report.districts.reduce((n, d) => n + d[key], 0);
    expect([sum('offices'), sum('belowMinimum'), sum('withoutHolder'), sum('withoutLiaison'), sum('placements'), sum('rotationsOut')]).toEqual([
      215, city.belowMinimum, city.withoutHolder, city.withoutLiaison, city.placements, city.rotationsOut,
    ]);
    const huangpu = await t.dataSource.getRepository(District).findOneByOrFail({ code: '310101' });
    const local = (await t.http.get(`/api/admin/staffing/reports?district=${huangpu.id}&date=2021-03-22`).set({ ...headers, Accept: 'application/json' })).body as StaffingReport;
    expect(local.scope.label).toBe('黄浦区');
    expect(local.districts).toEqual([report.districts.find((d) => d.district === '黄浦区')]);
    expect(local.offices.every((o) => o.district === '黄浦区')).toBe(true);
  });

  it('a rotation out after the report date does not lower the figures of that date, but does on its start', async () => {
    const later = (await t.http.get('/api/admin/staffing/reports?date=2021-05-01').set({ ...headers, Accept: 'application/json' })).body as StaffingReport;
    const rotated = new Set(report.rotations.out.map((r) => r.officeId));
    const drops = report.offices.map((o, i) => o.headcount - later.offices[i].headcount);
    expect(report.offices.filter((o, i) => drops[i] !== 0).every((o) => rotated.has(o.officeId))).toBe(true);
    expect(drops.filter((d) => d === 1).length).toBeGreaterThan(0);
    expect(drops.every((d) => d === 0 || d === 1)).toBe(true);
  });

  it('task 18 "在2年内…至少配备1名": the reports show the deadline, and after it each office without a holder as overdue', async () => {
    expect(report.certificate).toMatchObject({ start: '2021-02-09', deadline: '2023-02-08', overdue: false });
    const onDeadline = (await t.http.get('/api/admin/staffing/reports?date=2023-02-08').set({ ...headers, Accept: 'application/json' }).expect(200)).body as StaffingReport;
    expect(onDeadline.certificate.overdue).toBe(false);
    const after = await t.http.get('/admin/staffing/reports?date=2023-02-09').set(headers).expect(200);
    expect(after.text).toContain('已超过期限，下列司法所均为逾期未配备。');
    expect(after.text.split('逾期未配备</td>').length - 1).toBe(city.withoutHolder);
  });

  it('task 18 "提高…获得法律职业资格证书人员比重": per district, the share of formal staff holding the certificate', () => {
    for (const d of report.districts) {
      const own = report.offices.filter((o) => o.district === d.district);
      const formal = own.reduce((n, o) => n + o.formalStaff, 0);
      const held = own.reduce((n, o) => n + o.certificateHolders, 0);
      expect([d.formalStaff, d.certifiedStaff]).toEqual([formal, held]);
      expect(d.certificateShare).toBe(`${Number(((held / formal) * 100).toFixed(1))}%`);
    }
    expect(report.districts.some((d) => d.certifiedStaff > 0 && d.certifiedStaff < d.formalStaff)).toBe(true);
  });

  it('the report page and the Excel download (readable by exceljs) carry the same figures', async () => {
    const page = await t.http.get('/admin/staffing/reports?date=2021-03-22').set(headers).expect(200);
    expect(page.text).toContain(`在编在岗人数少于编制数的司法所（${city.belowMinimum}）`);
    expect(page.text).toContain(`尚无具备法律职业资格证书的正式在编人员的司法所（${city.withoutHolder}）`);
    expect(page.text).toContain('配备期限：自2021年2月9日起2年内，即至2023年2月8日。');
    expect(page.text).toContain(`没有联系干部的司法所（${city.withoutLiaison}）`);
    const res = await t.http.get('/admin/staffing/reports.xlsx?date=2021-03-22').set(headers).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = await workbookOf(res.body);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '少于编制数', '无持证人员', '无联系干部', '可增加编制', '锻炼', '交流任职', '各司法所']);
    const rows = (name: string) => workbook.getWorksheet(name)!.actualRowCount - 1;
    expect([rows('少于编制数'), rows('无持证人员'), rows('无联系干部'), rows('锻炼'), rows('各司法所')]).toEqual([city.belowMinimum, city.withoutHolder, city.withoutLiaison, city.placements, 215]);
    expect(workbook.getWorksheet('汇总')!.getCell('A1').text).toContain('全市司法所人员配备情况（统计日期2021年3月22日；交流任职统计期间2021年1月1日至2021年12月31日；任务18持证人员配备期限：自2021年2月9日起2年内，即至2023年2月8日）');
  });

  it('the register exports to Excel in the import format, with the assignments sheet', async () => {
    const res = await t.http.get('/admin/staffing/staff/export.xlsx').set(headers).buffer(true).parse(binary).expect(200);
    const workbook = await workbookOf(res.body);
    const sheet = workbook.getWorksheet('人员配备')!;
    expect(sheet.actualRowCount - 1).toBe(city.people);
    expect(sheet.getRow(1).getCell(1).text).toBe('人员编号');
    expect(workbook.getWorksheet('锻炼交流联系')!.actualRowCount - 1).toBe(215 - city.withoutLiaison + city.placements + city.rotationsOut);
  });

  it('an office page shows its timeline; its Excel timeline is readable', async () => {
    const line = report.belowMinimum[0];
    const page = await t.http.get(`/admin/staffing/offices/${line.officeId}`).set(headers).expect(200);
    expect(page.text).toContain('时间线');
    expect(page.text).toContain('联系司法所开始');
    const res = await t.http.get(`/admin/staffing/offices/${line.officeId}/timeline.xlsx`).set(headers).buffer(true).parse(binary).expect(200);
    expect((await workbookOf(res.body)).getWorksheet('时间线')!.getCell('A1').text).toBe(`${line.office}人员配备时间线`);
  });
});
