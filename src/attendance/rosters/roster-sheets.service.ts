import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationService } from '../../organisation/organisation.service';
import { Attendance } from '../attendance.entity';
import { SessionRosterService } from '../session-roster.service';
import { paginate, SheetHeading, SheetRow, sheetTitle } from './roster-sheet';

/** A roster or sign-in sheet, ready to print or export. */
export interface RosterSheet {
  heading: SheetHeading;
  title: string;
  rows: SheetRow[];
  pages: ReturnType<typeof paginate>;
  signature: boolean;
}

/**
 * Rosters (per session) and sign-in sheets (per session and day), for all districts or one
 * (issue 11, item 7). People in roster order; on a day sheet, a person on approved leave that
 * day has 请假 written in their signature box.
 */
@Injectable()
export class RosterSheetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roster: SessionRosterService,
    private readonly organisation: OrganisationService,
  ) {}

  /**
   * @param date 'YYYY-MM-DD' of a day of the session, or undefined for the session roster.
   * @throws DomainError NOT_FOUND (no session, or the session does not meet on `date`).
   */
  async sheet(sessionId: number, date: string | undefined, districtId: number | undefined): Promise<RosterSheet> {
    const { session, run } = await this.roster.session(sessionId);
    const day = date === undefined ? null : this.roster.day(session, date);
    const people = await this.roster.people(sessionId, districtId);
    const leave = day ? new Set((await this.dataSource.getRepository(Attendance).findBy({ sessionId, day: day.date, status: 'leave' })).map((a) => a.participantId)) : new Set<number>();
    const district = districtId ? (await this.organisation.listDistricts()).find((d) => d.id === districtId)?.name : undefined;
    const heading: SheetHeading = {
      runTitle: run.title,
      sessionTitle: session.title,
      venue: session.venue,
      dayLabel: day ? `第 ${day.index} 天 · ${day.label}` : null,
      districtLabel: district ?? '全市',
    };
    const rows = people.map((p, i) => ({ ...p, n: i + 1, note: leave.has(p.participantId) ? '请假' : '' }));
    return { heading, title: sheetTitle(heading), rows, pages: paginate(rows), signature: day !== null };
  }
}
