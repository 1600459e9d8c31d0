import { SignInCode } from '../../src/attendance/sign-in-code.entity';
import { SignInCodesService } from '../../src/attendance/sign-in-codes.service';
import { FailureThrottle } from '../../src/auth/failure-throttle.service';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { createTestApp, openRun, TestApp } from '../utils/test-app';
import { confirmedIn, decodeQrPng } from '../utils/training-days';

/**
 * The sign-in QR as its own image (issue 10, item 7): the personal page only links to it, so a
 * page view neither draws nor writes; the image is as safe as the page (token checked and failures
 * counted, only the holder's own confirmed registrations) and never shows a revoked code.
 */
describe('GET /r/:token/sign-in-qr/:registrationId.png (issue 10, item 7)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof confirmedIn>>;

  beforeAll(async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    people = await confirmedIn(t, run.id, sessions[0], 2);
  });
  afterAll(() => t.close());

  const image = (path: string, headers: Record<string, string> = {}) =>
    t.http.get(path).set(headers).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const codeRows = () => t.dataSource.getRepository(SignInCode).count();
  const src = async (token: string) => /<img src="([^"]+)" alt="签到二维码"/.exec((await t.http.get(`/r/${token}`).expect(200)).text)![1];

  it('the page links to the image and writes no code; the first fetch writes one, later fetches reuse it (304 with its tag)', async () => {
    const before = await codeRows();
    const path = await src(people[0].token);
    expect(path).toBe(`/r/${people[0].token}/sign-in-qr/${people[0].registrationId}.png`);
    expect(await codeRows()).toBe(before);
    const first = await image(path).expect(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(decodeQrPng(first.body)).toMatch(/^http:\/\/localhost:3000\/signin\/[A-Za-z0-9_-]{43}$/);
    expect(await codeRows()).toBe(before + 1);
    const again = await image(path, { 'If-None-Match': first.headers.etag }).expect(304);
    expect(again.body.length ?? 0).toBe(0);
    expect(await codeRows()).toBe(before + 1);
  });

  it('parallel first fetches (two tabs) all get the image: one code stored, one tag, no 500', async () => {
    const person = people[1];
    const path = `/r/${person.token}/sign-in-qr/${person.registrationId}.png`;
    const stored = () => t.dataSource.getRepository(SignInCode).countBy({ registrationId: person.registrationId, channel: 'page' });
    const before = await stored();
    const answers = await Promise.all(Array.from({ length: 10 }, () => image(path)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((r) => r.headers.etag)).size).toBe(1);
    expect(await stored()).toBe(before + 1);
  });

  it('another person\'s registration, an unknown id or a malformed name: 404 in Chinese, nothing written', async () => {
    const before = await codeRows();
    for (const file of [`${people[1].registrationId}.png`, '999999.png', 'x.png', `${people[0].registrationId}.gif`]) {
      const res = await t.http.get(`/r/${people[0].token}/sign-in-qr/${file}`).set('Accept', 'text/html');
      expect({ file, status: res.status }).toEqual({ file, status: 404 });
      expect(res.text).toContain('签到二维码不存在');
    }
    expect(await codeRows()).toBe(before);
  });

  it('a token that opens nothing is a counted failure (404 INVALID_TOKEN), like the page', async () => {
    const failures = jest.spyOn(t.get(FailureThrottle), 'recordFailure');
    const res = await t.http.get(`/r/${'A'.repeat(43)}/sign-in-qr/${people[0].registrationId}.png`).set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('INVALID_TOKEN');
    expect(failures).toHaveBeenCalledTimes(1);
    failures.mockRestore();
  });

  it('after the link is reissued the old image URL is refused; the new one carries a new code, the old code is revoked', async () => {
    const oldPath = await src(people[1].token);
    const oldUrl = decodeQrPng((await image(oldPath).expect(200)).body);
    const token = await t.get(TransactionRunner).run((m) => t.get(OrganisationService).issueToken(m, people[1].id));
    expect((await t.http.get(oldPath).set('Accept', 'application/json')).body.code).toBe('INVALID_TOKEN');
    const fresh = await image(await src(token)).expect(200);
    const newUrl = decodeQrPng(fresh.body);
    expect(newUrl).not.toBe(oldUrl);
    const codes = t.get(SignInCodesService);
    await expect(t.get(TransactionRunner).run((m) => codes.registrationOf(m, oldUrl.split('/').pop()!))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.get(TransactionRunner).run((m) => codes.registrationOf(m, newUrl.split('/').pop()!))).toBe(people[1].registrationId);
  });

  it('after the code is revoked the same URL answers a new image and tag, never a 304 of the revoked one', async () => {
    const path = await src(people[0].token);
    const first = await image(path).expect(200);
    await t.get(TransactionRunner).run((m) => t.get(SignInCodesService).revokeAll(m, people[0].registrationId));
    const after = await image(path, { 'If-None-Match': first.headers.etag }).expect(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(decodeQrPng(after.body)).not.toBe(decodeQrPng(first.body));
  });
});
