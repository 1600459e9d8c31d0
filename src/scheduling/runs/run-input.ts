import { RUN_TEXT, textProblem } from '../../common/text-rules';
import { isClockTime, parseShanghaiDateTime } from '../../common/shanghai-time';
import { POST_KIND_LABELS, PostKind } from '../../organisation/post.entity';
import type { RunAudience } from '../../training/run-audience';

/** A run's settings as an organiser enters them (issue 12). Instants are absolute; hours Asia/Shanghai. */
export interface RunInput {
  title: string;
  /** Topics, one per line. */
  topics: string;
  division: string;
  /** The organiser's contact person and phone for participants (issue 13, item 7); null when not given. */
  contactName: string | null;
  contactPhone: string | null;
  registrationOpensAt: Date | null;
  registrationDeadline: Date;
  plannedSessions: number;
  daysPerSession: number;
  dailyStart: string;
  dailyEnd: string;
  sessionCapacity: number;
  defaultVenueId: number | null;
  audience: RunAudience;
  /** An imported list (e-mail addresses or unit codes, one per line), resolved to `audience.participantIds` by the service. */
  audienceList?: string[];
}

/** A mainland mobile number (11 digits from 1) or a landline with its area code (021-12345678, optional extension -123). */
export function isContactPhone(value: string): boolean {
  return /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(value);
}

/** A run's contact person and phone (both null when not given). */
export type RunContact = Pick<RunInput, 'contactName' | 'contactPhone'>;

/**
 * Reads the contact fields of the run form or of the run page's contact form (issue 13, item 7):
 * spaces removed from the phone; a phone needs a name; the name follows the one text rule.
 * Field errors (Chinese) are added to `errors`.
 */
export function readRunContact(form: Record<string, unknown>, errors: FieldErrors): RunContact {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
  const contact = { contactName: text('contactName') || null, contactPhone: text('contactPhone').replace(/\s/g, '') || null };
  if (contact.contactPhone && !isContactPhone(contact.contactPhone)) errors.contactPhone = '联系电话应为 11 位手机号码或带区号的固定电话，如 13900000000 或 021-12345678。';
  if (contact.contactPhone && !contact.contactName) errors.contactName = '填写联系电话时请同时填写联系人。';
  const problem = contact.contactName && textProblem(contact.contactName, RUN_TEXT.contactName);
  if (problem) errors.contactName = `${problem}。`;
  return contact;
}

/** Field name → Chinese message. */
export type FieldErrors = Record<string, string>;

const POST_KINDS = Object.keys(POST_KIND_LABELS) as PostKind[];

/**
 * Reads the run form (strings from a page, or a JSON body's values) into a RunInput.
 * @returns the input, or field errors in Chinese (then `input` is incomplete).
 */
export function readRunForm(form: Record<string, unknown>): { input: RunInput; errors?: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : typeof form[key] === 'number' ? String(form[key]) : '');
  const int = (key: string, min: number, max: number, message: string) => {
    const raw = text(key);
    if (!/^-?\d{1,6}$/.test(raw) || +raw < min || +raw > max) errors[key] = message;
    return Number(raw);
  };
  const instant = (key: string, required: boolean, message: string) => {
    const raw = text(key);
    if (!raw && !required) return null;
    const parsed = parseShanghaiDateTime(raw);
    if (!parsed) errors[key] = message;
    return parsed;
  };
  const list = (key: string) => [form[key] ?? []].flat().filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  const title = text('title');
  const topics = text('topics').split(/\r?\n/).map((t) => t.trim()).filter(Boolean);
  const input: RunInput = {
    title,
    topics: topics.join('\n'),
    division: text('division'),
    ...readRunContact(form, errors),
    registrationOpensAt: instant('registrationOpensAt', false, '报名开始时间格式应为 2021-04-20T09:00。'),
    registrationDeadline: instant('registrationDeadline', true, '请填写报名截止时间，如 2021-04-30T17:00。')!,
    plannedSessions: int('plannedSessions', 1, 20, '期数应为 1–20 的整数。'),
    daysPerSession: int('daysPerSession', 1, 14, '每期天数应为 1–14 的整数。'),
    dailyStart: text('dailyStart'),
    dailyEnd: text('dailyEnd'),
    sessionCapacity: int('sessionCapacity', 1, 10000, '每期容量应为 1–10000 的整数。'),
    defaultVenueId: text('defaultVenueId') ? int('defaultVenueId', 1, 999999999, '请选择列表中的场地。') : null,
    audience: { posts: list('audiencePosts') as PostKind[], districtIds: list('audienceDistricts').map(Number), participantIds: [] },
    audienceList: text('audienceList').split(/[\r\n,，;；]+/).map((l) => l.trim()).filter(Boolean),
  };
  if (input.audienceList!.length > 1000) errors.audienceList = '名单最多 1000 行。';
  if (!title || title.length > 100) errors.title = '请填写培训班名称（不超过 100 字）。';
  if (!topics.length || topics.length > 20 || topics.some((t) => t.length > 60)) errors.topics = '请填写培训主题，每行一个（1–20 行，每行不超过 60 字）。';
  if (!input.division || input.division.length > 100) errors.division = '请填写主办处室（不超过 100 字）。';
  // The one text rule (line breaks, controls, bidi and zero-width characters) for every text field.
  for (const [key, value, rule] of [['title', title, RUN_TEXT.title], ['division', input.division, RUN_TEXT.division], ...topics.map((t) => ['topics', t, RUN_TEXT.topic] as const)] as const) {
    const problem = !errors[key] && textProblem(value, rule);
    if (problem) errors[key] = `${problem}。`;
  }
  if (!isClockTime(input.dailyStart)) errors.dailyStart = '请填写每日开始时间，如 09:00。';
  if (!isClockTime(input.dailyEnd)) errors.dailyEnd = '请填写每日结束时间，如 17:00。';
  else if (isClockTime(input.dailyStart) && input.dailyEnd <= input.dailyStart) errors.dailyEnd = '每日结束时间必须晚于开始时间。';
  if (input.registrationOpensAt && input.registrationDeadline && input.registrationOpensAt >= input.registrationDeadline) errors.registrationOpensAt = '报名开始时间必须早于报名截止时间。';
  if (!input.audience.posts.length || input.audience.posts.some((p) => !POST_KINDS.includes(p))) errors.audiencePosts = '请至少选择一类参训岗位。';
  if (input.audience.districtIds.some((d) => !Number.isInteger(d) || d < 1)) errors.audienceDistricts = '请选择列表中的区。';
  return Object.keys(errors).length ? { input, errors } : { input };
}
