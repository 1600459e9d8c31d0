import { add, edit, hire, input, person, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkDedicatedPostApproval } from './task-13-dedicated-post';

const approval = { authority: 'district_bureau' as const, districtId: 1, documentNumber: '黄司〔2021〕5号', date: '2021-03-15' };

describe(checkDedicatedPostApproval.name, () => {
  const dedicated = person({ name: '王五', postType: 'dedicated' });
  const before = state([dedicated, ...team(4)]);

  it('task 13 "未经区级以上司法行政机关同意，不得交流、借调、借用…": a 交流 without an approval is refused, the plan quoted whole', () => {
    const [v] = checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id))]));
    expect(v).toMatchObject({ rule: 'TASK_13_DEDICATED_POST_APPROVAL', severity: 'hard' });
    expect(v.message).toBe('任务13：未经区级以上司法行政机关同意，不得交流、借调、借用司法所政法专项编制人员。王五为南京东路街道司法所政法专项编制人员，本次交流：未录入区级以上司法行政机关的同意文件。');
  });

  it.each([['secondment', '借调'], ['loan', '借用']] as const)('task 13: a %s is a recordable move needing the same consent; the message names 「%s」', (moveKind, label) => {
    const [v] = checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { moveKind }))]));
    expect(v.message).toContain(`本次${label}：`);
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { moveKind, approval }))]))).toEqual([]);
  });

  it('task 13 "不得挤占、挪用": re-typing a dedicated post at the office needs the consent; a dedicated post outside an office is refused', () => {
    const [v] = checkDedicatedPostApproval(input(before, [edit(dedicated, { postType: 'other' })]));
    expect(v).toMatchObject({ rule: 'TASK_13_DEDICATED_POST_RETYPED', severity: 'hard' });
    expect(v.message).toBe('任务13：不得挤占、挪用司法所政法专项编制。将王五（南京东路街道司法所）的编制类型由政法专项编制改为其他，须经区级以上司法行政机关同意：未录入区级以上司法行政机关的同意文件。');
    expect(checkDedicatedPostApproval(input(before, [edit(dedicated, { postType: 'other' }, approval)]))).toEqual([]);
    const outside = checkDedicatedPostApproval(input(before, [edit(dedicated, { unitKind: 'district_bureau', officeId: null }, approval)]));
    expect(outside.map((x) => x.rule)).toEqual(['TASK_13_DEDICATED_OUTSIDE_OFFICE']);
    expect(outside[0].message).toContain('王五所在单位为黄浦区司法局，编制类型不能登记为政法专项编制');
    expect(checkDedicatedPostApproval(input(state([]), [hire(person({ postType: 'dedicated', unitKind: 'city_bureau', officeId: null }))]))).toHaveLength(1);
  });

  it('task 13: with the district bureau’s or the city bureau’s document number and date it passes', () => {
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { approval }))]))).toEqual([]);
    const city = { authority: 'city_bureau' as const, districtId: null, documentNumber: '沪司〔2021〕9号', date: '2021-04-01' };
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { approval: city }))]))).toEqual([]);
  });

  it('task 13: an approval without number, dated after the move, or from another district is refused with each problem', () => {
    const bad = { authority: 'district_bureau' as const, districtId: 2, documentNumber: ' ', date: '2021-04-02' };
    const [v] = checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { approval: bad }))]));
    expect(v.message).toContain('缺少同意文件文号');
    expect(v.message).toContain('同意日期（2021年4月2日）晚于交流开始日期（2021年4月1日），应事先取得同意');
    expect(v.message).toContain('而非徐汇区司法局');
  });

  it('task 13: moving the person to another unit in the register needs the approval too', () => {
    const move = { unitKind: 'district_bureau' as const, officeId: null, postType: 'other' as const };
    expect(checkDedicatedPostApproval(input(before, [edit(dedicated, move)]))).toHaveLength(1);
    expect(checkDedicatedPostApproval(input(before, [edit(dedicated, move, { ...approval, date: '2021-03-22' })]))).toEqual([]);
  });

  it('task 13: staff on other posts, and cancelled rotations, need no approval', () => {
    const other = before.staff[1];
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(other.id))]))).toEqual([]);
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { status: 'cancelled' }))]))).toEqual([]);
  });
});
