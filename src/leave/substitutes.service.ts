import { Injectable } from '@nestjs/common';
import { EntityManager, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { InvitationsService } from '../invitations/invitations.service';
import { OrganisationService, PostHolder } from '../organisation/organisation.service';
import { Participant } from '../organisation/participant.entity';
import { Post } from '../organisation/post.entity';
import { parseEmail, parseMobile, parseName } from '../organisation/roster-import/roster-fields';
import { Registration } from '../registrations/registration.entity';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';

/**
 * Reads the substitute's fields (name, 11-digit mobile, e-mail) with the roster import's rules.
 * @returns null when all three are empty (no substitute).
 * @throws DomainError VALIDATION_FAILED (Chinese, per field) when some are given and any is invalid.
 */
export function readSubstitute(form: Record<string, unknown>): PostHolder | null {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
  if (!text('substituteName') && !text('substituteMobile') && !text('substituteEmail')) return null;
  const [name, mobile, email] = [parseName(text('substituteName')), parseMobile(text('substituteMobile')), parseEmail(text('substituteEmail'))];
  const problems = [name, mobile, email].filter((r) => !r.ok).map((r) => (r as { message: string }).message);
  if (!name.ok || !mobile.ok || !email.ok) throw new DomainError('VALIDATION_FAILED', `替训人员信息有误：${problems.join('；')}`);
  return { name: name.value, mobile: mobile.value, email: email.value };
}

/**
 * A substitute (替训, issue 11, item 4): someone from the same unit (e.g. the deputy director) who
 * takes the seat of a participant on leave for the whole session. The seat passes directly (the
 * waitlist is not asked); the participant's invitation is cancelled and the substitute gets their
 * own. The substitute holds the unit's `substitute` post (one per unit, reused).
 */
@Injectable()
export class SubstitutesService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Hands `registration`'s seat to `holder`, in the caller's transaction. @returns the substitute's participant id.
   * @throws DomainError INVALID_STATE (the registration is no longer confirmed; the unit's substitute
   *   is someone else with an active registration; the substitute is already registered), EMAIL_IN_USE.
   */
  async transfer(m: EntityManager, registration: Registration, session: TrainingSession, run: TrainingRun, holder: PostHolder): Promise<number> {
    const original = await m.findOneByOrFail(Participant, { id: registration.participantId });
    const post = await m.findOneByOrFail(Post, { id: original.postId });
    let substitutePost = await m.findOneBy(Post, { unitCode: post.unitCode, kind: 'substitute' });
    if (!substitutePost) substitutePost = await m.save(m.create(Post, { kind: 'substitute', unitCode: post.unitCode, districtId: post.districtId, officeId: post.officeId }));
    let substitute = await m.findOneBy(Participant, { postId: substitutePost.id });
    if (substitute) {
      await this.organisation.replacePostHolder(m, substitute.id, holder);
    } else {
      const taken = await m.getRepository(Participant).createQueryBuilder('p').where('LOWER(p.email) = LOWER(:email)', { email: holder.email }).getOne();
      if (taken) throw new DomainError('EMAIL_IN_USE', `邮箱 ${holder.email} 已被其他参训人员使用，请核对。`);
      substitute = await m.save(m.create(Participant, { postId: substitutePost.id, name: holder.name, mobile: holder.mobile, email: holder.email, isDemo: false }));
    }
    const active = await m.countBy(Registration, { participantId: substitute.id, runId: run.id, status: Not('cancelled') });
    if (active > 0) throw new DomainError('INVALID_STATE', `${holder.name}已报名本培训班，不能作为替训人员。`);
    const moved = await m.update(Registration, { id: registration.id, status: 'confirmed' }, { status: 'cancelled', queuedAt: null, updatedBy: 'organiser' });
    if (!moved.affected) throw new DomainError('INVALID_STATE', '该报名已不是确认状态，无法替训。');
    const originalProfile = await this.organisation.participant(original.id, m);
    await this.invitations.queueCancel(m, { participant: originalProfile, session, run }, 'cancelled');
    const seat = await m.save(m.create(Registration, { runId: run.id, participantId: substitute.id, sessionId: session.id, status: 'confirmed', preferences: [session.id], unavailable: [], queuedAt: null, updatedBy: 'organiser' }));
    const substituteProfile = await this.organisation.participant(substitute.id, m);
    await this.invitations.queueRequest(m, { participant: substituteProfile, session, run }, 'confirmed');
    await this.audit.record(m, {
      action: 'registration.substitute',
      subjectType: 'registration',
      subjectId: seat.id,
      districtId: post.districtId,
      before: { registrationId: registration.id, participantId: original.id, sessionId: session.id },
      after: { registrationId: seat.id, participantId: substitute.id, name: holder.name, sessionId: session.id },
    });
    return substitute.id;
  }
}
