import ICAL from 'ical.js';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { asOrganiser, createTestApp, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

/** The DESCRIPTION of a calendar file's event. */
const descriptionOf = (ics: string) => String(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('description'));

describe("The organiser's contact person and phone per run (issue 13, item 7)", () => {
  let t: TestApp;
  let h: Record<string, string>;
  let run: TrainingRun;

  beforeAll(async () => {
    t = await createTestApp();
    h = asOrganiser(await organiserCookie(t));
    ({ run } = await openRun(t));
  });
  afterAll(() => t.close());

  const contact = (form: Record<string, string>) => t.http.post(`/admin/runs/${run.id}/contact`).set(h).type('form').send(form);

  it('the run page refuses a malformed phone and a phone without a name, each message tied to its field; nothing is saved', async () => {
    const page = await t.http.get(`/admin/runs/${run.id}`).set(h).expect(200);
    expect(page.text).toMatch(/<form method="post" action="\/admin\/runs\/\d+\/contact">/);
    const bad = await contact({ contactName: '王老师', contactPhone: '12345' }).expect(422);
    expect(bad.text).toMatch(/<input id="contactPhone"[^>]*value="12345" aria-invalid="true" aria-describedby="contactPhone-error">/);
    expect(bad.text).toContain('<div class="field-error" id="contactPhone-error">联系电话应为 11 位手机号码或带区号的固定电话');
    const nameless = await contact({ contactName: '', contactPhone: '021-12345678' }).expect(422);
    expect(nameless.text).toContain('<div class="field-error" id="contactName-error">填写联系电话时请同时填写联系人。</div>');
    const tab = await contact({ contactName: '王\t老师', contactPhone: '' }).expect(422);
    expect(tab.text).toContain('id="contactName-error">联系人不能含换行');
    expect(await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: run.id })).toMatchObject({ contactName: null, contactPhone: null });
  });

  it('saved on an open run: audited before → after, shown on the participant page and in the invitation description', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await contact({ contactName: '王老师', contactPhone: '021 6275 1234' }).expect(303);
    expect(await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: run.id })).toMatchObject({ contactName: '王老师', contactPhone: '02162751234' });
    const event = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'run.contact', subjectId: String(run.id) });
    expect(JSON.parse(event.before!)).toEqual({ contactName: null, contactPhone: null });
    expect(JSON.parse(event.after!)).toEqual({ contactName: '王老师', contactPhone: '02162751234' });
    const log = await t.http.get('/admin/audit').set(h).expect(200);
    expect(log.text).toContain('修改联系人');
    expect(log.text).toContain('联系电话');
    expect((await t.http.get(`/admin/runs/${run.id}`).set(h).expect(200)).text).toMatch(/<input id="contactName"[^>]*value="王老师"/);

    const page = await t.http.get(`/r/${p.token}`).expect(200);
    expect(page.text).toContain(`联系人：王老师，电话 <a href="tel:02162751234">02162751234</a>，邮箱 <a href="mailto:${t.config.mail.fromAddress}">`);
    const sessions = (await t.dataSource.getRepository(TrainingRun).findOneOrFail({ where: { id: run.id }, relations: { sessions: true } })).sessions;
    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[0].id) }).expect(303);
    const ics = await t.http.get(`/r/${p.token}/invitation.ics`).buffer(true).parse((res, cb) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => cb(null, text));
    }).expect(200);
    expect(descriptionOf(ics.body as string)).toContain('联系人：王老师 02162751234');
  });
});
