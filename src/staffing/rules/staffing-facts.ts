import {
  ApprovalAuthority,
  AssignmentKind,
  AssignmentStatus,
  CounterpartKind,
  Education,
  Employment,
  MoveKind,
  PostType,
  RotationDirection,
  StaffPosition,
  StaffUnitKind,
} from '../staffing-terms';

/**
 * The plain facts the staffing rules read (no entities: the rules are pure, house rule 4).
 * All dates are Asia/Shanghai calendar dates 'YYYY-MM-DD'; an end date is inclusive, null = open.
 */

/** A person of the staff register. A person not yet saved has a negative id. */
export interface StaffFacts {
  id: number;
  name: string;
  unitKind: StaffUnitKind;
  /** Set when unitKind is 'office'. */
  officeId: number | null;
  /** The office's district, the district bureau, or (optional) the district of another unit; null for the city bureau. */
  districtId: number | null;
  /** Name of a subdistrict/town government or other unit. */
  unitName: string | null;
  position: StaffPosition;
  leadingCadre: boolean;
  postType: PostType;
  employment: Employment;
  education: Education;
  lawDegree: boolean;
  certificateHeld: boolean;
  /** Date the certificate was obtained (task 18: it counts for an appointment only if obtained by then). */
  certificateDate: string | null;
  /** Date the person took up the current position at the unit. */
  startDate: string;
  /** The 新招录 flag as entered; judged against `hiredOn` (task 17). */
  newlyHired: boolean;
  /** Date of recruitment (录用日期) into the civil service post. */
  hiredOn: string | null;
}

/** Task 15: the district bureau that proposed an appointment or move (区司法局提出建议), and when. */
export interface Proposal {
  districtId: number;
  date: string;
}

/** Dates a deployment may set (src/config): the plan's effective date and the start of task 18's two years. */
export interface StaffingPolicy {
  /** 'YYYY-MM-DD'. Hires (task 17) and appointments (tasks 15, 18) from this day on are "new". */
  effectiveDate: string;
  /** 'YYYY-MM-DD'. Task 18's "在2年内" runs from this day. */
  certificateWindowStart: string;
}

/** Consent of a justice bureau at district level or above to move a dedicated-post person (task 13). */
export interface Approval {
  authority: ApprovalAuthority;
  /** The consenting district bureau's district; null for the city bureau. */
  districtId: number | null;
  documentNumber: string;
  date: string;
}

/** A placement, liaison, rotation or contact point. A new one has a negative id. */
export interface AssignmentFacts {
  id: number;
  kind: AssignmentKind;
  personId: number;
  /** The judicial office: where the person is placed, which they link with or keep, or the office end of a rotation. */
  officeId: number;
  /** Rotations only. */
  direction: RotationDirection | null;
  /** Rotations out of an office (task 13): 交流, 借调 or 借用; null otherwise. */
  moveKind: MoveKind | null;
  counterpartKind: CounterpartKind | null;
  counterpartName: string | null;
  /** Rotations into an office: the position taken there. */
  incomingPosition: StaffPosition | null;
  startDate: string;
  endDate: string | null;
  status: AssignmentStatus;
  approval: Approval | null;
}

/** A judicial office with the optional attributes organisers enter (task 12). */
export interface OfficeFacts {
  id: number;
  name: string;
  districtId: number;
  kind: 'subdistrict' | 'town' | 'township';
  /** Resident population (常住人口), persons. */
  population: number | null;
  /** Area in km². */
  areaKm2: number | null;
  /** Task 12: the approved posts (编制数); null = not recorded, read as the minimum of 4. */
  approvedPosts: number | null;
  /** Task 12: the ground and approval of posts above 4; null when none recorded. */
  postIncrease: PostIncrease | null;
}

/** Task 12's three grounds for more posts: 常住人口, 面积, 人员配备与承担工作任务差距较大. */
export type PostIncreaseGround = 'population' | 'area' | 'workload';

/** Task 12: "由所属区司法局按程序报批后适当增加编制" — the ground and the approval (who, when, reference). */
export interface PostIncrease {
  ground: PostIncreaseGround;
  /** For the workload ground: how staffing and workload differ. */
  note: string | null;
  approvedBy: string;
  approvedOn: string;
  reference: string;
}

/** Everything the rules can see. */
export interface StaffingState {
  districts: { id: number; name: string }[];
  offices: OfficeFacts[];
  staff: StaffFacts[];
  assignments: AssignmentFacts[];
}

/** One proposed change: a register record or an assignment, before (null when new) and after. */
export type StaffingChange =
  | { subject: 'staff'; before: StaffFacts | null; after: StaffFacts; approval?: Approval | null; proposal?: Proposal | null }
  | { subject: 'assignment'; before: AssignmentFacts | null; after: AssignmentFacts };

/** Reasons an organiser recorded for a change; they lift the matching 'needs-reason' rules. */
export interface Justifications {
  /** The office the reasons are given for (an import): they lift that office's findings only. Unset: the change's own offices. */
  officeId?: number | null;
  /** Task 12: why an office may fall below 4. */
  headcount?: string | null;
  /** Task 21: why a cadre without certificate or law degree is rotated into an office. */
  qualification?: string | null;
}

/** Input of every rule: the state before and after the proposed changes. `today` is a Shanghai date. */
export interface CheckInput {
  before: StaffingState;
  after: StaffingState;
  changes: StaffingChange[];
  today: string;
  justifications: Justifications;
  /** Defaults to DEFAULT_POLICY (the plan's date, 2021-02-09). */
  policy?: StaffingPolicy;
}

/** hard: refused; needs-reason: refused unless the organiser records a reason; report: shown, never blocks. */
export type Severity = 'hard' | 'needs-reason' | 'report';

/** What a violation is about; ids may be negative for records not yet saved. */
export interface Subject {
  type: 'staff' | 'assignment' | 'office';
  id: number;
}

/** A rule's finding. `message` is Chinese, for organisers, and names the task. */
export interface Violation {
  rule: string;
  severity: Severity;
  message: string;
  subjects: Subject[];
}

/** A rule: a pure function of the input. */
export type Rule = (input: CheckInput) => Violation[];
