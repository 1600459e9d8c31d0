/**
 * List page benchmark (issue 13): `npm run bench:pages [participants]` (default 40,000).
 *
 * Boots the whole app on a temporary SQLite file, adds `participants` generated people (one post
 * each, spread over the 16 districts), registers three in four of them in the seeded run, queues
 * one mail per person and one audit event per registration, then opens the participant list, the
 * mail queue, the audit log and the two staffing lists (a register of `participants` people over
 * the 215 offices, and one placement, rotation or liaison per two of them) as the city organiser
 * — first page, a filtered page, a late page — each 5 times over HTTP on loopback, and prints the
 * median and the slowest time in ms.
 * Bounded: a fixed number of requests; it stops by itself.
 */
import 'reflect-metadata';
import { TrainingRun } from '../src/training/training-run.entity';
import { TrainingSession } from '../src/training/training-session.entity';
import { createTestApp, organiserCookie, TestApp } from '../test/utils/test-app';

const COUNT = Number(process.argv[2] ?? 40_000);
const REPEAT = 5;
const BUDGET_MS = 300;

async function fill(t: TestApp): Promise<void> {
  const run = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ slug: '2021-04-judicial-office-directors' });
  await t.dataSource.getRepository(TrainingRun).update(run.id, { status: 'open' });
  const sessions = await t.dataSource.getRepository(TrainingSession).find({ where: { runId: run.id } });
  const districts: { id: number }[] = await t.dataSource.query('SELECT id FROM district ORDER BY code');
  const now = new Date('2021-03-22T01:00:00Z').toISOString().replace('T', ' ').replace('Z', '');
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '建国丽华志强秀英伟敏静军磊洋勇艳杰娟涛明超秀兰霞平刚桂英';
  await t.dataSource.transaction(async (m) => {
    const [{ maxPost }] = await m.query('SELECT COALESCE(MAX(id), 0) AS maxPost FROM post');
    const [{ maxPerson }] = await m.query('SELECT COALESCE(MAX(id), 0) AS maxPerson FROM participant');
    for (let i = 0; i < COUNT; i++) {
      const postId = Number(maxPost) + i + 1;
      const district = districts[i % districts.length].id;
      await m.query(`INSERT INTO post (id, kind, "unitCode", "districtId", "officeId") VALUES (?, 'office_director', ?, ?, NULL)`, [postId, `B${String(i).padStart(8, '0')}`, district]);
      const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}${i}`;
      const email = `bench${i}@example.org`;
      const participantId = Number(maxPerson) + i + 1;
      await m.query(`INSERT INTO participant (id, "postId", name, mobile, email, "isDemo", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, [participantId, postId, name, `139${String(i).padStart(8, '0')}`, email, now, now]);
      if (i % 4 !== 3) {
        const session = sessions[i % sessions.length];
        const waitlisted = i % 10 === 0;
        await m.query(
          `INSERT INTO registration ("runId", "participantId", "sessionId", status, preferences, unavailable, "queuedAt", "updatedBy", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, '[]', ?, 'participant', ?, ?)`,
          [run.id, participantId, waitlisted ? null : session.id, waitlisted ? 'waitlisted' : 'confirmed', JSON.stringify([session.id]), waitlisted ? now : null, now, now],
        );
        await m.query(
          `INSERT INTO audit_event (at, "actorKind", "actorId", "actorLabel", action, "subjectType", "subjectId", "districtId", before, after) VALUES (?, 'participant', ?, ?, 'registration.create', 'registration', ?, ?, NULL, ?)`,
          [now, participantId, name, String(participantId), district, JSON.stringify({ status: 'confirmed', sessionId: session.id, preferences: [session.id] })],
        );
      }
      await m.query(
        `INSERT INTO outbox_message ("messageId", kind, "recipientAddress", "recipientName", subject, "textBody", "htmlBody", status, attempts, "nextAttemptAt", "createdAt") VALUES (?, 'personal-link', ?, ?, '【报名通知】个人报名链接', 'text', '<p>html</p>', ?, 0, ?, ?)`,
        [`<bench-${i}@example.org>`, email, name, i % 5 === 0 ? 'pending' : 'sent', now, now],
      );
    }
  });
}

/** A staff register of COUNT people spread over the offices, and an assignment for every second one. */
async function fillStaffing(t: TestApp): Promise<void> {
  const offices: { id: number; districtId: number; unitName: string }[] = await t.dataSource.query('SELECT id, "districtId", "unitName" FROM judicial_office ORDER BY code');
  const positions = ['director', 'deputy_director', 'staff', 'staff', 'staff', 'auxiliary'];
  const kinds = ['placement', 'rotation', 'liaison'];
  const statuses = ['planned', 'active', 'completed', 'cancelled'];
  const now = '2021-03-22 01:00:00';
  await t.dataSource.transaction(async (m) => {
    const [{ maxStaff }] = await m.query('SELECT COALESCE(MAX(id), 0) AS maxStaff FROM staff_member');
    for (let i = 0; i < COUNT; i++) {
      const office = offices[i % offices.length];
      const position = positions[i % positions.length];
      const auxiliary = position === 'auxiliary';
      await m.query(
        `INSERT INTO staff_member ("staffNumber", name, "unitKind", "officeId", "districtId", position, "postType", employment, education, "startDate", "createdAt", "updatedAt") VALUES (?, ?, 'office', ?, ?, ?, ?, ?, 'bachelor', ?, ?, ?)`,
        [`S${String(i).padStart(6, '0')}`, `${office.unitName}人员${i}`, office.id, office.districtId, position, auxiliary ? 'other' : 'dedicated', auxiliary ? 'auxiliary' : 'permanent', `20${String(10 + (i % 11)).padStart(2, '0')}-0${1 + (i % 9)}-01`, now, now],
      );
      if (i % 2 === 0) {
        const kind = kinds[(i / 2) % kinds.length];
        const rotation = kind === 'rotation';
        await m.query(
          `INSERT INTO staffing_assignment (kind, "personId", "officeId", direction, "counterpartKind", "counterpartName", "startDate", "endDate", status, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [kind, Number(maxStaff) + i + 1, offices[(i * 7) % offices.length].id, rotation ? 'out' : null, rotation ? 'subdistrict_town_gov' : null, rotation ? `${office.unitName}办事处` : null, `2021-0${1 + (i % 9)}-01`, '2021-12-31', statuses[i % statuses.length], now, now],
        );
      }
    }
  });
}

async function time(t: TestApp, cookie: string, path: string): Promise<{ median: number; max: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < REPEAT; i++) {
    const started = process.hrtime.bigint();
    const res = await t.http.get(path).set('Cookie', cookie).set('Accept', 'text/html');
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1], status };
}

async function main(): Promise<void> {
  const t = await createTestApp();
  try {
    const started = Date.now();
    await fill(t);
    await fillStaffing(t);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM participant');
    const [{ staff }] = await t.dataSource.query('SELECT COUNT(*) AS staff FROM staff_member');
    const [{ assignments }] = await t.dataSource.query('SELECT COUNT(*) AS assignments FROM staffing_assignment');
    console.log(`filled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${n} participants, ${COUNT} mails, ~${Math.round((COUNT * 3) / 4)} registrations and audit events, ${staff} staff records, ${assignments} placements/rotations/liaisons`);
    const cookie = await organiserCookie(t);
    const pages = [
      '/admin/participants',
      '/admin/participants?status=waitlisted&district=3',
      '/admin/participants?q=bench3999',
      '/admin/participants?sort=name&page=400',
      '/admin/outbox',
      '/admin/outbox?status=pending&recipient=bench12',
      '/admin/outbox?page=700',
      '/admin/audit',
      '/admin/audit?action=registration.create&district=5',
      '/admin/audit?page=500',
      '/admin/staffing/staff',
      '/admin/staffing/staff?district=3&position=staff',
      '/admin/staffing/staff?q=s03999',
      '/admin/staffing/staff?sort=name&page=700',
      '/admin/staffing/assignments',
      '/admin/staffing/assignments?kind=rotation&status=planned&district=5',
      '/admin/staffing/assignments?q=%E4%BA%BA%E5%91%98399',
      '/admin/staffing/assignments?sort=person&page=350',
    ];
    console.log('page'.padEnd(52), 'median ms', 'max ms', 'status');
    let over = 0;
    for (const path of pages) {
      const r = await time(t, cookie, path);
      if (r.median > BUDGET_MS) over++;
      console.log(path.padEnd(52), r.median.toFixed(1).padStart(9), r.max.toFixed(1).padStart(6), String(r.status).padStart(6));
    }
    console.log(over ? `${over} page(s) over ${BUDGET_MS} ms (median)` : `every page under ${BUDGET_MS} ms (median)`);
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
