import { referenceSession } from '../../../test/fixtures/reference-session';
import { MAX_LINE_OCTETS } from './folding';
import { buildInvitation, buildInvitationWithIcs, invitationLines, InvitationInput, InvitationTemplate, sessionTemplate } from './invitation-builder';
import { icsInvitationLines } from './ics-invitation';

/** Sessions of every shape the product sends: long titles needing octet folding (C01), names with parameter characters (C02), one day, no alarm, PUBLISH, CANCEL. */
const SESSIONS: InvitationInput[] = [
  referenceSession({ method: 'REQUEST' }),
  referenceSession({ method: 'CANCEL' }),
  referenceSession({ method: 'PUBLISH', attendee: undefined, url: 'https://training.example.org/r/abc123' }),
  referenceSession({ method: 'REQUEST', summary: `${'全市司法所长培训'.repeat(5)}🎓`, description: '请携带身份证。\n签到：8:30, 一楼大厅; 午餐自理' }),
  referenceSession({ method: 'REQUEST', summary: `${'A'.repeat(66)}🎓${'B'.repeat(10)}`, dayCount: 1, alarm: false }),
  referenceSession({ method: 'CANCEL', organizer: { name: 'Wang, Lei "促进法治处"', email: 'training@example.org' }, dayCount: 5 }),
];

/** People of every shape: long Chinese and mixed names that fold inside the ATTENDEE line, parameter characters, long addresses and UIDs. */
function person(i: number): Pick<InvitationInput, 'uid' | 'sequence' | 'dtstamp' | 'attendee' | 'excludedDays'> {
  const names = ['陈晓明', 'Chen, XM: 上海; 组2', `${'欧阳'.repeat(20)}😀`, 'Li "小李" ^ Lei', `${'x'.repeat(40)}·${'长'.repeat(15)}`];
  const emails = ['chen.xm@example.org', `${'very.long.local.part'.repeat(3)}@district-${i}.justice.sh.example.gov.cn`, `p${i}@example.org`];
  return {
    uid: i % 7 === 0 ? `${'registration-'.repeat(6)}${i};a,b@training.example.org` : `bench-${i}@training.example.org`,
    sequence: i % 11,
    dtstamp: new Date(Date.UTC(2021, 2, 20, 6, 30, 0) + i * 61_001),
    attendee: { name: names[i % names.length], email: emails[i % emails.length] },
    excludedDays: i % 3 === 0 ? ['2021-04-13', '2021-04-15', '2030-01-01'] : i % 3 === 1 ? [] : undefined,
  };
}

describe(InvitationTemplate.name, () => {
  it('builds, for 60 people of each session shape, byte for byte what the per-person ics build gives', () => {
    let compared = 0;
    for (const session of SESSIONS) {
      for (let i = 0; i < 60; i++) {
        const input = { ...session, ...person(i), ...(session.method === 'PUBLISH' ? { attendee: undefined } : {}) };
        const old = buildInvitationWithIcs(input);
        expect(Buffer.from(buildInvitation(input), 'utf8').equals(Buffer.from(old, 'utf8'))).toBe(true);
        expect(invitationLines(input)).toEqual(icsInvitationLines(input));
        compared++;
      }
    }
    expect(compared).toBe(SESSIONS.length * 60);
  });

  it('folds the personal lines by octets too (C01): a long name in ATTENDEE', () => {
    const input = { ...SESSIONS[0], ...person(2) };
    const ics = buildInvitation(input);
    const physical = ics.split('\r\n').slice(0, -1);
    expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(0);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(MAX_LINE_OCTETS);
    expect(ics).toBe(buildInvitationWithIcs(input));
  });

  it('compiles a session once: the cached template is reused whatever the person', () => {
    const a = sessionTemplate({ ...SESSIONS[3], ...person(1) });
    const b = sessionTemplate({ ...SESSIONS[3], ...person(2) });
    expect(a).toBe(b);
    expect(sessionTemplate({ ...SESSIONS[3], location: '另一个地点' })).not.toBe(a);
  });

  it('refuses per person what the per-person build refused', () => {
    const template = InvitationTemplate.compile(SESSIONS[0]);
    const base = person(1);
    expect(() => template.build({ ...base, attendee: undefined })).toThrow('REQUEST needs an attendee');
    expect(() => template.build({ ...base, sequence: -1 })).toThrow(RangeError);
    expect(() => template.build({ ...base, dtstamp: new Date(NaN) })).toThrow(RangeError);
    for (const email of ['no-at-sign', 'a@b@c', 'chen@exa mple.org', '<x@example.org>']) {
      const input = { ...SESSIONS[0], ...base, attendee: { name: '陈', email } };
      expect(() => buildInvitationWithIcs(input)).toThrow();
      expect(() => template.build({ ...base, attendee: { name: '陈', email } })).toThrow();
    }
  });
});
