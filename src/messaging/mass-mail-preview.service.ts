import { Injectable } from '@nestjs/common';
import { RosterPerson, SessionRosterService } from '../attendance/session-roster.service';
import { OrganisationService } from '../organisation/organisation.service';
import { inAudience } from '../training/run-audience';
import { TrainingService } from '../training/training.service';

/** Who an action will e-mail, for the confirmation page shown before anything is queued. */
export interface MassMailPreview {
  count: number;
  /** e.g. 张三（黄浦区 南京东路街道司法所） */
  people: string[];
}

/**
 * "This will e-mail N people" (issue 11, item 8): the recipients of opening registration (every
 * participant gets their link) and of a session cancellation (its confirmed people get a CANCEL).
 * (A session edit has its own preview of every mail, issue 12.)
 */
@Injectable()
export class MassMailPreviewService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly roster: SessionRosterService,
    private readonly training: TrainingService,
  ) {}

  /** Everyone who gets a personal link when registration opens: the run's audience. */
  async openRegistration(runId: number): Promise<MassMailPreview> {
    const run = await this.training.run(runId);
    const people = (await this.organisation.listParticipants()).filter((p) => inAudience(run, p));
    return { count: people.length, people: people.map((p) => `${p.name}（${p.districtName} ${p.unitLabel}）`) };
  }

  /** The session's confirmed people (who a cancellation or a calendar change mails). */
  async sessionPeople(sessionId: number): Promise<MassMailPreview> {
    return describe(await this.roster.people(sessionId));
  }

}

function describe(people: RosterPerson[]): MassMailPreview {
  return { count: people.length, people: people.map((p) => `${p.name}（${p.districtName} ${p.unitLabel}）`) };
}
