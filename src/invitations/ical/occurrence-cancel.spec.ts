import ICAL from 'ical.js';
import { buildInvitation } from './invitation-builder';
import { buildOccurrenceCancel } from './occurrence-cancel';

const organizer = { name: '市局促进法治处', email: 'training@example.org' };
const attendee = { name: '张三', email: 'zhang@example.org' };

/** The days a calendar client keeps after applying `cancel` to `request` (ical.js recurrence expansion). */
function daysKept(request: string, cancel: string): string[] {
  const master = new ICAL.Event(new ICAL.Component(ICAL.parse(request)).getFirstSubcomponent('vevent')!);
  const exception = new ICAL.Event(new ICAL.Component(ICAL.parse(cancel)).getFirstSubcomponent('vevent')!);
  expect(exception.uid).toBe(master.uid);
  master.relateException(exception);
  const it = master.iterator();
  const kept: string[] = [];
  for (let next = it.next(); next; next = it.next()) {
    const details = master.getOccurrenceDetails(next);
    if (details.item.component.getFirstPropertyValue('status') === 'CANCELLED') continue;
    kept.push(details.startDate.toJSDate().toISOString());
  }
  return kept;
}

describe('iTIP CANCEL of one day of a two-day invitation (issue 11, item 4)', () => {
  const request = buildInvitation({
    method: 'REQUEST', uid: 'abc@example.org', sequence: 0, dtstamp: new Date('2021-03-22T01:00:00Z'),
    summary: '全市司法所长培训班（第一期）', description: '培训', location: '上海市司法局培训中心',
    firstDay: '2021-04-12', dayCount: 2, dailyStart: '09:00', dailyEnd: '17:00', organizer, attendee,
  });
  const cancelDay1 = buildOccurrenceCancel({
    uid: 'abc@example.org', sequence: 1, dtstamp: new Date('2021-04-01T01:00:00Z'),
    summary: '全市司法所长培训班（第一期）', location: '上海市司法局培训中心',
    start: new Date('2021-04-12T01:00:00Z'), end: new Date('2021-04-12T09:00:00Z'), organizer, attendee,
  });

  it('is METHOD:CANCEL with the same UID, a higher SEQUENCE and the RECURRENCE-ID of the day in UTC', () => {
    expect(cancelDay1).toContain('METHOD:CANCEL\r\n');
    expect(cancelDay1).toContain('UID:abc@example.org\r\n');
    expect(cancelDay1).toContain('SEQUENCE:1\r\n');
    expect(cancelDay1).toContain('RECURRENCE-ID:20210412T010000Z\r\n');
    expect(cancelDay1).toContain('STATUS:CANCELLED\r\n');
    expect(cancelDay1).not.toContain('RRULE');
  });

  it('the client drops day 1 and keeps day 2 (ical.js)', () => {
    expect(daysKept(request, cancelDay1)).toEqual(['2021-04-13T01:00:00.000Z']);
  });

  it('control: without the RECURRENCE-ID both days would stay', () => {
    const wrong = cancelDay1.replace('RECURRENCE-ID:20210412T010000Z\r\n', 'RECURRENCE-ID:20210414T010000Z\r\n');
    expect(daysKept(request, wrong)).toEqual(['2021-04-12T01:00:00.000Z', '2021-04-13T01:00:00.000Z']);
  });

  it('a later REQUEST with the day excluded carries EXDATE: the client keeps only day 2 (ical.js)', () => {
    const update = buildInvitation({
      method: 'REQUEST', uid: 'abc@example.org', sequence: 2, dtstamp: new Date('2021-04-02T01:00:00Z'),
      summary: '全市司法所长培训班（第一期）', description: '培训', location: '新地点',
      firstDay: '2021-04-12', dayCount: 2, dailyStart: '09:00', dailyEnd: '17:00', organizer, attendee, excludedDays: ['2021-04-12', '2021-05-01'],
    });
    expect(update).toContain('EXDATE:20210412T010000Z\r\n');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(update)).getFirstSubcomponent('vevent')!);
    const it = event.iterator();
    const days: string[] = [];
    for (let next = it.next(); next; next = it.next()) days.push(next.toJSDate().toISOString());
    expect(days).toEqual(['2021-04-13T01:00:00.000Z']);
    expect(request).not.toContain('EXDATE');
  });
});
