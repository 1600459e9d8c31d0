import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { AccountsService } from '../../src/auth/accounts.service';
import { BalancingService } from '../../src/balancing/balancing.service';
import { DEFAULT_BALANCING_POLICY } from '../../src/balancing/balancing-input';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { createTestApp, openRun, ORGANISER_PASSWORD, participantsWithTokens, TestApp } from '../utils/test-app';

/** Debian's Chromium, driven by playwright-core. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots are kept as test artefacts (gitignored). */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'screens');
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
  const pages: Record<'organiser' | 'coordinator' | 'participant' | 'anonymous', string[]> = { organiser: [], coordinator: [], participant: [], anonymous: [] };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
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
    pages.organiser = [
      '/admin', '/admin/participants', '/admin/outbox', `/admin/outbox/${mail.id}`, '/admin/audit', '/admin/balancing', `/admin/balancing/plans/${plan.id}`,
      '/admin/runs', `/admin/runs/${run.id}`, '/admin/venues', '/admin/accounts', '/admin/import', `/admin/sessions/${sessions[0].id}/edit`, `/admin/sessions/${sessions[0].id}/cancel`,
      '/admin/staffing', '/admin/staffing/staff', '/admin/staffing/reports', `/admin/staffing/offices/${office.id}`, '/admin/staffing/import',
    ];
    pages.coordinator = ['/admin', '/admin/participants', '/admin/audit', '/admin/staffing/reports'];
    pages.participant = [`/r/${p.token}`, `/r/${p.token}/cancellation`, `/r/${q.token}`];
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
    await page.waitForURL(/\/admin(\?|$|\/)/);
    await page.close();
  }

  /** Loads `path`, screenshots it, and returns what is wrong with it (overflow, axe violations). */
  async function check(page: Page, role: string, path: string, width: number): Promise<string[]> {
    const response = await page.goto(`${base}${path}`);
    const problems: string[] = [];
    if (!response || response.status() >= 400) problems.push(`${path}: HTTP ${response?.status()}`);
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
    const slug = path.replace(/\/r\/[^/?]+/, '/r/token').replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
    const name = `${role}-${String(pages[role as keyof typeof pages].indexOf(path)).padStart(2, '0')}${slug}-${width}.png`;
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
    return problems;
  }

  for (const role of ['organiser', 'coordinator', 'participant', 'anonymous'] as const) {
    for (const width of WIDTHS) {
      it(`${role} at ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'zh-CN' });
        try {
          if (role === 'organiser') await signIn(context, 'organiser', ORGANISER_PASSWORD);
          if (role === 'coordinator') await signIn(context, 'hp-browser', 'coordinator-pw-1');
          const page = await context.newPage();
          const problems: string[] = [];
          for (const path of pages[role]) problems.push(...(await check(page, role, path, width)));
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }
});
