import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Post } from '../../src/organisation/post.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { launchChromium } from '../utils/chromium';
import { district, ROSTER } from '../utils/organiser';
import { createTestApp, openRun, ORGANISER_PASSWORD, personalLinkFor, TestApp } from '../utils/test-app';

/** Issue 12 "done", in Chromium with JavaScript off: the May 2021 run planned from the pages alone. */
describe('Planning a May 2021 run in a real browser (Chromium, JavaScript off)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${base}/admin/login`);
    await page.fill('#username', 'organiser');
    await page.fill('#password', ORGANISER_PASSWORD);
    await page.click('button:has-text("登录")');
    await page.waitForURL(`${base}/admin`);
  }

  it('venue, run for three districts, proposal over May Day, accept, open; a director registers beside April', async () => {
    await openRun(t);
    const page = await browser.newPage({ javaScriptEnabled: false, locale: 'zh-CN' });
    await signIn(page);

    await page.goto(`${base}/admin/venues`);
    await page.fill('#name', '市局培训中心');
    await page.fill('#address', '上海市某路 1 号');
    await page.fill('#room', '201 教室');
    await page.fill('#capacity', '80');
    await page.click('button:has-text("新增")');
    await page.waitForURL(/notice=saved/);

    await page.goto(`${base}/admin/runs`);
    await page.click('a:has-text("新建培训班")');
    await page.fill('#title', '全市司法所长培训班（五月）');
    await page.fill('#topics', '基层法治建设');
    await page.fill('#registrationDeadline', '2021-04-30T17:00');
    await page.fill('#plannedSessions', '2');
    await page.fill('#daysPerSession', '2');
    await page.fill('#sessionCapacity', '40');
    await page.selectOption('#defaultVenueId', { index: 1 });
    await page.uncheck('input[name=audiencePosts][value=promotion_section_head]');
    await page.uncheck('input[name=audiencePosts][value=secretariat_section_head]');
    for (const code of ['310101', '310104', '310105']) await page.check(`input[name=audienceDistricts][value="${(await district(t, code)).id}"]`);
    await page.click('button:has-text("保存")');
    await page.waitForURL(/\/admin\/runs\/\d+\?notice=created/);
    const directors = ROSTER.districts.filter((d) => ['310101', '310104', '310105'].includes(d.code)).flatMap((d) => d.offices).length;
    await expect(page.textContent('body')).resolves.toContain(`共 ${directors} 人`);

    await page.click('a:has-text("排期")');
    await page.fill('#from', '2021-05-01');
    await page.fill('#to', '2021-05-31');
    await page.fill('#sessions', '2');
    await page.fill('#gap', '1');
    await page.click('button:has-text("生成建议日期")');
    await page.waitForURL(/schedule\?from=2021-05-01/);
    expect(await page.locator('input[name=firstDay]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['2021-05-06', '2021-05-10']);
    await expect(page.getAttribute('td[data-date="2021-05-03"]', 'class')).resolves.toBe('holiday');
    await expect(page.getAttribute('td[data-date="2021-05-08"]', 'class')).resolves.toBe('adjusted-workday');
    await page.click('button:has-text("采用这些日期")');
    await page.waitForURL(/notice=planned/);
    await page.click('button:has-text("开放报名并向参训人员发送个人链接")');
    await page.waitForURL(/notice=opened/);
    await page.close();

    const may = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ title: '全市司法所长培训班（五月）' });
    expect(may.status).toBe('open');
    const post = await t.dataSource.getRepository(Post).findOneByOrFail({ unitCode: ROSTER.districts.find((d) => d.code === '310105')!.offices[0].code, kind: 'office_director' });
    const person = await t.dataSource.getRepository(Participant).findOneByOrFail({ postId: post.id });
    const link = await personalLinkFor(t, person.email);

    const me = await browser.newPage({ javaScriptEnabled: false, locale: 'zh-CN' });
    await me.goto(`${base}${link}`);
    await me.click('a:has-text("全市司法所长培训班（五月）")');
    await me.selectOption('#choice1', { index: 1 });
    await me.click('button:has-text("提交报名")');
    await me.waitForURL(/done=registered/);
    await expect(me.textContent('.status-confirmed')).resolves.toContain('全市司法所长培训班（五月）（第一期）');
    await me.click('a:has-text("全市司法所长培训班")');
    await me.selectOption('#choice1', { index: 2 });
    await me.click('button:has-text("提交报名")');
    await me.waitForURL(/done=registered/);
    await me.close();
    const mine = await t.dataSource.getRepository(Registration).find({ where: { participantId: person.id }, order: { runId: 'ASC' } });
    expect(mine.map((r) => [r.runId === may.id ? 'May' : 'April', r.status])).toEqual([['April', 'confirmed'], ['May', 'confirmed']]);
  });

  it('/api/docs renders the Swagger UI under its content security policy (JavaScript on)', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    await page.goto(`${base}/api/docs/`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 15000 });
    await expect(page.locator('.opblock-summary-path', { hasText: '/api/admin/runs/{runId}/proposal' }).count()).resolves.toBeGreaterThan(0);
    expect(refused.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
    await page.close();
  });
});
