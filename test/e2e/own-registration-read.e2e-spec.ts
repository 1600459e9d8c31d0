import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { OwnRegistrationReader } from '../../src/registrations/own-registration.reader';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

/**
 * The participant's JSON read (`GET /api/runs/:runId/registration`) is one SQL statement on a read
 * connection (issue 10, item 7). It must answer exactly as the profile lookup followed by
 * `RegistrationsService.current` does, for every state a registration can be in, and refuse the
 * same links and runs.
 */
describe('Participant read in one statement', () => {
  let t: TestApp;
  let run: TrainingRun;
  let sessions: TrainingSession[];
  let people: { id: number; token: string }[];
  const path = () => `/api/runs/${run.id}/registration`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    ({ run, sessions } = await openRun(t));
    await setCapacity(t, sessions[0].id, 2);
    await setCapacity(t, sessions[1].id, 1);
    people = await participantsWithTokens(t, 9);
    // 0, 1: confirmed in S1; 2: confirmed in S2; 3–6: waitlisted (S1, S2 full, no third choice); 7: cancelled; 8: never registered.
    for (const p of people.slice(0, 8)) {
      await t.http.post(path()).set(auth(p.token)).send({ preferredSessionIds: [sessions[0].id, sessions[1].id] }).expect(201);
    }
    await t.http.delete(path()).set(auth(people[7].token)).expect(204);
    // Two waiting people queued at the same instant: the smaller id is ahead (WaitlistService.position).
    const waiting = await t.dataSource.query(`SELECT id, "queuedAt" FROM registration WHERE status = 'waitlisted' ORDER BY id`);
    expect(waiting).toHaveLength(4);
    await t.dataSource.query(`UPDATE registration SET "queuedAt" = (SELECT "queuedAt" FROM registration WHERE id = ${Number(waiting[3].id)}) WHERE id = ${Number(waiting[2].id)}`);
  });
  afterAll(() => t.close());

  it('answers (API and personal page) as participantByToken + current for confirmed, waitlisted (positions, ties), cancelled and unregistered people', async () => {
    const organisation = t.get(OrganisationService);
    const registrations = t.get(RegistrationsService);
    const positions: (number | null)[] = [];
    for (const p of people) {
      const body = (await t.http.get(path()).set(auth(p.token)).expect(200)).body;
      const profile = await organisation.participantByToken(p.token);
      const expected = await registrations.current(profile.id, run.id);
      expect(body.registration).toEqual(expected);
      // The personal page's read (by participant id) gives the same.
      expect(await t.get(OwnRegistrationReader).registrationOf(profile.id, run.id)).toEqual(expected);
      expect(body.participant).toEqual({ name: profile.name, post: profile.postLabel, unit: profile.unitLabel, district: profile.districtName, email: profile.email });
      positions.push(body.registration?.waitlistPosition ?? null);
    }
    expect(positions).toEqual([null, null, null, 1, 2, 3, 4, null, null]);
    const statuses = await Promise.all(people.map(async (p) => (await t.http.get(path()).set(auth(p.token))).body.registration?.status ?? 'none'));
    expect(statuses).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted', 'waitlisted', 'none', 'none']);
  });

  it('refuses malformed, unknown, revoked and expired links and unknown runs like the other routes', async () => {
    const [p] = people;
    const malformed = await t.http.get(path()).set(auth('short')).expect(404);
    const unknown = await t.http.get(path()).set(auth('A'.repeat(43))).expect(404);
    expect([malformed.body.code, unknown.body.code]).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN']);
    expect(unknown.body.message).toContain('个人报名链接无效');
    expect((await t.http.get('/api/runs/999999/registration').set(auth(p.token)).expect(404)).body).toMatchObject({ code: 'NOT_FOUND', message: '培训班 999999 不存在。' });

    await t.dataSource.getRepository(Participant).update(people[1].id, { tokenExpiresAt: new Date(t.clock.now().getTime() - 1000) });
    const expired = await t.http.get(path()).set(auth(people[1].token)).expect(404);
    expect(expired.body).toMatchObject({ code: 'INVALID_TOKEN', message: '培训班已结束，个人报名链接已失效。' });
    await t.dataSource.getRepository(Participant).update(people[1].id, { tokenExpiresAt: new Date(t.clock.now().getTime() + 60_000) });
    await t.http.get(path()).set(auth(people[1].token)).expect(200);

    await t.dataSource.getRepository(Participant).update(people[2].id, { tokenHash: null });
    expect((await t.http.get(path()).set(auth(people[2].token)).expect(404)).body.code).toBe('INVALID_TOKEN');
  });

  it('sees a committed change at once (the read is not held on an older snapshot)', async () => {
    const p = people[8];
    await t.http.post(path()).set(auth(p.token)).send({ preferredSessionIds: [sessions[2].id] }).expect(201);
    expect((await t.http.get(path()).set(auth(p.token)).expect(200)).body.registration).toMatchObject({ status: 'confirmed', sessionId: sessions[2].id, waitlistPosition: null });
  });
});
