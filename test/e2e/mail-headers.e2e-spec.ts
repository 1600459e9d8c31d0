import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { PersonalLinksService } from '../../src/registrations/personal-links.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { decodeMailbox, decodeStrict, headerFields } from '../utils/rfc2047';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, deliverAll, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 9 item 16 on the real paths: the raw bytes of the .eml files the file outbox writes and
 * of the messages a real SMTP server receives. Every header the product writes (Subject, the From
 * and To display names) carries supplementary-plane characters, emoji and long Chinese text.
 */
// Each value puts a supplementary character where nodemailer 7's splitter broke its surrogate pair.
const FROM_NAME = '市局促进法治处培培𠀀';
const SESSION_TITLE = '培培培培全市司法所长培训班𠀀𪚥（第一期）关于开展“八五”普法规划宣传教育活动🎉👨‍👩‍👧🇨🇳';
const RUN_TITLE = '培培培培全市司法所长培训班𠀀𪚥（第一期）关于开展“八五”普法规划宣传教育活动';
const NAME = '陈培培培培培培培培𪚥明';

describe.each(['file outbox', 'SMTP'] as const)('headers outside the BMP over the %s (issue 9 item 16)', (mode) => {
  let t: TestApp;
  let sink: SmtpSink | undefined;

  beforeAll(async () => {
    sink = mode === 'SMTP' ? await new SmtpSink().start() : undefined;
    t = await createTestApp({ MAIL_FROM_NAME: FROM_NAME, ...(sink ? { SMTP_URL: sink.url } : {}) });
  });
  afterAll(async () => {
    await t.close();
    await sink?.stop();
  });

  /** Raw bytes of every delivered message (headers are ASCII, so the sink's text is the bytes). */
  function delivered(): Buffer[] {
    if (sink) return sink.received.map((m) => Buffer.from(m.raw, 'utf8'));
    const dir = t.config.mail.outboxDir;
    return readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, f)));
  }

  it('Subject, From and To of the invitation and the personal-link mail decode strictly to what the product wrote', async () => {
    const { run, sessions } = await openRun(t);
    await t.dataSource.getRepository(TrainingSession).update(sessions[0].id, { title: SESSION_TITLE });
    await t.dataSource.getRepository(TrainingRun).update(run.id, { title: RUN_TITLE });
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({
      participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'organiser', contact: { name: NAME, email: p.email },
    });
    await t.get(PersonalLinksService).reissue(run.id, p.id);
    await deliverAll(t);

    const stored = await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(stored.map((m) => m.kind)).toEqual(['invitation', 'personal-link']);
    expect(stored[0].subject).toContain(SESSION_TITLE);
    expect(stored[1].subject).toContain(RUN_TITLE);
    const raws = delivered();
    expect(raws).toHaveLength(2);
    const seen = raws.map((raw) => {
      const fields = headerFields(raw);
      return {
        subject: decodeStrict(fields.get('subject')![0]),
        from: decodeMailbox(fields.get('from')![0]),
        to: decodeMailbox(fields.get('to')![0]),
      };
    });
    expect(seen.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual(
      stored
        .map((m) => ({ subject: m.subject, from: { name: FROM_NAME, address: t.config.mail.fromAddress }, to: { name: NAME, address: p.email } }))
        .sort((a, b) => a.subject.localeCompare(b.subject)),
    );
  });
});
