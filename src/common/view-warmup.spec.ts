import hbs from 'hbs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../../test/utils/test-app';
import { VIEWS_DIR } from './paths';
import { warmUpViews } from './view-warmup';

/** Issue 10, item 7: the view cache is filled at start, so the first burst of page requests compiles nothing. */
describe('warmUpViews', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('compiles every page template and the layout into the view cache; the page still renders', async () => {
    const cache = (hbs as unknown as { cache: Record<string, unknown> }).cache;
    for (const key of Object.keys(cache)) delete cache[key];
    const warmed = await warmUpViews(t.app);
    expect(warmed).toBeGreaterThan(20);
    expect(Object.keys(cache)).toEqual(expect.arrayContaining([join(VIEWS_DIR, 'registrations/participant.hbs'), join(VIEWS_DIR, 'layouts/main.hbs'), join(VIEWS_DIR, 'home.hbs')]));
    expect(Object.keys(cache).some((file) => file.includes('/partials/'))).toBe(false);
    const home = await t.http.get('/').set('Accept', 'text/html');
    expect(home.status).toBe(200);
  });
});
