import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { currentActor, setActor } from '../common/request-context';
import { hashToken, isWellFormedToken, newToken } from '../common/tokens';
import { queryNamed } from '../database/sql-dialect';
import { TransactionRunner } from '../database/transaction-runner';
import { District } from './district.entity';
import { JudicialOffice } from './judicial-office.entity';
import { Participant } from './participant.entity';
import { PersonalData, personalDataChange } from './personal-data';
import { Post, POST_KIND_LABELS, PostKind } from './post.entity';

/** A participant with what pages and mails show of them. */
export interface ParticipantProfile {
  id: number;
  name: string;
  email: string;
  mobile: string;
  isDemo: boolean;
  postKind: PostKind;
  /** e.g. 司法所所长 */
  postLabel: string;
  districtId: number;
  districtName: string;
  /** e.g. 南京东路街道司法所 or 黄浦区司法局 */
  unitLabel: string;
  unitCode: string;
  hasLink: boolean;
}

/** The person on a post: name, 11-digit mobile, e-mail. */
export interface PostHolder {
  name: string;
  mobile: string;
  email: string;
}

/** Filters of the organiser's participant list. */
export interface ParticipantFilter {
  districtId?: number;
  postKind?: PostKind;
  ids?: number[];
}

/**
 * The roster: districts, judicial offices, posts and the people who hold them, and the
 * personal links (only the SHA-256 of a link's token is stored).
 */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** The 16 districts ordered by code. */
  listDistricts(): Promise<District[]> {
    return this.dataSource.getRepository(District).find({ order: { code: 'ASC' } });
  }

  /** The judicial offices of a district, ordered by code, as `{ id, name }` (name: …司法所). */
  async listOffices(districtId: number): Promise<{ id: number; name: string }[]> {
    const offices = await this.dataSource.getRepository(JudicialOffice).find({ where: { districtId }, order: { code: 'ASC' } });
    return offices.map((o) => ({ id: o.id, name: `${o.unitName}司法所` }));
  }

  /** The district of a judicial office, or null when there is no such office. */
  async officeDistrict(officeId: number): Promise<number | null> {
    return (await this.dataSource.getRepository(JudicialOffice).findOneBy({ id: officeId }))?.districtId ?? null;
  }

  /** Counts for the home page: districts, offices, posts, participants. */
  async rosterCounts(): Promise<{ districts: number; offices: number; posts: number; participants: number }> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM district) AS districts, (SELECT COUNT(*) FROM judicial_office) AS offices,
              (SELECT COUNT(*) FROM post) AS posts, (SELECT COUNT(*) FROM participant) AS participants`,
    );
    return { districts: +row.districts, offices: +row.offices, posts: +row.posts, participants: +row.participants };
  }

  /** Participants with post and unit, ordered by district code, unit code and post. */
  async listParticipants(filter: ParticipantFilter = {}, manager?: EntityManager): Promise<ParticipantProfile[]> {
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Participant)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.post', 'post')
      .innerJoinAndSelect('post.district', 'district')
      .leftJoinAndSelect('post.office', 'office')
      .orderBy('district.code', 'ASC')
      .addOrderBy('post.unitCode', 'ASC')
      .addOrderBy('post.kind', 'ASC');
    if (filter.districtId) qb.andWhere('post.districtId = :districtId', { districtId: filter.districtId });
    if (filter.postKind) qb.andWhere('post.kind = :kind', { kind: filter.postKind });
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      qb.andWhere('p.id IN (:...ids)', { ids: filter.ids });
    }
    return (await qb.getMany()).map(toProfile);
  }

  /**
   * The participant a personal link belongs to.
   * @throws DomainError INVALID_TOKEN when the token is malformed, unknown or revoked.
   */
  async participantByToken(token: string): Promise<ParticipantProfile> {
    if (!isWellFormedToken(token)) throw invalidToken();
    // One statement: the profile and the link's expiry (issue 10, item 7: every participant request starts here).
    // A lone statement on a free read connection: the latest commit, beside the other reads.
    const [row] = await this.transactions.readStatement<(ProfileRow & { expired: number | boolean })[]>(PROFILE_BY_TOKEN_SQL, { tokenHash: hashToken(token), now: this.clock.now() });
    return this.profileOfTokenRow(row);
  }

  /**
   * The profile of a `PROFILE_BY_TOKEN_SQL` row (or of none), set as the request's actor.
   * @throws DomainError INVALID_TOKEN when there is no row (unknown or revoked link) or the link expired.
   */
  profileOfTokenRow(row: (ProfileRow & { expired: number | boolean }) | undefined): ParticipantProfile {
    if (!row) throw invalidToken();
    if (Number(row.expired)) throw new DomainError('INVALID_TOKEN', '培训班已结束，个人报名链接已失效。');
    const profile = profileOfRow(row);
    setActor({ kind: 'participant', id: profile.id, label: profile.name, districtId: profile.districtId });
    return profile;
  }

  /**
   * One participant by id.
   * @throws DomainError NOT_FOUND.
   */
  async participant(id: number, manager?: EntityManager): Promise<ParticipantProfile> {
    // One prepared-once SQL text and a plain row, not a query builder hydrating four entities:
    // every participant request and command reads a profile (issue 10, item 2).
    return this.participantWith((sql, params) => queryNamed(manager ?? this.dataSource, sql, params), id);
  }

  /**
   * `participant(id)` read by `query`, one SQL statement with named parameters (e.g.
   * `TransactionRunner.readStatement`: the latest commit, beside other reads).
   * @throws DomainError NOT_FOUND.
   */
  async participantWith(query: <T>(sql: string, params: ObjectLiteral) => Promise<T>, id: number): Promise<ParticipantProfile> {
    const [row] = await query<ProfileRow[]>(PROFILE_SQL, { id });
    if (!row) throw new DomainError('NOT_FOUND', `参训人员 ${id} 不存在。`);
    return profileOfRow(row);
  }

  /**
   * Issues a new personal link token for a participant, revoking the previous one.
   * Only the hash is stored; the caller must hand the token to the person now.
   */
  async issueToken(manager: EntityManager, participantId: number, expiresAt: Date | null = null): Promise<string> {
    const token = newToken();
    await manager.update(Participant, participantId, { tokenHash: hashToken(token), tokenIssuedAt: this.clock.now(), tokenExpiresAt: expiresAt });
    return token;
  }

  /** Revokes a participant's personal link (it stops working at once), in the caller's transaction. */
  async revokeToken(manager: EntityManager, participantId: number): Promise<void> {
    await manager.update(Participant, participantId, { tokenHash: null, tokenIssuedAt: null, tokenExpiresAt: null });
  }

  /**
   * Updates a participant's own contact details (name, e-mail, mobile), in the caller's
   * transaction; the change is audited as `participant.contact` (see writePersonalData).
   * @throws DomainError EMAIL_IN_USE when another participant already has the address.
   */
  async updateContact(m: EntityManager, participantId: number, contact: { name: string; email: string; mobile?: string }): Promise<void> {
    const email = contact.email.trim();
    await this.assertEmailFree(m, email, participantId);
    const current = await m.findOneByOrFail(Participant, { id: participantId });
    const name = contact.name.trim();
    const changed = current.name !== name || current.email.toLowerCase() !== email.toLowerCase();
    const after = { name, email, mobile: contact.mobile ? contact.mobile : current.mobile };
    await this.writePersonalData(m, current, after, changed ? { isDemo: false } : {}, 'participant.contact');
  }

  /**
   * Writes who holds a participant's post (name, mobile, e-mail) and marks them real (not demo).
   * `current` is the row as it was before the caller touched it (the audit's "before").
   * `personChanged` (another person takes the post) revokes the previous personal link. No checks:
   * callers validate first (roster import: action `participant.import`; `replacePostHolder`).
   */
  async writePostHolder(m: EntityManager, current: Participant, person: PostHolder, personChanged: boolean, action = 'participant.import'): Promise<void> {
    const revoke = personChanged ? { tokenHash: null, tokenIssuedAt: null, tokenExpiresAt: null } : {};
    await this.writePersonalData(m, current, { name: person.name, email: person.email, mobile: person.mobile }, { isDemo: false, ...revoke }, action);
  }

  /**
   * Hands a post to another person, in the caller's transaction (the staffing hand-over of an
   * office director, issue #5). The old personal link is revoked when the person changes.
   * @returns whether the person changed.
   * @throws DomainError EMAIL_IN_USE when another participant has the address; INVALID_STATE while
   * the current holder still has an active registration (cancel it first, so its calendar
   * cancellation reaches them).
   */
  async replacePostHolder(m: EntityManager, participantId: number, person: PostHolder): Promise<{ personChanged: boolean }> {
    const current = await m.findOneBy(Participant, { id: participantId });
    if (!current) throw new DomainError('NOT_FOUND', `参训人员 ${participantId} 不存在。`);
    const email = person.email.trim();
    await this.assertEmailFree(m, email, participantId);
    const personChanged = current.email.toLowerCase() !== email.toLowerCase() || current.name !== person.name.trim();
    const active = await m
      .createQueryBuilder()
      .from('registration', 'r')
      .where(`r."participantId" = :participantId AND r.status <> 'cancelled'`, { participantId })
      .getCount();
    if (personChanged && active > 0) throw new DomainError('INVALID_STATE', '该岗位现任人员已报名，更换人员前请先取消其报名。');
    await this.writePostHolder(m, current, { name: person.name.trim(), email, mobile: person.mobile }, personChanged, 'participant.handover');
    return { personChanged };
  }

  /**
   * The one place a participant's personal data is written: updates the row and, when a personal
   * field changed, records `action` with the changed fields before → after, in the same
   * transaction. A participant acting on themselves is labelled with the name after the change.
   */
  private async writePersonalData(m: EntityManager, current: Participant, after: PersonalData, extra: Partial<Participant>, action: string): Promise<void> {
    await m.update(Participant, current.id, { ...after, ...extra });
    const change = personalDataChange(current, after);
    if (!change) return;
    const actor = currentActor();
    if (actor.kind === 'participant' && actor.id === current.id) setActor({ ...actor, label: after.name });
    const post = await m.findOneBy(Post, { id: current.postId });
    await this.audit.record(m, { action, subjectType: 'participant', subjectId: current.id, districtId: post?.districtId ?? null, ...change });
  }

  /** @throws DomainError EMAIL_IN_USE when a participant other than `participantId` has the address (case-insensitive). */
  private async assertEmailFree(m: EntityManager, email: string, participantId: number): Promise<void> {
    const holder = await m
      .getRepository(Participant)
      .createQueryBuilder('p')
      .where('LOWER(p.email) = LOWER(:email) AND p.id <> :participantId', { email, participantId })
      .getOne();
    if (holder) throw new DomainError('EMAIL_IN_USE', `邮箱 ${email} 已被其他参训人员使用，请核对。`);
  }
}

/** A profile's columns, as `PROFILE_SQL` returns them (portable SQL: SQLite and PostgreSQL). */
export interface ProfileRow {
  id: number | string;
  name: string;
  email: string;
  mobile: string;
  isDemo: boolean | number;
  tokenHash: string | null;
  kind: PostKind;
  unitCode: string;
  districtId: number | string;
  districtName: string;
  unitName: string | null;
}

const PROFILE_FROM = `SELECT p.id, p.name, p.email, p.mobile, p."isDemo", p."tokenHash", post.kind, post."unitCode", post."districtId", d.name AS "districtName", o."unitName" AS "unitName"
  FROM participant p JOIN post ON post.id = p."postId" JOIN district d ON d.id = post."districtId" LEFT JOIN judicial_office o ON o.id = post."officeId"`;
const PROFILE_SQL = `${PROFILE_FROM} WHERE p.id = :id`;

/**
 * `PROFILE_SQL` by the hash of a personal link (`:tokenHash`), with `expired` = 1 when the link's
 * `tokenExpiresAt` is at or before `:now` (a Date). Portable SQL; callers may join more to it.
 */
export const PROFILE_BY_TOKEN_SQL = `SELECT p.id, p.name, p.email, p.mobile, p."isDemo", p."tokenHash", post.kind, post."unitCode", post."districtId", d.name AS "districtName", o."unitName" AS "unitName",
    CASE WHEN p."tokenExpiresAt" IS NOT NULL AND p."tokenExpiresAt" <= :now THEN 1 ELSE 0 END AS expired
  FROM participant p JOIN post ON post.id = p."postId" JOIN district d ON d.id = post."districtId" LEFT JOIN judicial_office o ON o.id = post."officeId"
  WHERE p."tokenHash" = :tokenHash`;

/** The error of a malformed, unknown or revoked personal link. */
function invalidToken(): DomainError {
  return new DomainError('INVALID_TOKEN', '个人报名链接无效或已失效，请联系本区或市局促进法治处重新获取。');
}

/** `toProfile` of a `PROFILE_SQL` row. */
function profileOfRow(r: ProfileRow): ParticipantProfile {
  return {
    id: Number(r.id),
    name: r.name,
    email: r.email,
    mobile: r.mobile,
    isDemo: Boolean(r.isDemo),
    postKind: r.kind,
    postLabel: POST_KIND_LABELS[r.kind],
    districtId: Number(r.districtId),
    districtName: r.districtName,
    unitLabel: r.unitName !== null ? `${r.unitName}司法所` : `${r.districtName}司法局`,
    unitCode: r.unitCode,
    hasLink: r.tokenHash !== null,
  };
}

function toProfile(p: Participant): ParticipantProfile {
  const post = p.post;
  const unitLabel = post.office ? `${post.office.unitName}司法所` : `${post.district.name}司法局`;
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    mobile: p.mobile,
    isDemo: p.isDemo,
    postKind: post.kind,
    postLabel: POST_KIND_LABELS[post.kind],
    districtId: post.districtId,
    districtName: post.district.name,
    unitLabel,
    unitCode: post.unitCode,
    hasLink: p.tokenHash !== null,
  };

}
