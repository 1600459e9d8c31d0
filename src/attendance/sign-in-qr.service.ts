import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { queryNamed } from '../database/sql-dialect';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../registrations/registration-rules';
import { daysOf } from './session-days';
import { SignInCodesService } from './sign-in-codes.service';

/** Most QR images kept (≈ 5 KB each: ≈ 10 MB at most). */
const QR_CACHE_ENTRIES = 2_000;

/** A QR code to show a participant: its session and the registration whose image `GET /r/:token/sign-in-qr/:id.png` draws. */
export interface SignInQr {
  sessionTitle: string;
  registrationId: number;
}

/** A drawn QR image: PNG bytes and an entity tag that changes with the code it carries. */
export interface SignInQrImage {
  png: Buffer;
  etag: string;
}

/** The one refusal of a QR image the link's holder may not see (not theirs, not confirmed, session over). */
const NO_IMAGE_MESSAGE = '签到二维码不存在：您在该期没有已确认的报名，或该期已结束。';

/** Confirmed registrations of a person in scheduled sessions, with the session's dates (one lean query, no hydration). */
const CONFIRMED_SQL = `SELECT r.id AS "registrationId", s.title AS "title", s."firstDay" AS "firstDay", s."dayCount" AS "dayCount", s."dailyStart" AS "dailyStart", s."dailyEnd" AS "dailyEnd"
  FROM registration r JOIN training_session s ON s.id = r."sessionId"
  WHERE r."participantId" = :participantId AND r.status = 'confirmed' AND s.status = 'scheduled'
  ORDER BY r.id`;

interface ConfirmedRow {
  registrationId: number;
  title: string;
  firstDay: string;
  dayCount: number;
  dailyStart: string;
  dailyEnd: string;
}

/**
 * The participant's sign-in QR codes (issue 11, item 5): one per confirmed registration whose
 * session has not ended. The QR carries the staff scan URL of the page code, never the personal link.
 * The page lists them (a plain read); each image is its own resource (issue 10, item 7: drawing a
 * PNG and writing a page code on every page view made the page the slowest read), drawn and, the
 * first time or after the link was reissued or the code revoked, its page code written only when
 * the image itself is fetched.
 */
@Injectable()
export class SignInQrService {
  /** PNG images by the text they encode (a scan URL: fixed per page code, so never stale); bounded. */
  private readonly images = new LRUCache<string, Promise<Buffer>>({ max: QR_CACHE_ENTRIES });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly codes: SignInCodesService,
    private readonly clock: Clock,
  ) {}

  /** The QR codes the personal page of participant `participantId` shows, by registration id (a read only; nothing drawn). */
  async forPage(participantId: number): Promise<SignInQr[]> {
    return (await this.showable(participantId)).map((r) => ({ sessionTitle: r.title, registrationId: Number(r.registrationId) }));
  }

  /**
   * The QR image of registration `registrationId` for the holder of the personal link `token`
   * (participant `participantId`, already checked by the caller). A plain read when the page code
   * exists already; it is written, in a transaction, the first time or after the link was
   * reissued or the code revoked.
   * @throws DomainError NOT_FOUND when it is not one of the registrations `forPage` lists.
   */
  async image(participantId: number, token: string, registrationId: number): Promise<SignInQrImage> {
    if (!(await this.showable(participantId)).some((r) => Number(r.registrationId) === registrationId)) throw new DomainError('NOT_FOUND', NO_IMAGE_MESSAGE);
    const code = (await this.codes.existingPageCode(this.dataSource.manager, registrationId, token)) ?? (await this.writePageCode(registrationId, token));
    const text = this.codes.scanUrl(code);
    return { png: await this.draw(text), etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"` };
  }

  /**
   * Stores the page code on a first fetch. Parallel first fetches (a browser opening the page in
   * two tabs) race on PostgreSQL: both find none and insert the same code (it is derived from the
   * link, the registration and the revision), the unique index refuses the later one — which then
   * reads the code the winner stored instead of failing (500 before).
   */
  private async writePageCode(registrationId: number, token: string): Promise<string> {
    try {
      return await this.transactions.run((tx) => this.codes.pageCode(tx, registrationId, token));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const stored = await this.codes.existingPageCode(this.dataSource.manager, registrationId, token);
      if (!stored) throw error;
      return stored;
    }
  }

  private async showable(participantId: number): Promise<ConfirmedRow[]> {
    const now = this.clock.now().getTime();
    const rows = await queryNamed<ConfirmedRow[]>(this.dataSource, CONFIRMED_SQL, { participantId });
    return rows.filter((r) => {
      const days = daysOf({ firstDay: r.firstDay, dayCount: Number(r.dayCount), dailyStart: r.dailyStart, dailyEnd: r.dailyEnd });
      return days.length > 0 && days[days.length - 1].end.getTime() >= now;
    });
  }

  private draw(text: string): Promise<Buffer> {
    let image = this.images.get(text);
    if (!image) {
      image = qrPng(text);
      this.images.set(text, image);
      image.catch(() => this.images.delete(text));
    }
    return image;
  }
}

/** QR options: error correction M, 4-module quiet zone, 264 px, every scanline PNG filter 2 (see `qrPng`). */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4, width: 264, rendererOpts: { filterType: 2 } } as const;

/**
 * A PNG QR code of `text` (the body of the participant's QR image resource). Every scanline
 * uses PNG filter 2 ("Up"): pngjs otherwise tries all five filters on each of the 264 rows and
 * keeps the best, which made drawing ~4× slower (≈ 20 ms against ≈ 5 ms per image on the shared
 * 2-core machine; issue 10, item 7); ≈ 5 KB an image.
 */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, QR_OPTIONS as QRCode.QRCodeToBufferOptions);
}
