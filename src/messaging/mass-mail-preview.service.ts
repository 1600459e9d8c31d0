import { Injectable } from '@nestjs/common';
import { RosterPerson, SessionRosterService } from '../attendance/session-roster.service';
import { OrganisationService } from '../organisation/organisation.service';
import type { SessionPatch } from '../registrations/session-changes.service';
import { TrainingService } from '../training/training.service';

/** Who an action will e-mail, for the confirmation page shown before anything is queued. */
export interface MassMailPreview {
  count: number;
  /** e.g. 张三（黄浦区 南京东路街道司法所） */
  people: string[];
}

const CALENDAR_FIELDS = ['title', 'firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'venue'] as const;

/**
 * "This will e-mail N people" (issue 11, item 8): the recipients of opening registration (every
 * participant gets their link), of a session edit that changes the calendar (its confirmed people
 * get an update) and of a session cancellation (its confirmed people get a CANCEL).
 */
@Injectable()
export class MassMailPreviewService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly roster: SessionRosterService,
    private readonly training: TrainingService,
  ) {}

  /** Everyone who gets a personal link when registration opens. */
  async openRegistration(): Promise<MassMailPreview> {
    const people = (await this.organisation.listParticipants()).filter((p) => p.postKind !== 'substitute');
    return { count: people.length, people: people.map((p) => `${p.name}（${p.districtName} ${p.unitLabel}）`) };
  }

  /** The session's confirmed people (who a cancellation or a calendar change mails). */
  async sessionPeople(sessionId: number): Promise<MassMailPreview> {
    return describe(await this.roster.people(sessionId));
  }

  /** Who a session edit mails: its confirmed people when a calendar field changes, else nobody. */
  async sessionChange(sessionId: number, patch: SessionPatch): Promise<MassMailPreview> {
    const session = await this.training.session(sessionId);
    const changes = patch.startsAt !== undefined || CALENDAR_FIELDS.some((f) => patch[f] !== undefined && patch[f] !== session[f]);
    return changes ? this.sessionPeople(sessionId) : { count: 0, people: [] };
  }
}

function describe(people: RosterPerson[]): MassMailPreview {
  return { count: people.length, people: people.map((p) => `${p.name}（${p.districtName} ${p.unitLabel}）`) };
}
