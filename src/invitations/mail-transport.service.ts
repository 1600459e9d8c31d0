import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Delivers one built message. With `SMTP_URL`: pooled SMTP, one connection per concurrent
 * dispatch (`DISPATCH_CONCURRENCY`). Without: the raw RFC 5322 message is written as
 * `<outboxDir>/<name>.eml` (written to a temporary name, then renamed, so a reader never sees
 * half a file).
 */
@Injectable()
export class MailTransportService implements OnModuleDestroy {
  private readonly transporter: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = config.mail.smtpUrl
      ? createTransport(smtpPoolOptions(config.mail.smtpUrl, config.mail.dispatchConcurrency))
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

/**
 * nodemailer options for a pool of `connections` SMTP connections to `url` (smtp: or smtps:,
 * credentials and query options as nodemailer reads them). The URL is parsed here because
 * nodemailer ignores every other option, `pool` included, when it is given `{ url }`.
 *
 * For smtp: URLs (plain or STARTTLS) each connection's socket is opened here with TCP_NODELAY:
 * nodemailer writes the final `.` of DATA as a small segment of its own, which Nagle's
 * algorithm holds until the server's delayed ACK (40 ms on Linux), so every message took at
 * least 40 ms. The socket is handed over before it has connected, never as a getSocket error:
 * nodemailer (seen in 7) never frees a pool slot whose getSocket failed, and the pool would hang after
 * one refused connection. smtps: connections keep nodemailer's own TLS socket.
 */
export function smtpPoolOptions(url: string, connections: number): SMTPPool.Options {
  const options: SMTPPool.Options = {
    ...parseConnectionUrl(url),
    pool: true,
    maxConnections: connections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  if (!options.secure) {
    options.getSocket = (o, callback) => {
      // Handed over while still connecting: nodemailer's own handlers see a refused or failed
      // connection and free the pool slot (greetingTimeout bounds a connect that hangs).
      const port = Number(o.port) || 587; // nodemailer's default without TLS
      callback(null, { connection: connect({ host: o.host ?? 'localhost', port, noDelay: true }) });
    };
  }
  return options;
}
