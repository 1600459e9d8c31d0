import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { PersonalLinksService } from '../registrations/personal-links.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingService } from '../training/training.service';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { TrainingHandover } from './training-handover.entity';
import type { LoadedState } from './staffing-ledger.service';
import { NewDirector } from './rules/new-directors';
import { HANDOVER_MESSAGES as H } from './staffing-messages';

/**
 * "Training follows the post" (issue #5, with task 21 rotations): when an office director rotates
 * out before the run's sessions, the director post's registration is cancelled (its calendar
 * CANCEL is queued), the incoming director becomes the post's participant (old personal link
 * revoked) and gets a personal link by mail. `begin` runs in the rotation's transaction; `process`
 * after it commits, each step in its own transaction and recorded, so a retry resumes.
 */
@Injectable()
export class TrainingHandoverService {
  private readonly logger = new Logger(TrainingHandoverService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
    private readonly links: PersonalLinksService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Runs to consider, read before the rotation's transaction (the runner does not nest). */
  listRuns(): Promise<TrainingRun[]> {
    return this.training.listRuns();
  }

  /**
   * Records a hand-over when `rotation` moves the office's director out before a session of one of
   * `runs` (first day of a scheduled session on or after the rotation's start, Shanghai dates).
   * @returns the hand-over, or null when no training is concerned.
   */
  async begin(m: EntityManager, runs: TrainingRun[], rotation: StaffingAssignment, person: StaffMember, office: JudicialOffice): Promise<TrainingHandover | null> {
    if (rotation.kind !== 'rotation' || rotation.direction !== 'out' || person.position !== 'director' || person.officeId !== office.id) return null;
    if (rotation.status === 'cancelled' || rotation.status === 'completed') return null;
    let run: TrainingRun | undefined;
    for (const candidate of runs) {
      const full = await this.training.run(candidate.id, m);
      if (full.sessions.some((s) => s.status === 'scheduled' && s.firstDay >= rotation.startDate)) run = run ?? full;
    }
    const holder = run && (await this.directorPost(m, office));
    if (!run || !holder) return null;
    return m.save(
      m.create(TrainingHandover, {
        rotationId: rotation.id,
        officeId: office.id,
        runId: run.id,
        status: 'pending',
        outgoingName: person.name,
        successorId: rotation.successorId,
        effectiveDate: rotation.startDate,
      }),
    );
  }

  /**
   * Records a hand-over when a register change (an edit, an import row, a rotation in as director)
   * makes `successor` the director of `office` from `effectiveDate`, before a session of one of
   * `runs`, and the post's participant is someone else. `outgoingName`: the register's outgoing
   * director (else the post's participant). A hand-over of the office waiting for its incoming
   * director (a rotation out without a successor) is completed with this one instead of a second.
   * @returns the hand-over, or null when no training is concerned.
   */
  async beginForNewDirector(m: EntityManager, runs: TrainingRun[], office: JudicialOffice, successor: StaffMember, effectiveDate: string, outgoingName: string | null): Promise<TrainingHandover | null> {
    let run: TrainingRun | undefined;
    for (const candidate of runs) {
      const full = await this.training.run(candidate.id, m);
      if (full.sessions.some((s) => s.status === 'scheduled' && s.firstDay >= effectiveDate)) run = run ?? full;
    }
    const holder = run && (await this.directorPost(m, office));
    if (!run || !holder || (successor.email && holder.email === successor.email)) return null;
    const waiting = await m.findOneBy(TrainingHandover, { officeId: office.id, runId: run.id, status: 'awaiting_successor' });
    if (waiting) return m.save(Object.assign(waiting, { successorId: successor.id, status: 'pending', holderReplacedAt: null, linkSentAt: null, lastError: null }));
    return m.save(
      m.create(TrainingHandover, {
        rotationId: null, officeId: office.id, runId: run.id, status: 'pending', outgoingName: outgoingName ?? holder.name, successorId: successor.id, effectiveDate,
      }),
    );
  }

  /**
   * Starts the hand-overs of `found` (see `newDirectors`) in the caller's transaction. `person`
   * resolves a fact id (negative for a record saved in this change) to the saved record.
   */
  async beginForNewDirectors(m: EntityManager, runs: TrainingRun[], loaded: LoadedState, found: NewDirector[], person: (factId: number) => StaffMember | undefined): Promise<TrainingHandover[]> {
    const started: TrainingHandover[] = [];
    for (const d of found) {
      const office = loaded.offices.get(d.officeId);
      const successor = person(d.personId);
      if (!office || !successor) continue;
      const outgoing = d.outgoingId === null ? null : loaded.staff.get(d.outgoingId)?.name ?? null;
      const h = await this.beginForNewDirector(m, runs, office, successor, d.date, outgoing);
      if (h) started.push(h);
    }
    return started;
  }

  /** Processes hand-overs after their change committed; @returns them as processed. */
  async processAll(handovers: TrainingHandover[]): Promise<TrainingHandover[]> {
    const done: TrainingHandover[] = [];
    for (const h of handovers) done.push(h.status === 'pending' ? await this.process(h.id) : h);
    return done;
  }

  /** Sets the incoming director of a hand-over (in the caller's transaction) and makes it pending again. */
  async setSuccessor(m: EntityManager, rotationId: number, successorId: number): Promise<TrainingHandover | null> {
    const handover = await m.findOneBy(TrainingHandover, { rotationId });
    if (!handover) return null;
    return m.save(Object.assign(handover, { successorId, status: 'pending', holderReplacedAt: null, linkSentAt: null, lastError: null }));
  }

  /** Carries out the pending steps of a hand-over; failures are recorded (status failed), never thrown. */
  async process(handoverId: number): Promise<TrainingHandover> {
    const h = await this.dataSource.getRepository(TrainingHandover).findOneByOrFail({ id: handoverId });
    // Writes go through the transaction runner (the writing connection), never the read connection.
    const save = (handover: TrainingHandover) => this.transactions.run((m) => m.save(handover));
    try {
      const office = await this.dataSource.getRepository(JudicialOffice).findOneByOrFail({ id: h.officeId });
      const holder = await this.directorPost(this.dataSource.manager, office);
      if (!holder) throw new Error(H.noPost);
      const run = await this.training.run(h.runId);
      const notes: string[] = [];
      if (!h.registrationCheckedAt) await this.cancelRegistration(h, run, holder, notes);
      if (h.status === 'done') return await save(h);
      if (!h.successorId) return await save(Object.assign(h, { status: 'awaiting_successor', outcome: join(h.outcome, notes, H.awaitingSuccessor) }));
      const successor = await this.dataSource.getRepository(StaffMember).findOneByOrFail({ id: h.successorId });
      if (!successor.email || !successor.mobile) throw new Error(H.successorContact(successor.name));
      if (!h.holderReplacedAt) {
        await this.transactions.run((m) => this.organisation.replacePostHolder(m, holder.id, { name: successor.name, email: successor.email ?? '', mobile: successor.mobile ?? '' }));
        h.holderReplacedAt = this.clock.now();
        notes.push(H.holderReplaced(successor.name));
      }
      if (!h.linkSentAt) notes.push(await this.invite(h, run, holder));
      return await save(Object.assign(h, { status: 'done', lastError: null, outcome: join(h.outcome, notes) }));
    } catch (error) {
      this.logger.warn(`hand-over ${h.id} failed: ${(error as Error).message}`);
      return save(Object.assign(h, { status: 'failed', lastError: (error as Error).message }));
    }
  }

  private async cancelRegistration(h: TrainingHandover, run: TrainingRun, holder: ParticipantProfile, notes: string[]) {
    const active = (await this.registrations.activeByParticipant(run.id)).get(holder.id);
    const session = active?.sessionId ? run.sessions.find((s) => s.id === active.sessionId) : undefined;
    if (active && active.status === 'confirmed' && session && session.firstDay < h.effectiveDate) {
      Object.assign(h, { status: 'done', registrationCheckedAt: this.clock.now(), outcome: H.keeps(holder.name, session.title) });
      return;
    }
    if (active) {
      await this.registrations.cancelByOrganiser(active.id);
      h.cancelledRegistrationId = active.id;
      notes.push(H.cancelled(holder.name, session ? session.title : '候补'));
    } else {
      notes.push(H.notRegistered(holder.name));
    }
    h.registrationCheckedAt = this.clock.now();
  }

  private async invite(h: TrainingHandover, run: TrainingRun, holder: ParticipantProfile): Promise<string> {
    if (run.status === 'draft') return H.runDraft;
    if (run.status !== 'open' || run.registrationDeadline.getTime() <= this.clock.now().getTime()) {
      return H.closed;
    }
    await this.links.reissue(run.id, holder.id);
    h.linkSentAt = this.clock.now();
    return H.linkSent;
  }

  /** The participant holding the office's director post. */
  private async directorPost(m: EntityManager, office: JudicialOffice): Promise<ParticipantProfile | undefined> {
    const directors = await this.organisation.listParticipants({ districtId: office.districtId, postKind: 'office_director' }, m);
    return directors.find((p) => p.unitCode === office.code);
  }
}

function join(previous: string | null, notes: string[], last?: string): string {
  return [previous, ...notes, last].filter(Boolean).join('；');
}
