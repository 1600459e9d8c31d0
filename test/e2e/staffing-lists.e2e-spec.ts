import { Workbook } from 'exceljs';
import { District } from '../../src/organisation/district.entity';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { CityRegister, seedCityRegister, staffingSession } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The href of a pager link, HTML entities decoded. */
function pagerLink(html: string, rel: 'next' | 'prev'): string | null {
  const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=') : null;
}
const staffNumbers = (html: string) => [...html.matchAll(/<td data-label="人员编号"><a href="\/admin\/staffing\/staff\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
const staffNames = (html: string) => [...html.matchAll(/<td data-label="姓名">([^<]+)<\/td>/g)].map((m) => m[1]);
const assignmentPeople = (html: string) => [...html.matchAll(/<td data-label="姓名"><a href="\/admin\/staffing\/assignments\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
const heading = (html: string) => Number(/<h1>[^<]*（(\d+)）<\/h1>/.exec(html)?.[1]);

/** The first sheet's data rows (header skipped) of an .xlsx body. */
async function sheetRows(body: Buffer): Promise<string[][]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row, i) => i > 1 && rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('Staffing lists that scale: the register and the placements/rotations paged, sorted, filtered in SQL (issue 13, item 1)', () => {
  let t: TestApp;
  let get: (path: string) => Promise<import('superagent').Response>;
  let city: CityRegister;
  let district: District;
  let offices: JudicialOffice[];

  beforeAll(async () => {
    t = await createTestApp();
    const { headers } = await staffingSession(t);
    get = (path) => t.http.get(path).set(headers).expect(200) as unknown as Promise<import('superagent').Response>;
    city = await seedCityRegister(t.dataSource);
    district = await t.dataSource.getRepository(District).findOneByOrFail({ code: '310101' });
    offices = await t.dataSource.getRepository(JudicialOffice).find({ where: { districtId: district.id }, order: { code: 'ASC' } });
  });
  afterAll(() => t.close());

  it('the register shows 50 people a page; the filters ride along on the pager links; page 2 is the next 50', async () => {
    const first = await get('/admin/staffing/staff?position=staff');
    const total = heading(first.text);
    expect(total).toBe(city.records.filter((r) => r.position === 'staff').length);
    expect(staffNumbers(first.text)).toHaveLength(50);
    const next = pagerLink(first.text, 'next')!;
    expect(next).toMatch(/position=staff/);
    expect(next).toMatch(/page=2/);
    const second = staffNumbers((await get(next)).text);
    expect(second).toHaveLength(50);
    expect(second.some((n) => staffNumbers(first.text).includes(n))).toBe(false);
    const last = await get(`/admin/staffing/staff?position=staff&page=${Math.ceil(total / 50)}`);
    expect(staffNumbers(last.text)).toHaveLength(total % 50 || 50);
    expect(pagerLink(last.text, 'next')).toBeNull();
  });

  it('filters by district, office and position, searches by 人员编号, sorts by name', async () => {
    const directors = await get(`/admin/staffing/staff?district=${district.id}&position=director`);
    expect(staffNumbers(directors.text).sort()).toEqual(offices.map((o) => `O${o.code}-1`).sort());
    const office = await get(`/admin/staffing/staff?district=${district.id}&office=${offices[0].id}`);
    expect(staffNumbers(office.text).every((n) => n.startsWith(`O${offices[0].code}-`))).toBe(true);
    expect(staffNumbers((await get(`/admin/staffing/staff?q=${encodeURIComponent(`o${offices[1].code}-2`)}`)).text)).toEqual([`O${offices[1].code}-2`]);
    const byName = staffNames((await get(`/admin/staffing/staff?district=${district.id}&sort=name`)).text);
    expect(byName).toEqual([...byName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // A search of LIKE's own characters matches them literally, not as wildcards.
    expect(heading((await get('/admin/staffing/staff?q=%25')).text)).toBe(0);
  });

  it('the export link carries the filter; the workbook holds exactly the filtered people', async () => {
    const page = await get(`/admin/staffing/staff?district=${district.id}&position=director`);
    const href = /<a href="([^"]+)">导出 Excel/.exec(page.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(href).toContain('position=director');
    const res = await t.http.get(href).set('Cookie', (await staffingSession(t)).cookie).buffer(true).parse(binary).expect(200);
    const rows = await sheetRows(res.body as Buffer);
    expect(rows).toHaveLength(offices.length);
  });

  it('the placement and rotation list: filtered by kind, status, district and a search; paged; exported as filtered', async () => {
    const placements = await get('/admin/staffing/assignments?kind=placement&status=active');
    expect(heading(placements.text)).toBe(city.placements / 2);
    const rotations = await get('/admin/staffing/assignments?kind=rotation&direction=out');
    expect(heading(rotations.text)).toBe(city.rotationsOut);
    const counterpart = /<span class="muted">[^<]*? ([^<\s]+办事处)<\/span>/.exec(rotations.text)![1];
    expect(assignmentPeople((await get(`/admin/staffing/assignments?kind=rotation&q=${encodeURIComponent(counterpart)}`)).text)).toHaveLength(1);
    const inDistrict = await get(`/admin/staffing/assignments?kind=placement&district=${district.id}`);
    expect(heading(inDistrict.text)).toBe(2);
    expect(heading((await get('/admin/staffing/assignments?kind=placement&from=2021-10-01')).text)).toBe(0);
    const liaisons = await get('/admin/staffing/assignments?kind=liaison');
    expect(assignmentPeople(liaisons.text)).toHaveLength(50);
    const next = pagerLink(liaisons.text, 'next')!;
    expect(next).toMatch(/kind=liaison/);
    expect(heading((await get(next)).text)).toBe(heading(liaisons.text));
    const href = /<a href="([^"]+)">导出 Excel/.exec(rotations.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const res = await t.http.get(href).set('Cookie', (await staffingSession(t)).cookie).buffer(true).parse(binary).expect(200);
    const rows = await sheetRows(res.body as Buffer);
    expect(rows).toHaveLength(city.rotationsOut);
    expect(rows.every((r) => r[0] === '交流任职')).toBe(true);
  });

  it('works without JavaScript: every filter is a GET form with labelled controls', async () => {
    for (const path of ['/admin/staffing/staff', '/admin/staffing/assignments']) {
      const html = (await get(path)).text;
      expect(html).toMatch(new RegExp(`<form method="get" action="${path}" class="filters">`));
      const ids = [...html.matchAll(/<(?:select|input) id="(f-[a-z]+)"/g)].map((m) => m[1]);
      for (const id of ids) expect(html).toContain(`<label for="${id}">`);
      expect(html).not.toMatch(/<script/);
    }
  });
});
