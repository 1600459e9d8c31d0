import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AllocationInput, AllocationParticipant } from '../src/balancing/allocation/allocation.types';
import { STANDARD_POLICY, drawAffinities, drawPreferences, mulberry32, standardInstance } from '../src/balancing/allocation/standard-instances';

/** The April 2021 run: 3 sessions of 90 seats, about 247 people from 16 districts (DOMAIN.md). */
export interface RealRun {
  input: AllocationInput;
  /** Where the people came from, for the printed table. */
  source: string;
}

const SESSIONS = [1, 2, 3].map((id) => ({ id, capacity: 90 }));
/** At most 40 % of a district's people away in one session, the rest keep their posts. */
const DISTRICT_SHARE = { maxShare: 0.4 };

/**
 * People per district from `seeds/roster.json` (one director per judicial office plus the two
 * section heads of each district); preferences are drawn with the standard generator's model
 * (mulberry32, affinity of district and session) in shuffled registration order. Without the
 * roster, the standard generator with P = 247, S = 3, D = 16 stands in.
 */
export function realRun(seed = 2021): RealRun {
  const rosterPath = join(__dirname, '..', 'seeds', 'roster.json');
  if (!existsSync(rosterPath)) {
    const generated = standardInstance({ participants: 247, sessions: 3, districts: 16 }, seed);
    return { input: { ...generated, sessions: SESSIONS.map((s, i) => ({ id: i, capacity: s.capacity })), policy: { ...STANDARD_POLICY, districtShare: DISTRICT_SHARE } }, source: 'standard generator P=247 S=3 D=16 (no seeds/roster.json)' };
  }
  const roster = JSON.parse(readFileSync(rosterPath, 'utf8')) as { districts: { code: string; offices: unknown[] }[] };
  const next = mulberry32(seed);
  const { aff } = drawAffinities(SESSIONS.length, roster.districts.length, next);
  const people: { district: string; d: number }[] = roster.districts.flatMap((district, d) => Array.from({ length: district.offices.length + 2 }, () => ({ district: district.code, d })));
  for (let i = people.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [people[i], people[j]] = [people[j], people[i]];
  }
  const participants: AllocationParticipant[] = people.map(({ district, d }, i) => {
    const { ranked, unavailable } = drawPreferences(aff[d], next);
    return { id: i + 1, district, ranked: ranked.map((s) => s + 1), unavailable: unavailable.map((s) => s + 1) };
  });
  return {
    input: { participants, sessions: SESSIONS, policy: { ...STANDARD_POLICY, districtShare: DISTRICT_SHARE } },
    source: `seeds/roster.json: ${roster.districts.length} districts, ${people.length} people; preferences drawn (seed ${seed})`,
  };
}
