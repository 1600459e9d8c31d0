import { formatShanghai, sessionDays } from '../../common/shanghai-time';
import type { TrainingRun } from '../../training/training-run.entity';
import type { TrainingSession } from '../../training/training-session.entity';
import { buildInvitationWithIcs } from '../ical/invitation-builder';
import { MailTemplatesService } from '../mail-templates.service';
import { InvitationComposer } from './invitation-composer';

const organiser = { name: '市局促进法治处', email: 'training@example.org' };
const session = { id: 1, title: `${'全市司法所长培训班'.repeat(4)}（第一期）🎓`, firstDay: '2021-04-12', dayCount: 3, dailyStart: '09:00', dailyEnd: '17:00', venue: '上海市司法局培训中心，徐汇区示例路100号; 3楼报告厅, A厅' } as TrainingSession;
const run = { id: 1, title: '2021年全市司法所长培训', topics: '基层法治建设\n人民调解', registrationDeadline: new Date('2021-04-01T10:00:00Z') } as TrainingRun;

/** The mail as InvitationsService composed it per person before issue 10 item 11, from scratch. */
function fromScratch(templates: MailTemplatesService, method: 'REQUEST' | 'CANCEL', p: { name: string; email: string }, uid: string, sequence: number, excludedDays: string[], dtstamp: Date) {
  const topics = run.topics.split('\n').join('、');
  const calendar = buildInvitationWithIcs({
    method, uid, sequence, dtstamp, excludedDays, attendee: p,
    summary: session.title, description: `${run.title}\n主题：${topics}\n主办：${organiser.name}`, location: session.venue,
    firstDay: session.firstDay, dayCount: session.dayCount, dailyStart: session.dailyStart, dailyEnd: session.dailyEnd, organizer: organiser,
  });
  const subject = `${method === 'REQUEST' ? '【参训确认】' : '【报名取消】'}${session.title}`;
  const days = sessionDays(session.firstDay, session.dayCount, session.dailyStart, session.dailyEnd).map((d) => `${formatShanghai(d.start)}–${formatShanghai(d.end).slice(-5)}`);
  const body = templates.render('invitation', {
    subject, participantName: p.name, lead: method === 'REQUEST' ? '您已确认参加以下培训：' : '您参加以下培训的报名已取消：', sessionTitle: session.title, days,
    venue: session.venue, topics, deadline: formatShanghai(run.registrationDeadline), isRequest: method === 'REQUEST', isCancel: method === 'CANCEL', organiserName: organiser.name,
  });
  return { subject, text: body.text, html: body.html, calendar };
}

describe(InvitationComposer.name, () => {
  it('composes, session part once, exactly the mail and calendar a per-person composition gave (40 people, long names, REQUEST and CANCEL)', () => {
    const templates = new MailTemplatesService();
    const composer = new InvitationComposer(templates, organiser);
    for (let i = 0; i < 40; i++) {
      const p = { name: i % 4 === 0 ? `${'欧阳'.repeat(12)}<b>&"${i}` : `参训人员${i}`, email: `${'long.address'.repeat(i % 5)}p${i}@district-${i}.example.org` };
      const method = i % 3 === 0 ? 'CANCEL' : 'REQUEST';
      const excludedDays = method === 'REQUEST' && i % 2 === 0 ? ['2021-04-13'] : [];
      const dtstamp = new Date(Date.UTC(2021, 2, 20, 6, 30) + i * 1000);
      const composed = composer.compose(session, run, method, method === 'REQUEST' ? 'confirmed' : 'cancelled', { participant: p, invitation: { uid: `u${i}@training.example.org`, sequence: i % 4 }, excludedDays, dtstamp });
      expect(composed).toEqual(fromScratch(templates, method, p, `u${i}@training.example.org`, i % 4, excludedDays, dtstamp));
    }
  });
});
