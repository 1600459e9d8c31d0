import ExcelJS from 'exceljs';
import { Attendance } from '../../src/attendance/attendance.entity';
import { AttendanceService } from '../../src/attendance/attendance.service';
import type { Organiser } from '../../src/auth/auth.service';
import { asOrganiser, createTestApp, openRun, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn, shanghai } from '../utils/training-days';

const binary = (res: import('superagent').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Issue 11, item 6: completion (结业) from attendance, reports, certificates. */
describe('Completion reports and certificates (issue 11, item 6)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: Awaited<ReturnType<typeof openRun>>['sessions'];
  let runId: number;
  let day2: string;
  const staff: Organiser = { id: 1, username: 'organiser', displayName: '市局组织者', role: 'organiser', districtId: null, csrfToken: '' };

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    sessions = opened.sessions;
    runId = opened.run.id;
    people = await confirmedIn(t, runId, sessions[0], 4);
    day2 = '2021-04-13';
    const attendance = t.get(AttendanceService);
    const mark = async (date: string, time: string, i: number, status: 'present' | 'absent') => {
      t.clock.set(shanghai(date, time));
      await attendance.mark(sessions[0].id, date, people[i].id, status, staff);
    };
    await mark(sessions[0].firstDay, '08:50', 0, 'present');
    await mark(sessions[0].firstDay, '09:40', 1, 'present'); // late
    await mark(sessions[0].firstDay, '08:55', 2, 'present');
    // people[3] is on approved leave on day 1 (as an approved one-day leave writes it).
    await t.dataSource.getRepository(Attendance).insert({ runId, sessionId: sessions[0].id, participantId: people[3].id, registrationId: people[3].registrationId, day: sessions[0].firstDay, status: 'leave', signedInAt: null, method: 'leave', recordedBy: 'organiser', recordedAt: t.clock.now() });
    await mark(day2, '08:50', 0, 'present');
    await mark(day2, '08:50', 1, 'present');
    await mark(day2, '08:50', 3, 'present');
  });
  afterAll(() => t.close());

  const html = async (path: string) => (await t.http.get(path).set(asOrganiser(await organiserCookie(t))).set('Accept', 'text/html')).text;

  it('is pending while the session is on', async () => {
    t.clock.set(shanghai(day2, '16:00'));
    const page = await html(`/admin/runs/${runId}/completion?session=${sessions[0].id}`);
    expect(page).toMatch(/<td>全市<\/td><td class="num">4<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">4<\/td><td class="num">—<\/td>/);
  });

  it('after the last day: both days attended (late counts) is 结业; a missed day is not; one-day leave only when the run says so', async () => {
    t.clock.set(shanghai('2021-04-14', '09:00'));
    let page = await html(`/admin/runs/${runId}/completion`);
    expect(page).toMatch(/<td>全市<\/td><td class="num">4<\/td><td class="num">2<\/td><td class="num">2<\/td><td class="num">0<\/td><td class="num">50.0%<\/td>/);
    expect(page).toMatch(/<td>全市司法所长培训班（第一期）<\/td><td class="num">4<\/td><td class="num">2<\/td>/);
    expect(page).toContain(`<td>${people[2].name}</td>`);
    expect(page).toMatch(new RegExp(`${people[2].name}</td>.*?已签到、缺勤</td><td class="result-incomplete">未结业`));
    const organiser = asOrganiser(await organiserCookie(t));
    await t.http.post(`/admin/runs/${runId}/attendance-policy`).set(organiser).type('form').send({ lateAfterMinutes: '15', oneDayLeaveCounts: 'on' }).expect(303);
    page = await html(`/admin/runs/${runId}/completion`);
    expect(page).toMatch(/<td>全市<\/td><td class="num">4<\/td><td class="num">3<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">75.0%<\/td>/);
  });

  it('the .xlsx has the session, district and city totals and every person', async () => {
    const res = await t.http.get(`/admin/runs/${runId}/completion.xlsx`).set(asOrganiser(await organiserCookie(t))).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['按期次', '按区', '全市', '人员明细']);
    expect((book.getWorksheet('全市')!.getRow(2).values as unknown[]).slice(1)).toEqual(['全市', 4, 3, 1, 0, '75.0%']);
    expect(book.getWorksheet('人员明细')!.rowCount).toBe(5);
  });

  it('a certificate prints for a complete person and for the whole session; an incomplete person gets a clear 409', async () => {
    const one = await html(`/admin/runs/${runId}/certificates/${people[0].registrationId}`);
    expect(one).toContain('<h1>结业证书</h1>');
    expect(one).toContain(`<strong>${people[0].name}</strong>同志`);
    expect(one).toContain('准予结业');
    expect(one).toContain(`<a href="/admin/runs/${runId}/completion">返回</a>`);
    const all = await html(`/admin/runs/${runId}/certificates?session=${sessions[0].id}`);
    expect(all.match(/<section class="certificate-page">/g)).toHaveLength(3);
    const refused = await t.http.get(`/admin/runs/${runId}/certificates/${people[2].registrationId}`).set(asOrganiser(await organiserCookie(t))).set('Accept', 'application/json');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('尚未结业');
  });
});
