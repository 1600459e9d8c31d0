import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { Registration } from '../registrations/registration.entity';
import { TrainingSession } from '../training/training-session.entity';
import { daysOf } from './session-days';
import { SignInCodesService } from './sign-in-codes.service';

/** Most QR images kept (≈ 7 KB each: ≈ 14 MB at most). */
const QR_CACHE_ENTRIES = 2_000;

/** A QR code to show a participant: the image (PNG data URL, allowed by the CSP's img-src) and its session. */
export interface SignInQr {
  sessionTitle: string;
  dataUrl: string;
}

/**
 * The participant's sign-in QR codes (issue 11, item 5): one per confirmed registration whose
 * session has not ended. The QR carries the staff scan URL of the page code, never the personal link.
 */
@Injectable()
export class SignInQrService {
  /**
   * QR images by the text they encode (a scan URL: fixed per page code, so never stale). Drawing
   * and PNG-encoding one costs milliseconds of the one thread on every page view (issue 10,
   * item 2: the slowest read); bounded, about 3 KB an entry.
   */
  private readonly images = new LRUCache<string, Promise<string>>({ max: QR_CACHE_ENTRIES });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly codes: SignInCodesService,
    private readonly clock: Clock,
  ) {}

  /**
   * QR codes for the holder of the personal link `token` (participant `participantId`). A plain
   * read when the codes exist already (pages are never held up by other work); a code is written,
   * in a transaction, only the first time or after the link was reissued or the code revoked.
   */
  async forPage(participantId: number, token: string): Promise<SignInQr[]> {
    const m = this.dataSource.manager;
    const registrations = await m.find(Registration, { where: { participantId, status: 'confirmed' } });
    const codes: { sessionTitle: string; code: string }[] = [];
    for (const r of registrations) {
      const session = r.sessionId === null ? null : await m.findOneBy(TrainingSession, { id: r.sessionId });
      if (!session || session.status !== 'scheduled') continue;
      const days = daysOf(session);
      if (days[days.length - 1].end.getTime() < this.clock.now().getTime()) continue;
      const code = (await this.codes.existingPageCode(m, r.id, token)) ?? (await this.transactions.run((tx) => this.codes.pageCode(tx, r.id, token)));
      codes.push({ sessionTitle: session.title, code });
    }
    return Promise.all(codes.map(async (c) => ({ sessionTitle: c.sessionTitle, dataUrl: await this.image(this.codes.scanUrl(c.code)) })));
  }

  private image(text: string): Promise<string> {
    let image = this.images.get(text);
    if (!image) {
      image = qrDataUrl(text);
      this.images.set(text, image);
      image.catch(() => this.images.delete(text));
    }
    return image;
  }
}

/**
 * A PNG QR code of `text` as a data URL (error correction M, 4-module quiet zone). Every scanline
 * uses PNG filter 2 ("Up"): pngjs otherwise tries all five filters on each of the 264 rows and
 * keeps the best, which made drawing ~4× slower (≈ 20 ms against ≈ 5 ms per image on the shared
 * 2-core machine; issue 10, item 7) for a data URL of ≈ 2.9 KB instead of ≈ 6.6 KB.
 */
export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, width: 264, rendererOpts: { filterType: 2 } } as QRCode.QRCodeToDataURLOptions);
}
