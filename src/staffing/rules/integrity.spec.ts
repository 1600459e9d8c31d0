import fc from 'fast-check';
import { add, assignment, bureauCadre, input, person, rotationIn, rotationOut, state } from '../../../test/factories/staffing-facts';
import { checkEligibility } from './eligibility';
import { checkDates, checkOverlaps, checkReferences, checkStatusTransition } from './integrity';
import { covers, nextDay } from './date-ranges';
import { AssignmentFacts } from './staffing-facts';

describe('assignment integrity', () => {
  const newcomer = bureauCadre({ name: '周九', newlyHired: true });

  it('an end before the start is refused, naming the rule', () => {
    const [v] = checkDates(input(state([newcomer]), [add(assignment({ kind: 'placement', personId: newcomer.id, startDate: '2021-05-01', endDate: '2021-04-30' }))]));
    expect(v).toMatchObject({ rule: 'DATES_END_BEFORE_START', severity: 'hard' });
    expect(v.message).toBe('到司法所锻炼的结束日期（2021年4月30日）早于开始日期（2021年5月1日）。');
  });

  it('tasks 19 and 21: a placement overlapping a rotation of the same person is refused', () => {
    const staffer = person({ name: '吴十' });
    const existing = rotationOut(staffer.id, { startDate: '2021-04-01', endDate: '2021-06-30' });
    const clash = rotationOut(staffer.id, { startDate: '2021-06-30', endDate: '2021-12-31', officeId: 1 });
    const [v] = checkOverlaps(input(state([staffer], [existing]), [add(clash)]));
    expect(v).toMatchObject({ rule: 'ASSIGNMENT_OVERLAP', subjects: [{ type: 'assignment', id: clash.id }, { type: 'assignment', id: existing.id }] });
    expect(v.message).toContain('日期重叠：同一人员同一时间只能有一项锻炼或交流任职');
    const after = rotationOut(staffer.id, { startDate: '2021-07-01' });
    expect(checkOverlaps(input(state([staffer], [existing]), [add(after)]))).toEqual([]);
    expect(checkOverlaps(input(state([staffer], [{ ...existing, status: 'cancelled' }]), [add(clash)]))).toEqual([]);
  });

  it('tasks 19 and 27: several liaisons and contact points at different offices may overlap', () => {
    const leader = bureauCadre({ leadingCadre: true });
    const liaisons = [assignment({ kind: 'liaison', personId: leader.id }), assignment({ kind: 'contact_point', personId: leader.id })];
    expect(checkOverlaps(input(state([leader], liaisons), [add(assignment({ kind: 'liaison', personId: leader.id, officeId: 2 }))]))).toEqual([]);
    expect(checkOverlaps(input(state([leader], liaisons), [add(assignment({ kind: 'liaison', personId: leader.id }))]))).toHaveLength(1);
  });

  it('an unknown office, person or unit is refused', () => {
    const rules = checkReferences(input(state([]), [add(assignment({ kind: 'liaison', personId: 9999, officeId: 77 }))])).map((v) => v.rule);
    expect(rules).toEqual(['UNKNOWN_UNIT', 'UNKNOWN_PERSON']);
    const orphan = person({ unitKind: 'other', officeId: null, unitName: ' ' });
    expect(checkReferences(input(state([]), [{ subject: 'staff', before: null, after: orphan }]))[0].message).toContain('须填写单位名称');
  });

  it('completed and cancelled are final', () => {
    const done = rotationOut(1, { status: 'completed' });
    const [v] = checkStatusTransition(input(state([], [done]), [{ subject: 'assignment', before: done, after: { ...done, status: 'active' } }]));
    expect(v.message).toBe('状态不能由“已结束”改为“进行中”。');
  });
});

describe(checkEligibility.name, () => {
  it('task 19: only newly recruited city or district bureau cadres are placed at an office', () => {
    const veteran = bureauCadre({ name: '郑一' });
    const [v] = checkEligibility(input(state([veteran]), [add(assignment({ kind: 'placement', personId: veteran.id }))]));
    expect(v).toMatchObject({ rule: 'TASK_19_PLACEMENT_ELIGIBILITY', message: '任务19：郑一不是新录用的市、区局机关干部，不能登记到司法所锻炼。' });
    const fresh = bureauCadre({ unitKind: 'city_bureau', districtId: null, hiredOn: '2021-03-01' });
    expect(checkEligibility(input(state([fresh]), [add(assignment({ kind: 'placement', personId: fresh.id }))]))).toEqual([]);
  });

  it('task 19: liaison cadres come from the city or a district bureau', () => {
    const staffer = person();
    expect(checkEligibility(input(state([staffer]), [add(assignment({ kind: 'liaison', personId: staffer.id }))]))[0].rule).toBe('TASK_19_LIAISON_ELIGIBILITY');
  });

  it('task 27: contact points are kept by leading cadres', () => {
    const cadre = bureauCadre();
    expect(checkEligibility(input(state([cadre]), [add(assignment({ kind: 'contact_point', personId: cadre.id }))]))[0].rule).toBe('TASK_27_CONTACT_POINT_ELIGIBILITY');
    const leader = bureauCadre({ leadingCadre: true });
    expect(checkEligibility(input(state([leader]), [add(assignment({ kind: 'contact_point', personId: leader.id }))]))).toEqual([]);
  });

  it('task 21: a rotation out is by the office’s own staff; a rotation in by a cadre of another unit', () => {
    const outsider = bureauCadre();
    expect(checkEligibility(input(state([outsider]), [add(rotationOut(outsider.id))]))[0].message).toContain('不是南京东路街道司法所人员');
    const staffer = person();
    expect(checkEligibility(input(state([staffer]), [add(rotationIn(staffer.id))]))[0].message).toContain('是司法所人员');
    expect(checkEligibility(input(state([outsider]), [add(rotationIn(outsider.id, { counterpartName: '' }))]))[0].message).toContain('请填写交流单位');
  });
});

describe('checkOverlaps (property)', () => {
  const day = (n: number) => Array.from({ length: n }).reduce<string>((d) => nextDay(d), '2021-01-01');
  const DAYS = Array.from({ length: 60 }, (_, i) => day(i));
  const spell = fc.record({
    kind: fc.constantFrom('placement' as const, 'rotation' as const),
    start: fc.integer({ min: 0, max: 59 }),
    length: fc.option(fc.integer({ min: 0, max: 30 })),
    status: fc.constantFrom('planned' as const, 'active' as const, 'completed' as const, 'cancelled' as const),
  });
  const facts = (s: { kind: 'placement' | 'rotation'; start: number; length: number | null; status: AssignmentFacts['status'] }, personId: number) =>
    assignment({ kind: s.kind, personId, startDate: DAYS[s.start], endDate: s.length === null ? null : DAYS[Math.min(59, s.start + s.length)], status: s.status, direction: 'out' });

  it('tasks 19 and 21: a new placement or rotation is refused exactly when it shares a day with a live one of the same person', () => {
    fc.assert(
      fc.property(fc.array(spell, { maxLength: 6 }), spell, (existingSpells, newSpell) => {
        const p = person();
        const existing = existingSpells.map((s) => facts(s, p.id));
        const proposed = facts({ ...newSpell, status: 'planned' }, p.id);
        const shares = (a: AssignmentFacts, b: AssignmentFacts) => DAYS.some((d) => covers(a, d) && covers(b, d)) || (!a.endDate && !b.endDate);
        const expected = existing.some((e) => e.status !== 'cancelled' && shares(e, proposed));
        expect(checkOverlaps(input(state([p], existing), [add(proposed)])).length > 0).toBe(expected);
      }),
    );
  });
});
