import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Attendance } from '../attendance/attendance.entity';
import { daysOf } from '../attendance/session-days';
import { Clock } from '../common/clock';
import { LeaveRequest } from '../leave/leave-request.entity';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { Registration } from '../registrations/registration.entity';
import { inAudience } from '../training/run-audience';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { AudienceFilter, AudienceStatus } from './group-message.entity';

/** Chinese labels of the audience statuses. */
export const AUDIENCE_STATUS_TEXT: Record<AudienceStatus, string> = {
  'not-registered': '未报名',
  waitlisted: '候补中',
  confirmed: '已确认参训',
  leave: '请假',
  absent: '缺勤',
};

/**
 * Who a group message reaches (issue 11, item 2), in roster order. Status: not registered (in the
 * run's audience, no active registration in it); waitlisted; confirmed; on leave (an approved leave request);
 * absent (marked absent, or a confirmed person with no sign-in on a day that has ended); no status
 * and no session: the run's whole audience. A session
 * narrows to the people of that session (confirmed there, waiting for it, on leave from it, absent in it).
 */
@Injectable()
export class GroupAudienceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisation: OrganisationService,
    private readonly clock: Clock,
  ) {}

  async select(runId: number, filter: AudienceFilter): Promise<ParticipantProfile[]> {
    const ids = await this.ids(runId, filter);
    const people = await this.organisation.listParticipants(filter.districtId ? { districtId: filter.districtId } : {});
    if (ids !== null) return people.filter((p) => ids.has(p.id));
    const run = await this.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: runId });
    return people.filter((p) => inAudience(run, p));
  }

  /** Participant ids matching session and status, or null for "everyone". */
  private async ids(runId: number, { sessionId, status }: AudienceFilter): Promise<Set<number> | null> {
    const registrations = (await this.dataSource.getRepository(Registration).findBy({ runId })).filter((r) => r.status !== 'cancelled');
    const confirmed = registrations.filter((r) => r.status === 'confirmed' && (!sessionId || r.sessionId === sessionId));
    const waitlisted = registrations.filter((r) => r.status === 'waitlisted' && (!sessionId || r.preferences.includes(sessionId)));
    if (!status) return sessionId ? new Set([...confirmed, ...waitlisted].map((r) => r.participantId)) : null;
    if (status === 'confirmed') return new Set(confirmed.map((r) => r.participantId));
    if (status === 'waitlisted') return new Set(waitlisted.map((r) => r.participantId));
    if (status === 'not-registered') {
      const registered = new Set(registrations.map((r) => r.participantId));
      const all = await this.organisation.listParticipants();
      const run = await this.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: runId });
      return sessionId ? new Set() : new Set(all.filter((p) => !registered.has(p.id) && inAudience(run, p)).map((p) => p.id));
    }
    if (status === 'leave') {
      const leave = await this.dataSource.getRepository(LeaveRequest).findBy({ runId, status: 'approved', ...(sessionId ? { sessionId } : {}) });
      return new Set(leave.map((l) => l.participantId));
    }
    const rows = await this.dataSource.getRepository(Attendance).findBy({ runId, ...(sessionId ? { sessionId } : {}) });
    const absent = new Set(rows.filter((r) => r.status === 'absent').map((r) => r.participantId));
    const seen = new Set(rows.map((r) => `${r.sessionId}/${r.participantId}/${r.day}`));
    const now = this.clock.now().getTime();
    const sessions = new Map((await this.dataSource.getRepository(TrainingSession).findBy({ runId })).map((s) => [s.id, s]));
    for (const r of confirmed) {
      const session = sessions.get(r.sessionId!);
      if (session && daysOf(session).some((d) => d.end.getTime() <= now && !seen.has(`${session.id}/${r.participantId}/${d.date}`))) absent.add(r.participantId);
    }
    return absent;
  }
}
