import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schemas of the scheduling API's request bodies (the run form's field names). */
export const RUN_BODY: SchemaObject = {
  type: 'object',
  required: ['title', 'topics', 'division', 'registrationDeadline', 'plannedSessions', 'daysPerSession', 'dailyStart', 'dailyEnd', 'sessionCapacity', 'audiencePosts'],
  properties: {
    title: { type: 'string', maxLength: 100, example: '全市司法所长培训班（五月）' },
    topics: { type: 'string', description: '培训主题，每行一个', example: '基层法治建设\n司法所定位' },
    division: { type: 'string', maxLength: 100, example: '市局促进法治处' },
    contactName: { type: 'string', maxLength: 50, example: '王老师', description: '参训人员页面和日历邀请中的联系人（可空）' },
    contactPhone: { type: 'string', maxLength: 20, example: '021-12345678', description: '联系人电话：11 位手机号码或带区号的固定电话（可空；填写时须填联系人）' },
    registrationOpensAt: { type: 'string', nullable: true, description: 'ISO 8601；不带时区按上海时间', example: '2021-04-20T09:00:00+08:00' },
    registrationDeadline: { type: 'string', example: '2021-04-30T17:00:00+08:00' },
    plannedSessions: { type: 'integer', minimum: 1, maximum: 20, example: 2 },
    daysPerSession: { type: 'integer', minimum: 1, maximum: 14, example: 2 },
    dailyStart: { type: 'string', example: '09:00' },
    dailyEnd: { type: 'string', example: '17:00' },
    sessionCapacity: { type: 'integer', minimum: 1, maximum: 10000, example: 60 },
    defaultVenueId: { type: 'integer', nullable: true },
    audiencePosts: { type: 'array', items: { type: 'string', enum: ['office_director', 'promotion_section_head', 'secretariat_section_head'] } },
    audienceDistricts: { type: 'array', items: { type: 'integer' }, description: '区编号；空数组为全市' },
    audienceList: { type: 'string', description: '导入名单：每行一个邮箱或单位代码；填写后只邀请名单上的人' },
  },
};

export const PROPOSAL_BODY: SchemaObject = {
  type: 'object',
  required: ['from', 'to', 'sessions'],
  properties: {
    from: { type: 'string', example: '2021-05-01' },
    to: { type: 'string', example: '2021-05-31' },
    sessions: { type: 'integer', minimum: 1, maximum: 20, example: 2 },
    minGapDays: { type: 'integer', minimum: 0, maximum: 60, description: '两期之间至少间隔的工作日数', example: 1 },
    avoidWeekdays: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 }, description: '1 = 星期一 … 7 = 星期日' },
  },
};

export const SESSIONS_BODY: SchemaObject = {
  type: 'object',
  required: ['sessions'],
  properties: {
    sessions: { type: 'array', items: { type: 'object', required: ['firstDay'], properties: { firstDay: { type: 'string', example: '2021-05-06' }, venueId: { type: 'integer' } } } },
    override: { type: 'boolean', description: '确认可例外的排期问题（记入操作记录）' },
    overrideReason: { type: 'string', maxLength: 200 },
  },
};

export const VENUE_BODY: SchemaObject = {
  type: 'object',
  required: ['name', 'address', 'room', 'capacity'],
  properties: { name: { type: 'string', maxLength: 60 }, address: { type: 'string', maxLength: 100 }, room: { type: 'string', maxLength: 40 }, capacity: { type: 'integer', minimum: 1, maximum: 10000 } },
};
