import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import roster from '../../seeds/roster.json';
import runSeed from '../../seeds/training-run-2021-04.json';
import { demoPerson } from '../../seeds/demo-people';
import { parseShanghaiDateTime } from '../common/shanghai-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { District } from '../organisation/district.entity';
import { JudicialOffice, UnitKind } from '../organisation/judicial-office.entity';
import { Participant } from '../organisation/participant.entity';
import { Post, PostKind } from '../organisation/post.entity';
import { TrainingRun } from '../training/training-run.entity';
import { RunPlanningService } from '../scheduling/runs/run-planning.service';
import { STARTUP_TURN_KEYS, takeTurn } from '../database/startup-turns';

const SECTION_HEADS: PostKind[] = ['promotion_section_head', 'secretariat_section_head'];

/**
 * Idempotent seed: the real roster of Shanghai (16 districts, 215 judicial offices, from
 * seeds/roster.json), the 247 participant posts, fictitious demo people for posts that have
 * nobody yet, and the April 2021 run with its three sessions. Rows that exist are left as they
 * are, so organisers' edits and imported people survive restarts.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly planning: RunPlanningService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart) return;
    const created = await this.seed();
    if (Object.values(created).some((n) => n > 0)) this.logger.log(`Seeded: ${JSON.stringify(created)}`);
  }

  /** Creates whatever of the seed is missing; returns how many rows of each kind were created. */
  seed(): Promise<Record<string, number>> {
    return this.transactions.run(async (m) => {
      await takeTurn(m, STARTUP_TURN_KEYS.seed);
      const created = { districts: 0, offices: 0, posts: 0, demoPeople: 0, runs: 0, sessions: 0 };
      await this.seedRoster(m, created);
      await this.seedPeople(m, created);
      await this.seedRun(m, created);
      return created;
    });
  }

  /**
   * Districts, offices and posts of seeds/roster.json that are missing. Reads only the seed's own
   * codes and the rows still missing (NOT EXISTS), never the whole roster: with a generated roster
   * of 40,000 people a full read at every start held ~65 MB (issue 10, item 8).
   */
  private async seedRoster(m: EntityManager, created: Record<string, number>): Promise<void> {
    for (const d of roster.districts) {
      let district = await m.findOneBy(District, { code: d.code });
      if (!district) {
        district = await m.save(m.create(District, { code: d.code, name: d.name }));
        created.districts++;
      }
      const existing = new Set((await m.find(JudicialOffice, { select: { code: true }, where: { code: In(d.offices.map((o) => o.code)) } })).map((o) => o.code));
      const fresh = d.offices
        .filter((o) => !existing.has(o.code))
        .map((o) => m.create(JudicialOffice, { code: o.code, unitName: o.name, kind: o.kind as UnitKind, districtId: district!.id }));
      if (fresh.length) await m.save(fresh, { chunk: 100 });
      created.offices += fresh.length;
    }
    const officesWithoutDirector = await m
      .createQueryBuilder(JudicialOffice, 'o')
      .where(`NOT EXISTS (SELECT 1 FROM post p WHERE p."unitCode" = o.code AND p.kind = 'office_director')`)
      .getMany();
    const sectionHeads = new Set((await m.find(Post, { select: { unitCode: true, kind: true }, where: { kind: In(SECTION_HEADS) } })).map((p) => `${p.unitCode}/${p.kind}`));
    const districts = await m.find(District);
    const missing: Partial<Post>[] = [
      ...officesWithoutDirector.map((o) => ({ kind: 'office_director' as PostKind, unitCode: o.code, districtId: o.districtId, officeId: o.id })),
      ...districts.flatMap((d) => SECTION_HEADS.filter((kind) => !sectionHeads.has(`${d.code}/${kind}`)).map((kind) => ({ kind, unitCode: d.code, districtId: d.id, officeId: null }))),
    ];
    if (missing.length) await m.save(missing.map((p) => m.create(Post, p)), { chunk: 100 });
    created.posts += missing.length;
  }

  /**
   * A demo person for every post that has nobody, numbered by the post's place in (unitCode,
   * kind) order as before; only the empty posts are read.
   */
  private async seedPeople(m: EntityManager, created: Record<string, number>): Promise<void> {
    const empty: { id: number; unitCode: string; kind: string; place: number | string }[] = await m.query(
      `SELECT x.id, x."unitCode", x.kind, x.place FROM (SELECT p.id, p."unitCode", p.kind, ROW_NUMBER() OVER (ORDER BY p."unitCode" ASC, p.kind ASC) - 1 AS place FROM post p) x
       WHERE NOT EXISTS (SELECT 1 FROM participant pa WHERE pa."postId" = x.id) ORDER BY x.place`,
    );
    const people = empty.map((post) => m.create(Participant, { postId: post.id, isDemo: true, ...demoPerson(Number(post.place), post.unitCode, post.kind) }));
    if (people.length) await m.save(people, { chunk: 100 });
    created.demoPeople += people.length;
  }

  /**
   * The April 2021 run, made through the organiser's own path (RunPlanningService: create a
   * draft, then plan its sessions under the calendar rules), so the seed obeys the same checks.
   */
  private async seedRun(m: EntityManager, created: Record<string, number>): Promise<void> {
    if (await m.findOneBy(TrainingRun, { slug: runSeed.slug })) return;
    const [first] = runSeed.sessions;
    const run = await this.planning.createIn(
      m,
      {
        title: runSeed.title,
        topics: runSeed.topics.join('\n'),
        division: '市局促进法治处',
        contactName: null,
        contactPhone: null,
        registrationOpensAt: null,
        registrationDeadline: parseShanghaiDateTime(runSeed.registrationDeadline)!,
        plannedSessions: runSeed.sessions.length,
        daysPerSession: first.dayCount,
        dailyStart: first.dailyStart,
        dailyEnd: first.dailyEnd,
        sessionCapacity: first.capacity,
        defaultVenueId: null,
        audience: { posts: ['office_director', 'promotion_section_head', 'secretariat_section_head'], districtIds: [], participantIds: [] },
      },
      runSeed.slug,
    );
    created.runs++;
    const sessions = await this.planning.planSessionsIn(m, run, runSeed.sessions.map((s) => ({ firstDay: s.firstDay, venue: s.venue, capacity: s.capacity })));
    created.sessions += sessions.length;
  }
}
