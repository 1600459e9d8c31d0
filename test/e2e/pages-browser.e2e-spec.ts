import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { AttendanceService } from '../../src/attendance/attendance.service';
import { daysOf } from '../../src/attendance/session-days';
import { SignInCodesService } from '../../src/attendance/sign-in-codes.service';
import { AccountsService } from '../../src/auth/accounts.service';
import type { Organiser } from '../../src/auth/auth.service';
import { LeaveService } from '../../src/leave/leave.service';
import { GroupMessagesService, readDraft } from '../../src/messaging/group-messages.service';
import { BalancingService } from '../../src/balancing/balancing.service';
import { DEFAULT_BALANCING_POLICY } from '../../src/balancing/balancing-input';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { keepScreenshot, launchChromium } from '../utils/chromium';
import { createTestApp, openRun, ORGANISER_PASSWORD, participantsWithTokens, TestApp } from '../utils/test-app';

const WIDTHS = [390, 1366];
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Every page as each role would see it, at a phone's and a laptop's width (issue 13, items 5 and
 * 8): the body never scrolls sideways, and axe-core finds no serious or critical violation.
 */
describe('Every page in real Chromium at 390 and 1366 px: no sideways scrolling, accessible (issue 13, items 5, 8)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const pages: Record<'organiser' | 'coordinator' | 'signin' | 'participant' | 'anonymous', string[]> = { organiser: [], coordinator: [], signin: [], participant: [], anonymous: [] };
  /** Pages that only make sense at a certain moment (the scan page on a training day, certificates after the last day): path → instant. */
  const clockAt = new Map<string, string>();
  let runId: number;
  let startedAt: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    const { run, sessions } = await openRun(t);
    const [p, q] = await participantsWithTokens(t, 2);
    await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id, sessions[1].id], actor: 'participant' });
    await t.get(RegistrationsService).moveByOrganiser((await t.get(RegistrationsService).current(p.id, run.id))!.id, sessions[1].id);
    const people = await t.get(OrganisationService).listParticipants();
    const own = people.find((x) => x.districtName === '黄浦区' && x.id !== p.id)!;
    await t.get(AccountsService).create({ username: 'hp-browser', displayName: '黄浦区司法局', role: 'coordinator', districtId: own.districtId, password: 'coordinator-pw-1' });
    const plan = await t.get(BalancingService).preview(run.id, DEFAULT_BALANCING_POLICY);
    const mail = await t.dataSource.getRepository(OutboxMessage).findOneOrFail({ where: {}, order: { id: 'ASC' } });
    const [office] = await t.dataSource.query('SELECT id FROM judicial_office ORDER BY id LIMIT 1');
    // The training days (issue 11): two of the coordinator's people in session 1, one attends both
    // days (complete, so a certificate), the other asks for a day's leave; a group message; a door account.
    runId = run.id;
    const s0 = sessions[0];
    const [day1, day2] = daysOf(s0).map((d) => d.date);
    const organiser: Organiser = { id: 1, username: 'organiser', displayName: '市局组织者', role: 'organiser', districtId: null, csrfToken: '' };
    const mine = people.filter((x) => x.districtId === own.districtId && x.id !== p.id && x.id !== q.id && x.postKind === 'office_director').slice(0, 2);
    const regs: { id: number }[] = [];
    for (const x of mine) regs.push(await t.get(RegistrationsService).register({ participantId: x.id, runId: run.id, preferences: [s0.id], actor: 'organiser' }));
    await t.get(LeaveService).request(regs[1].id, { scope: 'day', day: day2, reason: '出席区人大会议' }, { kind: 'participant' }, mine[1].id);
    const code = await t.dataSource.transaction((m) => t.get(SignInCodesService).mailCode(m, regs[0].id));
    const draft = readDraft({ session: String(s0.id), subject: '第一期开班须知', body: '请于 8:45 前到达培训中心。' }, organiser);
    const message = await t.get(GroupMessagesService).send(run.id, draft, (await t.get(GroupMessagesService).preview(run.id, draft)).recipients.length, organiser, randomUUID());
    startedAt = t.clock.now().toISOString();
    for (const [i, day] of [day1, day2].entries()) {
      t.clock.set(`${day}T08:5${i}:00+08:00`);
      await t.get(AttendanceService).mark(s0.id, day, mine[0].id, 'present', organiser);
    }
    t.clock.set(startedAt);
    await t.get(AccountsService).create({ username: 'door-browser', displayName: '签到人员', role: 'signin', districtId: null, password: 'signin-staff-pw-1' });
    const onTheDay = `${day1}T08:55:00+08:00`;
    const afterwards = `${day2}T18:00:00+08:00`;
    const scan = `/signin/${code}`;
    const tick = `/admin/sessions/${s0.id}/days/${day1}/attendance`;
    const sheet = `/admin/sessions/${s0.id}/roster?day=${day1}`;
    const training = [
      '/admin/days', `/admin/sessions/${s0.id}/roster`, sheet, `/admin/runs/${run.id}/completion`, `/admin/runs/${run.id}/certificates`,
      `/admin/runs/${run.id}/certificates/${regs[0].id}`, `/admin/runs/${run.id}/leave`, `/admin/runs/${run.id}/messages`,
    ];
    for (const path of [scan, tick, '/admin/attendance']) clockAt.set(path, onTheDay);
    for (const path of [`/admin/runs/${run.id}/completion`, `/admin/runs/${run.id}/certificates`, `/admin/runs/${run.id}/certificates/${regs[0].id}`]) clockAt.set(path, afterwards);
    pages.organiser = [
      '/admin', '/admin/participants', '/admin/outbox', `/admin/outbox/${mail.id}`, '/admin/audit', '/admin/balancing', `/admin/balancing/plans/${plan.id}`,
      '/admin/runs', `/admin/runs/${run.id}`, '/admin/venues', '/admin/accounts', '/admin/import', `/admin/sessions/${sessions[0].id}/edit`, `/admin/sessions/${sessions[0].id}/cancel`,
      '/admin/staffing', '/admin/staffing/staff', '/admin/staffing/reports', `/admin/staffing/offices/${office.id}`, '/admin/staffing/import',
      '/admin/staffing/assignments', '/admin/attendance', scan, tick, ...training, `/admin/runs/${run.id}/reminders`, `/admin/messages/${message}`,
    ];
    pages.coordinator = ['/admin', '/admin/participants', '/admin/audit', '/admin/staffing/reports', '/admin/staffing/staff', ...training];
    pages.signin = ['/admin', '/admin/attendance', scan, tick, sheet];
    pages.participant = [`/r/${p.token}`, `/r/${p.token}/cancellation`, `/r/${q.token}`, `/r/${p.token}/leave`];
    pages.anonymous = ['/', '/admin/login'];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(context: BrowserContext, username: string, password: string): Promise<void> {
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('button:has-text("登录")');
    await page.waitForURL((url) => url.pathname !== '/admin/login'); // a refused sign-in stays on the form
    await page.close();
  }

  /** Loads `path`, screenshots it, and returns what is wrong with it (overflow, axe violations). */
  async function check(page: Page, role: string, path: string, width: number): Promise<string[]> {
    const response = await page.goto(`${base}${path}`);
    const problems = !response || response.status() >= 400 ? [`${path}: HTTP ${response?.status()}`] : [];
    // A page that bounced to the sign-in form was not checked at all.
    if (path !== '/admin/login' && new URL(page.url()).pathname === '/admin/login') problems.push(`${path}: sent to the sign-in page`);
    const slug = path.replace(/\/r\/[^/?]+/, '/r/token').replace(/\/signin\/[^/?]+/, '/signin/code').replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
    const name = `${role}-${String(pages[role as keyof typeof pages].indexOf(path)).padStart(2, '0')}${slug}-${width}.png`;
    return [...problems, ...(await inspect(page, path, width, name))];
  }

  const ACCOUNT: Partial<Record<keyof typeof pages, [string, string]>> = {
    organiser: ['organiser', ORGANISER_PASSWORD],
    coordinator: ['hp-browser', 'coordinator-pw-1'],
    signin: ['door-browser', 'signin-staff-pw-1'],
  };

  /** What is wrong with the page on screen (sideways overflow, serious axe violations); keeps its screenshot as `name`. */
  async function inspect(page: Page, path: string, width: number, name: string): Promise<string[]> {
    const problems: string[] = [];
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (overflow.scroll > overflow.view) problems.push(`${path} @${width}: page is ${overflow.scroll} px wide in a ${overflow.view} px window`);
    await page.addScriptTag({ content: AXE });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as Violation[];
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      problems.push(`${path} @${width}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    await keepScreenshot(page, name);
    return problems;
  }

  for (const role of ['organiser', 'coordinator', 'signin', 'participant', 'anonymous'] as const) {
    for (const width of WIDTHS) {
      it(`${role} at ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'zh-CN' });
        try {
          const account = ACCOUNT[role];
          if (account) await signIn(context, ...account);
          const page = await context.newPage();
          const problems: string[] = [];
          let moment = startedAt;
          for (const path of pages[role]) {
            // Moving the clock ends a signed-in session (idle timeout): sign in again at the new moment.
            const at = clockAt.get(path) ?? startedAt;
            if (at !== moment) {
              t.clock.set((moment = at));
              if (account) await signIn(context, ...account);
            }
            problems.push(...(await check(page, role, path, width)));
          }
          if (moment !== startedAt) {
            t.clock.set(startedAt);
            if (account) await signIn(context, ...account);
          }
          if (role === 'organiser' || role === 'coordinator') {
            // The group message's preview is the answer to a POST: fill the form and press 预览.
            await page.goto(`${base}/admin/runs/${runId}/messages`);
            await page.fill('#subject', '第一期开班须知');
            await page.fill('#body', '请于 8:45 前到达培训中心。');
            await page.click('button:has-text("预览")');
            await page.waitForSelector('.confirm-count');
            problems.push(...(await inspect(page, 'message preview', width, `${role}-99-message-preview-${width}.png`)));
          }
          expect(problems).toEqual([]);
        } finally {
          t.clock.set(startedAt);
          await context.close();
        }
      }, 120_000);
    }
  }
});
