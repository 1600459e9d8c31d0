import { add, bureauCadre, edit, input, rotationIn, state } from '../../../test/factories/staffing-facts';
import { checkRotationQualification } from './task-21-rotation-qualification';

describe(checkRotationQualification.name, () => {
  const cadre = bureauCadre({ name: '孙八', unitKind: 'subdistrict_town_gov', unitName: '南京东路街道办事处' });

  it('task 21: a cadre rotated in without certificate or law degree needs a justification', () => {
    const [v] = checkRotationQualification(input(state([cadre]), [add(rotationIn(cadre.id))]));
    expect(v).toMatchObject({ rule: 'TASK_21_ROTATION_QUALIFICATION', severity: 'needs-reason' });
    expect(v.message).toBe('任务21：交流到司法所的干部原则上应具备履行岗位职责必备的法律专业知识和业务工作能力。孙八交流到南京东路街道司法所，既未取得法律职业资格证书，也不具有法学专业学历，请填写说明。');
  });

  it('task 21: a recorded justification, a certificate or a law degree is enough', () => {
    expect(checkRotationQualification(input(state([cadre]), [add(rotationIn(cadre.id))], { qualification: '长期从事人民调解工作' }))).toEqual([]);
    for (const qualified of [{ ...cadre, lawDegree: true }, { ...cadre, certificateHeld: true }]) {
      expect(checkRotationQualification(input(state([qualified]), [add(rotationIn(qualified.id))]))).toEqual([]);
    }
  });

  it('task 21: moving a cadre from another unit into an office in the register needs it too', () => {
    expect(checkRotationQualification(input(state([cadre]), [edit(cadre, { unitKind: 'office', officeId: 1, unitName: null })]))).toHaveLength(1);
  });

  it('task 21: rotations out of an office and cancelled rotations are not concerned', () => {
    expect(checkRotationQualification(input(state([cadre]), [add(rotationIn(cadre.id, { status: 'cancelled' }))]))).toEqual([]);
  });
});
