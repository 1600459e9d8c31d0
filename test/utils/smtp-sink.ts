import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';

/** One message the sink received: envelope, raw bytes and the parsed mail. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message.
 * `refuse` makes it answer 451 to every message, like a server that is down for mail.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuse = false;
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (this.refuse) return callback(Object.assign(new Error('451 Try again later'), { responseCode: 451 }));
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed: await simpleParser(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages to one address, in arrival order. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
