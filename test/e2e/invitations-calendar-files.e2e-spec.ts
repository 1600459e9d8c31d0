import ICAL from 'ical.js';
import type { Response } from 'supertest';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { parseInvitation } from '../utils/ical';
import { page } from '../utils/organiser';
import { createTestApp, openRun, organiserCookie, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

/** Physical lines of a calendar file, checked: CRLF endings, ≤ 75 octets, valid UTF-8 (RFC 5545 §3.1). */
function physicalLines(bytes: Buffer): string[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  return lines;
}

const binary = (req: ReturnType<TestApp['http']['get']>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('Calendars to download and subscribe to: METHOD:PUBLISH (issue #3)', () => {
  let t: TestApp;
  let runId: number;
  let s1: number;

  beforeEach(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    runId = opened.run.id;
    s1 = opened.sessions[0].id;
  });
  afterEach(() => t.close());

  const register = (p: { id: number }) => t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [s1], actor: 'participant' });
  const invitationOf = (participantId: number) => t.dataSource.getRepository(CalendarInvitation).findOneByOrFail({ participantId, sessionId: s1 });

  it('gives a confirmed participant their current event: same UID and SEQUENCE, no ATTENDEE, linked from their page', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await register(p);
    const personal = await t.http.get(`/r/${p.token}`).expect(200);
    expect(personal.text).toContain(`href="/r/${p.token}/invitation.ics?run=${runId}"`);

    await t.get(SessionChangesService).update(s1, { firstDay: '2021-04-14' });
    const res: Response = await binary(t.http.get(`/r/${p.token}/invitation.ics`)).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invite.ics"');
    physicalLines(res.body);
    const text = (res.body as Buffer).toString('utf8');
    const stored = await invitationOf(p.id);
    const event = parseInvitation(text);
    expect(event).toMatchObject({ method: 'PUBLISH', uid: stored.uid, sequence: 1, summary: '全市司法所长培训班（第一期）' });
    expect(stored.sequence).toBe(1);
    expect(event.occurrences[0]).toEqual({ start: '2021-04-14T01:00:00.000Z', end: '2021-04-14T09:00:00.000Z' });
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    expect(vevent.getAllProperties('attendee')).toHaveLength(0);
    expect(text).not.toMatch(/RSVP/);
    expect(vevent.getFirstProperty('organizer')?.getFirstValue()).toBe(`mailto:${t.config.mail.fromAddress}`);
  });

  it('answers a Chinese 404 page when the participant is not confirmed (none, waitlisted, cancelled) or the link is unknown', async () => {
    const [none, waiting, gone, holder] = await participantsWithTokens(t, 4);
    await setCapacity(t, s1, 1);
    await register(holder);
    expect(await register(waiting)).toMatchObject({ status: 'waitlisted' });
    await register(gone);
    await t.get(RegistrationsService).cancel(gone.id, runId, 'participant');
    for (const p of [none, waiting, gone]) {
      const res = await t.http.get(`/r/${p.token}/invitation.ics`).set('Accept', 'text/html').expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('您目前没有已确认的培训期次，暂无日历文件可下载');
    }
    const personal = await t.http.get(`/r/${waiting.token}`).expect(200);
    expect(personal.text).not.toContain('invitation.ics');
    await t.http.get('/r/not-a-real-token-000000000000000000000/invitation.ics').set('Accept', 'text/html').expect(404);
  });

  it("gives organisers a session's calendar: one VEVENT per confirmed participant's UID", async () => {
    const people = await participantsWithTokens(t, 4);
    for (const p of people.slice(0, 3)) await register(p);
    await t.get(RegistrationsService).cancel(people[2].id, runId, 'participant');
    const cookie = await organiserCookie(t);

    const res: Response = await binary(page(t, 'get', `/admin/sessions/${s1}/calendar.ics`, cookie)).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.ics"; filename\*=UTF-8''/);
    physicalLines(res.body);
    const calendar = new ICAL.Component(ICAL.parse((res.body as Buffer).toString('utf8')));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const expected = await Promise.all(people.slice(0, 2).map((p) => invitationOf(p.id)));
    expect(events.map((e) => e.uid).sort()).toEqual(expected.map((i) => i.uid).sort());
    expect(events.map((e) => e.summary).sort()).toEqual(people.slice(0, 2).map((p) => `全市司法所长培训班（第一期） · ${p.name}`).sort());
    expect(events.every((e) => e.attendees.length === 0 && !e.component.getFirstSubcomponent('valarm'))).toBe(true);

    await t.http.get(`/admin/sessions/${s1}/calendar.ics`).set('Accept', 'application/json').expect(401);
  });
});
