/**
 * Clearly fictitious people for the 247 posts until organisers import the real roster
 * (names and addresses of officials are not public). Deterministic: the same post always
 * gets the same demo person. Addresses are under example.org (RFC 2606).
 */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['晓明', '建国', '丽华', '志强', '海燕', '文杰', '雪梅', '国平', '静怡', '俊峰', '秀英', '立新', '佳琪', '振华', '慧敏', '宏伟', '玉兰', '子轩'];

export interface DemoPerson {
  name: string;
  mobile: string;
  email: string;
}

/** The demo person for post number `index` (0-based) with unit code `unitCode` and post kind `kind`. */
export function demoPerson(index: number, unitCode: string, kind: string): DemoPerson {
  const name = SURNAMES[index % SURNAMES.length] + GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length];
  const mobile = `1390000${String(index).padStart(4, '0')}`;
  const email = `demo.${kind.replace(/_/g, '-')}.${unitCode}@example.org`;
  return { name, mobile, email };
}
