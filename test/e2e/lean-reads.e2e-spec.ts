import { hashToken } from '../../src/common/tokens';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { TrainingService } from '../../src/training/training.service';
import { createTestApp, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * The personal page's reads as lean SQL (issue 10, item 7): the same runs, sessions and profile
 * that TypeORM's hydration gave, on SQLite and PostgreSQL alike (dates, nulls, numbers).
 */
describe('Lean reads of the personal page (issue 10, item 7)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    await t.dataSource.getRepository(TrainingSession).update(sessions[1].id, { status: 'cancelled', confirmedCount: 3 });
    await t.dataSource.getRepository(TrainingRun).update(run.id, { contactName: null, contactPhone: '021-12345678', registrationOpensAt: new Date('2021-03-20T01:02:03.456Z') });
  });
  afterAll(() => t.close());

  it('publishedRuns gives what find() with the joined sessions gave: published runs newest first, sessions by ordinal, every column converted', async () => {
    const expected = await t.dataSource.getRepository(TrainingRun).find({ where: [{ status: 'open' }, { status: 'closed' }], relations: { sessions: true }, order: { id: 'DESC', sessions: { ordinal: 'ASC' } } });
    const runs = await t.get(TrainingService).publishedRuns();
    expect(expected.length).toBeGreaterThan(0);
    expect(runs).toEqual(expected);
    expect(runs[0].registrationDeadline).toBeInstanceOf(Date);
    expect(runs[0].sessions[0].updatedAt).toBeInstanceOf(Date);
    expect(runs.every((r) => r.status === 'open' || r.status === 'closed')).toBe(true);
  });

  it('a run without sessions is listed with none; a draft is not listed', async () => {
    const repo = t.dataSource.getRepository(TrainingRun);
    const empty = await repo.save(repo.create({ slug: 'lean-empty', title: '空培训班', topics: 'x', status: 'closed', registrationDeadline: new Date('2021-04-01T10:00:00Z') }));
    const draft = await repo.save(repo.create({ slug: 'lean-draft', title: '草稿', topics: 'x', status: 'draft', registrationDeadline: new Date('2021-04-01T10:00:00Z') }));
    const runs = await t.get(TrainingService).publishedRuns();
    expect(runs.find((r) => r.id === empty.id)?.sessions).toEqual([]);
    expect(runs.some((r) => r.id === draft.id)).toBe(false);
    await repo.delete([empty.id, draft.id]);
  });

  it('participantByToken reads the profile by the link in one query, and refuses an expired link', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const organisation = t.get(OrganisationService);
    expect(await organisation.participantByToken(p.token)).toEqual(await organisation.participant(p.id));
    await t.dataSource.getRepository(Participant).update({ tokenHash: hashToken(p.token) }, { tokenExpiresAt: new Date(t.clock.now().getTime() - 1000) });
    await expect(organisation.participantByToken(p.token)).rejects.toMatchObject({ code: 'INVALID_TOKEN', message: '培训班已结束，个人报名链接已失效。' });
    await t.dataSource.getRepository(Participant).update({ tokenHash: hashToken(p.token) }, { tokenExpiresAt: new Date(t.clock.now().getTime() + 60_000) });
    expect((await organisation.participantByToken(p.token)).id).toBe(p.id);
  });
});
