import { add, edit, input, person, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkDedicatedPostApproval } from './task-13-dedicated-post';

const approval = { authority: 'district_bureau' as const, districtId: 1, documentNumber: '黄司〔2021〕5号', date: '2021-03-15' };

describe(checkDedicatedPostApproval.name, () => {
  const dedicated = person({ name: '王五', postType: 'dedicated' });
  const before = state([dedicated, ...team(4)]);

  it('task 13: rotating a dedicated-post staff member out without an approval is refused', () => {
    const [v] = checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id))]));
    expect(v).toMatchObject({ rule: 'TASK_13_DEDICATED_POST_APPROVAL', severity: 'hard' });
    expect(v.message).toBe('任务13：王五为南京东路街道司法所政法专项编制人员，调出须经区级以上司法行政机关同意（未录入区级以上司法行政机关的同意文件）。');
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
    expect(v.message).toContain('同意日期（2021-04-02）晚于调出日期（2021-04-01）');
    expect(v.message).toContain('而非徐汇区司法局');
  });

  it('task 13: moving the person to another unit in the register needs the approval too', () => {
    const move = { unitKind: 'district_bureau' as const, officeId: null };
    expect(checkDedicatedPostApproval(input(before, [edit(dedicated, move)]))).toHaveLength(1);
    expect(checkDedicatedPostApproval(input(before, [edit(dedicated, move, { ...approval, date: '2021-03-22' })]))).toEqual([]);
  });

  it('task 13: staff on other posts, and cancelled rotations, need no approval', () => {
    const other = before.staff[1];
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(other.id))]))).toEqual([]);
    expect(checkDedicatedPostApproval(input(before, [add(rotationOut(dedicated.id, { status: 'cancelled' }))]))).toEqual([]);
  });
});
