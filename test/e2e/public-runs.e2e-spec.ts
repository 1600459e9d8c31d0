import { TrainingRun } from '../../src/training/training-run.entity';
import { createTestApp, openRun, TestApp } from '../utils/test-app';

/** The public reads (home page, `GET /api/runs…`) show published runs only: open or closed, never a draft or an archived run (trial item 4). */
describe('Public runs: drafts and archived runs are not public', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const runs = () => t.dataSource.getRepository(TrainingRun);
  const publicView = async (run: TrainingRun) => ({
    listed: (await t.http.get('/api/runs').expect(200)).body.map((r: { id: number }) => r.id).includes(run.id),
    one: (await t.http.get(`/api/runs/${run.id}`)).status,
    sessions: (await t.http.get(`/api/runs/${run.id}/sessions`)).status,
    home: (await t.http.get('/').expect(200)).text.includes(`<h1>${run.title}</h1>`),
  });

  it('a draft run is neither listed nor readable (404 NOT_FOUND, worded as for no run) nor on the home page; open and closed are; archived is not', async () => {
    const run = await runs().findOneByOrFail({});
    await runs().update(run.id, { status: 'draft' });
    expect(await publicView(run)).toEqual({ listed: false, one: 404, sessions: 404, home: false });
    const draft = await t.http.get(`/api/runs/${run.id}`);
    const missing = await t.http.get('/api/runs/999');
    expect(draft.body).toEqual({ ...missing.body, message: missing.body.message.replace('999', String(run.id)) });
    expect(draft.body.code).toBe('NOT_FOUND');

    await openRun(t);
    expect(await publicView(run)).toEqual({ listed: true, one: 200, sessions: 200, home: true });
    await runs().update(run.id, { status: 'closed' });
    expect(await publicView(run)).toEqual({ listed: true, one: 200, sessions: 200, home: true });
    await runs().update(run.id, { status: 'archived' });
    expect(await publicView(run)).toEqual({ listed: false, one: 404, sessions: 404, home: false });
  });
});
