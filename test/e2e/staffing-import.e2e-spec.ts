import { StaffMember } from '../../src/staffing/staff-member.entity';
import { StaffingHistory } from '../../src/staffing/staffing-history.entity';
import { buildCityRegister, CityRegister, staffCsv, staffingSession } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('Staff register import: all or nothing, like the roster import', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let city: CityRegister;

  beforeAll(async () => {
    t = await createTestApp();
    ({ headers } = await staffingSession(t));
    city = await buildCityRegister(t.dataSource);
  });
  afterAll(() => t.close());

  const upload = (buffer: Buffer, filename: string, fields: Record<string, string> = {}) => {
    const req = t.http.post('/admin/staffing/import').set(headers);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', buffer, filename);
  };
  const staffCount = () => t.dataSource.getRepository(StaffMember).count();

  it('imports the city register from CSV (about 1,500 rows) through every rule', async () => {
    const res = await upload(staffCsv(city.records), '人员配备.csv');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`导入完成：新增${city.people}人，更新0人，未变化0人。`);
    expect(await staffCount()).toBe(city.people);
    expect(await t.dataSource.getRepository(StaffingHistory).countBy({ action: 'imported' })).toBe(city.people);
  });

  it('each imported person is also in the audit log, with the organiser who imported (issue 6)', async () => {
    const { AuditEvent } = await import('../../src/audit/audit-event.entity');
    const { StaffingHistory } = await import('../../src/staffing/staffing-history.entity');
    const history = await t.dataSource.getRepository(StaffingHistory).count();
    const events = await t.dataSource.getRepository(AuditEvent).createQueryBuilder('a').where("a.action LIKE 'staffing.%'").getMany();
    expect(history).toBeGreaterThan(1000);
    expect(events).toHaveLength(history);
    expect(new Set(events.map((e) => `${e.actorKind}:${e.actorLabel}`))).toEqual(new Set(['organiser:organiser']));
    // Each entry names its district, so a district coordinator sees their own district's entries.
    const withDistrict = events.filter((e) => e.subjectType === 'staff' && e.districtId !== null);
    expect(withDistrict.length).toBeGreaterThan(1000);
  });

  it('the Excel export imports back unchanged', async () => {
    const exported = await t.http.get('/admin/staffing/staff/export.xlsx').set(headers).buffer(true).parse(binary).expect(200);
    const res = await upload(exported.body, '导出.xlsx');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`导入完成：新增0人，更新0人，未变化${city.people}人。`);
  });

  it('one file with bad rows writes nothing and lists every row error in Chinese', async () => {
    const [first, second, third] = city.records;
    const rows = [
      { ...first, name: '改名甲' },
      { ...second, startDate: '2021-02-30' },
      { ...third, staffNumber: first.staffNumber },
      { ...third, staffNumber: 'NEW-1', unitCode: '310199999' },
      { ...third, staffNumber: 'NEW-2', newlyHired: true, hiredOn: '2021-03-01', startDate: '2021-03-01', education: 'associate' as const },
    ];
    const before = await t.dataSource.getRepository(StaffMember).findOneByOrFail({ staffNumber: first.staffNumber });
    const res = await upload(staffCsv(rows), '有误.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('未导入任何数据');
    for (const text of ['第3行：任现职日期“2021-02-30”不是有效日期', '第5行：单位代码310199999不是本市司法所', `第4行：人员编号${first.staffNumber}与第2行重复`]) {
      expect(res.text).toContain(text);
    }
    expect(await staffCount()).toBe(city.people);
    expect((await t.dataSource.getRepository(StaffMember).findOneByOrFail({ id: before.id })).name).toBe(before.name);

    const onlyRule = await upload(staffCsv([{ ...first, name: '改名甲' }, rows[4]]), '学历.csv');
    expect(onlyRule.status).toBe(422);
    expect(onlyRule.text).toContain('第3行：任务17：新招录的司法所正式在编工作人员应具备大学本科以上文化程度。');
    expect(onlyRule.text).toContain('第3行：任务15：');
    expect(onlyRule.text).toContain('请在导入页面填写该所的建议单位和日期，或在人员编辑页面办理');
    expect((await t.dataSource.getRepository(StaffMember).findOneByOrFail({ id: before.id })).name).toBe(before.name);
  });

  it('task 13: a file moving a dedicated-post director out of an office is refused with the hint to record the approval', async () => {
    const director = city.records.find((r) => r.position === 'director' && r.postType === 'dedicated')!;
    const res = await upload(staffCsv([{ ...director, unitKind: 'district_bureau', unitCode: director.unitCode.slice(0, 6), position: 'staff' }]), '调出.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('第2行：任务13：');
    expect(res.text).toContain('请在人员编辑页面录入同意文件后再调整');
  });

  it('a wrong header or an unreadable file is refused before any row is read', async () => {
    const header = await upload(Buffer.from('姓名,手机\n张三,13800000000\n'), 'x.csv');
    expect(header.status).toBe(422);
    expect(header.text).toContain('缺少必填列“人员编号”');
    const xls = await upload(Buffer.from('not excel'), 'old.xls');
    expect(xls.text).toContain('不支持的文件格式');
  });
});
