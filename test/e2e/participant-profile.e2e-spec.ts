import { Repository } from 'typeorm';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * `participant(id)` reads a profile with one plain SQL row (issue 10, item 2: every participant
 * request reads one), and gives exactly what the organiser's list gives for the same person.
 */
describe('OrganisationService.participant', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('equals the list entry of every seeded person (office and district posts, demo people)', async () => {
    const organisation = t.get(OrganisationService);
    const all = await organisation.listParticipants();
    expect(all.some((p) => p.unitLabel.endsWith('司法局'))).toBe(true);
    expect(all.some((p) => p.unitLabel.endsWith('司法所'))).toBe(true);
    const builder = jest.spyOn(Repository.prototype, 'createQueryBuilder');
    try {
      for (const expected of all) expect(await organisation.participant(expected.id)).toEqual(expected);
      await t.dataSource.manager.transaction(async (m) => expect(await organisation.participant(all[0].id, m)).toEqual(all[0]));
      expect(builder).not.toHaveBeenCalled();
    } finally {
      builder.mockRestore();
    }
    await expect(organisation.participant(9_999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
