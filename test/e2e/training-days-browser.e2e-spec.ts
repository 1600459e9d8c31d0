import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext } from 'playwright-core';
import { Attendance } from '../../src/attendance/attendance.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { AccountsService } from '../../src/auth/accounts.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { LeaveService } from '../../src/leave/leave.service';
import { AttendanceService } from '../../src/attendance/attendance.service';
import type { Organiser } from '../../src/auth/auth.service';
import { RemindersService } from '../../src/messaging/reminders.service';
import { createTestApp, deliverAll, openRun, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn, decodeQrPng, shanghai, signInStaffCookie } from '../utils/training-days';
import { launchChromium } from '../utils/chromium';

/**
 * Issue 11 in real Chromium (JavaScript off), a session run from start to end: the reminder rule
 * page, the sign-in page on a phone, the printed sign-in sheet, leave approval, a group message,
 * the completion report and certificates printed to PDF.
 */
describe('The training days in a real browser (issue 11)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: Awaited<ReturnType<typeof openRun>>['sessions'];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const opened = await openRun(t);
    sessions = opened.sessions;
    people = await confirmedIn(t, opened.run.id, sessions[0], 30);
    // Distinct names, so that each can be found on its printed page.
    for (const [i, p] of people.entries()) {
      p.name = `测试学员${String(i + 1).padStart(2, '0')}号`;
      await t.dataSource.getRepository(Participant).update(p.id, { name: p.name });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function signedIn(cookie: string, viewport = { width: 1100, height: 900 }): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN', viewport });
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: base }]);
    return context;
  }

  it('an organiser sets a reminder rule on its page (no JavaScript): the rule and the scheduled batch are listed, and the batch fills when due', async () => {
    t.clock.set(shanghai('2021-04-01', '10:00'));
    const context = await signedIn(await organiserCookie(t));
    const page = await context.newPage();
    await page.goto(`${base}/admin/runs/${sessions[0].runId}/reminders`);
    await expect(page.textContent('table.reminder-rules')).resolves.toContain('尚未设置提醒规则');
    await page.selectOption('#kind', 'session');
    await page.fill('#daysBefore', '3');
    await page.fill('#sendAt', '09:00');
    await page.fill('#note', '请携带身份证件。');
    await page.click('button:has-text("添加")');
    await page.waitForURL(/\/reminders\?notice=added$/);
    await expect(page.textContent('.notice')).resolves.toContain('提醒规则已添加');
    const rule = page.locator('table.reminder-rules tbody tr').first();
    expect((await rule.locator('td').allTextContents()).slice(0, 4)).toEqual(['期次开始前（确认参训人员）', '3', '09:00', '请携带身份证件。']);
    const batch = page.locator('table.reminder-schedule tbody tr', { hasText: `${sessions[0].title}开始前 3 天` });
    expect(await batch.locator('td').allTextContents()).toEqual([`${sessions[0].title}开始前 3 天（确认参训人员）`, '2021年4月9日（星期五）09:00', '30', '0']);
    // Due: one mail per confirmed person; the page shows them queued.
    await context.close();
    t.clock.set(shanghai('2021-04-09', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(30);
    const later = await (await signedIn(await organiserCookie(t))).newPage(); // the April-1 sign-in has expired by now
    await later.goto(`${base}/admin/runs/${sessions[0].runId}/reminders`);
    const queued = later.locator('table.reminder-schedule tbody tr', { hasText: `${sessions[0].title}开始前 3 天` });
    expect(await queued.locator('td').allTextContents()).toEqual([`${sessions[0].title}开始前 3 天（确认参训人员）`, '2021年4月9日（星期五）09:00', '30', '30']);
    await later.context().close();
    await deliverAll(t); // sent on the day (later tests move the clock back)
  });

  it('sign-in staff scan a QR code on a 390-px phone: the page fits, one tap signs in, a rescan says 已签到', async () => {
    t.clock.set(shanghai(sessions[0].firstDay, '08:55'));
    const page0 = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page0.goto(`${base}/r/${people[0].token}`);
    // The QR is its own image (issue 10, item 7): the browser loads it, and it decodes to the scan URL.
    await expect(page0.locator('img[alt="签到二维码"]').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).resolves.toBe(264);
    const image = await page0.request.get(new URL((await page0.getAttribute('img[alt="签到二维码"]', 'src'))!, base).href);
    expect(image.headers()['content-type']).toBe('image/png');
    const url = decodeQrPng(await image.body());
    const scanPath = new URL(url).pathname;

    const phone = await signedIn(await signInStaffCookie(t), { width: 390, height: 844 });
    const page = await phone.newPage();
    await page.goto(`${base}${scanPath}`);
    await expect(page.textContent('.scan-name')).resolves.toBe(people[0].name);
    // Nothing wider than the screen; the button spans the width and is big enough to tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const button = (await page.locator('button.scan-button').boundingBox())!;
    expect(button.width).toBeGreaterThan(300);
    expect(button.height).toBeGreaterThanOrEqual(48);
    await page.screenshot({ path: join(process.env.SHOT_DIR ?? t.dir, 'scan-390.png'), fullPage: true });
    await page.click('button.scan-button');
    await expect(page.textContent('.scan-answer')).resolves.toContain('签到成功 08:55');
    await page.goto(`${base}${scanPath}`);
    await expect(page.textContent('.scan-answer')).resolves.toContain('已签到 08:55');
    expect(await page.locator('button.scan-button').count()).toBe(0);
    expect(await t.dataSource.getRepository(Attendance).countBy({ participantId: people[0].id })).toBe(1);
    await phone.close();
  });

  it('the day sign-in sheet prints to A4 PDF: 25 people on page 1 with the header, the other 5 on page 2 with the header again', async () => {
    t.clock.set(shanghai(sessions[0].firstDay, '08:00'));
    const context = await signedIn(await organiserCookie(t));
    const page = await context.newPage();
    await page.goto(`${base}/admin/sessions/${sessions[0].id}/roster?day=${sessions[0].firstDay}`);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    const file = join(process.env.SHOT_DIR ?? t.dir, 'sheet.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(2);
    for (const [i, p] of people.entries()) {
      const onPage = pages.findIndex((body) => body.includes(p.name));
      expect({ name: p.name, page: onPage }).toEqual({ name: p.name, page: i < 25 ? 0 : 1 });
    }
    for (const body of pages) {
      expect(body).toMatch(/序号\s+姓名\s+单位\s+区\s+职务\s+签名/);
      expect(body).toContain('全市司法所长培训班（第一期）签到表');
    }
    expect(pages[0]).toContain('第 1 / 2 页');
    expect(pages[1]).toContain('第 2 / 2 页');
    await context.close();
  });

  it('a coordinator approves a one-day leave in the browser; the participant\'s calendar loses that day only', async () => {
    t.clock.set(shanghai('2021-04-01', '10:00'));
    const p = people[5];
    await t.get(LeaveService).request(p.registrationId, { scope: 'day', day: sessions[0].firstDay, reason: '出席区人大会议' }, { kind: 'participant' }, p.id);
    await t.get(AccountsService).create({ username: 'coord', displayName: '本区协调员', role: 'coordinator', districtId: p.districtId, password: 'coordinator-pw-1' });
    const context = await signedIn(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
    const page = await context.newPage();
    await page.goto(`${base}/admin/runs/${sessions[0].runId}/leave`);
    const row = page.locator('tr', { hasText: '出席区人大会议' });
    await expect(row.locator('td').nth(7).textContent()).resolves.toContain('待审批');
    await row.getByRole('button', { name: '批准', exact: true }).click();
    await page.waitForURL(/notice=approved/);
    await expect(page.textContent('.notice')).resolves.toContain('已批准');
    await expect(page.locator('tr', { hasText: '出席区人大会议' }).locator('td').nth(7).textContent()).resolves.toContain('已批准（coord）');
    const cancel = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipientAddress: p.email, calendarMethod: 'CANCEL' });
    expect(cancel.calendarContent).toContain('RECURRENCE-ID:20210412T010000Z');
    await context.close();
  });

  it('an organiser writes to a group, sees the count, the recipients and the mail before sending, then the progress', async () => {
    const context = await signedIn(await organiserCookie(t));
    const page = await context.newPage();
    await page.goto(`${base}/admin/runs/${sessions[0].runId}/messages`);
    await page.selectOption('#session', String(sessions[0].id));
    await page.selectOption('#status', 'confirmed');
    await page.fill('#subject', '第一期开班须知');
    await page.fill('#body', '请于 8:45 前到达培训中心。\n午餐统一安排。');
    await page.click('button:has-text("预览")');
    await expect(page.textContent('.confirm-count')).resolves.toContain('将向 30 人发送邮件');
    await expect(page.textContent('pre.mail-preview')).resolves.toContain('请于 8:45 前到达培训中心。');
    expect(await page.locator('ol.recipients li').count()).toBe(30);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ subject: '第一期开班须知' })).toBe(0);
    await page.click('button:has-text("确认发送给 30 人")');
    await page.waitForURL(/\/admin\/messages\/\d+$/);
    await expect(page.textContent('.progress-line')).resolves.toContain('已发送 0 / 30');
    await deliverAll(t);
    await page.reload();
    await expect(page.textContent('.progress-line')).resolves.toContain('已发送 30 / 30（100%）');
    await context.close();
  });

  it('after the session: the completion report in the browser, and a certificate printed to PDF names the person', async () => {
    const staff: Organiser = { id: 1, username: 'organiser', displayName: '市局组织者', role: 'organiser', districtId: null, csrfToken: '' };
    const [day1, day2] = [sessions[0].firstDay, '2021-04-13'];
    // people[0] was signed in on day 1 by QR (above); people[1] and [2] by the roster; all three on day 2; people[3] only on day 1.
    t.clock.set(shanghai(day1, '08:58'));
    for (const i of [1, 2, 3]) await t.get(AttendanceService).mark(sessions[0].id, day1, people[i].id, 'present', staff);
    t.clock.set(shanghai(day2, '08:50'));
    for (const i of [0, 1, 2]) await t.get(AttendanceService).mark(sessions[0].id, day2, people[i].id, 'present', staff);
    t.clock.set(shanghai('2021-04-14', '09:00'));

    const context = await signedIn(await organiserCookie(t));
    const page = await context.newPage();
    await page.goto(`${base}/admin/runs/${sessions[0].runId}/completion`);
    await page.selectOption('#session', String(sessions[0].id));
    await page.click('button:has-text("筛选")');
    await page.waitForURL(/completion\?session=\d+/);
    expect(await page.locator('table.completion-city tbody td').allTextContents()).toEqual(['全市', '30', '3', '27', '0', '10.0%']);
    const complete = page.locator('table.completion-people tbody tr', { hasText: people[1].name });
    await expect(complete.locator('td.result-complete').textContent()).resolves.toBe('结业');
    await expect(page.locator('table.completion-people tbody tr', { hasText: people[3].name }).locator('td.result-incomplete').textContent()).resolves.toBe('未结业');

    // The person's certificate, from the report's link, printed to A4 PDF.
    await complete.getByRole('link', { name: '结业证书' }).click();
    await page.waitForURL(/\/certificates\/\d+$/);
    const file = join(process.env.SHOT_DIR ?? t.dir, 'certificate.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    const pages = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('结业证书');
    expect(pages[0]).toContain(people[1].name);
    expect(pages[0]).toContain('准予结业');

    // The whole session's certificates: one page each, every complete person on their own page.
    await page.goto(`${base}/admin/runs/${sessions[0].runId}/certificates?session=${sessions[0].id}`);
    const all = join(process.env.SHOT_DIR ?? t.dir, 'certificates.pdf');
    writeFileSync(all, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    const allPages = execFileSync('pdftotext', ['-layout', all, '-']).toString('utf8').split('\f').filter((p) => p.trim());
    expect(allPages).toHaveLength(3);
    for (const i of [0, 1, 2]) expect(allPages.filter((body) => body.includes(people[i].name))).toHaveLength(1);
    expect(allPages.some((body) => body.includes(people[3].name))).toBe(false);
    await context.close();
  });
});
