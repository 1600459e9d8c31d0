import { allocate, assignmentCost } from './allocate';
import type { AllocationInput, AllocationParticipant, AllocationPolicy } from './allocation.types';

const POLICY: AllocationPolicy = { rankCosts: [0, 1, 3], unrankedCost: 10, moveCost: 0 };

/** People 1…n of district 'A' ranking sessions 1, 2, 3 (ids = positions + 1) unless overridden. */
function instance(options: {
  capacities: number[];
  people?: number;
  participants?: Partial<AllocationParticipant>[];
  policy?: Partial<AllocationPolicy>;
}): AllocationInput {
  const sessions = options.capacities.map((capacity, i) => ({ id: i + 1, capacity }));
  const overrides = options.participants ?? Array.from({ length: options.people ?? 0 }, () => ({}));
  const participants = overrides.map((o, i) => ({ id: i + 1, district: 'A', ranked: sessions.map((s) => s.id).slice(0, 3), unavailable: [], ...o }));
  return { participants, sessions, policy: { ...POLICY, ...options.policy } };
}

describe(allocate.name, () => {
  it('never puts more people in a session than its capacity', () => {
    const plan = allocate(instance({ capacities: [2, 2], people: 5 }));
    expect(plan.sessionLoads).toEqual([2, 2]);
    expect(plan.unplaced).toEqual([5]);
    expect(plan.explanations.get(5)?.code).toBe('UNPLACED');
  });

  it('gives the earlier registrant the better session among equals (first come, first served)', () => {
    const plan = allocate(instance({ capacities: [1, 5], people: 3 }));
    expect([...plan.assignment]).toEqual([[1, 1], [2, 2], [3, 2]]);
    expect(plan.explanations.get(2)).toMatchObject({ code: 'SECOND_CHOICE', rank: 2, reasons: [{ sessionId: 1, code: 'SESSION_FULL' }] });
    expect(plan.cost).toEqual({ total: 2, choice: 2, moves: 0, evenness: 0 });
  });

  it('moves a flexible person to make room for one who has no other choice', () => {
    const plan = allocate(instance({ capacities: [1, 1], participants: [{ ranked: [1, 2] }, { ranked: [1], unavailable: [2] }] }));
    expect(plan.assignment).toEqual(new Map([[1, 2], [2, 1]]));
    expect(plan.unplaced).toEqual([]);
  });

  it('never uses an unavailable session, even unranked', () => {
    const plan = allocate(instance({ capacities: [1, 1, 5], participants: [{ ranked: [1], pinnedSession: 1 }, { ranked: [1], unavailable: [3] }] }));
    expect(plan.assignment.get(2)).toBe(2);
    expect(plan.explanations.get(2)).toMatchObject({ code: 'UNRANKED', reasons: [{ sessionId: 1, code: 'SESSION_FULL' }] });
  });

  it('keeps each district under its cap per session', () => {
    const caps = { A: { 1: 1, 2: 1, 3: 1 } };
    const plan = allocate(instance({ capacities: [5, 5, 5], people: 4, policy: { districtShare: { explicitCaps: caps } } }));
    expect(plan.sessionLoads).toEqual([1, 1, 1]);
    expect(plan.unplaced).toEqual([4]);
    expect(plan.explanations.get(2)?.reasons).toEqual([{ sessionId: 1, code: 'DISTRICT_CAP_REACHED' }]);
  });

  it('derives the district cap from a share of the district (at least one)', () => {
    const plan = allocate(instance({ capacities: [10, 10, 10], people: 10, policy: { districtShare: { maxShare: 0.4 } } }));
    expect(plan.sessionLoads).toEqual([4, 4, 2]);
  });

  it('honours pins before choices', () => {
    const plan = allocate(instance({ capacities: [1, 1], participants: [{}, { ranked: [2], pinnedSession: 1 }] }));
    expect(plan.assignment).toEqual(new Map([[1, 2], [2, 1]]));
    expect(plan.explanations.get(2)).toMatchObject({ code: 'PINNED', sessionId: 1 });
    expect(plan.conflicts).toEqual([]);
  });

  it('reports pins beyond capacity instead of throwing, and places nobody in violation', () => {
    const plan = allocate(instance({ capacities: [1, 5], participants: [{ pinnedSession: 1 }, { pinnedSession: 1 }, {}] }));
    expect(plan.assignment).toEqual(new Map([[1, 1], [2, null], [3, 2]]));
    expect(plan.conflicts).toEqual([{ code: 'PIN_OVER_CAPACITY', sessionId: 1, limit: 1, participantIds: [1, 2], unplacedIds: [2] }]);
    expect(plan.explanations.get(2)).toMatchObject({ code: 'PIN_CONFLICT', reasons: [{ sessionId: 1, code: 'SESSION_FULL' }] });
  });

  it('reports pins that contradict unavailability or name no session', () => {
    const plan = allocate(instance({ capacities: [5], participants: [{ pinnedSession: 1, unavailable: [1] }, { pinnedSession: 9 }] }));
    expect(plan.unplaced).toEqual([1, 2]);
    expect(plan.conflicts).toEqual([
      { code: 'PIN_UNAVAILABLE', sessionId: 1, participantIds: [1], unplacedIds: [1] },
      { code: 'PIN_UNKNOWN_SESSION', sessionId: 9, participantIds: [2], unplacedIds: [2] },
    ]);
  });

  it('reports pins beyond a district cap', () => {
    const caps = new Map([['A', new Map([[1, 1]])]]);
    const plan = allocate(instance({ capacities: [5], participants: [{ pinnedSession: 1 }, { pinnedSession: 1 }], policy: { districtShare: { explicitCaps: caps } } }));
    expect(plan.conflicts).toEqual([{ code: 'PIN_OVER_DISTRICT_CAP', sessionId: 1, district: 'A', limit: 1, participantIds: [1, 2], unplacedIds: [2] }]);
  });

  it('keeps people where they are when moving costs more than it gains', () => {
    const policy = { moveCost: 5 };
    const plan = allocate(instance({ capacities: [5, 5], participants: [{ currentSession: 2 }], policy }));
    expect(plan.assignment.get(1)).toBe(2);
    expect(plan.cost).toEqual({ total: 1, choice: 1, moves: 0, evenness: 0 });
    expect(plan.explanations.get(1)?.reasons).toEqual([{ sessionId: 1, code: 'COST_TRADE_OFF' }]);
  });

  it('spreads people in proportion to capacity when evenness is weighted', () => {
    const plain = allocate(instance({ capacities: [6, 6], people: 6 }));
    const even = allocate(instance({ capacities: [6, 6], people: 6, policy: { evenness: 1 } }));
    expect(plain.sessionLoads).toEqual([6, 0]);
    expect(even.sessionLoads).toEqual([3, 3]);
    expect(even.cost).toEqual({ total: 3, choice: 3, moves: 0, evenness: 0 });
  });

  it('accepts costs with decimals exactly', () => {
    const plan = allocate(instance({ capacities: [1, 1], people: 2, policy: { rankCosts: [0, 0.1], unrankedCost: 0.3 } }));
    expect(plan.cost.total).toBe(0.1);
    expect(assignmentCost(instance({ capacities: [1, 1], people: 2, policy: { rankCosts: [0, 0.1], unrankedCost: 0.3 } }), plan.assignment).total).toBe(0.1);
  });

  it('refuses malformed input', () => {
    expect(() => allocate(instance({ capacities: [1, 1], participants: [{ id: 1 }, { id: 1 }] }))).toThrow(RangeError);
    expect(() => allocate(instance({ capacities: [1.5] }))).toThrow(RangeError);
    expect(() => allocate(instance({ capacities: [1], policy: { rankCosts: [0, 20] } }))).toThrow(RangeError);
    expect(() => allocate(instance({ capacities: [1], policy: { moveCost: -1 } }))).toThrow(RangeError);
  });

  it('handles nobody and no sessions', () => {
    expect(allocate(instance({ capacities: [3] })).sessionLoads).toEqual([0]);
    expect(allocate(instance({ capacities: [], people: 2 })).unplaced).toEqual([1, 2]);
  });
});
