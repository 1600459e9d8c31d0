import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatShanghai, sessionDays } from '../common/shanghai-time';
import { District } from '../organisation/district.entity';
import { Participant } from '../organisation/participant.entity';
import { Post } from '../organisation/post.entity';
import { Registration } from '../registrations/registration.entity';
import { readAudience, RunAudience } from '../training/run-audience';
import { TrainingService } from '../training/training.service';

/** Per session: seats and queue. */
export interface SessionLoad {
  id: number;
  title: string;
  dates: string;
  venue: string;
  capacity: number;
  confirmed: number;
  /** Waitlisted registrations that ranked this session. */
  waiting: number;
  status: string;
}

/** The organiser's overview of a run: sessions, the waitlist and the district × session table. */
@Injectable()
export class RunOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly training: TrainingService,
  ) {}

  async overview(runId: number) {
    const run = await this.training.run(runId);
    const waitlisted = await this.dataSource.getRepository(Registration).findBy({ runId, status: 'waitlisted' });
    const waitingFor = (id: number) => waitlisted.filter((w) => w.preferences.includes(id)).length;
    const sessions: SessionLoad[] = run.sessions.map((s) => ({
      id: s.id,
      title: s.title,
      dates: sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd)
        .map((d) => formatShanghai(d.start, false))
        .join('、'),
      venue: s.venue,
      capacity: s.capacity,
      confirmed: s.confirmedCount,
      waiting: waitingFor(s.id),
      status: s.status,
    }));
    return {
      run: { id: run.id, title: run.title, status: run.status, deadline: formatShanghai(run.registrationDeadline), division: run.division },
      sessions,
      waitlistTotal: waitlisted.length,
      districts: await this.districtTable(runId, sessions, readAudience(run)),
    };
  }

  /** Confirmed people per district and session, plus each district's participants (the run's audience) and unregistered count. */
  private async districtTable(runId: number, sessions: SessionLoad[], audience: RunAudience) {
    const rows: { districtId: number; name: string; code: string; sessionId: number | null; status: string | null; n: string; people: string }[] = await this.dataSource
      .createQueryBuilder()
      .select(['d.id AS "districtId"', 'd.name AS name', 'd.code AS code', 'r."sessionId" AS "sessionId"', 'r.status AS status', 'COUNT(r.id) AS n', 'COUNT(pa.id) AS people'])
      .from(District, 'd')
      .innerJoin(Post, 'p', audience.participantIds.length ? 'p."districtId" = d.id' : 'p."districtId" = d.id AND p.kind IN (:...posts)', { posts: audience.posts })
      .innerJoin(Participant, 'pa', audience.participantIds.length ? 'pa."postId" = p.id AND pa.id IN (:...participantIds)' : 'pa."postId" = p.id', { participantIds: audience.participantIds })
      .leftJoin(Registration, 'r', `r."participantId" = pa.id AND r."runId" = :runId AND r.status <> 'cancelled'`, { runId })
      .where(audience.districtIds.length && !audience.participantIds.length ? 'd.id IN (:...districtIds)' : '1 = 1', { districtIds: audience.districtIds })
      .groupBy('d.id').addGroupBy('d.name').addGroupBy('d.code').addGroupBy('r."sessionId"').addGroupBy('r.status')
      .orderBy('d.code')
      .getRawMany();
    const byDistrict = new Map<number, { name: string; code: string; participants: number; counts: number[]; waitlisted: number; registered: number }>();
    for (const row of rows) {
      const entry = byDistrict.get(row.districtId) ?? { name: row.name, code: row.code, participants: 0, counts: sessions.map(() => 0), waitlisted: 0, registered: 0 };
      const n = Number(row.n);
      entry.participants += Number(row.people);
      if (row.status === 'confirmed') entry.counts[sessions.findIndex((s) => s.id === row.sessionId)] += n;
      if (row.status === 'waitlisted') entry.waitlisted += n;
      if (row.status) entry.registered += n;
      byDistrict.set(row.districtId, entry);
    }
    return [...byDistrict.values()].map((d) => ({ ...d, unregistered: d.participants - d.registered }));
  }
}
