import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { calendarOf } from '../utils/ical';
import { createTestApp, deliverAll, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

describe('Invitation written to the local mail folder (default transport), server outside Shanghai time', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs in a zone far from Shanghai (npm test sets TZ=America/New_York)', () => {
    expect(new Date('2021-04-12T09:00:00').getTimezoneOffset()).not.toBe(-480);
  });

  it('registering through the personal link leaves an .eml whose invitation covers both days 01:00Z–09:00Z', async () => {
    const { sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[0].id) }).expect(303);
    await deliverAll(t);

    const files = readdirSync(t.config.mail.outboxDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const raw = readFileSync(join(t.config.mail.outboxDir, files[0]));
    const mail = await simpleParser(raw);
    expect(mail.to && 'value' in mail.to && mail.to.value[0].address).toBe(p.email);
    expect(mail.subject).toBe('【参训确认】全市司法所长培训班（第一期）');
    expect(mail.text).toContain(`${p.name}同志`);
    const invitation = calendarOf(mail);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.occurrences).toEqual([
      { start: '2021-04-12T01:00:00.000Z', end: '2021-04-12T09:00:00.000Z' },
      { start: '2021-04-13T01:00:00.000Z', end: '2021-04-13T09:00:00.000Z' },
    ]);
    expect(invitation.attendee.toLowerCase()).toBe(`mailto:${p.email}`);
    expect(raw.toString('utf8')).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    // One clock for the whole record: the mail's Date, DTSTAMP and the outbox row agree.
    expect(mail.date?.toISOString()).toBe('2021-03-22T01:00:00.000Z');
    expect(invitation.dtstamp.toISOString()).toBe('2021-03-22T01:00:00.000Z');
  });
});
