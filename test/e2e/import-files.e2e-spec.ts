import { Account } from '../../src/auth/account.entity';
import { XLSX_LIMITS } from '../../src/organisation/roster-import/xlsx-preflight';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { staffCsv, staffRecord } from '../factories/staff';
import { entryBomb, sizeBomb, xlsxOf } from '../factories/xlsx-bombs';
import { csv, participantsById } from '../utils/organiser';
import { asOrganiser, createTestApp, organiserCookie, TestApp } from '../utils/test-app';

const ROSTER_HEADER = ['单位代码', '岗位', '姓名', '手机', '邮箱'];
const ROSTER_ROW = ['310101002', '司法所所长', '张伟', '13800000001', 'zhang.wei@example.org'];

/** The characters the JSON API refuses in text, each of which some other way in let through (issue 9, item 11). */
const UNSAFE: [string, string][] = [
  ['CR/LF', '\r\n'],
  ['NUL', '\u0000'],
  ['U+202E (right-to-left override)', '\u202e'],
  ['U+0085 (next line)', '\u0085'],
  ['U+200B (zero-width space)', '\u200b'],
];

/**
 * Every .xlsx and CSV upload (roster import, staff import; one shared file-reading step) is
 * bounded and decoded strictly, and every way a text field comes in follows one rule.
 */
describe('Uploads and text fields: one rule for every way in (issue 9, items 10–12)', () => {
  let t: TestApp;
  let cookie: string;
  let headers: Record<string, string>;
  let bomb: Buffer;
  let countBomb: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
    headers = { ...asOrganiser(cookie), Accept: 'text/html' };
    const base = await xlsxOf([ROSTER_HEADER, ROSTER_ROW]);
    bomb = await sizeBomb(base, 40);
    countBomb = await entryBomb(base, XLSX_LIMITS.entries + 500);
  });
  afterAll(() => t.close());

  const rosterUpload = (file: Buffer, name: string) => t.http.post('/admin/import').set(headers).attach('file', file, name);
  const staffUpload = (file: Buffer, name: string) => t.http.post('/admin/staffing/import').set(headers).attach('file', file, name);
  const staffCount = () => t.dataSource.getRepository(StaffMember).count();
  const office = () => t.dataSource.getRepository(JudicialOffice).findOneByOrFail({ code: '310101002' });
  const staffFile = async (name: string) => {
    const o = await office();
    return staffCsv([{ ...staffRecord({ staffNumber: 'T-1', name, officeId: o.id, districtId: o.districtId }), unitCode: o.code }]);
  };

  describe('item 10: .xlsx decompression bombs are refused before parsing, nothing written', () => {
    it.each([
      ['roster import', rosterUpload],
      ['staff import', staffUpload],
    ])('%s: a size bomb (under 1 MB, 40 MB of sheet XML) → 422 naming the limit, quickly', async (_, upload) => {
      const before = { people: await participantsById(t), staff: await staffCount() };
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const started = Date.now();
      const res = await upload(bomb, '名单.xlsx');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.status).toBe(422);
      expect(res.text).toContain(`Excel 文件解压后超过 ${XLSX_LIMITS.uncompressedBytes / 1024 / 1024} MB，未导入`);
      expect({ people: await participantsById(t), staff: await staffCount() }).toEqual(before);
    });

    it.each([
      ['roster import', rosterUpload],
      ['staff import', staffUpload],
    ])('%s: an entry-count bomb → 422 naming the count, nothing written', async (_, upload) => {
      const before = { people: await participantsById(t), staff: await staffCount() };
      const res = await upload(countBomb, '名单.xlsx');
      expect(res.status).toBe(422);
      expect(res.text).toContain(`最多 ${XLSX_LIMITS.entries} 个），未导入`);
      expect({ people: await participantsById(t), staff: await staffCount() }).toEqual(before);
    });
  });

  describe('item 12: a CSV in neither UTF-8 nor GB18030 is refused, not stored garbled', () => {
    // GBK 张伟 with its last trail byte cut, then a byte GB18030 never uses.
    const garbled = (rows: Buffer) => Buffer.concat([rows, Buffer.from([0xd5, 0xc5, 0xce, 0x0a, 0xff, 0x0d, 0x0a])]);

    it.each([
      ['roster import', rosterUpload, () => Promise.resolve(csv([ROSTER_HEADER]))],
      ['staff import', staffUpload, () => staffFile('张伟')],
    ])('%s: 422 with a per-file message naming UTF-8 and GB18030; nothing written', async (_, upload, file) => {
      const before = { people: await participantsById(t), staff: await staffCount() };
      const res = await upload(garbled(await file()), '名单.csv');
      expect(res.status).toBe(422);
      expect(res.text).toContain('无法识别文件的文字编码（已尝试 UTF-8 和 GB18030/GBK，均不是有效文本），未导入');
      expect({ people: await participantsById(t), staff: await staffCount() }).toEqual(before);
    });
  });

  describe.each(UNSAFE)('item 11: %s is refused by every way in', (_, char) => {
    const bad = `培训${char}班`;

    it('the JSON API (session title and venue)', async () => {
      const session = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ ordinal: 1 });
      for (const field of ['title', 'venue']) {
        const res = await t.http.patch(`/api/admin/sessions/${session.id}`).set(asOrganiser(cookie)).send({ [field]: bad });
        expect([field, res.status, res.body.code]).toEqual([field, 400, 'VALIDATION_FAILED']);
      }
      expect(await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: session.id })).toEqual(session);
    });

    it('the session edit form (title and venue) → 422 with the field error, session unchanged', async () => {
      const s = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ ordinal: 1 });
      const form = { title: s.title, firstDay: s.firstDay, dayCount: String(s.dayCount), dailyStart: s.dailyStart, dailyEnd: s.dailyEnd, venue: s.venue, capacity: String(s.capacity) };
      for (const field of ['title', 'venue'] as const) {
        const res = await t.http.post(`/admin/sessions/${s.id}`).set(headers).type('form').send({ ...form, [field]: bad });
        expect([field, res.status]).toEqual([field, 422]);
        expect(res.text).toContain(`${field === 'title' ? '名称' : '地点'}不能含换行、制表符、控制字符或不可见的格式字符`);
      }
      expect(await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).toEqual(s);
    });

    it('the roster import (a name in a CSV cell and in an .xlsx cell) → 422, nothing written', async () => {
      const before = await participantsById(t);
      const quoted = Buffer.from(`${ROSTER_HEADER.join(',')}\r\n310101002,司法所所长,"张${char}伟",13800000001,zhang.wei@example.org\r\n`, 'utf8');
      const files: [Buffer, string][] = [[quoted, '名单.csv']];
      // XML cannot hold NUL: exceljs drops it when writing, so no .xlsx can carry one.
      if (char !== '\u0000') files.push([await xlsxOf([ROSTER_HEADER, [ROSTER_ROW[0], ROSTER_ROW[1], `张${char}伟`, ROSTER_ROW[3], ROSTER_ROW[4]]]), '名单.xlsx']);
      for (const [file, name] of files) {
        const res = await rosterUpload(file, name);
        expect([name, res.status]).toEqual([name, 422]);
        // NUL makes the CSV a binary file (refused as such); every other character is named as the name's fault.
        if (char !== '\u0000') expect(res.text).toContain('姓名不能含换行、制表符、控制字符或不可见的格式字符');
      }
      expect(await participantsById(t)).toEqual(before);
    });

    it('the staff import, the staff register form and the staffing API (a name) → 422, nothing written', async () => {
      const before = await staffCount();
      const imported = await staffUpload(await staffFile(`张${char}伟`), '人员.csv');
      expect(imported.status).toBe(422);
      if (char !== '\u0000') expect(imported.text).toContain('姓名不能含换行、制表符、控制字符或不可见的格式字符');
      const o = await office();
      const record = { staffNumber: 'T-2', name: `张${char}伟`, unitKind: 'office', unitCode: o.code, position: 'staff', leadingCadre: '否', postType: 'other', employment: 'permanent', education: 'bachelor', lawDegree: '否', certificateHeld: '否', startDate: '2016-03-01', newlyHired: '否' };
      const api = await t.http.post('/api/admin/staffing/staff').set(asOrganiser(cookie)).send(record);
      expect([api.status, api.body.code]).toEqual([422, 'STAFFING_INPUT_INVALID']);
      expect(JSON.stringify(api.body)).toContain('姓名不能含换行');
      const form = await t.http.post('/admin/staffing/staff').set(headers).type('form').send(record);
      expect(form.status).toBe(422);
      expect(form.text).toContain('姓名不能含换行');
      expect(await staffCount()).toBe(before);
    });

    it('the account form (display name) → 422, no account', async () => {
      const before = await t.dataSource.getRepository(Account).count();
      const res = await t.http.post('/admin/accounts').set(headers).type('form')
        .send({ username: 'coord9', displayName: `黄浦${char}区`, role: 'organiser', password: 'a-long-password-1' });
      expect(res.status).toBe(422);
      expect(await t.dataSource.getRepository(Account).count()).toBe(before);
    });
  });
});
