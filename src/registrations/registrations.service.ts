import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { insertRow } from '../database/insert-row';
import { together } from '../database/together';
import { TransactionRunner } from '../database/transaction-runner';
import { CalendarInvitation } from '../invitations/calendar-invitation.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { TrainingRun } from '../training/training-run.entity';
import { inAudience } from '../training/run-audience';
import { TrainingService } from '../training/training.service';
import { Actor, Registration } from './registration.entity';
import { checkParticipantMayAct, checkPreferences, checkUnavailable, isUniqueViolation } from './registration-rules';
import { WaitlistService } from './waitlist.service';
import { OnBehalfMailService } from './on-behalf-mail.service';
import { WaitlistNoticesService } from '../messaging/waitlist-notices.service';

/** A registration as pages and the API show it. */
export interface RegistrationState {
  id: number;
  status: Registration['status'];
  sessionId: number | null;
  preferences: number[];
  unavailable: number[];
  pinnedSessionId: number | null;
  waitlistPosition: number | null;
}

/** A participant's request: ranked session ids, most wanted first. */
export interface RegistrationCommand {
  participantId: number;
  runId: number;
  preferences: number[];
  actor: Actor;
  /** Sessions the participant cannot attend (must not overlap `preferences`); unchanged when omitted. */
  unavailable?: number[];
  /** Corrected contact details, applied before the invitation is addressed. */
  contact?: { name: string; email: string; mobile?: string };
  /** Registered by someone else (organiser or coordinator): who, as the notice mail names them (issue 13, item 6). */
  onBehalf?: { byLabel: string };
}

/**
 * Registration, change and cancellation (plan step 二(二)): one active registration per
 * participant per run; placed in the highest-ranked session with a free seat, otherwise
 * waitlisted first in first out. Every change and its invitation mail commit together.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly invitations: InvitationsService,
    private readonly waitlist: WaitlistService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly onBehalfMail: OnBehalfMailService,
    private readonly waitlistNotices: WaitlistNoticesService,
  ) {}

  /** The participant's active registration in the run, or null. */
  async current(participantId: number, runId: number): Promise<RegistrationState | null> {
    return this.transactions.read(async (m) => {
      await this.training.checkRunExists(runId, m);
      const registration = await this.active(m, participantId, runId);
      return registration ? this.state(m, registration) : null;
    });
  }

  /**
   * Registers a participant. @throws DomainError ALREADY_REGISTERED, REGISTRATION_NOT_OPEN,
   * REGISTRATION_CLOSED, VALIDATION_FAILED, SESSION_NOT_IN_RUN, SESSION_CANCELLED.
   */
  async register(command: RegistrationCommand): Promise<RegistrationState> {
    const known = await this.preRead(command.participantId, command.runId);
    return this.translateUnique(command.actor, () =>
      this.transactions.run(async (m) => {
        await this.training.lockRun(m, command.runId);
        const first = command.preferences[0];
        // The first choice's seat is taken in the same round trip as the run is read, before the
        // rules are checked: a refused command rolls it back with the rest of its work.
        // So is their invitation row for that session, which a confirmation updates or creates.
        const speculate = Number.isInteger(first);
        const [run, firstTaken, heldFirst] = await together(
          this.training.runWithSessions(m, command.runId, [...command.preferences, ...(command.unavailable ?? [])]),
          speculate ? this.training.takeSeat(m, first) : Promise.resolve(false),
          speculate ? this.invitations.held(m, command.participantId, first) : Promise.resolve(null),
        );
        const { participant, preferences } = await this.checkCommand(m, run, command, known);
        // The unique index refuses a second active registration; read again only when the pre-read saw one.
        if (known.active && (await this.active(m, participant.id, run.id))) throw alreadyRegistered(command.actor);
        const sessionId = firstTaken ? first : await this.firstFreeSeat(m, preferences.slice(1));
        const registration = m.create(Registration, {
          runId: run.id,
          participantId: participant.id,
          sessionId,
          status: sessionId ? 'confirmed' : 'waitlisted',
          preferences,
          unavailable: command.unavailable ?? [],
          pinnedSessionId: null,
          queuedAt: sessionId ? null : this.clock.now(),
          updatedBy: command.actor,
        });
        await together(
          (async () => {
            registration.id = await insertRow(m, Registration, { ...registration });
            await this.record(m, 'registration.create', registration, participant.districtId, null);
          })(),
          (async () => {
            if (sessionId) await this.invite(m, run, participant, sessionId, sessionId === first ? heldFirst : undefined);
            if (command.onBehalf) await this.onBehalfMail.queue(m, run, participant, command.onBehalf.byLabel, preferences, sessionId);
          })(),
        );
        const state = await this.state(m, registration);
        if (!sessionId) await this.waitlistNotices.waitlisted(m, participant, run.title, state.waitlistPosition!, preferences.map((id) => run.sessions.find((s) => s.id === id)?.title ?? ''));
        return state;
      }),
    );
  }

  /**
   * Changes the ranked choice. A confirmed participant moves only if a newly chosen session has
   * a seat (their own seat counts as free); otherwise nothing changes and SESSION_FULL is thrown.
   * A waitlisted participant keeps their place in the queue.
   * @throws DomainError NOT_REGISTERED, SESSION_FULL and the errors of `register`.
   */
  async change(command: RegistrationCommand): Promise<RegistrationState> {
    const known = await this.preRead(command.participantId);
    return this.transactions.run(async (m) => {
      await this.training.lockRun(m, command.runId);
      // As in `register`, the first choice's seat is taken in the same round trip as the reads.
      const first = command.preferences[0];
      const [run, registration, firstTaken] = await together(
        this.training.runWithSessions(m, command.runId, [...command.preferences, ...(command.unavailable ?? [])]),
        this.active(m, command.participantId, command.runId),
        Number.isInteger(first) ? this.training.takeSeat(m, first) : Promise.resolve(false),
      );
      const { participant, preferences } = await this.checkCommand(m, run, command, known);
      if (!registration) throw notRegistered();
      const before = this.plain(registration);
      const current = registration.status === 'confirmed' ? registration.sessionId : null;
      // Their own session first-ranked: the seat just taken is one too many, given back below.
      const spare = firstTaken && first === current ? first : null;
      let target: number | null = null;
      for (const [rank, sessionId] of preferences.entries()) {
        if (sessionId === current || (rank === 0 ? firstTaken : await this.training.takeSeat(m, sessionId))) {
          target = sessionId;
          break;
        }
      }
      if (current !== null && target === null) {
        throw new DomainError('SESSION_FULL', '所选期次均已满员，您原有的报名保持不变。');
      }
      registration.preferences = preferences;
      if (command.unavailable) registration.unavailable = command.unavailable;
      registration.updatedBy = command.actor;
      const record = () => this.record(m, 'registration.change', registration, participant.districtId, before);
      if (target !== null && target !== current) {
        await this.moveSeat(m, run, participant, registration, target, record);
      } else {
        // `spare` is set only here (their own session ranked first, kept).
        await together(this.store(m, registration), record(), spare === null ? Promise.resolve() : this.training.releaseSeat(m, spare));
      }
      return this.state(m, registration);
    });
  }

  /** Cancels the participant's registration. @throws DomainError NOT_REGISTERED, REGISTRATION_CLOSED. */
  async cancel(participantId: number, runId: number, actor: Actor): Promise<void> {
    const known = await this.preRead(participantId);
    await this.transactions.run(async (m) => {
      await this.training.lockRun(m, runId);
      // No session of the run: the cancellation's mail reads only the freed one (issue 10, item 2).
      const [registration, run] = await together(this.active(m, participantId, runId), this.training.runWithSessions(m, runId, []));
      if (actor === 'participant') checkParticipantMayAct(run, this.clock.now());
      if (!registration) throw notRegistered();
      if (!known.participant) throw known.error;
      await this.cancelRegistration(m, run, registration, actor, known.participant);
    });
  }

  /**
   * Organiser: moves a registration (confirmed or waitlisted) into `sessionId`, if it has a seat.
   * @throws DomainError NOT_FOUND, SESSION_FULL, SESSION_NOT_IN_RUN.
   */
  async moveByOrganiser(registrationId: number, sessionId: number): Promise<RegistrationState> {
    return this.transactions.run(async (m) => {
      await this.lockRunOf(m, registrationId);
      const registration = await this.byIdOrFail(m, registrationId);
      const run = await this.training.run(registration.runId, m);
      checkPreferences(run, [sessionId]);
      if (registration.status === 'confirmed' && registration.sessionId === sessionId) return this.state(m, registration);
      if (!(await this.training.takeSeat(m, sessionId))) {
        throw new DomainError('SESSION_FULL', '目标期次已满员，请先调整容量或人员。');
      }
      const participant = await this.organisation.participant(registration.participantId, m);
      const before = this.plain(registration);
      registration.updatedBy = 'organiser';
      await this.moveSeat(m, run, participant, registration, sessionId, () => this.record(m, 'registration.move', registration, participant.districtId, before));
      return this.state(m, registration);
    });
  }

  /**
   * Cancels a registration in the caller's transaction, as `cancelByOrganiser` does (seat freed,
   * calendar CANCEL queued, waitlist promoted): for features that change more in the same unit
   * of work, e.g. an approved leave for a whole session (issue 11). @throws DomainError NOT_FOUND.
   */
  async cancelWithin(m: EntityManager, registrationId: number): Promise<void> {
    const registration = await this.byIdOrFail(m, registrationId);
    await this.cancelRegistration(m, await this.training.run(registration.runId, m), registration, 'organiser');
  }

  /** Organiser: cancels a registration by id. @throws DomainError NOT_FOUND. */
  async cancelByOrganiser(registrationId: number): Promise<void> {
    await this.transactions.run(async (m) => {
      await this.lockRunOf(m, registrationId);
      const registration = await this.byIdOrFail(m, registrationId);
      await this.cancelRegistration(m, await this.training.run(registration.runId, m), registration, 'organiser');
    });
  }

  /**
   * Organiser: pins a registration to a session for balancing, or removes the pin (null).
   * @throws DomainError NOT_FOUND, SESSION_NOT_IN_RUN.
   */
  async setPin(registrationId: number, sessionId: number | null): Promise<void> {
    await this.transactions.run(async (m) => {
      const registration = await this.byIdOrFail(m, registrationId);
      if (sessionId !== null) checkPreferences(await this.training.run(registration.runId, m), [sessionId]);
      await m.update(Registration, registration.id, { pinnedSessionId: sessionId });
      const participant = await this.organisation.participant(registration.participantId, m);
      await this.record(m, 'registration.pin', { ...registration, pinnedSessionId: sessionId }, participant.districtId, this.plain(registration));
    });
  }

  /** The participant a registration belongs to, or null when there is no such registration. */
  async participantOf(registrationId: number): Promise<number | null> {
    return this.transactions.read(async (m) => (await m.findOneBy(Registration, { id: registrationId }))?.participantId ?? null);
  }

  /** Active registrations of a run keyed by participant id (for organiser lists). */
  async activeByParticipant(runId: number): Promise<Map<number, RegistrationState>> {
    return this.transactions.read(async (m) => {
      const rows = await m.find(Registration, { where: { runId }, order: { queuedAt: 'ASC', id: 'ASC' } });
      const map = new Map<number, RegistrationState>();
      let position = 0;
      for (const r of rows.filter((row) => row.status !== 'cancelled')) {
        const waitlistPosition = r.status === 'waitlisted' ? ++position : null;
        map.set(r.participantId, { ...this.plain(r), waitlistPosition });
      }
      return map;
    });
  }

  /**
   * What a command reads before it queues for the writer, on a read connection (issue 10, item 2:
   * every statement inside the unit of work is a round trip the single writer waits for): the
   * participant's profile (pages and mails show it; an error is kept and thrown where the command
   * used to meet it) and, with `runId`, whether they held an active registration. Nothing decided
   * inside the unit rests on these alone: the run and its sessions are read again there, the seat
   * UPDATE is guarded, and the unique index refuses a second active registration.
   */
  private async preRead(participantId: number, runId?: number): Promise<PreRead> {
    // Two lone statements side by side on read connections (no read transaction to queue behind).
    const read = <T>(sql: string, params: ObjectLiteral) => this.transactions.readStatement<T>(sql, params);
    const [participant, active] = await Promise.all([
      this.organisation.participantWith(read, participantId).catch((error: unknown) => error as Error),
      runId === undefined ? Promise.resolve([]) : read<unknown[]>(ACTIVE_REGISTRATION_SQL, { participantId, runId }),
    ]);
    return participant instanceof Error ? { error: participant, active: active.length > 0 } : { participant, active: active.length > 0 };
  }

  /**
   * The rules of a participant's command on the run as read inside its unit of work, in the order
   * the command used to check them, and the participant (contact corrected first, when given).
   * @throws DomainError REGISTRATION_NOT_OPEN, REGISTRATION_CLOSED, VALIDATION_FAILED, SESSION_NOT_IN_RUN,
   *   SESSION_CANCELLED, NOT_FOUND, NOT_IN_AUDIENCE.
   */
  private async checkCommand(m: EntityManager, run: TrainingRun, command: RegistrationCommand, known: PreRead) {
    if (command.actor === 'participant') checkParticipantMayAct(run, this.clock.now());
    const preferences = checkPreferences(run, command.preferences);
    if (command.unavailable) checkUnavailable(run, preferences, command.unavailable);
    if (!known.participant) throw known.error;
    const person = known.participant;
    if (!inAudience(run, person)) throw new DomainError('NOT_IN_AUDIENCE', `${person.name}（${person.unitLabel} ${person.postLabel}）不在${run.title}的参训范围内。`);
    if (!command.contact) return { run, participant: person, preferences };
    await this.organisation.updateContact(m, command.participantId, command.contact);
    return { run, participant: await this.organisation.participant(command.participantId, m), preferences };
  }

  /**
   * Moves a registration's seat to `target` (already taken), freeing and refilling the old one;
   * `record` (the caller's audit row) goes out with the other independent statements.
   */
  private async moveSeat(m: EntityManager, run: TrainingRun, participant: ParticipantProfile, registration: Registration, target: number, record: () => Promise<void>) {
    const previous = registration.status === 'confirmed' ? registration.sessionId : null;
    registration.status = 'confirmed';
    registration.sessionId = target;
    registration.queuedAt = null;
    if (previous === null) {
      // From the waitlist into a seat is a promotion (issue 11, item 3): the mail says what changed.
      await together(
        this.store(m, registration),
        record(),
        (async () => this.invitations.queueRequest(m, { participant, session: await this.training.session(target, m), run }, 'promoted'))(),
      );
      return;
    }
    await together(
      this.store(m, registration),
      record(),
      this.training.releaseSeat(m, previous),
      // The CANCEL of the old session before the REQUEST of the new one, as the participant reads them.
      (async () => {
        await this.invitations.queueCancel(m, { participant, sessionId: previous, session: this.sessionOf(m, run, previous), run }, 'moved-away');
        await this.invite(m, run, participant, target);
      })(),
    );
    // After the seat is released and the registration stored: the waitlist sees both.
    await this.waitlist.fillFreeSeats(m, run);
  }

  private async cancelRegistration(m: EntityManager, run: TrainingRun, registration: Registration, actor: Actor, known?: ParticipantProfile) {
    const before = this.plain(registration);
    const freed = registration.status === 'confirmed' ? registration.sessionId : null;
    registration.status = 'cancelled';
    registration.queuedAt = null;
    registration.updatedBy = actor;
    const participant = known ?? (await this.organisation.participant(registration.participantId, m));
    await together(
      this.store(m, registration),
      this.record(m, 'registration.cancel', registration, participant.districtId, before),
      // The waitlist is read once the freed seat is back: its promotions do not touch this person's rows.
      freed === null ? Promise.resolve() : this.training.releaseSeat(m, freed).then(() => this.waitlist.fillFreeSeats(m, run)),
      freed === null ? Promise.resolve() : this.invitations.queueCancel(m, { participant, sessionId: freed, session: this.sessionOf(m, run, freed), run }, 'cancelled'),
    );
  }

  /** Queues the REQUEST of a confirmation; `held`: the invitation row when already read (see `InvitationsService.queueRequest`). */
  private async invite(m: EntityManager, run: TrainingRun, participant: ParticipantProfile, sessionId: number, held?: CalendarInvitation | null) {
    await this.invitations.queueRequest(m, { participant, session: await this.sessionOf(m, run, sessionId), run }, 'confirmed', held);
  }

  /**
   * A session of `run` as loaded at the start of this transaction (title, venue, days: what an
   * invitation shows; its seat count may be stale), read only when the run does not hold it.
   */
  private async sessionOf(m: EntityManager, run: TrainingRun, sessionId: number) {
    return run.sessions?.find((s) => s.id === sessionId) ?? (await this.training.session(sessionId, m));
  }

  /** Writes the fields a registration's commands change, in one UPDATE (no read-back: issue 10, item 2). */
  private store(m: EntityManager, r: Registration) {
    const { status, sessionId, queuedAt, preferences, unavailable, updatedBy } = r;
    return m.update(Registration, r.id, { status, sessionId, queuedAt, preferences, unavailable, updatedBy });
  }

  private async firstFreeSeat(m: EntityManager, preferences: number[]): Promise<number | null> {
    for (const sessionId of preferences) if (await this.training.takeSeat(m, sessionId)) return sessionId;
    return null;
  }

  private active(m: EntityManager, participantId: number, runId: number) {
    return m
      .getRepository(Registration)
      .createQueryBuilder('r')
      .where(`r."participantId" = :participantId AND r."runId" = :runId AND r.status <> 'cancelled'`, { participantId, runId })
      .getOne();
  }

  private async activeOrFail(m: EntityManager, participantId: number, runId: number): Promise<Registration> {
    const registration = await this.active(m, participantId, runId);
    if (!registration) throw notRegistered();
    return registration;
  }

  /** `TrainingService.lockRun` for the run of a registration (read again after the lock). */
  private async lockRunOf(m: EntityManager, registrationId: number): Promise<void> {
    const registration = await m.findOneBy(Registration, { id: registrationId });
    if (registration) await this.training.lockRun(m, registration.runId);
  }

  private async byIdOrFail(m: EntityManager, id: number): Promise<Registration> {
    const registration = await m.findOneBy(Registration, { id });
    if (!registration || registration.status === 'cancelled') throw new DomainError('NOT_FOUND', `报名记录 ${id} 不存在或已取消。`);
    return registration;
  }

  private async state(m: EntityManager, r: Registration): Promise<RegistrationState> {
    return { ...this.plain(r), waitlistPosition: await this.waitlist.position(m, r) };
  }

  private record(m: EntityManager, action: string, r: Registration, districtId: number, before: object | null) {
    return this.audit.record(m, { action, subjectType: 'registration', subjectId: r.id, districtId, before: before ?? undefined, after: this.plain(r) });
  }

  private plain(r: Registration): Omit<RegistrationState, 'waitlistPosition'> {
    return { id: r.id, status: r.status, sessionId: r.sessionId, preferences: r.preferences, unavailable: r.unavailable, pinnedSessionId: r.pinnedSessionId };
  }

  private async translateUnique<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyRegistered(actor);
      throw error;
    }
  }
}

/** What `preRead` found: the participant's profile (or the error reading it) and whether they held an active registration. */
/** Whether participant `:participantId` holds an active registration in run `:runId` (a row, or none). */
const ACTIVE_REGISTRATION_SQL = `SELECT id FROM registration WHERE "participantId" = :participantId AND "runId" = :runId AND status <> 'cancelled'`;

type PreRead = { participant: ParticipantProfile; error?: undefined; active: boolean } | { participant?: undefined; error: Error; active: boolean };

function notRegistered(): DomainError {
  return new DomainError('NOT_REGISTERED', '您尚未报名本培训班。');
}

function alreadyRegistered(actor: Actor): DomainError {
  return new DomainError(
    'ALREADY_REGISTERED',
    actor === 'participant' ? '您已报名本培训班，如需调整请使用“变更”。' : '该人员已报名本培训班，如需调整请使用“调整”或“取消”。',
  );
}
