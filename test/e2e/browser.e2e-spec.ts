import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Browser } from 'playwright-core';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { keepScreenshot, launchChromium } from '../utils/chromium';
import { createTestApp, openRun, ORGANISER_PASSWORD, participantsWithTokens, TestApp } from '../utils/test-app';

describe('Pages in a real browser (Chromium, JavaScript off)', () => {
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

  it('a participant registers with ranked choices from their link, then sees the confirmation', async () => {
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    const page = await browser.newPage({ javaScriptEnabled: false, locale: 'zh-CN' });
    await page.goto(`${base}/r/${p.token}`);
    await page.selectOption('#choice1', String(sessions[1].id));
    await page.selectOption('#choice2', String(sessions[0].id));
    await page.click('button:has-text("提交报名")');
    await page.waitForURL(/done=registered/);
    await expect(page.textContent('.notice')).resolves.toContain('报名已提交');
    await expect(page.textContent('.status-confirmed')).resolves.toContain('第二期');
    const shot = await keepScreenshot(page, 'browser-participant-confirmed.png');
    expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); // a PNG kept as an artefact
    expect(await t.get(RegistrationsService).current(p.id, run.id)).toMatchObject({ status: 'confirmed', sessionId: sessions[1].id });
    await page.close();
  });

  it('an organiser signs in and sees the overview with every district', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false, locale: 'zh-CN' });
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await page.fill('#username', 'organiser');
    await page.fill('#password', ORGANISER_PASSWORD);
    await page.click('button:has-text("登录")');
    await page.waitForURL(`${base}/admin`);
    await expect(page.textContent('h1')).resolves.toContain('全市司法所长培训班');
    const districtRows = await page.locator('table').nth(1).locator('tbody tr').count();
    expect(districtRows).toBe(16);
    await page.close();
  });
});
