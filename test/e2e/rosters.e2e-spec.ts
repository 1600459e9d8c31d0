import ExcelJS from 'exceljs';
import { AccountsService } from '../../src/auth/accounts.service';
import { Participant } from '../../src/organisation/participant.entity';
import { asOrganiser, createTestApp, openRun, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn } from '../utils/training-days';

/** Binary body for supertest. */
const binary = (res: import('superagent').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function sheetRows(body: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as never);
  const rows: unknown[][] = [];
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Issue 11, item 7: rosters, sign-in sheets and the participant list as .xlsx and CSV. */
describe('Rosters, sign-in sheets and participant exports (issue 11, item 7)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let coordinator: Record<string, string>;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: Awaited<ReturnType<typeof openRun>>['sessions'];
  let runId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    sessions = opened.sessions;
    runId = opened.run.id;
    people = await confirmedIn(t, runId, sessions[0], 6);
    await t.dataSource.getRepository(Participant).update(people[0].id, { name: '=HYPERLINK("http://x")' });
    organiser = asOrganiser(await organiserCookie(t));
    await t.get(AccountsService).create({ username: 'coord', displayName: '协调员', role: 'coordinator', districtId: people[5].districtId, password: 'coordinator-pw-1' });
    coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
  });
  afterAll(() => t.close());

  it('the day sign-in sheet .xlsx lists every confirmed person with a signature column, formula-like names neutralised', async () => {
    const res = await t.http.get(`/admin/sessions/${sessions[0].id}/roster.xlsx?day=${sessions[0].firstDay}`).set(organiser).buffer(true).parse(binary).expect(200);
    const rows = await sheetRows(res.body as Buffer);
    expect(rows[0][0]).toBe('全市司法所长培训班（第一期）签到表 · 第 1 天 · 2021年4月12日（星期一） · 全市');
    expect(rows[2]).toEqual(['序号', '姓名', '单位', '区', '职务', '签名']);
    const names = rows.slice(3).map((r) => r[1]);
    expect(names).toHaveLength(6);
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    for (const p of people.slice(1)) expect(names).toContain(p.name);
  });

  it('the participant list exports as CSV (UTF-8 with BOM, neutralised) and .xlsx with each person\'s status', async () => {
    const csv = await t.http.get(`/admin/runs/${runId}/participants.csv`).set(organiser).buffer(true).parse(binary).expect(200);
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('姓名,区,单位,职务,手机,邮箱,报名状态,期次,候补位次');
    expect(lines).toHaveLength(1 + 247);
    expect(lines).toContainEqual(expect.stringMatching(/^"'=HYPERLINK\(""http:\/\/x""\)",.*,已确认,全市司法所长培训班（第一期）,$/));
    const xlsx = await t.http.get(`/admin/runs/${runId}/participants.xlsx`).set(organiser).buffer(true).parse(binary).expect(200);
    const rows = await sheetRows(xlsx.body as Buffer);
    expect(rows).toHaveLength(248);
    expect(rows.find((r) => r[0] === people[1].name)!.slice(6, 8)).toEqual(['已确认', '全市司法所长培训班（第一期）']);
  });

  it('a coordinator gets only their own district, whatever district they ask for', async () => {
    const other = people.find((p) => p.districtId !== people[5].districtId);
    const res = await t.http.get(`/admin/runs/${runId}/participants.csv?district=${other?.districtId ?? 1}`).set(coordinator).buffer(true).parse(binary).expect(200);
    const lines = (res.body as Buffer).toString('utf8').split('\r\n').filter(Boolean).slice(1);
    const districtName = (await t.dataSource.query(`SELECT name FROM district WHERE id = ${Number(people[5].districtId)}`))[0].name;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.split(',')[1]).toBe(districtName);
    const sheet = await t.http.get(`/admin/sessions/${sessions[0].id}/roster`).set(coordinator).set('Accept', 'text/html').expect(200);
    for (const p of people.filter((x) => x.districtId !== people[5].districtId)) expect(sheet.text).not.toContain(p.name);
    expect(sheet.text).toContain(people[5].name);
    // The back link goes to the coordinator's own days page, not the organisers' overview.
    expect(sheet.text).toContain('<a href="/admin/days">返回</a>');
  });

  it('the printable page has one table per page of 25 rows with its own header, and refuses a day the session does not meet', async () => {
    const page = await t.http.get(`/admin/sessions/${sessions[0].id}/roster?day=${sessions[0].firstDay}`).set(organiser).set('Accept', 'text/html').expect(200);
    expect(page.text.match(/<section class="sheet-page">/g)).toHaveLength(1);
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/print.css">');
    expect(page.text).not.toContain('<header class="site">');
    const wrong = await t.http.get(`/admin/sessions/${sessions[0].id}/roster?day=2021-04-14`).set(organiser).set('Accept', 'application/json');
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toContain('没有培训');
    const bad = await t.http.get(`/admin/sessions/${sessions[0].id}/roster?day=april`).set(organiser).set('Accept', 'application/json');
    expect(bad.status).toBe(400);
  });
});
