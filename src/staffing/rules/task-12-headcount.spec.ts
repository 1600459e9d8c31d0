import { add, edit, input, office, person, rotationIn, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkMinimumHeadcount, checkPostRecord, entitlementReasons, officesEntitledToMore } from './task-12-headcount';
import { headcount } from './staffing-state';

describe(checkMinimumHeadcount.name, () => {
  it('task 12: a rotation out that brings an office from 4 to 3 needs a reason', () => {
    const people = team(4);
    const [v] = checkMinimumHeadcount(input(state(people), [add(rotationOut(people[0].id, { startDate: '2021-05-01' }))]));
    expect(v).toMatchObject({ rule: 'TASK_12_POSTS_FILLED', severity: 'needs-reason', subjects: [{ type: 'office', id: 1 }] });
    expect(v.message).toBe('任务12：南京东路街道司法所编制4名，在编在岗人数将自2021年5月1日起由4名降至3名，少于编制数；如确需调整，请填写理由。');
  });

  it('task 12: the same change with a recorded reason passes', () => {
    const people = team(4);
    const change = [add(rotationOut(people[0].id))];
    expect(checkMinimumHeadcount(input(state(people), change, { headcount: '街道另行补充 1 名' }))).toEqual([]);
  });

  it('task 12: an office that keeps 4 or more, or gains people, passes', () => {
    const five = team(5);
    expect(checkMinimumHeadcount(input(state(five), [add(rotationOut(five[0].id))]))).toEqual([]);
    const three = team(3);
    const cadre = person({ unitKind: 'subdistrict_town_gov', officeId: null, unitName: '街道办', lawDegree: true });
    expect(checkMinimumHeadcount(input(state([...three, cadre]), [add(rotationIn(cadre.id))]))).toEqual([]);
  });

  it('task 12 counts posts, not heads: a cadre rotated in fills no office post; an office of 5 posts falling to 4 needs a reason', () => {
    const three = team(3);
    const cadre = person({ unitKind: 'subdistrict_town_gov', officeId: null, unitName: '街道办', lawDegree: true });
    const withCadre = state([...three, cadre], [rotationIn(cadre.id, { startDate: '2021-01-01' })]);
    expect(headcount(withCadre, 1, '2021-03-22')).toBe(3);
    const five = team(5);
    const s = state(five, [], [office({ approvedPosts: 5 })]);
    expect(checkMinimumHeadcount(input(s, [add(rotationOut(five[0].id))]))[0].message).toContain('编制5名，在编在岗人数将自2021年4月1日起由5名降至4名');
  });

  it('task 12: a reason given for one office lifts only that office’s finding', () => {
    const a = team(4);
    const b = team(4, { officeId: 2 });
    const s = state([...a, ...b], [], [office(), office({ id: 2, name: '外滩街道' })]);
    const changes = [add(rotationOut(a[0].id)), add(rotationOut(b[0].id, { officeId: 2 }))];
    const found = checkMinimumHeadcount(input(s, changes, { headcount: '外滩街道另行补充', officeId: 2 }));
    expect(found.map((v) => v.subjects[0].id)).toEqual([1]);
  });

  it('task 12: lowering an office already below 4 still needs a reason', () => {
    const three = team(3);
    expect(checkMinimumHeadcount(input(state(three), [edit(three[0], { employment: 'auxiliary', position: 'auxiliary' })]))).toHaveLength(1);
  });

  it('task 12: auxiliaries do not count; a temporary rotation is judged on the days it covers, not before', () => {
    const people = [...team(4), person({ employment: 'auxiliary', position: 'auxiliary' })];
    const before = state(people);
    expect(headcount(before, 1, '2021-03-22')).toBe(4);
    const [v] = checkMinimumHeadcount(input(before, [add(rotationOut(people[1].id, { startDate: '2021-06-01', endDate: '2021-08-31' }))]));
    expect(v.message).toContain('自2021年6月1日起');
  });

  it('task 12: a change wholly in the past is history and is not judged', () => {
    const people = team(4);
    const past = rotationOut(people[0].id, { startDate: '2020-01-01', endDate: '2020-06-30', status: 'completed' });
    expect(checkMinimumHeadcount(input(state(people), [add(past)]))).toEqual([]);
  });
});

describe(entitlementReasons.name, () => {
  it.each([
    ['subdistrict', 150_000, null, 1],
    ['subdistrict', 149_999, 29.9, 0],
    ['subdistrict', null, 30, 1],
    ['town', 299_999, 59.99, 0],
    ['town', 300_000, 60, 2],
    ['township', null, 61, 1],
  ] as const)('task 12: a %s with %s residents and %s km² has %i reasons (以上 includes the threshold)', (kind, population, areaKm2, n) => {
    expect(entitlementReasons(office({ kind, population, areaKm2 }))).toHaveLength(n);
  });

  it('task 12: offices over a threshold are reported as entitled to more, never blocking', () => {
    const s = state([], [], [office({ population: 180_000 }), office({ id: 2, name: '外滩街道', population: 40_000 })]);
    const [v, ...rest] = officesEntitledToMore(s);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ rule: 'TASK_12_ENTITLED_TO_MORE', severity: 'report', subjects: [{ type: 'office', id: 1 }] });
    expect(v.message).toBe('任务12：南京东路街道司法所常住人口18万人，达到街道常住人口15万以上的标准，可由所属区司法局按程序报批后适当增加编制。');
    expect(officesEntitledToMore(state([], [], [office({ kind: 'town', areaKm2: 60, population: 312_345 })]))[0].message).toContain('常住人口31.2345万人，达到乡镇常住人口30万以上的标准；面积60平方公里，达到乡镇面积60平方公里以上的标准');
  });
});

describe(checkPostRecord.name, () => {
  const approval = { approvedBy: '黄浦区委编办', approvedOn: '2021-03-01', reference: '黄编〔2021〕3号', note: null };
  const check = (over: Partial<ReturnType<typeof office>>) => checkPostRecord(office(over), '南京东路街道司法所', '2021-03-22').map((v) => v.message);

  it('task 12 "司法所人员编制不少于4名": 3 posts are refused, 4 pass, none recorded reads as 4', () => {
    expect(check({ approvedPosts: 3 })).toEqual(['任务12：司法所人员编制不少于4名。南京东路街道司法所的编制数不能登记为3名。']);
    expect(check({ approvedPosts: 4 })).toEqual([]);
    expect(check({ approvedPosts: null })).toEqual([]);
  });

  it('task 12: more than 4 posts need a ground of the text and the approval (who, when, reference)', () => {
    expect(check({ approvedPosts: 5 })[0]).toContain('超过4名的，应写明增加编制的依据（常住人口、面积，或人员配备与承担工作任务差距较大）');
    expect(check({ approvedPosts: 5, population: 150_000, postIncrease: { ground: 'population', ...approval } })).toEqual([]);
    expect(check({ approvedPosts: 5, population: 149_999, postIncrease: { ground: 'population', ...approval } })).toEqual([
      '任务12：南京东路街道司法所常住人口14.9999万人，未达到街道常住人口15万以上的标准，不能以常住人口为依据增加编制。',
    ]);
    expect(check({ approvedPosts: 5, kind: 'town', areaKm2: 60, postIncrease: { ground: 'area', ...approval } })).toEqual([]);
    expect(check({ approvedPosts: 5, kind: 'town', areaKm2: 59.9, postIncrease: { ground: 'area', ...approval } })[0]).toContain('未达到乡镇面积60平方公里以上的标准');
  });

  it('task 12: the third ground, 人员配备与承担工作任务差距较大, needs a description; a missing approval lists what is missing', () => {
    expect(check({ approvedPosts: 6, postIncrease: { ground: 'workload', ...approval } })).toEqual(['任务12：南京东路街道司法所以“人员配备与承担工作任务差距较大”为依据增加编制的，请写明差距情况。']);
    expect(check({ approvedPosts: 6, postIncrease: { ground: 'workload', ...approval, note: '社区矫正对象较多' } })).toEqual([]);
    expect(check({ approvedPosts: 6, postIncrease: { ground: 'workload', note: '社区矫正对象较多', approvedBy: '', approvedOn: '', reference: '' } })).toEqual([
      '任务12：增加编制由所属区司法局按程序报批。南京东路街道司法所请录入批准机关、批准日期、批准文号。',
    ]);
    expect(check({ approvedPosts: 6, postIncrease: { ground: 'workload', ...approval, note: '较多', approvedOn: '2021-03-23' } })[0]).toContain('批准日期2021年3月23日在今天之后');
  });
});
