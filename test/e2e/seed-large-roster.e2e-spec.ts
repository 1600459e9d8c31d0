import { DataSource, QueryRunner } from 'typeorm';
import { Participant } from '../../src/organisation/participant.entity';
import { Post } from '../../src/organisation/post.entity';
import { SeedService } from '../../src/seeding/seed.service';
import { createTestApp, TestApp } from '../utils/test-app';
import { describeSqliteOnly } from '../utils/test-database';

/** Rows every query on `db`'s (single, shared SQLite) query runner returns while `work` runs. */
async function rowsRead(db: DataSource, work: () => Promise<unknown>): Promise<number> {
  let rows = 0;
  const runner: QueryRunner = db.createQueryRunner();
  const query = runner.query;
  runner.query = async function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
    const result: unknown = await query.apply(this, args);
    const records = Array.isArray(result) ? result : (result as { records?: unknown })?.records;
    if (Array.isArray(records)) rows += records.length;
    return result;
  } as QueryRunner['query'];
  try {
    await work();
  } finally {
    runner.query = query;
  }
  return rows;
}

/**
 * Issue 10, item 8: the seed runs at every start; with a large generated roster it must neither
 * read the whole roster into memory nor change what it creates (demo people numbered as before).
 */
describeSqliteOnly('The start-up seed with a large roster', 'counts rows on the single SQLite writer connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads only the seed\'s own rows and the missing ones, not the generated roster', async () => {
    const [any] = await t.dataSource.getRepository(Post).find({ take: 1 });
    await t.dataSource.transaction(async (m) => {
      for (let i = 0; i < 3000; i += 500) {
        const posts = Array.from({ length: 500 }, (_, k) => m.create(Post, { kind: 'office_director', unitCode: `G${String(i + k).padStart(7, '0')}`, districtId: any.districtId, officeId: null }));
        await m.insert(Post, posts);
        await m.insert(Participant, posts.map((p, k) => m.create(Participant, { postId: p.id, name: `生成${i + k}`, mobile: '13800000000', email: `gen.${i + k}@example.org` })));
      }
    });
    const seed = t.get(SeedService);
    let created: Record<string, number> = {};
    const rows = await rowsRead(t.dataSource, async () => (created = await seed.seed()));
    expect(Object.values(created).every((n) => n === 0)).toBe(true);
    // The seed's own districts, offices and posts (~500 rows), never the 3,000 generated people.
    expect(rows).toBeLessThan(1000);
  });

  it('fills an empty post with the demo person of its place in (unitCode, kind) order, as before', async () => {
    const posts = await t.dataSource.getRepository(Post).find({ order: { unitCode: 'ASC', kind: 'ASC' } });
    const place = posts.findIndex((p) => p.unitCode.startsWith('G'));
    const target = posts[place + 7];
    await t.dataSource.getRepository(Participant).delete({ postId: target.id });
    expect(await t.get(SeedService).seed()).toMatchObject({ demoPeople: 1 });
    const person = await t.dataSource.getRepository(Participant).findOneByOrFail({ postId: target.id });
    const { demoPerson } = await import('../../seeds/demo-people');
    expect({ name: person.name, email: person.email, mobile: person.mobile, isDemo: person.isDemo }).toEqual({ ...demoPerson(place + 7, target.unitCode, target.kind), isDemo: true });
  });
});
