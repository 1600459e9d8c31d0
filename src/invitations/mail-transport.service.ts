import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Delivers one built message. With `SMTP_URL`: pooled SMTP. Without: the raw RFC 5322 message
 * is written as `<outboxDir>/<name>.eml` (written to a temporary name, then renamed, so a
 * reader never sees half a file).
 */
@Injectable()
export class MailTransportService implements OnModuleDestroy {
  private readonly logger = new Logger(MailTransportService.name);
  private readonly transporter: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = config.mail.smtpUrl
      ? createTransport({ url: config.mail.smtpUrl, pool: true, maxConnections: 3, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never)
      : createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /** Where mail goes, for logs and pages: 'smtp://host:port' or the outbox folder. */
  describe(): string {
    if (!this.config.mail.smtpUrl) return `files in ${this.config.mail.outboxDir}/`;
    const url = new URL(this.config.mail.smtpUrl);
    return `${url.protocol}//${url.host}`;
  }

  /**
   * Sends one message; `fileStem` names the .eml file in folder mode.
   * @throws the transport's error (SMTP refusal, connection failure, disk error).
   */
  async send(message: Mail.Options, fileStem: string): Promise<void> {
    const info = await this.transporter.sendMail(message);
    if (this.config.mail.smtpUrl) return;
    const raw = (info as unknown as { message: Buffer }).message;
    await mkdir(this.config.mail.outboxDir, { recursive: true });
    const target = join(this.config.mail.outboxDir, `${fileStem}.eml`);
    await writeFile(`${target}.tmp`, raw);
    await rename(`${target}.tmp`, target);
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
