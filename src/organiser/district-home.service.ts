import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { firstJsonIntegerSql, queryNamed } from '../database/sql-dialect';
import { readAudience } from '../training/run-audience';
import { TrainingService } from '../training/training.service';
import { ParticipantListService } from './participant-list.service';

/**
 * A district coordinator's home page (issue 13, item 6): their district's totals per session
 * (registered, waitlisted by first choice) and overall (not registered), and the people who
 * still need action — not registered, or waitlisted — with their phone numbers in full.
 * With issue 11's data: per session, people on approved leave, leave requests waiting, and people
 * signed in (present or late on at least one day).
 */
@Injectable()
export class DistrictHomeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly training: TrainingService,
    private readonly list: ParticipantListService,
  ) {}

  /** @throws DomainError RUN_REQUIRED when several runs are open and none is named. */
  async home(districtId: number, runId?: number) {
    const run = await this.training.resolveRun(runId);
    const first = firstJsonIntegerSql(this.dataSource, 'r.preferences');
    const [district] = await queryNamed<{ name: string }[]>(this.dataSource, 'SELECT name FROM district WHERE id = :districtId', { districtId });
    const counts: { sessionId: number | null; status: string; first: number | null; n: number }[] = await queryNamed(
      this.dataSource,
      `SELECT r."sessionId" AS "sessionId", r.status AS status, ${first} AS first, COUNT(*) AS n
         FROM registration r JOIN participant p ON p.id = r."participantId" JOIN post ON post.id = p."postId"
        WHERE r."runId" = :runId AND r.status <> 'cancelled' AND post."districtId" = :districtId
        GROUP BY r."sessionId", r.status, ${first}`,
      { runId: run.id, districtId },
    );
    const leave: { sessionId: number; status: string; n: number }[] = await queryNamed(
      this.dataSource,
      `SELECT "sessionId" AS "sessionId", status, COUNT(DISTINCT "participantId") AS n FROM leave_request WHERE "runId" = :runId AND "districtId" = :districtId AND status IN ('approved', 'pending') GROUP BY "sessionId", status`,
      { runId: run.id, districtId },
    );
    const signedIn: { sessionId: number; n: number }[] = await queryNamed(
      this.dataSource,
      `SELECT a."sessionId" AS "sessionId", COUNT(DISTINCT a."participantId") AS n FROM attendance a JOIN participant p ON p.id = a."participantId" JOIN post ON post.id = p."postId"
        WHERE a."runId" = :runId AND post."districtId" = :districtId AND a.status IN ('present', 'late') GROUP BY a."sessionId"`,
      { runId: run.id, districtId },
    );
    const leaveIn = (id: number, status: string) => Number(leave.find((l) => Number(l.sessionId) === id && l.status === status)?.n ?? 0);
    const signedInTo = (id: number) => Number(signedIn.find((a) => Number(a.sessionId) === id)?.n ?? 0);
    const page = (status: string) => this.list.page({ runId: run.id, audience: run, districtId, status, sort: 'unit', limit: 20, offset: 0 });
    const [notRegistered, waitlisted] = await Promise.all([page('none'), page('waitlisted')]);
    const confirmedIn = (id: number) => counts.filter((c) => c.status === 'confirmed' && Number(c.sessionId) === id).reduce((a, c) => a + Number(c.n), 0);
    const waitingFor = (id: number) => counts.filter((c) => c.status === 'waitlisted' && Number(c.first) === id).reduce((a, c) => a + Number(c.n), 0);
    const sessions = run.sessions.map((s) => ({ id: s.id, title: s.title, status: s.status, confirmed: confirmedIn(s.id), waitlisted: waitingFor(s.id), capacity: s.capacity, onLeave: leaveIn(s.id, 'approved'), leavePending: leaveIn(s.id, 'pending'), signedIn: signedInTo(s.id) }));
    const person = (p: (typeof notRegistered.rows)[number]) => ({ id: p.id, name: p.name, unit: p.unitLabel, post: p.postLabel, mobile: p.mobile, email: p.email, telHref: `tel:${p.mobile}` });
    return {
      title: `${district?.name ?? ''} · ${run.title}`,
      districtName: district?.name ?? '',
      runId: run.id,
      runTitle: run.title,
      deadline: run.registrationDeadline,
      audienceNote: readAudience(run).participantIds.length ? '（按导入名单）' : '',
      sessions,
      totals: {
        confirmed: sessions.reduce((a, s) => a + s.confirmed, 0),
        waitlisted: waitlisted.total,
        notRegistered: notRegistered.total,
        audience: sessions.reduce((a, s) => a + s.confirmed, 0) + waitlisted.total + notRegistered.total,
      },
      notRegistered: notRegistered.rows.map(person),
      moreNotRegistered: notRegistered.total > notRegistered.rows.length,
      waitlistedPeople: waitlisted.rows.map((p) => ({ ...person(p), position: p.waitlistPosition })),
      moreWaitlisted: waitlisted.total > waitlisted.rows.length,
    };
  }
}
