import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { OrganisationService } from '../../organisation/organisation.service';
import { RegistrationsService } from '../../registrations/registrations.service';
import { TrainingService } from '../../training/training.service';
import { InvitationsService } from '../invitations.service';

/** A calendar file to send: its download name and UTF-8 text. */
export interface CalendarFile {
  fileName: string;
  content: string;
}

/**
 * The calendar files people download (METHOD:PUBLISH, RFC 5546 §3.2.1): a participant's own
 * current event, and an organiser's calendar of a session's confirmed participants. Both are
 * built from the stored UID and SEQUENCE by the same builder as the mailed invitations.
 */
@Injectable()
export class CalendarFilesService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly training: TrainingService,
    private readonly registrations: RegistrationsService,
    private readonly invitations: InvitationsService,
  ) {}

  /**
   * The event of the session the participant is confirmed for.
   * @throws DomainError INVALID_TOKEN (unknown link), NOT_FOUND (not confirmed, or no invitation yet).
   */
  async participantCalendar(token: string, runId?: number): Promise<CalendarFile> {
    const participant = await this.organisation.participantByToken(token);
    const notConfirmed = new DomainError('NOT_FOUND', '您目前没有已确认的培训期次，暂无日历文件可下载。确认参训后即可在此下载。');
    // The run named, else the one run the person is confirmed in (never a guess among several).
    const candidates = runId ? [await this.training.run(runId)] : (await this.training.listRuns()).filter((r) => r.status !== 'archived');
    const confirmed = [];
    for (const r of candidates) {
      const found = await this.registrations.current(participant.id, r.id);
      if (found?.status === 'confirmed' && found.sessionId !== null) confirmed.push({ run: r, registration: found });
    }
    if (confirmed.length > 1) throw new DomainError('RUN_REQUIRED', '您在多个培训班已确认参训，请在个人页面上选择培训班后下载。');
    if (!confirmed.length) throw notConfirmed;
    const [{ run, registration }] = confirmed;
    const session = await this.training.session(registration.sessionId!);
    const content = await this.invitations.publishedCalendar({ participant, session, run });
    if (content === null) throw notConfirmed;
    return { fileName: 'invite.ics', content };
  }

  /** Every confirmed participant's event in one session. @throws DomainError NOT_FOUND. */
  async sessionCalendar(sessionId: number): Promise<CalendarFile> {
    const session = await this.training.session(sessionId);
    const run = await this.training.run(session.runId);
    const active = await this.registrations.activeByParticipant(run.id);
    const ids = [...active.entries()].filter(([, r]) => r.status === 'confirmed' && r.sessionId === sessionId).map(([id]) => id);
    const people = await this.organisation.listParticipants({ ids });
    const ordered = people.sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, name: p.name, email: p.email }));
    return { fileName: `${session.title}.ics`, content: await this.invitations.sessionFeed(session, run, ordered) };
  }
}
