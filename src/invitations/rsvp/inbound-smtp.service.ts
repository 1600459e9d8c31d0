import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { SMTPServer, SMTPServerDataStream } from 'smtp-server';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RsvpService } from './rsvp.service';

/** An SMTP reply code with its text, as smtp-server sends it. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The optional inbound SMTP listener for RSVP replies (`INBOUND_SMTP_PORT`; off when unset).
 * Accepts mail only for the organiser address (`MAIL_FROM_ADDRESS`; others get 550 at RCPT),
 * refuses messages over the size limit (552; SIZE advertised, RFC 1870), and hands each message
 * to RsvpService before answering, so a sender learns of a temporary failure (451) and retries.
 * Plain SMTP without AUTH or TLS: bind it to loopback or an internal address behind the
 * organisation's mail server, which forwards the organiser's replies to it.
 */
@Injectable()
export class InboundSmtpService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('InboundSmtp');
  private server?: SMTPServer;
  private bound?: AddressInfo;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rsvp: RsvpService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { smtpPort, smtpHost } = this.config.inbound;
    if (smtpPort === undefined) return;
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      name: this.config.idDomain,
      banner: 'training RSVP listener',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.config.inbound.maxMessageBytes,
      logger: false,
      onRcptTo: (address, _session, callback) =>
        address.address.toLowerCase() === this.config.mail.fromAddress.toLowerCase()
          ? callback()
          : callback(smtpError(550, '5.1.1 Only replies to the organiser are accepted here')),
      onData: (stream, _session, callback) => void this.receive(stream).then(() => callback(), callback),
    });
    server.on('error', (error) => this.logger.error(`Listener error: ${error.message}`));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(smtpPort, smtpHost, () => resolve());
    });
    this.bound = server.server.address() as AddressInfo;
    this.logger.log(`Listening for RSVP replies on ${smtpHost}:${this.bound.port}`);
  }

  /** The port actually bound (useful with `INBOUND_SMTP_PORT=0`); undefined when off. */
  port(): number | undefined {
    return this.bound?.port;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Reads the message (never more than the limit) and processes it. @throws an SMTP-coded error. */
  private async receive(stream: SMTPServerDataStream): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.config.inbound.maxMessageBytes) chunks.push(chunk);
    });
    await new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    });
    if (stream.sizeExceeded || size > this.config.inbound.maxMessageBytes) {
      this.logger.warn(`Reply ignored (oversized): ${size} bytes, limit ${this.config.inbound.maxMessageBytes}`);
      throw smtpError(552, '5.3.4 Message too big');
    }
    try {
      await this.rsvp.handleMail(Buffer.concat(chunks));
    } catch (error) {
      this.logger.error(`Reply not processed: ${(error as Error).message}`);
      throw smtpError(451, '4.3.0 Temporary failure, try again later');
    }
  }
}
