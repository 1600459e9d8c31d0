import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { TrainingService } from '../../src/training/training.service';
import { createTestApp, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * A participant's read and commands load only the sessions they name (issue 10, item 2: with 40
 * sessions, hydrating the whole run was most of a command's time), with the same answers.
 */
describe('Participant commands read only the sessions they name', () => {
  let t: TestApp;
  let run: TrainingRun;
  let sessions: TrainingSession[];
  let foreign: TrainingSession;

  beforeAll(async () => {
    t = await createTestApp();
    ({ run, sessions } = await openRun(t));
    const { id: _id, createdAt: _c, sessions: _s, ...fields } = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: run.id });
    const other = await t.dataSource.getRepository(TrainingRun).save({ ...fields, slug: 'other-run', title: '另一培训班' });
    const { id: _sid, ...sessionFields } = sessions[0];
    foreign = await t.dataSource.getRepository(TrainingSession).save({ ...sessionFields, runId: other.id, run: undefined, confirmedCount: 0 });
  });
  afterAll(() => t.close());

  it('register, read, change and cancel never load the whole run, and answer as before', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const auth = { Authorization: `Bearer ${p.token}` };
    const path = `/api/runs/${run.id}/registration`;
    const whole = jest.spyOn(TrainingService.prototype, 'run');
    try {
      expect((await t.http.post(path).set(auth).send({ preferredSessionIds: [sessions[1].id] }).expect(201)).body).toMatchObject({ status: 'confirmed', sessionId: sessions[1].id });
      expect((await t.http.get(path).set(auth).expect(200)).body.registration).toMatchObject({ status: 'confirmed', sessionId: sessions[1].id });
      expect((await t.http.put(path).set(auth).send({ preferredSessionIds: [sessions[2].id], unavailableSessionIds: [sessions[0].id] }).expect(200)).body).toMatchObject({ sessionId: sessions[2].id, unavailable: [sessions[0].id] });
      await t.http.delete(path).set(auth).expect(204);
      expect(whole).not.toHaveBeenCalled();
    } finally {
      whole.mockRestore();
    }
    expect((await t.http.get(path).set(auth).expect(200)).body.registration).toBeNull();
    const counts = await t.dataSource.getRepository(TrainingSession).find({ where: { runId: run.id }, order: { ordinal: 'ASC' } });
    expect(counts.map((s) => s.confirmedCount)).toEqual(sessions.map((s) => s.confirmedCount));
  });

  it('a session of another run is refused as a choice and as unavailable; an unknown run is 404', async () => {
    const [, p] = await participantsWithTokens(t, 2);
    const auth = { Authorization: `Bearer ${p.token}` };
    const path = `/api/runs/${run.id}/registration`;
    expect((await t.http.post(path).set(auth).send({ preferredSessionIds: [foreign.id] }).expect(422)).body.code).toBe('SESSION_NOT_IN_RUN');
    expect((await t.http.post(path).set(auth).send({ preferredSessionIds: [sessions[0].id], unavailableSessionIds: [foreign.id] }).expect(422)).body.code).toBe('SESSION_NOT_IN_RUN');
    expect((await t.http.get(path).set(auth).expect(200)).body.registration).toBeNull();
    expect((await t.http.get('/api/runs/999999/registration').set(auth).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await t.http.delete(path).set(auth).expect(409)).body.code).toBe('NOT_REGISTERED');
  });

  it('runWithSessions holds only the named sessions of that run, in ordinal order', async () => {
    const training = t.get(TrainingService);
    const loaded = await training.runWithSessions(t.dataSource.manager, run.id, [sessions[2].id, foreign.id, sessions[0].id]);
    expect(loaded.sessions.map((s) => s.id)).toEqual([sessions[0].id, sessions[2].id]);
    expect((await training.runWithSessions(t.dataSource.manager, run.id, [])).sessions).toEqual([]);
  });
});
