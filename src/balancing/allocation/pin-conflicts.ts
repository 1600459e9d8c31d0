import { AllocationProblem, NONE, UNKNOWN } from './allocation-problem';
import type { AllocationConflict, ConflictCode } from './allocation.types';
import type { Placement } from './disaggregate';

/**
 * Lists the pins that cannot all be honoured: an unknown or unavailable pinned session,
 * more people pinned to a (district, session) than the district cap, or more than the
 * session holds once district caps are applied. The flow has already kept as many pins
 * as possible and placed nobody in violation; this only reports. Sorted by session, code.
 */
export function pinConflicts(problem: AllocationProblem, placement: Placement): AllocationConflict[] {
  const { participants, sessions } = problem.input;
  const conflicts: AllocationConflict[] = [];
  const invalid = new Map<string, { code: ConflictCode; sessionId: number; ids: number[] }>();
  const pinned = new Map<number, number[]>();
  participants.forEach((person, p) => {
    const pin = problem.pin[p];
    if (pin === NONE) return;
    if (pin === UNKNOWN || problem.unavailable[p].includes(pin)) {
      const code: ConflictCode = pin === UNKNOWN ? 'PIN_UNKNOWN_SESSION' : 'PIN_UNAVAILABLE';
      const key = `${code}|${person.pinnedSession}`;
      const entry = invalid.get(key) ?? { code, sessionId: person.pinnedSession!, ids: [] };
      entry.ids.push(person.id);
      invalid.set(key, entry);
      return;
    }
    const key = problem.district[p] * sessions.length + pin;
    const members = pinned.get(key) ?? [];
    members.push(p);
    pinned.set(key, members);
  });
  for (const { code, sessionId, ids } of invalid.values()) conflicts.push({ code, sessionId, participantIds: ids, unplacedIds: ids });
  const keptPerSession = sessions.map(() => 0);
  const perSession = sessions.map((): number[] => []);
  for (const [key, members] of pinned) {
    const d = Math.floor(key / sessions.length);
    const s = key % sessions.length;
    const cap = problem.caps[d][s];
    keptPerSession[s] += Math.min(members.length, cap);
    perSession[s].push(...members);
    if (members.length <= cap) continue;
    const ids = members.map((p) => participants[p].id);
    conflicts.push({
      code: 'PIN_OVER_DISTRICT_CAP',
      sessionId: sessions[s].id,
      district: problem.districtKeys[d],
      limit: cap,
      participantIds: ids,
      unplacedIds: members.filter((p) => placement[p] < 0).map((p) => participants[p].id),
    });
  }
  sessions.forEach((session, s) => {
    if (keptPerSession[s] <= session.capacity) return;
    const members = perSession[s].sort((a, b) => a - b);
    conflicts.push({
      code: 'PIN_OVER_CAPACITY',
      sessionId: session.id,
      limit: session.capacity,
      participantIds: members.map((p) => participants[p].id),
      unplacedIds: members.filter((p) => placement[p] < 0).map((p) => participants[p].id),
    });
  });
  return conflicts.sort((a, b) => a.sessionId - b.sessionId || a.code.localeCompare(b.code));
}
