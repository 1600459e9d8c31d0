import { AddressInfo, Socket } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { calendarOf, ParsedInvitation } from './ical';

/** A message the sink took in; `acknowledged` false when the sender never got the final 250. */
export interface SinkMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
  messageId: string;
  acknowledged: boolean;
}

/**
 * A real SMTP server on loopback that tests can take down and bring back on the same port, and
 * that can hold its answer to DATA (the message is in, the sender waits: a slow server).
 * `holdAfter = n`: answers the first n messages, then holds every later one until `release()`.
 * `refuse(mail)`: a reason returned refuses that message at the end of DATA with
 * `451 <reason>` (a temporary refusal; it stays `acknowledged: false`).
 */
export class ControllableSink {
  readonly received: SinkMail[] = [];
  holdAfter = Infinity;
  refuse?: (mail: SinkMail) => string | undefined;
  port = 0;
  private server?: SMTPServer;
  private readonly sockets = new Set<Socket>();
  private held: (() => void)[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  /** Listens on `port` (0: any free port; the same port again after `down()`). */
  async up(port = this.port): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          const mail: SinkMail = { to: session.envelope.rcptTo.map((r) => r.address), raw, parsed, messageId: parsed.messageId ?? '', acknowledged: false };
          this.received.push(mail);
          const answer = () => {
            mail.acknowledged = true;
            callback();
          };
          const refusal = this.refuse?.(mail);
          if (refusal) callback(Object.assign(new Error(refusal), { responseCode: 451 }));
          else if (this.received.length > this.holdAfter) this.held.push(answer);
          else answer();
          this.notify();
        });
      },
    });
    // A client killed mid-transaction resets its connection; that is expected here, not a test failure.
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops listening and cuts every open connection at once, like a server going down. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.held = []; // their connections are cut: those senders never get an answer
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Answers every held message and stops holding. */
  release(): void {
    this.holdAfter = Infinity;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Resolves once at least `count` messages have come in (acknowledged or held). */
  waitFor(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.notify();
    });
  }

  /** Acknowledged messages to one address, in arrival order. */
  to(address: string): SinkMail[] {
    return this.received.filter((m) => m.acknowledged && m.to.includes(address));
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
  }
}

/** One line of a recipient's calendar history: method, UID, SEQUENCE and summary. */
export type CalendarStep = Pick<ParsedInvitation, 'method' | 'uid' | 'sequence' | 'summary'>;

/** The calendar messages a mailbox got, in order. */
export function calendarSteps(mails: { parsed: ParsedMail }[]): CalendarStep[] {
  return mails.map((m) => {
    const { method, uid, sequence, summary } = calendarOf(m.parsed);
    return { method, uid, sequence, summary };
  });
}

/** Decodes the HTML entities Handlebars writes, to compare page text with stored text. */
export function htmlText(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');
}
