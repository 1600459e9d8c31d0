process.env.TZ = 'UTC';
// Jest hands each test file its own copy of process.env, so the line above alone does not move
// this worker's zone (`npm test` runs with TZ=America/New_York). Set it on the real process too,
// before anything else is loaded, and put it back when the file is done.
const realEnv = (require('node:vm') as typeof import('node:vm')).runInThisContext('process').env as Record<string, string | undefined>;
const previousTz = realEnv.TZ;
realEnv.TZ = 'UTC';

import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, TestApp, asOrganiser } from '../utils/test-app';

afterAll(() => {
  if (previousTz === undefined) delete realEnv.TZ;
  else realEnv.TZ = previousTz;
});

type Person = { id: number; email: string; name: string; token: string };

/** Row counts of the tables a registration writes, and one person's contact details. */
async function snapshot(t: TestApp, personId: number) {
  const person = await t.dataSource.getRepository(Participant).findOneByOrFail({ id: personId });
  return {
    registrations: await t.dataSource.getRepository(Registration).count(),
    outbox: await t.dataSource.getRepository(OutboxMessage).count(),
    confirmed: (await t.dataSource.getRepository(TrainingSession).find({ order: { id: 'ASC' } })).map((s) => s.confirmedCount),
    person: { name: person.name, email: person.email, mobile: person.mobile },
  };
}

describe('Registration API: nested bodies validated, unknown fields refused (case C10)', () => {
  let t: TestApp;
  let runId: number;
  let sessionIds: number[];
  let people: Person[];

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    runId = opened.run.id;
    sessionIds = opened.sessions.map((s) => s.id);
    people = await participantsWithTokens(t, 12);
  });
  afterAll(() => t.close());

  const register = (token: string | undefined, body: object) => {
    const req = t.http.post(`/api/runs/${runId}/registration`);
    return (token === undefined ? req : req.set('Authorization', token)).send(body);
  };
  const bearer = (p: Person) => `Bearer ${p.token}`;

  /** Sends `body` as `p`, expects `status` and that nothing at all was written. */
  async function refusedWithoutWriting(p: Person, body: object, status: number) {
    const before = await snapshot(t, p.id);
    const res = await register(bearer(p), body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(await snapshot(t, p.id)).toEqual(before);
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: p.id })).toBe(0);
    return res.body as { statusCode: number; code: string; message: string; details?: string[] };
  }

  it('(i) an empty body → 400 naming preferredSessionIds; nothing written', async () => {
    const body = await refusedWithoutWriting(people[0], {}, 400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details!.some((m) => m.startsWith('preferredSessionIds '))).toBe(true);
    expect(body.message).toContain('preferredSessionIds');
  });

  it('(ii) a nested participant with name: 1, email: 2 → 400 naming participant.name and participant.email; nothing written', async () => {
    const body = await refusedWithoutWriting(people[1], { preferredSessionIds: [sessionIds[0]], participant: { name: 1, email: 2 } }, 400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details!.some((m) => m.startsWith('participant.name '))).toBe(true);
    expect(body.details!.some((m) => m.startsWith('participant.email '))).toBe(true);
  });

  it('(iii) isAdmin at the top level → 400 naming isAdmin; the valid contact change is not applied', async () => {
    const body = await refusedWithoutWriting(
      people[2],
      { preferredSessionIds: [sessionIds[0]], participant: { name: '陈晓明', email: 'chen.xm@example.org' }, isAdmin: true },
      400,
    );
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toContain('不允许的字段 isAdmin');
  });

  it('(iii) isAdmin inside participant → 400 naming participant isAdmin; nothing written', async () => {
    const body = await refusedWithoutWriting(
      people[3],
      { preferredSessionIds: [sessionIds[0]], participant: { name: '陈晓明', email: 'chen.xm@example.org', isAdmin: true } },
      400,
    );
    expect(body.details).toContain('不允许的字段 participant.isAdmin');
  });

  it.each([
    ['participant is a string', { participant: 'chen.xm@example.org' }, 'participant'],
    ['session ids as strings', { preferredSessionIds: ['1'] }, 'preferredSessionIds'],
    ['four choices', { preferredSessionIds: [1, 2, 3, 4] }, 'preferredSessionIds'],
    ['a bad mobile', { participant: { name: '陈晓明', email: 'chen.xm@example.org', mobile: '12345' } }, 'participant.mobile'],
  ])('other malformed bodies are refused with 400: %s', async (_, patch, field) => {
    const body = await refusedWithoutWriting(people[4], { preferredSessionIds: [sessionIds[0]], ...patch }, 400);
    expect(body.details!.some((m) => m.startsWith(`${field} `) || m.includes(` ${field} `))).toBe(true);
  });

  // PRODUCT BUG: @ValidateNested() validates each element of an array, so an array passes
  // validation and reaches OrganisationService.updateContact, which calls contact.email.trim() on
  // an array and fails with 500. Fix: add @IsObject() to CreateRegistrationDto.participant.
  it('a participant given as an array of contact objects is refused with 400, not 500', async () => {
    const body = await refusedWithoutWriting(
      people[5],
      { preferredSessionIds: [sessionIds[0]], participant: [{ name: '陈晓明', email: 'chen.xm@example.org' }] },
      400,
    );
    expect(body.details!.some((m) => m.startsWith('participant'))).toBe(true);
  });

  it('a valid nested participant updates the contact details and the invitation goes to the new address', async () => {
    const p = people[6];
    const res = await register(bearer(p), {
      preferredSessionIds: [sessionIds[1]],
      participant: { name: ' 陈晓明 ', email: 'chen.xm@example.org', mobile: '13912345678' },
    }).expect(201);
    expect(res.body).toMatchObject({ status: 'confirmed', sessionId: sessionIds[1] });
    expect(await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id })).toMatchObject({
      name: '陈晓明',
      email: 'chen.xm@example.org',
      mobile: '13912345678',
    });
    const mails = await t.dataSource.getRepository(OutboxMessage).findBy({ calendarMethod: 'REQUEST' });
    expect(mails.map((m) => [m.recipientAddress, m.recipientName])).toEqual([['chen.xm@example.org', '陈晓明']]);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: p.email })).toBe(0);

    await deliverAll(t);
    const eml = await readFile(join(t.config.mail.outboxDir, `${mails[0].id}-invitation.eml`));
    const parsed = await simpleParser(eml);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual(['chen.xm@example.org']);
  });

  it('an address used by another participant (any case) → 409 EMAIL_IN_USE; nothing written', async () => {
    const other = people[8];
    const body = await refusedWithoutWriting(
      people[7],
      { preferredSessionIds: [sessionIds[0]], participant: { name: '王磊', email: other.email.toUpperCase() } },
      409,
    );
    expect(body.code).toBe('EMAIL_IN_USE');
    expect(body.message).toContain('已被其他参训人员使用');
  });

  it('an unknown session id → 422 SESSION_NOT_IN_RUN; the contact change in the same body is not applied', async () => {
    const body = await refusedWithoutWriting(
      people[9],
      { preferredSessionIds: [999_999], participant: { name: '李四', email: 'li.si@example.org' } },
      422,
    );
    expect(body.code).toBe('SESSION_NOT_IN_RUN');
    expect(body.message).toContain('999999');
  });

  it.each([
    ['no Authorization header', 401, 'UNAUTHENTICATED', undefined],
    ['a Basic credential', 401, 'UNAUTHENTICATED', 'Basic dXNlcjpwYXNz'],
    ['"Bearer" with no token', 401, 'UNAUTHENTICATED', 'Bearer '],
    ['a garbage token', 404, 'INVALID_TOKEN', 'Bearer not-a-token'],
    ['a well-formed unknown token', 404, 'INVALID_TOKEN', `Bearer ${'A'.repeat(43)}`],
  ])('%s → %d JSON with code %s; nothing written', async (_, status, code, authorization) => {
    const before = await snapshot(t, people[10].id);
    const res = await register(authorization, { preferredSessionIds: [sessionIds[0]] });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: status, code });
    expect(await snapshot(t, people[10].id)).toEqual(before);
  });
});

describe('Organiser session changes: strict, zone-explicit dates under TZ=UTC (case C11)', () => {
  let t: TestApp;
  let cookie: string;
  let session: TrainingSession;

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
    session = (await openRun(t)).sessions[2]; // 第三期, 2021-04-26
  });
  afterAll(() => t.close());

  const stored = () => t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: session.id });
  const patch = (body: object) => t.http.patch(`/api/admin/sessions/${session.id}`).set(asOrganiser(cookie)).send(body);

  it('runs in a process whose zone is UTC', () => {
    expect(new Date('2021-04-12T09:00:00').getTimezoneOffset()).toBe(0);
  });

  it.each([
    ['firstDay', { firstDay: '2021-02-30' }],
    ['firstDay', { firstDay: '2021-4-12' }],
    ['startsAt', { startsAt: '2021-02-30T09:00:00' }],
    ['startsAt', { startsAt: '2021-04-12 09:00' }],
    ['dailyStart', { dailyStart: '24:00' }],
  ])('an impossible or loose value → 400 naming %s; nothing changed', async (field, body) => {
    const before = await stored();
    const res = await patch(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.details as string[]).some((m) => m.startsWith(`${field} `))).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it.each(['2021-04-14T09:00:00', '2021-04-14T09:00:00+08:00', '2021-04-14T01:00:00Z'])(
    'startsAt %s is stored as 2021-04-14 09:00 Shanghai, first day starting at 01:00Z',
    async (startsAt) => {
      await patch({ firstDay: '2021-04-26', dailyStart: '10:00', dailyEnd: '18:00' }).expect(200);
      const res = await patch({ startsAt }).expect(200);
      expect(res.body).toMatchObject({ firstDay: '2021-04-14', dailyStart: '09:00', dailyEnd: '17:00' });
      expect(res.body.days[0]).toEqual({ start: '2021-04-14T01:00:00.000Z', end: '2021-04-14T09:00:00.000Z' });
      expect(res.body.days[1].start).toBe('2021-04-15T01:00:00.000Z');
      expect(await stored()).toMatchObject({ firstDay: '2021-04-14', dailyStart: '09:00', dailyEnd: '17:00' });
    },
  );

  it('the organiser page form with firstDay 2021-02-30 re-renders with 422 and the Chinese field error; nothing changed', async () => {
    const before = await stored();
    const res = await t.http
      .post(`/admin/sessions/${session.id}`)
      .set(asOrganiser(cookie))
      .type('form')
      .send({ title: before.title, firstDay: '2021-02-30', dayCount: '2', dailyStart: '09:00', dailyEnd: '17:00', venue: before.venue, capacity: '90' })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('请填写有效日期，如 2021-04-12。');
    expect(res.text).toContain('value="2021-02-30"');
    expect(await stored()).toEqual(before);
  });
});

describe('Public session list: startsAfter with an unencoded + (case C11)', () => {
  let t: TestApp;
  let path: string;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    path = `/api/runs/${opened.run.id}/sessions`;
    ids = opened.sessions.map((s) => s.id); // first days 2021-04-12, -19, -26, each 09:00 Shanghai
  });
  afterAll(() => t.close());

  const idsOf = (res: { body: { id: number }[] }) => res.body.map((s) => s.id);

  it('accepts 2021-04-12T09:00:00+08:00 with the + unencoded (arriving as a space) and answers as the %2B form', async () => {
    const raw = await t.http.get(`${path}?startsAfter=2021-04-12T09:00:00+08:00`).expect(200);
    const encoded = await t.http.get(`${path}?startsAfter=2021-04-12T09:00:00%2B08:00`).expect(200);
    const space = await t.http.get(`${path}?startsAfter=2021-04-12T09:00:00%2008:00`).expect(200);
    const zulu = await t.http.get(`${path}?startsAfter=2021-04-12T01:00:00Z`).expect(200);
    expect(idsOf(raw)).toEqual([ids[1], ids[2]]); // 第一期 starts exactly at that instant, not after it
    expect(idsOf(encoded)).toEqual(idsOf(raw));
    expect(idsOf(space)).toEqual(idsOf(raw));
    expect(idsOf(zulu)).toEqual(idsOf(raw));
  });

  it('honours the offset of the unencoded form (+09:00 is an hour earlier, so 第一期 is after it)', async () => {
    const raw = await t.http.get(`${path}?startsAfter=2021-04-12T09:00:00+09:00`).expect(200);
    const encoded = await t.http.get(`${path}?startsAfter=2021-04-12T09:00:00%2B09:00`).expect(200);
    expect(idsOf(raw)).toEqual(ids);
    expect(idsOf(encoded)).toEqual(ids);
  });

  it.each(['yesterday', '2021-02-30T09:00:00+08:00', '2021-04-12'])('a garbage startsAfter (%s) → 400 naming startsAfter', async (value) => {
    const res = await t.http.get(`${path}?startsAfter=${encodeURIComponent(value)}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.details as string[]).some((m) => m.startsWith('startsAfter '))).toBe(true);
  });
});
