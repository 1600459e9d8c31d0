import { DataSource } from 'typeorm';
import { District } from '../../src/organisation/district.entity';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { StaffingAssignment } from '../../src/staffing/staffing-assignment.entity';
import { STAFF_COLUMN_LABELS, STAFF_COLUMNS, StaffColumn } from '../../src/staffing/staff-register/staff-columns';
import { StaffRecordInput } from '../../src/staffing/staff-register/staff-record';
import { staffRow } from '../../src/staffing/staff-register/staff-workbook';
import { organiserCookie, TestApp } from '../utils/test-app';

/**
 * Deterministic staff registers for the staffing tests: one office's team, and a city-sized register
 * (215 offices, about 1,500 people) whose report figures are known by construction.
 */

/** A permanent office staff member (bachelor, no certificate, on post since 2016); override anything. */
export function staffRecord(over: Partial<StaffRecordInput> = {}): StaffRecordInput {
  return {
    staffNumber: 'S-0001', name: '测试人员', unitKind: 'office', officeId: null, districtId: null, unitName: null, position: 'staff',
    leadingCadre: false, postType: 'other', employment: 'permanent', education: 'bachelor', lawDegree: false, certificateHeld: false,
    certificateNumber: null, certificateDate: null, startDate: '2016-03-01', newlyHired: false, hiredOn: null, mobile: null, email: null,
    ...over,
  };
}

/** Inserts register records directly (test set-up, not the organiser path). */
export async function insertStaff(ds: DataSource, records: StaffRecordInput[]): Promise<StaffMember[]> {
  return ds.getRepository(StaffMember).save(records.map((r) => ds.getRepository(StaffMember).create(r)), { chunk: 200 });
}

/** `n` permanent staff of an office, numbered `${prefix}-1` …; the first is the director (with certificate). */
export function officeTeam(office: JudicialOffice, n: number, prefix: string, over: Partial<StaffRecordInput> = {}): StaffRecordInput[] {
  return Array.from({ length: n }, (_, i) =>
    staffRecord({
      staffNumber: `${prefix}-${i + 1}`, name: `${office.unitName}${i === 0 ? '所长' : `干部${i}`}`, officeId: office.id, districtId: office.districtId,
      position: i === 0 ? 'director' : 'staff', certificateHeld: i === 0, certificateNumber: i === 0 ? `A2015${prefix}` : null, certificateDate: i === 0 ? '2015-12-01' : null,
      ...over,
    }),
  );
}

/** What the city register was built to contain. */
export interface CityRegister {
  people: number;
  offices: number;
  /** Office indexes (by code order) built with only 3 permanent staff (task 12). */
  belowMinimum: number;
  /** Offices where nobody holds the certificate (task 18). */
  withoutHolder: number;
  /** Offices without a liaison cadre (task 19). */
  withoutLiaison: number;
  /** Placements planned or active (task 19). */
  placements: number;
  rotationsOut: number;
  rotationsIn: number;
  records: (StaffRecordInput & { unitCode: string })[];
}

/**
 * Builds (without writing) a city register over the seeded roster: per office a director, a deputy
 * on even indexes, 3 staff (2 and no deputy when index % 17 === 0), 2 auxiliaries; per district 5
 * bureau cadres (2 newly recruited, 1 leading), 12 city cadres. Office i has no certificate holder
 * when i % 11 === 5 and no liaison when i % 9 === 4.
 */
export async function buildCityRegister(ds: DataSource): Promise<CityRegister> {
  const offices = await ds.getRepository(JudicialOffice).find({ order: { code: 'ASC' } });
  const districts = await ds.getRepository(District).find({ order: { code: 'ASC' } });
  const records: CityRegister['records'] = [];
  const add = (r: StaffRecordInput, unitCode: string) => records.push({ ...r, unitCode });
  offices.forEach((o, i) => {
    const short = i % 17 === 0;
    const noHolder = i % 11 === 5;
    const base = { officeId: o.id, districtId: o.districtId };
    const people: Partial<StaffRecordInput>[] = [
      { position: 'director', postType: 'dedicated', certificateHeld: !noHolder, startDate: '2018-05-01' },
      ...(i % 2 === 0 && !short ? [{ position: 'deputy_director' as const, postType: 'dedicated' as const, startDate: '2019-01-01' }] : []),
      ...Array.from({ length: short ? 2 : 3 }, (_, k) => ({ lawDegree: k === 0, education: k === 2 ? ('master' as const) : ('bachelor' as const) })),
      { position: 'auxiliary', employment: 'auxiliary', education: 'associate' },
      { position: 'auxiliary', employment: 'auxiliary', education: 'high_school_or_below' },
    ];
    people.forEach((p, k) => {
      const held = Boolean(p.certificateHeld);
      add(staffRecord({ ...base, staffNumber: `O${o.code}-${k + 1}`, name: `${o.unitName}${k + 1}号`, ...p, certificateNumber: held ? `A${o.code}` : null, certificateDate: held ? '2016-12-01' : null }), o.code);
    });
  });
  districts.forEach((d) => {
    for (let k = 0; k < 5; k++) {
      const fresh = k < 2;
      add(staffRecord({ staffNumber: `D${d.code}-${k + 1}`, name: `${d.name}干部${k + 1}`, unitKind: 'district_bureau', districtId: d.id, leadingCadre: k === 4, newlyHired: fresh, hiredOn: fresh ? '2021-01-15' : null, startDate: fresh ? '2021-01-15' : '2012-07-01' }), d.code);
    }
  });
  for (let k = 0; k < 12; k++) add(staffRecord({ staffNumber: `C-${k + 1}`, name: `市局干部${k + 1}`, unitKind: 'city_bureau', leadingCadre: k < 3, education: 'master' }), '');
  const count = (p: (i: number) => boolean) => offices.filter((_, i) => p(i)).length;
  return {
    people: records.length,
    offices: offices.length,
    belowMinimum: count((i) => i % 17 === 0),
    withoutHolder: count((i) => i % 11 === 5),
    withoutLiaison: count((i) => i % 9 === 4),
    placements: districts.length * 2,
    rotationsOut: 8,
    rotationsIn: 0,
    records,
  };
}

/** Writes the city register and its assignments (liaisons, placements, rotations out) directly. */
export async function seedCityRegister(ds: DataSource): Promise<CityRegister> {
  const city = await buildCityRegister(ds);
  const saved = await insertStaff(ds, city.records.map(({ unitCode: _, ...r }) => r));
  const byNumber = new Map(saved.map((s) => [s.staffNumber, s]));
  const offices = await ds.getRepository(JudicialOffice).find({ order: { code: 'ASC' } });
  const districts = await ds.getRepository(District).find({ order: { code: 'ASC' } });
  const rows: Partial<StaffingAssignment>[] = [];
  const base = { endDate: null, status: 'active' as const, direction: null, counterpartKind: null, counterpartName: null };
  offices.forEach((o, i) => {
    if (i % 9 === 4) return;
    const d = districts.find((x) => x.id === o.districtId)!;
    rows.push({ ...base, kind: 'liaison', personId: byNumber.get(`D${d.code}-${3 + (i % 2)}`)!.id, officeId: o.id, startDate: '2021-03-01' });
  });
  districts.forEach((d, j) => {
    const office = offices.find((o) => o.districtId === d.id)!;
    for (const k of [1, 2]) rows.push({ ...base, kind: 'placement', personId: byNumber.get(`D${d.code}-${k}`)!.id, officeId: office.id, startDate: '2021-04-01', endDate: '2021-09-30', status: k === 1 ? 'active' : 'planned' });
    if (j < 8) {
      const staffer = byNumber.get(`O${office.code}-${j % 2 === 0 ? 3 : 4}`)!;
      rows.push({ ...base, kind: 'rotation', personId: staffer.id, officeId: office.id, direction: 'out', counterpartKind: 'subdistrict_town_gov', counterpartName: `${office.unitName}办事处`, startDate: '2021-05-01', endDate: '2022-04-30', status: 'planned' });
    }
  });
  await ds.getRepository(StaffingAssignment).save(rows.map((r) => ds.getRepository(StaffingAssignment).create(r)), { chunk: 200 });
  return city;
}

/** A UTF-8 CSV (with BOM) of register records in the import's columns. */
export function staffCsv(records: (StaffRecordInput & { unitCode: string })[], columns: StaffColumn[] = STAFF_COLUMNS): Buffer {
  const lines = [columns.map((c) => STAFF_COLUMN_LABELS[c]), ...records.map((r) => columns.map((c) => staffRow(r)[c]))];
  return Buffer.from('\ufeff' + lines.map((cells) => cells.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** A signed-in organiser: the cookie and the headers a state-changing request needs (CSRF token when the app has one). */
export async function staffingSession(t: TestApp): Promise<{ cookie: string; headers: Record<string, string> }> {
  const cookie = await organiserCookie(t);
  const page = await t.http.get('/admin/staffing/staff/new').set('Cookie', cookie).set('Accept', 'text/html');
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
  return { cookie, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Accept: 'text/html' } };
}
